import Foundation
import LanternCore
import LanternStore
import LanternTestSupport
import Testing

@Suite("Missing children: queues")
struct MissingQueueTests {
    /// Kai at high risk (an inspector's review) and Amelia at medium (a sergeant's), both reported by officer1 in Lambeth.
    static func twoOpenEpisodes(_ test: TestStore) async throws -> (high: MissingStore.ReportOutcome, medium: MissingStore.ReportOutcome) {
        let officer = try await test.anOfficer()
        let high = try await test.reportedEpisode(given: "Kai", family: "Mensah", yes: ["crime-or-abduction"], by: officer)
        let medium = try await test.reportedEpisode(yes: ["mental-health"], by: officer)
        return (high, medium)
    }

    @Test(arguments: TestBackend.available)
    func openEpisodesListTheHighestRiskFirst(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (high, medium) = try await Self.twoOpenEpisodes(test)
            let open = try await test.store.missing.openEpisodes(context: try await test.anOfficer())
            #expect(open.map(\.id) == [high.episode.id, medium.episode.id], "highest risk first")
        }
    }

    @Test(arguments: TestBackend.available)
    func aSergeantSeesOnlyTheSergeantLevelReview(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (_, medium) = try await Self.twoOpenEpisodes(test)
            let sergeant = try await test.signedIn("sergeant1", role: .supervisor, rank: .sergeant)
            #expect(
                try await test.store.missing.reviewQueue(context: sergeant).map(\.episode.id) == [medium.episode.id],
                "a sergeant sees the sergeant-level review only")
        }
    }

    @Test(arguments: TestBackend.available)
    func anInspectorSeesEveryReviewInTheirBorough(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await Self.twoOpenEpisodes(test)
            let inspector = try await test.signedIn("inspector1", role: .supervisor, rank: .inspector)
            #expect(try await test.store.missing.reviewQueue(context: inspector).count == 2)
        }
    }

    @Test(arguments: TestBackend.available)
    func anotherBoroughsInspectorSeesNoneOfThem(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await Self.twoOpenEpisodes(test)
            let elsewhere = try await test.signedIn("inspector2", role: .supervisor, rank: .inspector, team: "Croydon", borough: "Croydon")
            #expect(try await test.store.missing.reviewQueue(context: elsewhere).isEmpty, "another borough's queue")
        }
    }

    @Test(arguments: TestBackend.available)
    func overdueReviewsComeMostOverdueFirst(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (high, _) = try await Self.twoOpenEpisodes(test)
            let inspector = try await test.signedIn("inspector1", role: .supervisor, rank: .inspector)
            test.clock.advance(by: 3 * 3_600)
            let overdue = try await test.store.missing.reviewQueue(context: inspector)
            #expect(overdue.allSatisfy { $0.state.isOverdue })
            #expect(overdue.first?.episode.id == high.episode.id, "the most overdue first")
        }
    }

    @Test(arguments: TestBackend.available)
    func anEnquiryIsOnItsOwnersTaskList(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (_, medium) = try await Self.twoOpenEpisodes(test)
            let inspector = try await test.signedIn("inspector1", role: .supervisor, rank: .inspector)
            _ = try await test.store.missing.addEnquiry(
                medium.episode.id, title: "Check her friend's address", owner: "officer1",
                dueAt: test.clock.now().addingTimeInterval(3_600), context: inspector)
            let mine = try await test.store.missing.myTasks(context: try await test.anOfficer())
            #expect(mine.filter { $0.task.kind == .enquiry }.map(\.task.title) == ["Check her friend's address"])
        }
    }

    @Test(arguments: TestBackend.available)
    func theReportingOfficerOwnsThePNCCirculation(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await Self.twoOpenEpisodes(test)
            let mine = try await test.store.missing.myTasks(context: try await test.anOfficer())
            #expect(mine.contains { $0.task.kind == .pncCirculation }, "the officer who reported owns the PNC circulation step")
        }
    }

    @Test(arguments: TestBackend.available)
    func anEnquiryIsOwnedByAnActiveUser(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (_, medium) = try await Self.twoOpenEpisodes(test)
            let officer = try await test.anOfficer()
            await #expect(throws: ValidationFailure("owner", "No active Lantern user is called 'nobody'")) {
                _ = try await test.store.missing.addEnquiry(
                    medium.episode.id, title: "x", owner: "nobody",
                    dueAt: test.clock.now().addingTimeInterval(60), context: officer)
            }
        }
    }
}
