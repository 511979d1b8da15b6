#!/usr/bin/env bash
# Regenerates the committed gRPC code from Protos/swiftrl/distributed/v1/relay.proto: Swift
# (swift-protobuf and grpc-swift-protobuf's protoc plugins) into Sources/SwiftRLDistributed/Protocol
# and Python (grpcio-tools) into python/swiftrl/distributed/v1 (the .proto's package path, inside the
# Python package). Run it after editing the
# .proto; builds do not run it, because building the plugins takes minutes.
# Needs protoc (apt-get install protobuf-compiler) and pip; the plugins are built in .build-codegen.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=".build-codegen"
mkdir -p "$scratch/package/Sources/Plugins"
cat > "$scratch/package/Package.swift" <<'SWIFT'
// swift-tools-version: 6.1
import PackageDescription
let package = Package(
    name: "Plugins",
    dependencies: [
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", exact: "2.4.1"),
    ],
    targets: [.target(name: "Plugins")]
)
SWIFT
touch "$scratch/package/Sources/Plugins/Empty.swift"
(cd "$scratch/package" && swift build -c release --product protoc-gen-swift \
    && swift build -c release --product protoc-gen-grpc-swift-2)
bin="$(cd "$scratch/package" && swift build -c release --show-bin-path)"

swift_out="Sources/SwiftRLDistributed/Protocol"
protoc --proto_path=Protos \
    --plugin=protoc-gen-swift="$bin/protoc-gen-swift" --swift_out="$swift_out" --swift_opt=Visibility=Package \
    --plugin=protoc-gen-grpc-swift="$bin/protoc-gen-grpc-swift-2" --grpc-swift_out="$swift_out" \
    --grpc-swift_opt=Visibility=Package \
    swiftrl/distributed/v1/relay.proto

python_out="python"
"$scratch/venv/bin/python" -c "import grpc_tools" 2>/dev/null \
    || { python3 -m venv "$scratch/venv" && "$scratch/venv/bin/pip" install -q "grpcio-tools==1.85.1"; }
"$scratch/venv/bin/python" -m grpc_tools.protoc --proto_path=Protos \
    --python_out="$python_out" --pyi_out="$python_out" --grpc_python_out="$python_out" \
    swiftrl/distributed/v1/relay.proto
