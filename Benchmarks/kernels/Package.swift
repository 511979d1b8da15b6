// swift-tools-version: 6.1
import PackageDescription

// Times SwiftRL's matrix-multiply kernel on the shapes a default SAC step uses (see README.md).
let package = Package(
    name: "KernelBenchmark",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "SwiftRL", path: "../..")],
    targets: [
        .executableTarget(name: "KernelBenchmark", dependencies: [.product(name: "SwiftRL", package: "SwiftRL")]),
    ],
    swiftLanguageModes: [.v6]
)
