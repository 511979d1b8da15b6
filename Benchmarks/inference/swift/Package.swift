// swift-tools-version: 6.1
import PackageDescription

// Times SwiftRL's single-observation inference and exports the timed policy as a C header
// (see ../run.sh).
let package = Package(
    name: "InferenceBenchmark",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "SwiftRL", path: "../../..")],
    targets: [
        .executableTarget(name: "InferenceBenchmark", dependencies: [.product(name: "SwiftRL", package: "SwiftRL")]),
    ],
    swiftLanguageModes: [.v6]
)
