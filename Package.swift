// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "flint",
    platforms: [.macOS(.v15), .iOS(.v17)],
    products: [
        .executable(name: "flint", targets: ["flint"]),
        .library(name: "FlintCore", targets: ["FlintCore"]),
        .library(name: "FlintClient", targets: ["FlintClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Domain types, validation and ports. Foundation only, so it builds in seconds.
        .target(name: "FlintCore", swiftSettings: swiftSettings),
        // Snippet and typed-SDK generation per language, from templates in Resources.
        .target(
            name: "FlintSnippets",
            dependencies: ["FlintCore"],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        // The Swift client for the ingestion API (Foundation only), for iOS apps and Linux servers.
        .target(name: "FlintClient", swiftSettings: swiftSettings),
        // The embedded store on SQLite.
        .target(
            name: "FlintSQLite",
            dependencies: [
                "FlintCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        // The multi-node store on PostgreSQL: the same ports, claimed work, LISTEN/NOTIFY change feed.
        .target(
            name: "FlintPostgres",
            dependencies: [
                "FlintCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // A small SMTP client on SwiftNIO (STARTTLS through NIOSSL) and MIME message rendering.
        .target(
            name: "FlintSMTP",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        // Long-running services: group commit, ingestion, catalogs.
        .target(
            name: "FlintEngine",
            dependencies: [
                "FlintCore", "FlintSMTP",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The marketer's web UI as pure rendering: escaped HTML, pages from view models, the journey
        // diagram, and the static assets. Foundation and FlintCore only, so it builds in seconds.
        .target(
            name: "FlintWeb",
            dependencies: ["FlintCore"],
            resources: [.copy("Assets")],
            swiftSettings: swiftSettings
        ),
        // The Hummingbird application: routes, middleware, configuration.
        .target(
            name: "FlintServer",
            dependencies: [
                "FlintCore", "FlintEngine", "FlintSMTP", "FlintSnippets", "FlintWeb",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.copy("Resources/openapi.yaml"), .copy("Resources/sdk")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "flint",
            dependencies: [
                "FlintServer", "FlintSQLite", "FlintPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "FlintCoreTests", dependencies: ["FlintCore"]),
        .testTarget(
            name: "FlintEngineTests",
            dependencies: ["FlintCore", "FlintEngine", "FlintSQLite"]
        ),
        .testTarget(name: "FlintSMTPTests", dependencies: ["FlintSMTP"]),
        // The stores: the same contract cases against SQLite and a real PostgreSQL server
        // (FLINT_TEST_POSTGRES_URL; scripts/test starts one), and what only one of them does.
        .testTarget(
            name: "StoreContractTests",
            dependencies: [
                "FlintCore", "FlintSQLite", "FlintPostgres",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "FlintSnippetsTests", dependencies: ["FlintSnippets", "FlintCore"]),
        .testTarget(name: "FlintClientTests", dependencies: ["FlintClient"]),
        .testTarget(name: "FlintWebTests", dependencies: ["FlintWeb", "FlintCore"]),
        .testTarget(
            name: "FlintServerTests",
            dependencies: [
                "FlintServer", "FlintSQLite",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ]
        ),
    ]
)
