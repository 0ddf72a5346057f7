// swift-tools-version: 6.1
// Layers and their arrows are described in ARCHITECTURE.md: dependencies point down only.
import PackageDescription

let package = Package(
    name: "carnet",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "carnet", targets: ["carnet"]),
        // Libraries so the benchmark package (Benchmarks/) can drive the real layers.
        .library(name: "CarnetModel", targets: ["CarnetModel"]),
        .library(name: "CarnetStore", targets: ["CarnetStore"]),
        .library(name: "CarnetApp", targets: ["CarnetApp"]),
        .library(name: "TerminalKit", targets: ["TerminalKit"]),
        .library(name: "CarnetFHIR", targets: ["CarnetFHIR"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
    ],
    targets: [
        // Domain values, AccessPolicy and clinical checks: Foundation only.
        .target(name: "CarnetModel"),
        // Cells, layout, widgets, the Terminal protocol and TestTerminal: no medicine, no ncurses.
        .target(name: "TerminalKit"),
        // Screens, app state and the command table; asks for data only through CarnetModel's seams.
        .target(name: "CarnetApp", dependencies: ["CarnetModel", "TerminalKit"]),
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses", providers: [.apt(["libncursesw5-dev"])]),
        // CursesTerminal: the only code that imports CNCurses.
        .target(name: "TerminalCurses", dependencies: ["CNCurses", "TerminalKit"]),
        // Data files the program reads (access matrix, demo vocabularies).
        .target(
            name: "CarnetResources",
            path: "Resources",
            exclude: ["README.md"],
            sources: ["CarnetResources.swift"],
            resources: [.copy("data")]
        ),
        // FHIR R4 in and out, mapped to and from CarnetModel: FHIR types never reach the screens.
        // Crypto: a file's content digest identifies the source of resources that name none.
        .target(name: "CarnetFHIR", dependencies: ["CarnetModel", .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "CarnetStore",
            dependencies: [
                "CarnetModel",
                "CarnetResources",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // prctl and setrlimit for the executable: no core dumps, not dumpable (C: prctl is variadic).
        .target(name: "CProcessGuard"),
        .executableTarget(
            name: "carnet",
            dependencies: [
                "CProcessGuard",
                "CarnetModel",
                "CarnetStore",
                "CarnetFHIR",
                "TerminalKit",
                "CarnetApp",
                "TerminalCurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The load harness of the concurrency and brute-force tests: it acts without signing
        // in, so it is a target of its own, built for the tests, never part of the product.
        .executableTarget(
            name: "CarnetLoad",
            dependencies: ["CarnetModel", "CarnetStore", "CarnetFHIR", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit"]),
        .testTarget(name: "CarnetAppTests", dependencies: ["CarnetApp", "CarnetModel", "CarnetStore", "TerminalKit", .product(name: "GRDB", package: "GRDB.swift")],
                    exclude: ["Snapshots"]),
        .testTarget(name: "CarnetModelTests", dependencies: ["CarnetModel", "CarnetResources"]),
        .testTarget(name: "CarnetFHIRTests", dependencies: ["CarnetFHIR", "CarnetModel", "CarnetStore", .product(name: "GRDB", package: "GRDB.swift")],
                    exclude: ["FuzzRegressions"]),
        .testTarget(
            name: "CarnetStoreTests",
            dependencies: ["CarnetModel", "CarnetStore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Scans the repository itself: nothing in it reaches outside, fixtures match their sources.
        .testTarget(name: "RepositoryTests", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(
            name: "CarnetCLITests",
            dependencies: ["carnet", "CarnetLoad", "CarnetStore", "CarnetModel"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
