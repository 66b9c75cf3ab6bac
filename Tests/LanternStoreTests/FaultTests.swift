import Foundation
import LanternCore
import LanternStore
import LanternTestSupport
import SQLKit
import Testing

/// Faults at every statement: each failure rolls back completely and changes nothing.
@Suite("Faults")
struct FaultTests {
    /// Everything a failed operation could have touched, to compare before and after.
    static func snapshot(_ test: TestStore) async throws -> [String] {
        var state: [String] = []
        for table in ["users", "sessions", "people", "people_changes", "access_log", "narratives", "language_findings"] {
            let n = try await test.store.database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.decode(column: "n", as: Int.self)
            }
            state.append("\(table)=\(n)")
        }
        let head = try await test.store.database.read { sql in
            try await sql.raw("SELECT seq, hash FROM access_log_head").first().map {
                "\(try $0.decode(column: "seq", as: Int.self)):\(try $0.decode(column: "hash", as: String.self))"
            } ?? "none"
        }
        let people = try await test.store.database.read { sql in
            try await sql.raw("SELECT id, given_name, family_name, notes, version, erased_at_ms FROM people ORDER BY id").all().map {
                "\(try $0.decode(column: "id", as: String.self))|\(try $0.decode(column: "given_name", as: String.self))|"
                    + "\(try $0.decode(column: "notes", as: String.self))|\(try $0.decode(column: "version", as: Int.self))|"
                    + "\(String(describing: try $0.decode(column: "erased_at_ms", as: Int64?.self)))"
            }
        }
        return state + ["head=\(head)"] + people
    }

    /// The operations whose every statement is failed in turn, each on a store with an inspector and a seed record.
    enum Operation: String, CaseIterable, Sendable, CustomStringConvertible {
        case create, consult, search, disclose
        case addUser = "add user"

        var description: String { rawValue }

        func run(_ test: TestStore, seed: Person, _ context: AccessContext) async throws {
            let people = test.store.people
            switch self {
            case .create:
                _ = try await people.create(
                    PersonDraft(kind: .child, givenName: "Kai", familyName: "Mensah", notes: "Kai absconded."),
                    acknowledgedLanguage: ["absconded"], context: context)
            case .consult:
                _ = try await people.consult(seed.id, purpose: .missingEpisode, context: context)
            case .search:
                _ = try await people.search("seed", context: context)
            case .disclose:
                _ = try await people.disclose(
                    seed.id, recipient: "Lambeth CSC", purpose: .multiAgencySafeguarding, purposeNote: "", context: context)
            case .addUser:
                _ = try await test.store.accounts.addUser(
                    NewUser(
                        username: "u\(UUID().uuidString.prefix(8).lowercased())", displayName: "U", role: .analyst, rank: .staff,
                        team: "T", borough: "B", password: TestStore.password),
                    by: .system("test"))
            }
        }
    }

    /// An inspector's context and the seed record the operations work on.
    static func seeded(_ test: TestStore) async throws -> (context: AccessContext, seed: Person) {
        let context = try await test.anInspector()
        let seed = try await test.store.people.create(
            PersonDraft(kind: .child, givenName: "Seed", familyName: "Child", notes: "Found safe."), context: context)
        return (context, seed)
    }

    /// How many statements `body` runs.
    static func statements(_ test: TestStore, _ body: () async throws -> Void) async throws -> Int {
        test.store.database.faults.reset()
        try await body()
        return test.store.database.faults.statementsExecuted
    }

    /// Fails statement 1, 2, ... of `body` until it succeeds, checking after each failure that nothing changed;
    /// returns how many statements were failed.
    static func failEachStatementUntilItSucceeds(_ test: TestStore, _ name: String, _ body: () async throws -> Void) async throws -> Int {
        var injections = 0
        for n in 1...40 {
            let before = try await Self.snapshot(test)
            test.store.database.faults.failStatement(number: n)
            do {
                try await body()
                test.store.database.faults.reset()
                break
            } catch {
                test.store.database.faults.reset()
                #expect(try await Self.snapshot(test) == before, "\(name): failing statement \(n) changed something")
                injections += 1
            }
        }
        return injections
    }

    @Test("Failing any statement of an operation rolls it back completely", arguments: TestBackend.available, Operation.allCases)
    func everyStatementFailureRollsBackCompletely(backend: TestBackend, operation: Operation) async throws {
        try await TestStore.with(backend) { test in
            let (context, seed) = try await Self.seeded(test)
            // Count the statements the operation runs, then fail each one in turn.
            let statements = try await Self.statements(test) { try await operation.run(test, seed: seed, context) }
            #expect(statements > 0, "\(operation) runs statements")
            for n in 1...max(statements, 1) {
                let before = try await Self.snapshot(test)
                test.store.database.faults.failStatement(number: n)
                await #expect(throws: (any Error).self, "\(operation): statement \(n) of \(statements)") {
                    try await operation.run(test, seed: seed, context)
                }
                test.store.database.faults.reset()
                let after = try await Self.snapshot(test)
                #expect(before == after, "\(operation): failing statement \(n) of \(statements) changed something")
            }
            #expect(try await test.store.verifyAccessLog().isIntact)
        }
    }

    @Test("Failing any statement of a change to a record rolls it back completely", arguments: TestBackend.available)
    func everyStatementFailureOfAChangeRollsBack(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (context, seed) = try await Self.seeded(test)
            var n = 0
            let injections = try await Self.failEachStatementUntilItSucceeds(test, "alter") {
                n += 1
                _ = try await test.store.people.alter(seed.id, expectedVersion: 1, patch: PersonPatch(notes: "note \(n)"), context: context)
            }
            #expect(injections > 0)
            #expect(try await test.store.verifyAccessLog().isIntact)
        }
    }

    @Test("Failing any statement of an erasure rolls it back completely", arguments: TestBackend.available)
    func everyStatementFailureOfAnErasureRollsBack(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (context, seed) = try await Self.seeded(test)
            let injections = try await Self.failEachStatementUntilItSucceeds(test, "erase") {
                try await test.store.people.erase(seed.id, reason: .recordedInError, context: context)
            }
            #expect(injections > 0)
            #expect(try await test.store.verifyAccessLog().isIntact)
        }
    }

    @Test("The operations under fault injection run more than 30 statements between them", arguments: TestBackend.available)
    func faultInjectionReachesEnoughStatements(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (context, seed) = try await Self.seeded(test)
            var total = 0
            for operation in Operation.allCases {
                total += try await Self.statements(test) { try await operation.run(test, seed: seed, context) }
            }
            total += try await Self.statements(test) {
                _ = try await test.store.people.alter(seed.id, expectedVersion: 1, patch: PersonPatch(notes: "note"), context: context)
            }
            total += try await Self.statements(test) { try await test.store.people.erase(seed.id, reason: .recordedInError, context: context) }
            #expect(total > 30)
            print("fault injection on \(backend): \(total) statements, each failed in turn by the tests above")
        }
    }

    @Test func aFullDiskRefusesWritesAndRecoversWithoutARestart() async throws {
        try await TestStore.with(.sqlite) { test in
            let officer = try await test.addUser("officer1", role: .responseOfficer)
            let pages = try await test.store.database.transaction { sql in
                try await sql.raw("PRAGMA page_count").first()!.decode(column: "page_count", as: Int.self)
            }
            try await test.execute("PRAGMA max_page_count = \(pages + 3)")
            let big = String(repeating: "Found safe and well; return interview offered. ", count: 400)
            var saved = 0
            var refused: (any Error)?
            for i in 0..<50 {
                do {
                    _ = try await test.store.people.create(
                        PersonDraft(kind: .associate, givenName: "P", familyName: "N\(i)", notes: big),
                        context: test.context(officer))
                    saved += 1
                } catch {
                    refused = error
                    break
                }
            }
            #expect(refused is DatabaseUnavailable, "\(String(describing: refused))")
            let before = try await Self.snapshot(test)
            await #expect(throws: DatabaseUnavailable.self) {
                _ = try await test.store.people.create(
                    PersonDraft(kind: .associate, givenName: "Q", familyName: "Q", notes: big),
                    context: test.context(officer))
            }
            #expect(try await Self.snapshot(test) == before, "a refused write leaves nothing behind")
            try await test.execute("PRAGMA max_page_count = 1073741823")
            _ = try await test.store.people.create(
                PersonDraft(kind: .associate, givenName: "R", familyName: "R", notes: big),
                context: test.context(officer))
            #expect(try await test.store.people.count() == saved + 1)
            #expect(try await test.store.database.integrityCheck() == "ok")
            #expect(try await test.store.verifyAccessLog().isIntact)
        }
    }
}
