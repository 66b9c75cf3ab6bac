import Foundation
import LanternCore
import LanternStore
import LanternTestSupport
import SQLKit
import Testing

@Suite("Missing children: a report")
struct MissingReportTests {
    @Test(arguments: TestBackend.available)
    func aReportIsGradedAsTheChecklistRecommends(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let outcome = try await test.reportedEpisode(yes: ["mental-health"], by: try await test.anOfficer())
            #expect(outcome.episode.grade == .medium)
            #expect(outcome.assessment.decision.recommended == .medium)
        }
    }

    @Test(arguments: TestBackend.available)
    func aMediumRiskEpisodeGetsAReferenceAndASergeantsReviewWithinTwoHours(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let outcome = try await test.reportedEpisode(yes: ["mental-health"], by: try await test.anOfficer())
            #expect(outcome.episode.reference.hasPrefix("MP-"))
            #expect(outcome.episode.nextReview.rank == .sergeant)
            #expect(outcome.episode.nextReview.dueAt == outcome.episode.gradedAt.addingTimeInterval(7_200))
        }
    }

    @Test(arguments: TestBackend.available)
    func aReportStartsItsThreeClocks(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await test.reportedEpisode(yes: ["mental-health"], by: try await test.anOfficer())
            #expect(
                try await ClockJobs.pending(database: test.store.database) == 3,
                "a review clock, the LA-notification clock and the long-term missing clock")
        }
    }

    @Test(arguments: TestBackend.available)
    func aReportIsLoggedAsTheCreationOfAChildAndAnEpisode(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.addUser("officer1", role: .responseOfficer)
            _ = try await test.reportedEpisode(yes: ["mental-health"], by: test.context(officer, requestID: "r1"))
            let logged = try await test.store.accessLog.entries(requestID: "r1")
            #expect(Set(logged.map(\.entry.recordType)) == ["person", "missing-episode"])
            #expect(logged.allSatisfy { $0.entry.action == .create })
        }
    }

    @Test(arguments: TestBackend.available)
    func eachEpisodeHasItsOwnReference(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.anOfficer()
            let first = try await test.reportedEpisode(yes: ["mental-health"], by: officer)
            let second = try await test.reportedEpisode(by: officer)
            #expect(second.episode.reference != first.episode.reference)
        }
    }

    // MARK: Refused reports

    /// A refused report leaves no episode, child, assessment or clock behind.
    static func expectNothingSaved(_ test: TestStore) async throws {
        for table in ["missing_episodes", "people", "risk_assessments", "clock_jobs"] {
            #expect(try await count(test, table) == 0, "\(table) is untouched")
        }
    }

    @Test(arguments: TestBackend.available)
    func aLastSeenTimeInTheFutureIsRefused(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            var future = newReport(test)
            future.report.lastSeenAt = test.clock.now().addingTimeInterval(600)
            let officer = try await test.anOfficer()
            await #expect(throws: ValidationFailure.self) { _ = try await test.store.missing.report(future, context: officer) }
            try await Self.expectNothingSaved(test)
        }
    }

    @Test(arguments: TestBackend.available)
    func aGradeBelowTheRecommendationNeedsARationale(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.anOfficer()
            let override = newReport(test, yes: ["mental-health"], grade: .low, rationale: "")
            await #expect(throws: ValidationFailure("rationale", "Explain why you chose low when Lantern recommends medium (at least 20 characters)"))
            {
                _ = try await test.store.missing.report(override, context: officer)
            }
            try await Self.expectNothingSaved(test)
        }
    }

    @Test(arguments: TestBackend.available)
    func circumstancesThatBlameTheChildAreSentBackForReview(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.anOfficer()
            let blaming = newReport(test, circumstances: "She is putting herself at risk again.")
            await #expect(throws: LanguageReviewNeeded.self) { _ = try await test.store.missing.report(blaming, context: officer) }
            try await Self.expectNothingSaved(test)
        }
    }

    @Test(arguments: TestBackend.available)
    func anAnalystCannotReportAChildMissing(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let analyst = try await test.signedIn("analyst1", role: .analyst, rank: .staff)
            await #expect(throws: AccessDenied.self) { _ = try await test.reportedEpisode(by: analyst) }
            try await Self.expectNothingSaved(test)
        }
    }

    @Test(arguments: TestBackend.available)
    func aReportNamesAKnownChildOrANewOneNotBoth(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.anOfficer()
            var both = newReport(test)
            both.childID = "someone"
            await #expect(throws: ValidationFailure.self) { _ = try await test.store.missing.report(both, context: officer) }
            try await Self.expectNothingSaved(test)
        }
    }
}

@Suite("Missing children: repeat missing")
struct RepeatMissingTests {
    static func officers(_ test: TestStore) async throws -> [AccessContext] {
        [try await test.anOfficer(), try await test.signedIn("officer2", role: .responseOfficer, team: "Croydon", borough: "Croydon")]
    }

    @Test(arguments: TestBackend.available)
    func aSecondReportWhileTheChildIsStillMissingPointsToTheOpenEpisode(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officers = try await Self.officers(test)
            let first = try await test.reportedEpisode(by: officers[0])
            await #expect(throws: AlreadyMissing(episodeID: first.episode.id, reference: first.episode.reference)) {
                _ = try await test.reportedEpisode(childID: first.child.id, by: officers[1])
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aSecondEpisodeIsCountedButNotFlagged(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let second = try await test.repeatedEpisodes(daysApart: [30], by: try await Self.officers(test))[1]
            #expect(!second.repeatMissing.flagged)
            #expect(second.repeatMissing.count == 2)
            #expect(second.episode.grade == .low, "missing once before this year: never very low")
        }
    }

    @Test(arguments: TestBackend.available)
    func aThirdEpisodeIn90DaysAcrossBoroughsIsRepeatMissingAndAtLeastMedium(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let third = try await test.repeatedEpisodes(daysApart: [30, 30], by: try await Self.officers(test))[2]
            #expect(third.repeatMissing.flagged)
            #expect(third.repeatMissing.count == 3)
            #expect(third.episode.grade >= .medium, "a repeat-missing child is at least medium")
        }
    }

    @Test(arguments: TestBackend.available)
    func aRepeatMissingChildFoundIsQueuedForScreeningAndAlerted(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officers = try await Self.officers(test)
            let third = try await test.repeatedEpisodes(daysApart: [30, 30], by: officers)[2]
            try await test.foundEpisode(third.episode.id, by: officers[0])
            #expect(try await count(test, "screening_queue", where: "child_id", third.child.id) == 1)
            let record = try await test.store.missing.episode(third.episode.id, purpose: .missingEpisode, context: officers[0])
            #expect(record.history.count == 3)
            #expect(record.alerts.contains { $0.kind == .repeatMissing })
        }
    }

    /// A fourth episode while the child still waits: one repeat-missing reason, now saying 4, not "3" and "4" one above the other.
    @Test(arguments: TestBackend.available)
    func aFourthEpisodeRewordsTheWaitingScreeningReason(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let fourth = try await test.repeatedEpisodes(daysApart: [30, 30, 10], by: try await Self.officers(test))[3]
            #expect(fourth.repeatMissing.flagged)
            #expect(fourth.repeatMissing.count == 4)
            let waiting = try await test.store.database.read { sql in
                try await sql.select().columns("reason", "source_episode_id").from("screening_queue").where("child_id", .equal, fourth.child.id).all()
                    .map { (try $0.decode(column: "reason", as: String.self), try $0.decode(column: "source_episode_id", as: String?.self)) }
            }
            #expect(waiting.map(\.0) == ["Repeat missing: 4 episodes in 90 days"])
            #expect(waiting.first?.1 == fourth.episode.id)
        }
    }

    @Test(arguments: TestBackend.available)
    func episodesOutsideThe90DayWindowAreNotRepeatMissing(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let later = try await test.repeatedEpisodes(daysApart: [30, 30, 10, 100], by: try await Self.officers(test))[4]
            #expect(!later.repeatMissing.flagged, "outside the 90-day window")
        }
    }
}
