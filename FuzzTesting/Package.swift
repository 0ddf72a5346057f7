// swift-tools-version: 6.1
// A libFuzzer target over FHIR import (read + map). Built apart from the main package, with
// sanitizers: see README, "Reliability".
//   swift build -c debug --product FHIRImportFuzzer -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
import Foundation
import PackageDescription

let carnet = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "carnet-fuzzing",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "FHIRImportFuzzer",
            dependencies: [.product(name: "CarnetFHIR", package: carnet), .product(name: "CarnetModel", package: carnet)],
            path: "Sources/FHIRImportFuzzer"
        ),
    ],
    swiftLanguageModes: [.v6]
)
