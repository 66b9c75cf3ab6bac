import Foundation
import LanternCore
import LanternStore
import LanternTestSupport
import Testing

@Suite("Domestic abuse: the incidents a child was at")
struct DomesticAbuseChildTests {
    static let fridayNight = TestStore.instant("2026-11-27T21:00:00Z")

    @Test(arguments: TestBackend.available)
    func aChildsIncidentsShowTheirPresenceAndTheLatestLevel(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.fridayNight.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            let child = try await test.aChild(by: officer)
            let incident = try await test.anIncident(at: Self.fridayNight, children: [child], by: officer)
            let rules = test.store.domesticAbuse.rules
            let yes = Dictionary(uniqueKeysWithValues: rules.questions.prefix(14).map { ($0.id, DashAnswer.yes) })
            _ = try await test.store.domesticAbuse.assess(
                incident.record.incident.id, victimID: incident.victim.id, submission: DashSubmission(answers: yes), context: officer)
            let found = try await test.store.domesticAbuse.incidents(ofChild: child.id, purpose: .riskAssessment, context: officer)
            #expect(found.map(\.summary.reference) == [incident.record.incident.reference])
            #expect(found.first?.presence == .present)
            #expect(found.first?.summary.grade == .high)
        }
    }

    @Test(arguments: TestBackend.available)
    func readingAChildsIncidentsIsLoggedWithThePurpose(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.fridayNight.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            let child = try await test.aChild(by: officer)
            let incident = try await test.anIncident(at: Self.fridayNight, children: [child], by: officer)
            _ = try await test.store.domesticAbuse.incidents(ofChild: child.id, purpose: .riskAssessment, context: officer)
            let entry = try #require(try await test.store.accessLog.latest(1).first?.entry)
            #expect(entry.action == .consult)
            #expect(entry.purpose == .riskAssessment)
            #expect(Set(entry.recordIDs) == [child.id, incident.record.incident.id])
        }
    }

    @Test(arguments: TestBackend.available)
    func anIncidentWithARestrictedAdultIsNotListedForAnotherTeam(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.fridayNight.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            let outsider = try await test.signedIn("officer-b", role: .responseOfficer, team: "Team B", borough: "Camden")
            let child = try await test.aChild(by: officer)
            let hiddenSuspect = try await test.store.people.create(
                PersonDraft(kind: .suspect, givenName: "Lee", familyName: "Grant", restricted: true), context: officer)
            _ = try await test.anIncident(at: Self.fridayNight, suspect: hiddenSuspect, children: [child], by: officer)
            #expect(try await test.store.domesticAbuse.incidents(ofChild: child.id, context: officer).count == 1)
            #expect(try await test.store.domesticAbuse.incidents(ofChild: child.id, context: outsider).isEmpty)
        }
    }
}
