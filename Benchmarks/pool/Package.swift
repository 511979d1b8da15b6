// swift-tools-version: 6.1
import PackageDescription

// Times the hand-off of an empty job to SwiftRL's thread pools (see README.md).
let package = Package(
    name: "PoolBenchmark",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "SwiftRL", path: "../..")],
    targets: [
        .executableTarget(name: "PoolBenchmark", dependencies: [.product(name: "SwiftRL", package: "SwiftRL")]),
    ],
    swiftLanguageModes: [.v6]
)
