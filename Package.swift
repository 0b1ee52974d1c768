// swift-tools-version:6.1
import PackageDescription

// The module graph follows the data flow, arrows pointing one way:
//   ConcordIngest ─┐
//   ConcordAnalysis ┼─> Concord (pipeline: corpus → analysis → index; search service) ─> concord (CLI)
//   ConcordStorage ─> ConcordIndex ─> ConcordSearch ─┘          └─> ConcordServer ─> concord-server (HTTP)
// ConcordSearch also depends on ConcordAnalysis (queries are analyzed like documents).
// The HTTP server (Hummingbird, minutes to compile on 2 cores) is a separate executable that
// `concord serve` builds on first use and hands over to, so building the `concord` CLI never compiles it.

let package = Package(
    name: "Concord",
    platforms: [.macOS(.v14)],  // Hummingbird 2 needs macOS 14
    products: [
        .library(name: "Concord", targets: ["Concord"]),
        .executable(name: "concord", targets: ["ConcordCLI"]),
        .executable(name: "concord-server", targets: ["ConcordServerMain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Hummingbird's default traits pull in swift-configuration, which the server does not use.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0", traits: []),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
    ],
    targets: [
        // System libraries, reached through small C shims.
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icudata")]
        ),
        .systemLibrary(name: "CStemmer"),
        .systemLibrary(name: "CZstd"),
        .systemLibrary(name: "CZlib"),
        .systemLibrary(name: "CMalloc"),

        // Pipeline stages.
        .target(name: "ConcordIngest"),
        .target(name: "ConcordAnalysis", dependencies: ["CICU", "CStemmer"]),
        .target(name: "ConcordStorage", dependencies: ["CZstd", "CZlib"]),
        .target(name: "ConcordIndex", dependencies: ["ConcordStorage"], exclude: ["FORMAT.md"]),
        .target(name: "ConcordSearch", dependencies: ["ConcordAnalysis", "ConcordIndex"]),
        .target(name: "Concord", dependencies: ["ConcordIngest", "ConcordAnalysis", "ConcordIndex", "ConcordSearch", "CMalloc"]),
        // The CLI allocates with jemalloc on Linux: a full build of ~450k documents took 8–15% less CPU
        // than with glibc's malloc (many short-lived arrays and strings per document, freed by another
        // thread than the one that made them). The library leaves the allocator to its user.
        .executableTarget(
            name: "ConcordCLI",
            dependencies: ["Concord", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]
        ),
        // The HTTP server: routes and templates (a library, so tests drive it in process), and its executable.
        .target(
            name: "ConcordServer",
            dependencies: [
                "Concord",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
        ),
        .executableTarget(
            name: "ConcordServerMain",
            dependencies: ["ConcordServer", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // Shared by the tests only: seeded randomness and other test doubles.
        .target(name: "ConcordTestSupport"),

        .testTarget(name: "ConcordAnalysisTests", dependencies: ["ConcordAnalysis", "ConcordTestSupport"]),
        .testTarget(name: "ConcordIngestTests", dependencies: ["ConcordIngest"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ConcordStorageTests", dependencies: ["ConcordStorage"]),
        .testTarget(name: "ConcordIndexTests", dependencies: ["ConcordIndex", "ConcordStorage", "ConcordTestSupport"]),
        .testTarget(name: "ConcordSearchTests", dependencies: ["ConcordSearch", "ConcordIndex", "ConcordStorage", "ConcordAnalysis", "ConcordTestSupport"]),
        .testTarget(name: "ConcordTests", dependencies: ["Concord", "ConcordTestSupport"]),
        .testTarget(name: "ConcordCLITests", dependencies: ["Concord", "ConcordCLI", "ConcordTestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "ConcordServerTests",
            dependencies: ["ConcordServer", "Concord", .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
    ],
    swiftLanguageModes: [.v5]
)
