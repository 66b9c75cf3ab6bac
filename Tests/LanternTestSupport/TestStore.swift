import Foundation
import LanternCore
import LanternStore
import Logging
import SQLKit

/// The databases a store or server test runs on: SQLite always, PostgreSQL too when
/// `LANTERN_TEST_POSTGRES_URL` is set (CI sets it after starting a server).
public enum TestBackend: String, Sendable, CustomStringConvertible, CaseIterable {
    case sqlite
    case postgres

    public var description: String { rawValue }

    public static var postgresURL: String? {
        let url = ProcessInfo.processInfo.environment["LANTERN_TEST_POSTGRES_URL"] ?? ""
        return url.isEmpty ? nil : url
    }

    /// The backends available in this run.
    public static var available: [TestBackend] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }
}

/// At most this many PostgreSQL test stores are open at once (each pool may hold 16 connections, and the
/// CI server allows 200): Swift Testing runs every suite in parallel, and past the server's limit new
/// connections fail and the pool's circuit breaker trips. `LANTERN_TEST_POSTGRES_PARALLEL` overrides it.
actor PostgresGate {
    static let shared = PostgresGate(limit: ProcessInfo.processInfo.environment["LANTERN_TEST_POSTGRES_PARALLEL"].flatMap(Int.init) ?? 8)

    private var available: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { available = max(1, limit) }

    func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { available += 1 } else { waiting.removeFirst().resume() }
    }
}

/// A throwaway store: a new SQLite file in a temporary folder, or a new PostgreSQL schema.
/// Both are removed afterwards.
public struct TestStore: Sendable {
    public let store: Store
    public let clock: ManualClock
    public let folder: String
    public let backend: TestBackend
    let schema: String?
    let location: DatabaseLocation

    public static let logger: Logger = {
        var logger = Logger(label: "lantern-test")
        logger.logLevel = .critical
        return logger
    }()

    /// A low bcrypt cost keeps tests quick; the production cost (12) has its own test.
    public static let fastHasher = PasswordHasher(cost: 4)

    public static func make(_ backend: TestBackend, migrate: Bool = true) async throws -> TestStore {
        if backend == .postgres { await PostgresGate.shared.acquire() }
        do {
            return try await open(backend, migrate: migrate)
        } catch {
            if backend == .postgres { await PostgresGate.shared.release() }
            throw error
        }
    }

    static func open(_ backend: TestBackend, migrate: Bool) async throws -> TestStore {
        let folder = NSTemporaryDirectory() + "lantern-test-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let clock = ManualClock(Date(timeIntervalSince1970: 1_790_000_000))
        var schema: String?
        let location: DatabaseLocation
        switch backend {
        case .sqlite:
            location = .sqlite(path: folder + "/lantern.sqlite")
        case .postgres:
            guard let url = TestBackend.postgresURL else { throw TestSetupError("LANTERN_TEST_POSTGRES_URL is not set") }
            location = .postgres(url: url)
            let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
            let admin = try await LanternDatabase.open(location, logger: logger)
            _ = try await admin.transaction { sql in try await sql.raw("CREATE SCHEMA \(unsafeRaw: String(name))").run() }
            await admin.close()
            schema = String(name)
        }
        let store = try await Store.open(
            location: location, clock: clock, logger: logger,
            keyPath: folder + "/signing.key", checkpointPath: folder + "/checkpoints.jsonl",
            hasher: fastHasher, postgresSearchPath: schema)
        if migrate { try await store.migrate() }
        return TestStore(store: store, clock: clock, folder: folder, backend: backend, schema: schema, location: location)
    }

    /// The same database opened by a new store, as after the server was stopped and started again:
    /// this store is closed, and the one returned must be torn down instead.
    public func restarted() async throws -> TestStore {
        await store.close()
        let again = try await Store.open(
            location: location, clock: clock, logger: Self.logger, keyPath: folder + "/signing.key",
            checkpointPath: folder + "/checkpoints.jsonl", hasher: Self.fastHasher, postgresSearchPath: schema)
        return TestStore(store: again, clock: clock, folder: folder, backend: backend, schema: schema, location: location)
    }

    /// Closes the store and removes its file or schema.
    public func tearDown() async {
        await store.close()
        if let schema, let url = TestBackend.postgresURL,
            let admin = try? await LanternDatabase.open(.postgres(url: url), logger: Self.logger)
        {
            _ = try? await admin.transaction { sql in try await sql.raw("DROP SCHEMA \(unsafeRaw: schema) CASCADE").run() }
            await admin.close()
        }
        if backend == .postgres { await PostgresGate.shared.release() }
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Runs `body` with a fresh store and always tears it down.
    public static func with<T: Sendable>(
        _ backend: TestBackend, migrate: Bool = true,
        _ body: (TestStore) async throws -> T
    ) async throws -> T {
        let test = try await make(backend, migrate: migrate)
        do {
            let result = try await body(test)
            await test.tearDown()
            return result
        } catch {
            await test.tearDown()
            throw error
        }
    }

    // MARK: Fixtures

    public static let password = "correct-horse-battery-staple"

    /// Adds a user and returns them.
    @discardableResult
    public func addUser(
        _ username: String, role: Role, rank: Rank = .constable, team: String = "Team A",
        borough: String = "Lambeth"
    ) async throws -> UserAccount {
        try await store.accounts.addUser(
            NewUser(
                username: username, displayName: username.capitalized, role: role, rank: rank,
                team: team, borough: borough, password: Self.password), by: .system("test"))
    }

    public func context(_ user: UserAccount, requestID: String = UUID().uuidString) -> AccessContext {
        AccessContext(actor: user.actor, requestID: requestID, clientAddress: "127.0.0.1")
    }

    /// Reads a person as an auditor would (a logged consultation), to check what a test left behind.
    public func inspect(_ id: String) async throws -> Person {
        let auditor: UserAccount
        if let existing = try await store.accounts.user(named: "test-auditor") {
            auditor = existing
        } else {
            auditor = try await addUser("test-auditor", role: .auditor, rank: .staff, team: "Standards")
        }
        return try await store.people.consult(id, purpose: .auditInspection, context: context(auditor))
    }

    /// Runs raw SQL (tamper and fault tests).
    public func execute(_ statement: String) async throws {
        _ = try await store.database.transaction { sql in try await sql.raw("\(unsafeRaw: statement)").run() }
    }

    /// Lets tests change the access log directly, as an attacker with database access could.
    public func allowAccessLogTampering() async throws {
        switch backend {
        case .sqlite:
            try await execute("DROP TRIGGER access_log_no_update")
            try await execute("DROP TRIGGER access_log_no_delete")
        case .postgres:
            try await execute("ALTER TABLE access_log DISABLE TRIGGER USER")
        }
    }

    /// Makes every insert into the access log fail, as a full disk or broken table would.
    public func breakAccessLog() async throws {
        switch backend {
        case .sqlite:
            try await execute("CREATE TRIGGER access_log_broken BEFORE INSERT ON access_log BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")
        case .postgres:
            try await execute("CREATE TRIGGER access_log_broken BEFORE INSERT ON access_log FOR EACH ROW EXECUTE FUNCTION access_log_append_only()")
        }
    }
}

public struct TestSetupError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
