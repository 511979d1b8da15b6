// swift-tools-version: 6.1
import PackageDescription

// Times CartPole-v1 stepped by `EnvironmentRegistry.makeVector` with 1,024 environments (see README.md).
let package = Package(
    name: "VectorBenchmark",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "SwiftRL", path: "../..")],
    targets: [
        .executableTarget(name: "VectorBenchmark", dependencies: [.product(name: "SwiftRL", package: "SwiftRL")]),
    ],
    swiftLanguageModes: [.v6]
)
