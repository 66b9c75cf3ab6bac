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

    @Test(arguments: TestBackend.available)
    func everyStatementFailureRollsBackCompletely(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let inspector = try await test.addUser("insp1", role: .supervisor, rank: .inspector)
            let context = test.context(inspector)
            let people = test.store.people
            let seed = try await people.create(
                PersonDraft(kind: .child, givenName: "Seed", familyName: "Child", notes: "Found safe."),
                context: context)
            var version = 1
            // Each step is one logical operation; the id of the record it works on is fixed up front.
            let steps: [(String, @Sendable () async throws -> Void)] = [
                (
                    "create",
                    {
                        _ = try await people.create(
                            PersonDraft(
                                kind: .child, givenName: "Kai", familyName: "Mensah",
                                notes: "Kai absconded."), acknowledgedLanguage: ["absconded"],
                            context: context)
                    }
                ),
                ("consult", { _ = try await people.consult(seed.id, purpose: .missingEpisode, context: context) }),
                ("search", { _ = try await people.search("seed", context: context) }),
                (
                    "disclose",
                    {
                        _ = try await people.disclose(
                            seed.id, recipient: "Lambeth CSC", purpose: .multiAgencySafeguarding,
                            purposeNote: "", context: context)
                    }
                ),
                (
                    "add user",
                    {
                        _ = try await test.store.accounts.addUser(
                            NewUser(
                                username: "u\(UUID().uuidString.prefix(8).lowercased())",
                                displayName: "U", role: .analyst, rank: .staff, team: "T",
                                borough: "B", password: TestStore.password),
                            by: .system("test"))
                    }
                ),
            ]
            var injections = 0
            for (name, step) in steps {
                // Count the statements the step runs, then fail each one in turn.
                test.store.database.faults.reset()
                try await step()
                let statements = test.store.database.faults.statementsExecuted
                #expect(statements > 0, "\(name) runs statements")
                for n in 1...statements {
                    let before = try await Self.snapshot(test)
                    test.store.database.faults.failStatement(number: n)
                    await #expect(throws: (any Error).self, "\(name): statement \(n) of \(statements)") { try await step() }
                    test.store.database.faults.reset()
                    let after = try await Self.snapshot(test)
                    #expect(before == after, "\(name): failing statement \(n) of \(statements) changed something")
                    injections += 1
                }
            }
            // Alter and erase change the seed record, so they run last with their own version tracking.
            for n in 1...40 {
                let before = try await Self.snapshot(test)
                test.store.database.faults.failStatement(number: n)
                let failed: Bool
                do {
                    _ = try await people.alter(seed.id, expectedVersion: version, patch: PersonPatch(notes: "note \(n)"), context: context)
                    failed = false
                } catch {
                    failed = true
                }
                test.store.database.faults.reset()
                if !failed {
                    version += 1
                    break
                }
                #expect(try await Self.snapshot(test) == before, "alter: failing statement \(n) changed something")
                injections += 1
            }
            for n in 1...40 {
                let before = try await Self.snapshot(test)
                test.store.database.faults.failStatement(number: n)
                do {
                    try await people.erase(seed.id, reason: .recordedInError, context: context)
                    test.store.database.faults.reset()
                    break
                } catch {
                    test.store.database.faults.reset()
                    #expect(try await Self.snapshot(test) == before, "erase: failing statement \(n) changed something")
                    injections += 1
                }
            }
            #expect(injections > 30)
            #expect(try await test.store.verifyAccessLog().isIntact)
            print("fault injection on \(backend): \(injections) failed statements, every one rolled back")
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
