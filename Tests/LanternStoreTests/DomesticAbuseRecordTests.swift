import Foundation
import LanternCore
import LanternStore
import LanternTestSupport
import Testing

/// What the rest of the record learns from a domestic abuse incident.
@Suite("Domestic abuse: the child's record")
struct DomesticAbuseRecordTests {
    static let fridayNight = DomesticAbuseStoreTests.fridayNight

    /// An officer, a child, and an incident the child was at on Friday night; the clock an hour later.
    static func atAnIncident(_ test: TestStore) async throws -> (AccessContext, Person, RecordedIncident) {
        test.clock.set(fridayNight.addingTimeInterval(3600))
        let officer = try await test.anOfficer()
        let child = try await test.aChild(by: officer)
        return (officer, child, try await test.anIncident(at: fridayNight, children: [child], by: officer))
    }

    @Test(arguments: TestBackend.available)
    func aMissingReportPreAnswersAbuseAtHomeForAChildAtAnIncident(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (officer, child, incident) = try await Self.atAnIncident(test)
            test.clock.set(Self.fridayNight.addingTimeInterval(10 * 86_400))
            let record = try await test.store.missing.riskRecord(child: child.id, lastSeen: test.clock.now(), context: officer)
            let answer = try #require(record.answers.first { $0.questionID == "violence-or-abuse" })
            #expect(answer.value == .yes)
            #expect(answer.detail.contains(incident.record.incident.reference))
        }
    }

    @Test(arguments: TestBackend.available)
    func anIncidentBeforeTheHistoryWindowPreAnswersNothing(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (officer, child, _) = try await Self.atAnIncident(test)
            let window = Double(test.store.missing.rules.history.withinDays + 1) * 86_400
            test.clock.set(Self.fridayNight.addingTimeInterval(window))
            let record = try await test.store.missing.riskRecord(child: child.id, lastSeen: test.clock.now(), context: officer)
            #expect(!record.answers.contains { $0.questionID == "violence-or-abuse" })
        }
    }

    @Test(arguments: TestBackend.available)
    func anExploitationScreeningCountsDomesticAbuseAtHomeFromTheRecord(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (_, child, incident) = try await Self.atAnIncident(test)
            let investigator = try await test.anInvestigator()
            let preAnswered = try await test.store.exploitation.requireScreenable(child.id, context: investigator)
            #expect(preAnswered.map(\.indicatorID) == ["domestic-abuse"])
            let screening = try await test.store.exploitation.screen(
                child.id, answers: [], rationale: "Screened after the incident at home.", context: investigator)
            let answer = try #require(screening.answers.first { $0.indicatorID == "domestic-abuse" })
            #expect(answer.evidence.contains(incident.record.incident.reference))
            #expect(screening.result.score == 1)
        }
    }

    static func referral(_ child: Person, at: Date, agency: Agency = .childrensSocialCare) -> ChildSocialCareContact {
        ChildSocialCareContact(
            childID: child.id, kind: .referral, agency: agency, organisation: "Lambeth Children's Services", personName: "Duty social worker",
            at: at, method: .phone, summary: "Referred after police attended; both children were at home.")
    }

    @Test(arguments: TestBackend.available)
    func aChildNotReferredIsOnTheDataQualityQueueUntilTheyAre(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.fridayNight.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            let (amelia, noah) = (try await test.aChild(given: "Amelia", by: officer), try await test.aChild(given: "Noah", by: officer))
            let incident = try await test.anIncident(at: Self.fridayNight, children: [amelia, noah], by: officer)
            #expect(Set(try await test.store.domesticAbuse.socialCareGaps(context: officer).map(\.child.id)) == [amelia.id, noah.id])
            let told = try await test.store.domesticAbuse.recordSocialCareContact(
                incident.record.incident.id, Self.referral(amelia, at: test.clock.now()), context: officer)
            #expect(told.recordedBy == officer.actor.displayName)
            #expect(try await test.store.domesticAbuse.socialCareGaps(context: officer).map(\.child.id) == [noah.id])
            let entry = try #require(try await test.store.accessLog.latest(1).first?.entry)
            #expect(entry.recordIDs.contains(noah.id))
        }
    }

    @Test(arguments: TestBackend.available)
    func aReferralToAnAgencyThatIsNotTheLocalAuthorityIsRefused(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (officer, child, incident) = try await Self.atAnIncident(test)
            let failure = try await #require(throws: ValidationFailure.self) {
                _ = try await test.store.domesticAbuse.recordSocialCareContact(
                    incident.record.incident.id, Self.referral(child, at: test.clock.now(), agency: .health), context: officer)
            }
            #expect(failure.errors.map(\.field) == ["agency"])
            let record = try await test.store.domesticAbuse.incident(incident.record.incident.id, purpose: .domesticAbuse, context: officer)
            #expect(record.socialCare.isEmpty)
        }
    }

    @Test(arguments: TestBackend.available)
    func aChildWhoWasNotAtTheIncidentCannotBeReferredOnIt(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.fridayNight.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            let incident = try await test.anIncident(at: Self.fridayNight, children: [try await test.aChild(by: officer)], by: officer)
            let elsewhere = try await test.aChild(given: "Elsewhere", by: officer)
            let failure = try await #require(throws: ValidationFailure.self) {
                _ = try await test.store.domesticAbuse.recordSocialCareContact(
                    incident.record.incident.id, Self.referral(elsewhere, at: test.clock.now()), context: officer)
            }
            #expect(failure.errors.map(\.field) == ["childId"])
        }
    }
}
