import Foundation
import Logging
import SQLKit
import ServiceLifecycle

/// Which SQL engine sits underneath. Repositories use SQLKit builders and never ask;
/// only migrations (triggers) and the fault report look at it.
public enum DatabaseEngine: String, Sendable {
    case sqlite
    case postgres
}

/// The one way Lantern talks to its database.
///
/// Every write is a single transaction: the change and its access-log entry commit
/// together or not at all. Reads that must be logged (a consultation) are writes
/// too, because the log entry must commit before the response leaves.
///
/// ```swift
/// let db = try await LanternDatabase.open(.sqlite(path: "lantern.sqlite"), logger: logger)
/// let count = try await db.transaction { sql in
///     try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all)).from("people").first()
/// }
/// ```
public final class LanternDatabase: Sendable {
    public let engine: DatabaseEngine
    public let location: DatabaseLocation
    private let backend: any DatabaseBackend
    /// Statement-level fault injection for tests; idle unless `failStatement(number:)` is called.
    public let faults = FaultInjector()

    init(engine: DatabaseEngine, location: DatabaseLocation, backend: any DatabaseBackend) {
        self.engine = engine
        self.location = location
        self.backend = backend
    }

    /// Opens (and for SQLite, creates) the database and checks its durability settings.
    public static func open(_ location: DatabaseLocation, logger: Logger, postgresSearchPath: String? = nil) async throws -> LanternDatabase {
        switch location {
        case .sqlite(let path):
            let backend = try await SQLiteBackend.open(path: path, logger: logger)
            return LanternDatabase(engine: .sqlite, location: location, backend: backend)
        case .postgres(let url):
            let backend = try await PostgresBackend.open(url: url, searchPath: postgresSearchPath, logger: logger)
            return LanternDatabase(engine: .postgres, location: location, backend: backend)
        }
    }

    /// Opens the database for a process that runs its services in one ServiceGroup (`serve`). PostgreSQL's
    /// connection pool comes back as `pool`, a service for that group to run before the services that use the
    /// database and to stop after them; until it runs nothing reaches the server, so the first query (the
    /// store's start-up checks) waits for it. SQLite has no pool.
    public static func openPooled(
        _ location: DatabaseLocation, logger: Logger,
        postgresSearchPath: String? = nil
    ) async throws -> (database: LanternDatabase, pool: (any Service)?) {
        switch location {
        case .sqlite:
            return (try await open(location, logger: logger), nil)
        case .postgres(let url):
            let (backend, pool) = try PostgresBackend.pooled(url: url, searchPath: postgresSearchPath, logger: logger)
            return (LanternDatabase(engine: .postgres, location: location, backend: backend), pool)
        }
    }

    /// Fails when the database cannot be reached (PostgreSQL: one round trip; SQLite is open already).
    public func checkReachable() async throws {
        guard let postgres = backend as? PostgresBackend else { return }
        try await postgres.checkReachable()
    }

    /// Runs `body` in one transaction; commits when it returns, rolls back when it throws.
    public func transaction<T: Sendable>(_ body: @Sendable @escaping (any SQLDatabase) async throws -> T) async throws -> T {
        let faults = self.faults
        do {
            return try await backend.transaction { sql in try await body(FaultInjectingDatabase(base: sql, faults: faults)) }
        } catch let error as DatabaseUnavailable {
            throw error
        } catch let error where Self.isStorageFailure(error) {
            throw DatabaseUnavailable(underlying: String(describing: error))
        }
    }

    /// Runs `body` for reading only (no access-log entry can be written here).
    public func read<T: Sendable>(_ body: @Sendable @escaping (any SQLDatabase) async throws -> T) async throws -> T {
        let faults = self.faults
        do {
            return try await backend.read { sql in try await body(FaultInjectingDatabase(base: sql, faults: faults)) }
        } catch let error where Self.isStorageFailure(error) {
            throw DatabaseUnavailable(underlying: String(describing: error))
        }
    }

    /// Serialises transactions that use the same `key` until the current transaction ends.
    /// SQLite's single writer already does; PostgreSQL takes a transaction-scoped advisory lock.
    /// (The one place Lantern needs engine-specific locking.)
    public static func lock(_ key: String, in sql: any SQLDatabase, engine: DatabaseEngine) async throws {
        guard engine == .postgres else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: key)))").run()
    }

    /// Writes a consistent online copy of an SQLite database to `path` (`VACUUM INTO` on a connection of
    /// its own: a read snapshot, so writers carry on). PostgreSQL is backed up with `pg_dump` instead.
    public func backupSQLite(to path: String) async throws {
        guard let sqlite = backend as? SQLiteBackend else {
            throw DatabaseUnavailable(underlying: "online backup from Lantern is for SQLite; use pg_dump for PostgreSQL")
        }
        try await sqlite.backup(to: path)
    }

    /// `PRAGMA integrity_check` (SQLite) or a trivial query (PostgreSQL, where amcheck is run by the operator).
    public func integrityCheck() async throws -> String {
        switch engine {
        case .sqlite:
            return try await read { sql in
                try await sql.raw("PRAGMA integrity_check").all().compactMap { try? $0.decode(column: "integrity_check", as: String.self) }
                    .joined(separator: "; ")
            }
        case .postgres:
            _ = try await read { sql in try await sql.raw("SELECT 1 AS ok").first() }
            return "ok"
        }
    }

    /// Closes all connections. The database must not be used afterwards.
    public func close() async {
        await backend.close()
    }

    /// Errors from the database driver (disk full, I/O, connection lost) as opposed to
    /// Lantern's own domain errors, which pass through unchanged.
    static func isStorageFailure(_ error: any Error) -> Bool {
        if error is InjectedIOError { return true }
        let type = String(reflecting: Swift.type(of: error))
        return type.hasPrefix("SQLiteNIO.") || type.hasPrefix("PostgresNIO.") || type.hasPrefix("NIOCore.")
            || type.hasPrefix("SQLKit.") || type.hasPrefix("PostgresKit.")
    }
}

/// The database could not complete the operation (disk full, I/O error, connection lost).
/// Nothing was changed; the server answers 503 without details.
public struct DatabaseUnavailable: Error, Sendable, CustomStringConvertible {
    public var underlying: String
    public var description: String { "database unavailable: \(underlying)" }
}

protocol DatabaseBackend: Sendable {
    func transaction<T: Sendable>(_ body: @Sendable @escaping (any SQLDatabase) async throws -> T) async throws -> T
    func read<T: Sendable>(_ body: @Sendable @escaping (any SQLDatabase) async throws -> T) async throws -> T
    func close() async
}
