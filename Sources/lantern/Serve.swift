import ArgumentParser
import Foundation
import Hummingbird
import LanternCore
import LanternServer
import LanternStore
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the Lantern server (migrating the database first).")

    @OptionGroup var storage: StorageOptions

    @Option(help: "Address to listen on (env LANTERN_HOST).")
    var host: String?

    @Option(help: "Port to listen on (env LANTERN_PORT).")
    var port: Int?

    @Option(help: "The public address users type, e.g. https://lantern.example (env LANTERN_PUBLIC_URL). https turns on Secure, __Host- cookies and HSTS.")
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
            trustedProxies: Set(trustedProxy + (env["LANTERN_TRUSTED_PROXIES"]?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? [])))
        let store = try await storage.openStore(logger: logger)
        do {
            try await store.migrate()
            try await LanternServerRunner.run(store: store, configuration: configuration, logger: logger)
        } catch let error as Migrator.SchemaTooNew {
            await store.close()
            throw fail(error.description)
        }
        await store.close()
    }
}

enum LanternServerRunner {
    static func run(store: Store, configuration: ServerConfiguration, logger: Logger,
                    announce: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = try await LanternApplication.build(store: store, configuration: configuration, logger: logger,
                                                     onServerRunning: { port in
            logger.info("Lantern is listening", metadata: ["address": "http://\(configuration.host):\(port)"])
            await announce(port)
        })
        try await app.runService()
    }
}
