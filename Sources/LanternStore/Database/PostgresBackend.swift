import Foundation
import Logging
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL through PostgresNIO's `PostgresClient` pool: the path past one machine,
/// where several Lantern servers share one database.
final class PostgresBackend: DatabaseBackend {
    private let client: PostgresClient
    /// The task running the connection pool when this backend runs it itself (commands, tests); nil when the
    /// pool is a service of the caller's ServiceGroup (`serve`), which starts it first and stops it last.
    private let runTask: Task<Void, Never>?
    private let logger: Logger

    private init(client: PostgresClient, runTask: Task<Void, Never>?, logger: Logger) {
        self.client = client
        self.runTask = runTask
        self.logger = logger
    }

    struct InvalidURL: Error, CustomStringConvertible {
        var description: String
    }

    static func configuration(url: String, searchPath: String?) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url), let host = components.host, let user = components.user else {
            throw InvalidURL(description: "The PostgreSQL URL must look like postgres://user:password@host:5432/database")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        let tls: PostgresClient.Configuration.TLS
        // Child data must not cross a network in clear: TLS is required unless the server is on this machine.
        let local = ["localhost", "127.0.0.1", "::1"].contains(host.lowercased())
        switch query["sslmode"] ?? (local ? "disable" : "require") {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        case let other: throw InvalidURL(description: "Unknown sslmode '\(other)'; use disable, prefer or require")
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user,
            password: components.password?.removingPercentEncoding, database: database.isEmpty ? nil : database, tls: tls)
        configuration.options.maximumConnections = 16
        // A schema to work in, from the caller or the URL (`?search_path=lantern`), e.g. several
        // environments in one database.
        if let path = searchPath ?? query["search_path"], !path.isEmpty {
            guard path.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "," }) else {
                throw InvalidURL(description: "search_path may hold only letters, digits, _ and ,")
            }
            configuration.options.additionalStartupParameters = [("search_path", path)]
        }
        return configuration
    }

    /// Opens a backend that runs its own connection pool. Nothing reaches the server yet: `Store.open(database:)`
    /// checks that it answers (``checkReachable()``), once, for this and the pooled kind alike.
    static func open(url: String, searchPath: String?, logger: Logger) async throws -> PostgresBackend {
        let client = PostgresClient(configuration: try configuration(url: url, searchPath: searchPath), backgroundLogger: logger)
        let runTask = Task { await client.run() }
        return PostgresBackend(client: client, runTask: runTask, logger: logger)
    }

    /// A backend whose connection pool the caller runs as a service; nothing reaches the server until it runs.
    static func pooled(url: String, searchPath: String?, logger: Logger) throws -> (backend: PostgresBackend, pool: PostgresClient) {
        let client = PostgresClient(configuration: try configuration(url: url, searchPath: searchPath), backgroundLogger: logger)
        return (PostgresBackend(client: client, runTask: nil, logger: logger), client)
    }

    /// Fails at start-up, not on the first request, when the server cannot be reached.
    func checkReachable() async throws {
        _ = try await read { sql in try await sql.raw("SELECT 1 AS ok").first() }
    }

    func transaction<T: Sendable>(_ body: @Sendable @escaping (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await body(connection.sql(queryLogLevel: nil))
            }
        } catch let error as PostgresTransactionError {
            // Lantern's own errors thrown inside the transaction (validation, conflicts) come out
            // as themselves once the rollback has succeeded; database failures stay wrapped.
            if let closureError = error.closureError, error.rollbackError == nil, error.commitError == nil {
                throw closureError
            }
            throw error
        }
    }

    func read<T: Sendable>(_ body: @Sendable @escaping (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(connection.sql(queryLogLevel: nil))
        }
    }

    func close() async {
        guard let runTask else { return }
        runTask.cancel()
        _ = await runTask.value
    }
}
