// swift-tools-version:6.1
// Lantern: a safeguarding hub for police child-protection work.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "lantern",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "lantern", targets: ["lantern"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", exact: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", exact: "2.1.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", exact: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", exact: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", exact: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", exact: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", exact: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", exact: "2.37.6"),
    ],
    targets: [
        // Pure domain: value types and rules. Foundation only; time is a parameter.
        .target(
            name: "LanternCore",
            swiftSettings: swiftSettings
        ),
        // Data files shipped with the binary: rule packs, page templates, CSS, JS, OpenAPI document.
        .target(
            name: "LanternResources",
            path: "Resources",
            exclude: ["README.md"],
            resources: [
                .copy("rules"),
                .copy("templates"),
                .copy("static"),
                .copy("openapi.yaml"),
            ],
            swiftSettings: swiftSettings
        ),
        // Persistence: SQLKit over SQLite and PostgreSQL, migrations, repositories, the access log.
        .target(
            name: "LanternStore",
            dependencies: [
                "LanternCore",
                "LanternResources",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The demo data: hand-written records and the seeded generators at force scale (`lantern demo`, tests).
        .target(
            name: "LanternDemo",
            dependencies: [
                "LanternCore",
                "LanternStore",
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        // HTTP: routes, pages, authentication, sessions, CSRF, headers, background jobs.
        .target(
            name: "LanternServer",
            dependencies: [
                "LanternCore",
                "LanternStore",
                "LanternResources",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The one executable.
        .executableTarget(
            name: "lantern",
            dependencies: [
                "LanternCore",
                "LanternStore",
                "LanternServer",
                "LanternDemo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The benchmark generators and timers Benchmarks/run measures beside their anchors; not shipped.
        .executableTarget(
            name: "lantern-bench",
            dependencies: [
                "LanternCore",
                "LanternStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "Benchmarks/LanternBench",
            swiftSettings: swiftSettings
        ),
        // Shared test fixtures: a fresh store on SQLite (always) or PostgreSQL (when configured).
        .target(
            name: "LanternTestSupport",
            dependencies: [
                "LanternCore", "LanternStore", .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "Tests/LanternTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LanternCoreTests",
            dependencies: ["LanternCore", "LanternResources"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LanternStoreTests",
            dependencies: [
                "LanternCore", "LanternStore", "LanternDemo", "LanternTestSupport",
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LanternServerTests",
            dependencies: [
                "LanternCore",
                "LanternStore",
                "LanternServer",
                "LanternTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
