// swift-tools-version: 6.1
import PackageDescription

// Times SwiftRL's matrix-multiply kernel on the products of a default SAC step, for every kernel
// variant the CPU supports, against the CPU's peak and against BLAS libraries (see README.md).
let package = Package(
    name: "KernelBenchmark",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "SwiftRL", path: "../..")],
    targets: [
        // Peak-throughput loops and CPU pinning: small C helpers with no build flags.
        .target(name: "BenchmarkSupport"),
        .executableTarget(
            name: "KernelBenchmark",
            dependencies: ["BenchmarkSupport", .product(name: "SwiftRL", package: "SwiftRL")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
