// swift-tools-version: 6.1
import PackageDescription

// MARK: - Dependencies

let dependencies: [Package.Dependency] = [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    // MLflow tracking's HTTP client (http:// and https://), and the SwiftNIO it runs on.
    .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    .package(url: "https://github.com/apple/swift-nio.git", from: "2.100.0"),
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

// MARK: - Command-line tool

let commandLineTargets: [Target] = [
    .target(
        name: "SwiftRLCommandLine",
        dependencies: ["SwiftRL", .product(name: "ArgumentParser", package: "swift-argument-parser")]
    ),
    .executableTarget(name: "swiftrl", dependencies: ["SwiftRLCommandLine"]),
    // libFuzzer targets for every file parser (scripts/libfuzz.sh); a plain build replays inputs.
    .executableTarget(name: "swiftrl-fuzz", dependencies: ["SwiftRL"], path: "Fuzz"),
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
    targets: libraryTargets + commandLineTargets + testTargets,
    swiftLanguageModes: [.v6]
)
