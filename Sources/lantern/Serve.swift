import ArgumentParser
import Foundation
import Hummingbird
import LanternCore
import LanternServer
import LanternStore
import Logging
import ServiceLifecycle

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the Lantern server (migrating the database first).")

    @OptionGroup var storage: StorageOptions

    @Option(help: "Address to listen on (env LANTERN_HOST).")
    var host: String?

    @Option(help: "Port to listen on (env LANTERN_PORT).")
    var port: Int?

    @Option(
        help: "The public address users type, e.g. https://lantern.example (env LANTERN_PUBLIC_URL). https turns on Secure, __Host- cookies and HSTS."
    )
    var publicURL: String?

    @Option(help: "A reverse proxy whose X-Forwarded-For is trusted (repeatable; env LANTERN_TRUSTED_PROXIES, comma-separated).")
    var trustedProxy: [String] = []

    func run() async throws {
        let logger = Logs.bootstrap()
        let env = ProcessInfo.processInfo.environment
        let configuration = ServerConfiguration(
            host: host ?? env["LANTERN_HOST"] ?? "127.0.0.1",
            port: port ?? env["LANTERN_PORT"].flatMap(Int.init) ?? 8080,
            publicURL: publicURL ?? env["LANTERN_PUBLIC_URL"],
            trustedProxies: Set(
                trustedProxy + (env["LANTERN_TRUSTED_PROXIES"]?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? [])))
        let (database, pool) = try await LanternDatabase.openPooled(try storage.location, logger: logger)
        let serving = Serving(
            database: database, keyPath: storage.auditKey ?? env["LANTERN_AUDIT_KEY"],
            checkpointPath: storage.auditCheckpoints ?? env["LANTERN_AUDIT_CHECKPOINTS"],
            configuration: configuration, logger: logger)
        // The pool first, so the server stops before it on SIGTERM or SIGINT: requests in flight finish on open connections.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let pool { services.append(.init(service: pool)) }
        services.append(
            .init(
                service: serving, successTerminationBehavior: .gracefullyShutdownGroup,
                failureTerminationBehavior: .gracefullyShutdownGroup))
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        do {
            try await group.run()
        } catch let error as Migrator.SchemaTooNew {
            throw fail(error.description)
        }
    }
}

/// `serve` as a service: opens the store once the database's pool runs, migrates, and runs the web application
/// until the group shuts down.
struct Serving: Service {
    let database: LanternDatabase
    let keyPath: String?
    let checkpointPath: String?
    let configuration: ServerConfiguration
    let logger: Logger

    func run() async throws {
        let store = try await Store.open(
            database: database, clock: SystemClock(), logger: logger, keyPath: keyPath,
            checkpointPath: checkpointPath)
        do {
            try await store.migrate()
            let app = try await LanternApplication.build(
                store: store, configuration: configuration, logger: logger,
                onServerRunning: { port in
                    logger.info("Lantern is listening", metadata: ["address": "http://\(configuration.host):\(port)"])
                })
            try await app.run()
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}

enum LanternServerRunner {
    static func run(
        store: Store, configuration: ServerConfiguration, logger: Logger,
        announce: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let app = try await LanternApplication.build(
            store: store, configuration: configuration, logger: logger,
            onServerRunning: { port in
                logger.info("Lantern is listening", metadata: ["address": "http://\(configuration.host):\(port)"])
                await announce(port)
            })
        try await app.runService()
    }
}
