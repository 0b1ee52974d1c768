// swift-tools-version:6.0
import PackageDescription

// The module graph follows the data flow, arrows pointing one way:
//   ConcordIngest ─┐
//   ConcordAnalysis ┼─> Concord (pipeline: corpus → analysis → index; search service) ─> concord (CLI)
//   ConcordStorage ─> ConcordIndex ─> ConcordSearch ─┘
// ConcordSearch also depends on ConcordAnalysis (queries are analyzed like documents).
let package = Package(
    name: "Concord",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Concord", targets: ["Concord"]),
        .executable(name: "concord", targets: ["ConcordCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries, reached through small C shims.
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n"), .linkedLibrary("icudata")]
        ),
        .systemLibrary(name: "CStemmer"),
        .systemLibrary(name: "CZstd"),
        .systemLibrary(name: "CZlib"),

        // Pipeline stages.
        .target(name: "ConcordIngest"),
        .target(name: "ConcordAnalysis", dependencies: ["CICU", "CStemmer"]),
        .target(name: "ConcordStorage", dependencies: ["CZstd", "CZlib"]),
        .target(name: "ConcordIndex", dependencies: ["ConcordStorage"], exclude: ["FORMAT.md"]),
        .target(name: "ConcordSearch", dependencies: ["ConcordAnalysis", "ConcordIndex"]),
        .target(name: "Concord", dependencies: ["ConcordIngest", "ConcordAnalysis", "ConcordIndex", "ConcordSearch"]),
        .executableTarget(
            name: "ConcordCLI",
            dependencies: ["Concord", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // Shared by the tests only: seeded randomness and other test doubles.
        .target(name: "ConcordTestSupport"),

        .testTarget(name: "ConcordAnalysisTests", dependencies: ["ConcordAnalysis", "ConcordTestSupport"]),
        .testTarget(name: "ConcordIngestTests", dependencies: ["ConcordIngest"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ConcordStorageTests", dependencies: ["ConcordStorage"]),
        .testTarget(name: "ConcordIndexTests", dependencies: ["ConcordIndex", "ConcordStorage", "ConcordTestSupport"]),
        .testTarget(name: "ConcordSearchTests", dependencies: ["ConcordSearch", "ConcordIndex", "ConcordStorage", "ConcordAnalysis", "ConcordTestSupport"]),
        .testTarget(name: "ConcordTests", dependencies: ["Concord", "ConcordTestSupport"]),
        .testTarget(name: "ConcordCLITests", dependencies: ["Concord", "ConcordCLI"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v5]
)
