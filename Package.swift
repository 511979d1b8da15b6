// swift-tools-version: 6.1
import PackageDescription

// MARK: - Dependencies

let dependencies: [Package.Dependency] = [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    // MLflow tracking's HTTP client (http:// and https://), and the SwiftNIO it runs on.
    .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    .package(url: "https://github.com/apple/swift-nio.git", from: "2.100.0"),
    // Distributed training: gRPC over HTTP/2 with TLS, Protocol Buffers, the relay's SQLite queue,
    // and the certificates `swiftrl certs` writes. Only SwiftRLDistributed and the CLI link them.
    .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
    .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
    .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", from: "2.4.1"),
    .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
    .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
    .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    // The relay's Prometheus metrics (`swiftrl serve --metrics-listen`).
    .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    // `swiftrl serve` as a service: graceful shutdown on SIGTERM and SIGINT.
    .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
]

// MARK: - Library targets

let libraryTargets: [Target] = [
    // Numeric kernels with run-time instruction-set selection (AVX-512, AVX2 + FMA, portable C).
    .target(name: "SwiftRLKernels"),
    .target(name: "SwiftRLCore", dependencies: ["SwiftRLKernels"]),
    .target(name: "SwiftRLNN", dependencies: ["SwiftRLCore"]),
    .target(name: "SwiftRLEnvironments", dependencies: ["SwiftRLCore"]),
    .target(name: "SwiftRLAlgorithms", dependencies: ["SwiftRLCore", "SwiftRLNN", "SwiftRLEnvironments"]),
    .target(name: "SwiftRLCheckpoint", dependencies: ["SwiftRLCore", "SwiftRLNN", "SwiftRLEnvironments", "SwiftRLAlgorithms"]),
    .target(
        name: "SwiftRL",
        dependencies: [
            "SwiftRLCore", "SwiftRLNN", "SwiftRLEnvironments", "SwiftRLAlgorithms", "SwiftRLCheckpoint",
            .product(name: "Yams", package: "Yams"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]
    ),
    // The C interface (swiftrl.h) over the core, for Python and other languages: no Yams, no CLI.
    .target(name: "CSwiftRL"),
    .target(
        name: "SwiftRLCAPI",
        dependencies: ["CSwiftRL", "SwiftRLCore", "SwiftRLNN", "SwiftRLEnvironments", "SwiftRLAlgorithms", "SwiftRLCheckpoint"]
    ),
]

// MARK: - Distributed training

let distributedTargets: [Target] = [
    // The relay server, rollout workers and the trainer role over gRPC (Protos/…/relay.proto; the
    // generated code in Protocol/ is committed, see scripts/generate-protocol.sh).
    .target(
        name: "SwiftRLDistributed",
        dependencies: [
            "SwiftRL",
            .product(name: "GRPCCore", package: "grpc-swift-2"),
            .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
            .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]
    ),
]

// MARK: - Command-line tool

let commandLineTargets: [Target] = [
    .target(
        name: "SwiftRLCommandLine",
        dependencies: [
            "SwiftRL", "SwiftRLDistributed", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ]
    ),
    .executableTarget(name: "swiftrl", dependencies: ["SwiftRLCommandLine"]),
    // libFuzzer targets for every file parser (scripts/libfuzz.sh); a plain build replays inputs.
    .executableTarget(name: "swiftrl-fuzz", dependencies: ["SwiftRL", "SwiftRLDistributed"], path: "Fuzz"),
    // Times the relay's broadcast of new weights to workers (Benchmarks/distributed/broadcast).
    .executableTarget(name: "swiftrl-broadcast-benchmark", dependencies: ["SwiftRL", "SwiftRLDistributed"],
                      path: "Benchmarks/distributed/broadcast"),
    // Transitions per second from worker processes through the relay to a trainer-role client.
    .executableTarget(name: "swiftrl-relay-throughput", dependencies: ["SwiftRL", "SwiftRLDistributed"],
                      path: "Benchmarks/distributed/throughput"),
]

// MARK: - Tests

let testTargets: [Target] = [
    // CrossArchitecture/ holds a C program that the tests build for the host and for ARM.
    .testTarget(name: "SwiftRLCoreTests", dependencies: ["SwiftRLCore"], exclude: ["CrossArchitecture"]),
    .testTarget(name: "SwiftRLNNTests", dependencies: ["SwiftRLNN"]),
    .testTarget(
        name: "SwiftRLEnvironmentsTests",
        dependencies: ["SwiftRLEnvironments"],
        resources: [.copy("Fixtures")]
    ),
    .testTarget(name: "SwiftRLAlgorithmsTests", dependencies: ["SwiftRLAlgorithms"]),
    .testTarget(name: "SwiftRLCheckpointTests", dependencies: ["SwiftRLCheckpoint"]),
    .testTarget(name: "SwiftRLCommandLineTests", dependencies: ["SwiftRLCommandLine", "swiftrl"]),
    .testTarget(name: "SwiftRLDistributedTests", dependencies: ["SwiftRLDistributed"]),
]

// MARK: - Package

let package = Package(
    name: "SwiftRL",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SwiftRL", targets: ["SwiftRL"]),
        .executable(name: "swiftrl", targets: ["swiftrl"]),
        // libSwiftRLCAPI: the C interface of swiftrl.h, which the Python package loads.
        .library(name: "SwiftRLCAPI", type: .dynamic, targets: ["SwiftRLCAPI"]),
    ],
    dependencies: dependencies,
    targets: libraryTargets + distributedTargets + commandLineTargets + testTargets,
    swiftLanguageModes: [.v6]
)
