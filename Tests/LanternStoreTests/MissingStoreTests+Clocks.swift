import Foundation
import LanternCore
import LanternStore
import LanternTestSupport
import Testing

@Suite("Missing children: clocks")
struct MissingClockTests {
    /// A high-risk episode (crime or abduction) whose inspector review went unmet: the clock run an hour and a minute
    /// after the report, and, with `twoHours`, again an hour later.
    static func overdueHighRiskEpisode(_ test: TestStore, twoHours: Bool = false) async throws -> (MissingStore.ReportOutcome, fired: [Int]) {
        let outcome = try await test.reportedEpisode(yes: ["crime-or-abduction"], by: try await test.anOfficer())
        test.clock.advance(by: 61 * 60)
        var fired = [try await test.store.runDueClocks()]
        if twoHours {
            test.clock.advance(by: 60 * 60)
            fired.append(try await test.store.runDueClocks())
        }
        return (outcome, fired)
    }

    @Test(arguments: TestBackend.available)
    func aHighRiskReviewIsNotOverdueAtOnce(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let outcome = try await test.reportedEpisode(yes: ["crime-or-abduction"], by: try await test.anOfficer())
            #expect(outcome.episode.grade == .high)
            #expect(try await test.store.runDueClocks() == 0, "nothing is due yet")
        }
    }

    @Test(arguments: TestBackend.available)
    func anOverdueReviewEscalatesToTheChiefInspectorOnce(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (outcome, fired) = try await Self.overdueHighRiskEpisode(test)
            #expect(fired == [1], "the inspector review is overdue")
            #expect(try await test.store.runDueClocks() == 0, "a clock never fires twice")
            let record = try await test.store.missing.episode(outcome.episode.id, purpose: .supervisionReview, context: try await test.anOfficer())
            let alert = try #require(record.alerts.first { $0.kind == .reviewOverdue })
            #expect(alert.detail.contains("chief inspector"))
        }
    }

    /// The escalation hands the review to the chief inspector, at the top of their queue.
    @Test(arguments: TestBackend.available)
    func anEscalatedReviewTopsTheChiefInspectorsQueue(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (outcome, _) = try await Self.overdueHighRiskEpisode(test)
            let chief = try await test.signedIn("chinsp1", role: .supervisor, rank: .chiefInspector)
            let forChief = try await test.store.missing.reviewQueue(context: chief)
            #expect(forChief.first?.episode.id == outcome.episode.id)
            #expect(forChief.first?.escalatedToYou == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func theInspectorCanStillDoAnEscalatedReview(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await Self.overdueHighRiskEpisode(test)
            let inspector = try await test.anInspector()
            let forInspector = try await test.store.missing.reviewQueue(context: inspector)
            #expect(forInspector.first.map { !$0.escalatedToYou } == true, "not escalated to the inspector")
            #expect(forInspector.first?.responsibleRank == .chiefInspector, "still open to the rank it was set for")
        }
    }

    @Test(arguments: TestBackend.available)
    func theHomePageCountsAnEscalatedReviewForTheChiefInspectorAndAsOverdueForTheInspector(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await Self.overdueHighRiskEpisode(test)
            let inspector = try await test.anInspector()
            let chief = try await test.signedIn("chinsp1", role: .supervisor, rank: .chiefInspector)
            #expect(try await test.store.missing.counts(context: chief)["reviewsEscalatedToYou"] == 1)
            #expect(try await test.store.missing.counts(context: inspector)["reviewsEscalatedToYou"] == 0)
            #expect(try await test.store.missing.counts(context: inspector)["reviewsOverdue"] == 1)
        }
    }

    /// Two hours after the report: the LA-notification clock and the next escalation, each once.
    @Test(arguments: TestBackend.available)
    func twoHoursOnTheLocalAuthorityNotificationAndTheNextEscalationFireOnce(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (outcome, fired) = try await Self.overdueHighRiskEpisode(test, twoHours: true)
            #expect(fired == [1, 2])
            let again = try await test.store.missing.episode(outcome.episode.id, purpose: .supervisionReview, context: try await test.anOfficer())
            #expect(again.alerts.filter { $0.kind == .reviewOverdue }.count == 2)
            #expect(again.alerts.contains { $0.kind == .localAuthorityNotMissing })
        }
    }

    /// The data-quality queue lists an episode the local authority has not been told of until the notification is recorded.
    @Test(arguments: TestBackend.available)
    func anEpisodeStaysOnTheDataQualityQueueUntilTheLocalAuthorityIsTold(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (outcome, _) = try await Self.overdueHighRiskEpisode(test, twoHours: true)
            let officer = try await test.anOfficer()
            #expect(try await test.store.missing.dataQualityQueue(context: officer).map(\.episode.id) == [outcome.episode.id])
            #expect(try await test.store.missing.counts(context: officer)["localAuthorityNotNotified"] == 1)
            try await test.localAuthorityTold(outcome.episode.id, summary: "Told them he is missing.", by: officer)
            #expect(try await test.store.missing.dataQualityQueue(context: officer).isEmpty)
        }
    }

    /// Clocks live in the database: every one pending when the server stopped fires once after it starts,
    /// however long it was down, and none fires twice. On both engines, with the interview clocks too.
    @Test(arguments: TestBackend.available)
    func clocksPendingAtShutdownFireAfterRestart(backend: TestBackend) async throws {
        let first = try await TestStore.make(backend)
        let officer = first.context(try await first.addUser("officer1", role: .responseOfficer))
        // One episode open (its review and LA-notification clocks), one found (its two interview clocks).
        let open = try await first.reportedEpisode(given: "Kai", family: "Mensah", by: officer)
        let found = try await first.reportedEpisode(given: "Leah", family: "Novak", yes: ["crime-or-abduction"], by: officer)
        try await first.foundEpisode(found.episode.id, place: "Croydon", condition: "Well", by: officer)
        #expect(try await first.store.runDueClocks() == 0, "nothing is due before the restart")
        first.clock.advance(by: 4 * 86_400)  // the server was down past every deadline
        let second = try await first.restarted()
        do {
            let fired = try await second.store.runDueClocks()
            #expect(try await second.store.runDueClocks() == 0, "a clock never fires twice")
            let kai = try await second.store.missing.episode(open.episode.id, purpose: .supervisionReview, context: officer)
            #expect(kai.alerts.contains { $0.kind == .reviewOverdue })
            #expect(kai.alerts.contains { $0.kind == .localAuthorityNotMissing })
            let leah = try await second.store.missing.episode(found.episode.id, purpose: .supervisionReview, context: officer)
            #expect(leah.alerts.contains { $0.kind == .preventionInterviewOverdue }, "the prevention interview deadline passed while down")
            #expect(leah.alerts.contains { $0.kind == .returnInterviewOverdue }, "and the 72-hour return home interview clock")
            #expect(fired >= 5, "at least Kai's review and both LA notifications, and Leah's two interviews: \(fired)")
        } catch {
            await second.tearDown()
            throw error
        }
        await second.tearDown()
    }
}
