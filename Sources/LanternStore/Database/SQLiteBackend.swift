import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO

/// SQLite as a system of record: WAL, `synchronous=FULL`, foreign keys, a busy
/// timeout, and exactly one writer connection. Readers get their own connections,
/// which WAL lets run beside the writer.
final class SQLiteBackend: DatabaseBackend {
    private let writer: SQLiteConnection
    private let readers: [SQLiteConnection]
    private let gate = AsyncSerialGate()
    private let next = ReaderCounter()
    private let logger: Logger
    private let sourcePath: String

    /// Start-up refuses to run unless these hold: durability is not negotiable.
    struct UnsafeSettings: Error, CustomStringConvertible {
        var description: String
    }

    private init(writer: SQLiteConnection, readers: [SQLiteConnection], logger: Logger, path: String) {
        self.writer = writer
        self.readers = readers
        self.logger = logger
        self.sourcePath = path
    }

    static func open(path: String, readerCount: Int = 2, logger: Logger) async throws -> SQLiteBackend {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let writer = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        do {
            try await configure(writer, writer: true)
            var readers: [SQLiteConnection] = []
            for _ in 0..<readerCount {
                let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                try await configure(reader, writer: false)
                readers.append(reader)
            }
            return SQLiteBackend(writer: writer, readers: readers, logger: logger, path: path)
        } catch {
            try? await writer.close()
            throw error
        }
    }

    private static func configure(_ connection: SQLiteConnection, writer: Bool) async throws {
        let sql = connection.sql(queryLogLevel: nil)
        try await sql.raw("PRAGMA busy_timeout = 5000").run()
        if writer {
            let mode = try await pragma(sql, "journal_mode = WAL")
            guard mode.lowercased() == "wal" else {
                throw UnsafeSettings(description: "SQLite refused WAL journal mode (got '\(mode)'); Lantern will not start without it")
            }
        }
        try await sql.raw("PRAGMA synchronous = FULL").run()
        try await sql.raw("PRAGMA foreign_keys = ON").run()
        // Read the settings back: a build or file that ignores them must not run.
        let synchronous = try await pragma(sql, "synchronous")
        guard synchronous == "2" || synchronous == "3" else {
            throw UnsafeSettings(
                description:
                    "SQLite synchronous is \(synchronous), not FULL (2); "
                    + "Lantern will not start because an acknowledged write could be lost in a crash"
            )
        }
        let foreignKeys = try await pragma(sql, "foreign_keys")
        guard foreignKeys == "1" else {
            throw UnsafeSettings(description: "SQLite foreign keys could not be turned on; Lantern will not start")
        }
        if !writer { try await sql.raw("PRAGMA query_only = 1").run() }
    }

    private static func pragma(_ sql: any SQLDatabase, _ statement: String) async throws -> String {
        guard let row = try await sql.raw(SQLQueryString("PRAGMA \(unsafeRaw: statement)")).first() else { return "" }
        let column = row.allColumns.first ?? ""
        if let text = try? row.decode(column: column, as: String.self) { return text }
        if let number = try? row.decode(column: column, as: Int.self) { return String(number) }
        return ""
    }

    func transaction<T: Sendable>(_ body: @Sendable @escaping (any SQLDatabase) async throws -> T) async throws -> T {
        let sql = writer.sql(queryLogLevel: nil)
        return try await gate.run {
            try await sql.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(sql)
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                // A failed COMMIT may already have rolled back; a second rollback is harmless.
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    func read<T: Sendable>(_ body: @Sendable @escaping (any SQLDatabase) async throws -> T) async throws -> T {
        let reader = readers.isEmpty ? writer : readers[next.next() % readers.count]
        return try await body(reader.sql(queryLogLevel: nil))
    }

    func backup(to destination: String) async throws {
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw DatabaseUnavailable(underlying: "backup target \(destination) already exists")
        }
        let connection = try await SQLiteConnection.open(storage: .file(path: sourcePath), logger: logger)
        do {
            try await connection.sql(queryLogLevel: nil).raw("PRAGMA busy_timeout = 5000").run()
            try await connection.sql(queryLogLevel: nil).raw("VACUUM INTO \(bind: destination)").run()
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    func close() async {
        for reader in readers { try? await reader.close() }
        try? await writer.close()
    }
}

/// Round-robin position over the reader connections.
final class ReaderCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value &+= 1
        return value & Int.max
    }
}
