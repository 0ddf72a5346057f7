// swift-tools-version: 6.1
// Carnet's benchmarks, apart from the main package so that `swift test` never builds the
// benchmark framework. Run them with `Benchmarks/run` (see README, "Performance").
import Foundation
import PackageDescription

// A path dependency is named after its folder, which is whatever the clone was called.
let carnet = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "carnet-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "TerminalBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CarnetModel", package: carnet),
                .product(name: "CarnetStore", package: carnet),
                .product(name: "CarnetApp", package: carnet),
                .product(name: "TerminalKit", package: carnet),
            ],
            path: "Benchmarks/TerminalBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "TextBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CarnetModel", package: carnet),
                .product(name: "CarnetStore", package: carnet),
                .product(name: "CarnetApp", package: carnet),
                .product(name: "TerminalKit", package: carnet),
            ],
            path: "Benchmarks/TextBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ResultsBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CarnetModel", package: carnet),
                .product(name: "CarnetStore", package: carnet),
                .product(name: "CarnetApp", package: carnet),
                .product(name: "TerminalKit", package: carnet),
            ],
            path: "Benchmarks/ResultsBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "StoreBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CarnetModel", package: carnet),
                .product(name: "CarnetStore", package: carnet),
            ],
            path: "Benchmarks/StoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
