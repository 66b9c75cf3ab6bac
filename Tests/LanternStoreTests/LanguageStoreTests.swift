import Foundation
import LanternCore
import LanternStore
import LanternTestSupport
import SQLKit
import Testing

@Suite("Language findings on save")
struct LanguageStoreTests {
    static func count(_ test: TestStore, _ table: String, where condition: String = "1 = 1") async throws -> Int {
        try await test.store.database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE \(unsafeRaw: condition)").first()!
                .decode(column: "n", as: Int.self)
        }
    }

    @Test(arguments: TestBackend.available)
    func blamingNotesNeedAnAcknowledgementAndNothingIsSavedWithout(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.addUser("officer1", role: .responseOfficer)
            let draft = PersonDraft(
                kind: .child, givenName: "Amelia", familyName: "Hart",
                notes: "She keeps putting herself at risk. It's what she always does.")
            await #expect {
                _ = try await test.store.people.create(draft, context: test.context(officer))
            } throws: { error in
                guard let review = error as? LanguageReviewNeeded else { return false }
                return Set(review.unacknowledged.map(\.ruleID)) == ["putting-themselves-at-risk", "frequent-flyer"]
            }
            #expect(try await test.store.people.count() == 0)
            #expect(try await Self.count(test, "narratives") == 0)

            // Acknowledging only one of the two is not enough.
            await #expect(throws: LanguageReviewNeeded.self) {
                _ = try await test.store.people.create(draft, acknowledgedLanguage: ["frequent-flyer"], context: test.context(officer))
            }
            let person = try await test.store.people.create(
                draft, acknowledgedLanguage: ["frequent-flyer", "putting-themselves-at-risk"],
                context: test.context(officer))
            #expect(try await Self.count(test, "narratives", where: "record_id = '\(person.id)' AND findings = 2") == 1)
            #expect(try await Self.count(test, "language_findings", where: "acknowledged_by = '\(officer.id)'") == 2)
            let recorded = try await test.store.language.findings(forRecord: person.id)
            #expect(Set(recorded.map(\.phrase)) == ["putting herself at risk", "It's what she always does"])
        }
    }

    @Test(arguments: TestBackend.available)
    func quotationsAreRecordedButNeedNoAcknowledgement(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.addUser("officer1", role: .responseOfficer)
            let person = try await test.store.people.create(
                PersonDraft(kind: .child, givenName: "Leah", familyName: "Novak", notes: "Leah said \"he's my boyfriend\"."),
                context: test.context(officer))
            #expect(try await Self.count(test, "language_findings", where: "quotation = 1") == 1)
            #expect(try await Self.count(test, "narratives", where: "record_id = '\(person.id)' AND findings = 0") == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func changingNotesIsCheckedToo(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.addUser("officer1", role: .responseOfficer)
            let person = try await test.store.people.create(
                PersonDraft(kind: .child, givenName: "Kai", familyName: "Mensah"),
                context: test.context(officer))
            await #expect(throws: LanguageReviewNeeded.self) {
                _ = try await test.store.people.alter(
                    person.id, expectedVersion: 1, patch: PersonPatch(notes: "Kai absconded again."),
                    context: test.context(officer))
            }
            #expect(try await test.inspect(person.id).version == 1)
            _ = try await test.store.people.alter(
                person.id, expectedVersion: 1, patch: PersonPatch(notes: "Kai is missing from care again."),
                context: test.context(officer))
            // Changing other fields alone does not re-check the notes.
            _ = try await test.store.people.alter(
                person.id, expectedVersion: 2, patch: PersonPatch(familyName: "Mensah-Obi"),
                context: test.context(officer))
            #expect(try await Self.count(test, "narratives", where: "record_id = '\(person.id)'") == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func trendCountsPerThousandNarrativesByTeamAndMonth(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let a = try await test.addUser("officer1", role: .responseOfficer, team: "Team A")
            let b = try await test.addUser("officer2", role: .responseOfficer, team: "Team B")
            let supervisor = try await test.addUser("sup1", role: .supervisor, rank: .inspector, team: "Team A")
            test.clock.set(ISO8601DateFormatter().date(from: "2026-03-10T12:00:00Z")!)
            for i in 0..<4 {
                let blaming = i == 0
                let notes = blaming ? "Keeps putting herself at risk." : "Found safe at 01:00."
                _ = try await test.store.people.create(
                    PersonDraft(kind: .child, givenName: "C\(i)", familyName: "A", notes: notes),
                    acknowledgedLanguage: blaming ? ["putting-themselves-at-risk"] : [],
                    context: test.context(a))
            }
            test.clock.set(ISO8601DateFormatter().date(from: "2026-04-02T09:00:00Z")!)
            _ = try await test.store.people.create(
                PersonDraft(kind: .child, givenName: "D", familyName: "B", notes: "Streetwise."),
                acknowledgedLanguage: ["streetwise"], context: test.context(b))
            let trend = try await test.store.language.trend(
                groupedBy: .team, from: "2026-01", to: "2026-12",
                context: test.context(supervisor))
            #expect(trend.months == ["2026-03", "2026-04"])
            let cell = { (group: String, month: String) in trend.cells.first { ($0.group, $0.month) == (group, month) } }
            #expect(cell("Team A", "2026-03")?.perThousand == 250)
            #expect(cell("Team B", "2026-04")?.perThousand == 1000)
            #expect(trend.series(for: "Team A") == [250, 0])
            #expect(trend.topTerms.map(\.ruleID).sorted() == ["putting-themselves-at-risk", "streetwise"])
            await #expect(throws: AccessDenied.self) {
                _ = try await test.store.language.trend(groupedBy: .team, from: "2026-01", to: "2026-12", context: test.context(a))
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func bulkScanLogsEachPageAsAConsultation(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.addUser("officer1", role: .responseOfficer)
            for i in 0..<5 {
                _ = try await test.store.people.create(
                    PersonDraft(kind: .associate, givenName: "P", familyName: "N\(i)", notes: "note \(i)"),
                    context: test.context(officer))
            }
            let notes = try await test.store.people.scanNotes(
                context: AccessContext(actor: .system("scan"), requestID: "scan"),
                purpose: .dataQuality, pageSize: 2
            ) { $0.notes }
            #expect(notes.count == 5)
            let logged = try await test.store.accessLog.entries(requestID: "scan")
            #expect(logged.count == 3)
            #expect(logged.allSatisfy { $0.entry.action == .consult })
            #expect(logged.allSatisfy { $0.entry.purpose == .dataQuality })
            #expect(logged.flatMap(\.entry.recordIDs).count == 5)
        }
    }
}
