import Foundation
import LanternCore
import LanternStore
import LanternTestSupport
import Testing

/// A medium-risk episode (medical needs, an inspector's review) from report to closure and the return home
/// interview after it. Each test walks it to the step it is about, through `walk(_:to:)`.
@Suite("Missing children: review, found, interviews and closure")
struct MissingClosureTests {
    enum Step: Int, Comparable, CaseIterable {
        case reported, reviewed, localAuthorityTold, found, interviewsRecorded, returnReviewed, closed, returnInterviewDone
        static func < (a: Step, b: Step) -> Bool { a.rawValue < b.rawValue }
    }

    struct Walk {
        var test: TestStore
        var officer: AccessContext
        var sergeant: AccessContext
        var inspector: AccessContext
        var mash: AccessContext
        var coordinator: AccessContext
        var outcome: MissingStore.ReportOutcome
        var review: SupervisoryReview?
        var found: EpisodeRecord?
        var closed: MissingEpisode?
        var id: String { outcome.episode.id }
    }

    static func walk(_ test: TestStore, to step: Step) async throws -> Walk {
        var walk = try await reported(test)
        for next in Step.allCases where next > .reported && next <= step {
            try await take(next, &walk, test)
        }
        return walk
    }

    /// The child reported missing with medical needs (medium risk), and the people who act on the episode.
    static func reported(_ test: TestStore) async throws -> Walk {
        let officer = try await test.anOfficer()
        return Walk(
            test: test, officer: officer, sergeant: try await test.signedIn("sergeant1", role: .supervisor, rank: .sergeant),
            inspector: try await test.signedIn("inspector1", role: .supervisor, rank: .inspector),
            mash: try await test.signedIn("mash1", role: .partnership, rank: .staff),
            coordinator: try await test.signedIn("coord1", role: .missingPersonsCoordinator, rank: .staff),
            outcome: try await test.reportedEpisode(yes: ["medical-needs"], by: officer))
    }

    static func take(_ step: Step, _ walk: inout Walk, _ test: TestStore) async throws {
        let id = walk.id
        switch step {
        case .reported: break
        case .reviewed:
            // Half an hour on, the inspector raises the grade to high.
            test.clock.advance(by: 30 * 60)
            walk.review = try await test.store.missing.review(
                id, grade: .high, rationale: "", direction: "Check the hospitals and her phone.", context: walk.inspector)
        case .localAuthorityTold:
            try await test.localAuthorityTold(id, reference: "LCS-1", by: walk.officer)
        case .found: try await find(&walk, test)
        case .interviewsRecorded: try await recordInterviews(walk, test)
        case .returnReviewed:
            _ = try await test.store.missing.review(
                id, grade: .high, rationale: "", direction: "Make sure the RHI happens; MASH referral.", context: walk.inspector)
            try await test.localAuthorityTold(id, summary: "Told them she is back home.", reference: "LCS-2", notifies: false, by: walk.officer)
        case .closed:
            walk.closed = try await test.store.missing.close(id, context: walk.coordinator)
        case .returnInterviewDone:
            let found = try #require(walk.found)
            _ = try await test.store.missing.recordTaskResult(
                id, taskID: try #require(found.returnInterview).id, outcome: .completed,
                result: "Seen at home by the RHI worker.", childSaid: "", conductedBy: "Lambeth RHI service",
                at: nil, context: walk.mash)
        }
    }

    /// Three hours on, the child found by police at Croydon bus station with an unknown man, ten minutes before.
    static func find(_ walk: inout Walk, _ test: TestStore) async throws {
        test.clock.advance(by: 3 * 3_600)
        walk.found = try await test.store.missing.recordFound(
            walk.id,
            FoundRecord(
                foundAt: test.clock.now().addingTimeInterval(-600), place: "Croydon bus station", postcode: "cr0 1aa",
                withWhom: ["Unknown adult male"],
                condition: "Cold and tired", howFound: .foundByPolice, childSaid: "I was scared to go home."), context: walk.officer)
    }

    /// The return home interview offered by the MASH, and the prevention interview done by the officer.
    static func recordInterviews(_ walk: Walk, _ test: TestStore) async throws {
        let found = try #require(walk.found)
        _ = try await test.store.missing.recordTaskResult(
            walk.id, taskID: try #require(found.returnInterview).id, outcome: .offered,
            result: "Offered by phone", childSaid: "", conductedBy: "Lambeth RHI service", at: nil,
            context: walk.mash)
        _ = try await test.store.missing.recordTaskResult(
            walk.id, taskID: try #require(found.preventionInterview).id, outcome: .completed,
            result: "Safe and well at home.", childSaid: "I want to stay at my nan's.",
            conductedBy: "PC One", at: nil, context: walk.officer)
    }

    @Test(arguments: TestBackend.available)
    func aHighRiskReviewNeedsAnInspector(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let walk = try await Self.walk(test, to: .reported)
            await #expect(throws: ValidationFailure("grade", "This review needs a supervisor of inspector rank or above")) {
                _ = try await test.store.missing.review(
                    walk.id, grade: .high, rationale: "", direction: "Check the hospitals",
                    context: walk.sergeant)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func anOfficerCannotReviewAnEpisode(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let walk = try await Self.walk(test, to: .reported)
            await #expect(throws: AccessDenied.self) {
                _ = try await test.store.missing.review(walk.id, grade: .high, rationale: "", direction: "x", context: walk.officer)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aReviewWithinTheHourKeepingTheGradeIsNeitherLateNorARegrade(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let review = try #require(try await Self.walk(test, to: .reviewed).review)
            #expect(!review.late)
            #expect(!review.regraded)
        }
    }

    @Test(arguments: TestBackend.available)
    func anEpisodeCannotCloseBeforeTheLocalAuthorityIsTold(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let walk = try await Self.walk(test, to: .reviewed)
            await #expect(throws: ValidationFailure.self, "the local authority has not been told") {
                _ = try await test.store.missing.close(walk.id, context: walk.coordinator)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aFoundChildsEpisodeIsFoundWithItsPostcodeTidied(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let found = try #require(try await Self.walk(test, to: .found).found)
            #expect(found.episode.status == .found)
            #expect(found.found?.postcode == "CR0 1AA")
        }
    }

    @Test(arguments: TestBackend.available)
    func findingAHighRiskChildSetsAPreventionInterviewWithinTheHourAndAReturnInterviewWithin72Hours(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let found = try #require(try await Self.walk(test, to: .found).found)
            let foundAt = try #require(found.found?.foundAt)
            #expect(try #require(found.returnInterview).dueAt == foundAt.addingTimeInterval(72 * 3_600))
            #expect(try #require(found.preventionInterview).dueAt == foundAt.addingTimeInterval(3_600), "high risk: within the hour")
        }
    }

    @Test(arguments: TestBackend.available)
    func findingTheChildLeavesTheInterviewAndTheReturnToReviewBeforeClosure(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let found = try #require(try await Self.walk(test, to: .found).found)
            #expect(found.unmetForClosure.map(\.field) == ["preventionInterview", "returnReview", "returnNotification"])
            #expect(found.episode.needsReview, "finding the child does not cancel the review: the return is reviewed")
        }
    }

    @Test(arguments: TestBackend.available)
    func aCompletedInterviewNeedsAResultAndWhoConductedIt(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let walk = try await Self.walk(test, to: .found)
            let rhi = try #require(walk.found?.returnInterview)
            await #expect(throws: ValidationFailure.self) {
                _ = try await test.store.missing.recordTaskResult(
                    walk.id, taskID: rhi.id, outcome: .completed, result: "", childSaid: "",
                    conductedBy: "", at: nil, context: walk.mash)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func anEpisodeCannotCloseUntilTheReturnIsReviewedAndTheLocalAuthorityToldOfIt(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let walk = try await Self.walk(test, to: .interviewsRecorded)
            await #expect(throws: ValidationFailure.self, "the return is not reviewed and the local authority not told of it") {
                _ = try await test.store.missing.close(walk.id, context: walk.coordinator)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func closingCancelsEveryClockButTheReturnHomeInterviews(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let walk = try await Self.walk(test, to: .closed)
            #expect(walk.closed?.status == .closed)
            #expect(try await ClockJobs.pending(database: test.store.database) == 1, "closing cancels every clock but the return home interview's")
            let rhi = try #require(walk.found?.returnInterview)
            #expect(
                try await test.store.missing.interviewQueue(context: walk.mash).contains { $0.task.id == rhi.id },
                "the return home interview is tracked past closure")
        }
    }

    @Test(arguments: TestBackend.available)
    func theReturnHomeInterviewDoneAfterClosureLeavesNothingPending(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let walk = try await Self.walk(test, to: .returnInterviewDone)
            #expect(try await test.store.missing.interviewQueue(context: walk.mash).isEmpty)
            #expect(try await ClockJobs.pending(database: test.store.database) == 0)
        }
    }

    @Test(arguments: TestBackend.available)
    func aClosedEpisodeTakesNoMoreSightings(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let walk = try await Self.walk(test, to: .returnInterviewDone)
            await #expect(throws: ValidationFailure.self, "nothing more on a closed episode") {
                _ = try await test.store.missing.addSighting(
                    walk.id, Sighting(at: test.clock.now(), place: "x", reportedBy: "y", detail: ""),
                    context: walk.officer)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func whatTheChildSaidWhenFoundAndInterviewedJoinsTheirRecord(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let walk = try await Self.walk(test, to: .returnInterviewDone)
            let child = try await test.store.children.record(walk.outcome.child.id, purpose: .missingEpisode, context: walk.officer)
            #expect(child.voices.map(\.words).contains("I want to stay at my nan's."))
            #expect(child.voices.map(\.words).contains("I was scared to go home."))
        }
    }

    /// The interviews join the child's record: outcome, who, what was found, even with no words to quote.
    @Test(arguments: TestBackend.available)
    func theInterviewsJoinTheChildsRecord(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let walk = try await Self.walk(test, to: .returnInterviewDone)
            let child = try await test.store.children.record(walk.outcome.child.id, purpose: .missingEpisode, context: walk.officer)
            #expect(child.interviews.count == 2)
            let offered = try #require(child.interviews.first { $0.kind == .returnHomeInterview })
            #expect(offered.outcome == .completed)
            #expect(offered.completedBy == "Lambeth RHI service")
            #expect(child.interviews.first { $0.kind == .preventionInterview }?.childSaid == "I want to stay at my nan's.")
        }
    }
}
