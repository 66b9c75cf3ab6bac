import Foundation
import LanternCore
import LanternStore
import LanternTestSupport
import Testing

@Suite("Domestic abuse: MARAC and the clocks over a weekend")
struct DomesticAbuseMaracTests {
    static let fridayNight = DomesticAbuseStoreTests.fridayNight
    static let mondayMorning = DomesticAbuseStoreTests.mondayMorning

    /// A Friday-night incident assessed high at 22:00: MARAC due Saturday 22:00, the school told by Monday 08:30.
    static func assessedHigh(_ test: TestStore) async throws -> (RecordedIncident, AccessContext) {
        test.clock.set(fridayNight.addingTimeInterval(3600))
        let officer = try await test.anOfficer()
        let incident = try await test.anIncident(at: fridayNight, children: [try await test.aChild(by: officer)], by: officer)
        _ = try await test.store.domesticAbuse.assess(
            incident.record.incident.id, victimID: incident.victim.id,
            submission: DomesticAbuseStoreTests.answers(yes: 15, test.store.domesticAbuse.rules), context: officer)
        return (incident, officer)
    }

    @Test(arguments: TestBackend.available)
    func theMaracAndEncompassClocksRunAcrossTheWeekend(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (_, officer) = try await Self.assessedHigh(test)
            let rules = test.store.domesticAbuse.rules
            func states() async throws -> (MaracState?, EncompassState?) {
                let now = test.clock.now()
                let marac = try await test.store.domesticAbuse.maracDue(context: officer).first
                return (
                    marac.map { Marac.state(of: $0, at: now, rules: rules) },
                    try await test.store.domesticAbuse.encompassDue(context: officer).first?.state
                )
            }
            test.clock.set(TestStore.instant("2026-11-28T12:00:00Z"))
            let saturday = try await states()
            #expect(saturday.0 == .due(in: 10 * 3600))
            #expect(saturday.1 == .due(in: Self.mondayMorning.timeIntervalSince(test.clock.now())))
            // Sunday 03:00: five hours past the referral's deadline, two four-hour steps up; the school day has not begun.
            test.clock.set(TestStore.instant("2026-11-29T03:00:00Z"))
            let sunday = try await states()
            #expect(sunday.0 == .overdue(by: 5 * 3600, level: 2))
            #expect(sunday.1 == .due(in: Self.mondayMorning.timeIntervalSince(test.clock.now())))
            // Monday 10:31: the school should have been told two hours and a minute ago: three hourly steps up.
            test.clock.set(TestStore.instant("2026-11-30T10:31:00Z"))
            let monday = try await states()
            #expect(monday.1 == .overdue(by: 121 * 60, level: 3))
        }
    }

    @Test(arguments: TestBackend.available)
    func aReferralIsMadeThenHeardThenItsActionsDone(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (incident, officer) = try await Self.assessedHigh(test)
            let da = test.store.domesticAbuse
            let referral = try #require(try await da.maracDue(context: officer).first)
            test.clock.set(TestStore.instant("2026-11-28T09:00:00Z"))
            let referred = try await da.maracReferred(referral.id, at: test.clock.now(), version: 1, context: officer)
            #expect(referred.version == 2)
            #expect(try await da.maracDue(context: officer).isEmpty)
            let meeting = TestStore.instant("2026-12-03T10:00:00Z")
            let heard = try await da.maracMeeting(referral.id, at: meeting, version: 2, context: officer)
            let planned = try await da.addMaracAction(
                referral.id, action: "Housing to fit a door alarm", owner: "Lambeth Housing", dueAt: meeting.addingTimeInterval(7 * 86_400),
                version: heard.version, context: officer)
            let action = try #require(planned.actions.first)
            test.clock.set(meeting.addingTimeInterval(2 * 86_400))
            let done = try await da.completeMaracAction(
                referral.id, actionID: action.id, doneAt: test.clock.now(), version: planned.version, context: officer)
            #expect(done.actions.first?.doneAt == test.clock.now())
            let record = try await da.incident(incident.record.incident.id, purpose: .domesticAbuse, context: officer)
            #expect(record.marac.first == done)
        }
    }

    @Test(arguments: TestBackend.available)
    func aStaleVersionIsRefusedAndChangesNothing(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (_, officer) = try await Self.assessedHigh(test)
            let referral = try #require(try await test.store.domesticAbuse.maracDue(context: officer).first)
            await #expect(throws: VersionConflict.self) {
                _ = try await test.store.domesticAbuse.maracReferred(referral.id, at: test.clock.now(), version: 7, context: officer)
            }
            #expect(try await test.store.domesticAbuse.maracDue(context: officer).first == referral)
        }
    }

    @Test(arguments: TestBackend.available)
    func aMeetingNeedsTheReferralMadeFirst(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (_, officer) = try await Self.assessedHigh(test)
            let referral = try #require(try await test.store.domesticAbuse.maracDue(context: officer).first)
            let error = try await #require(throws: ValidationFailure.self) {
                _ = try await test.store.domesticAbuse.maracMeeting(
                    referral.id, at: test.clock.now().addingTimeInterval(86_400), version: 1, context: officer)
            }
            #expect(error.errors.first?.field == "meetingAt")
        }
    }

    @Test(arguments: TestBackend.available)
    func anActionNeedsTheMeetingAndCannotBeDueBeforeIt(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (_, officer) = try await Self.assessedHigh(test)
            let da = test.store.domesticAbuse
            let referral = try #require(try await da.maracDue(context: officer).first)
            let meeting = test.clock.now().addingTimeInterval(5 * 86_400)
            let unheard = try await #require(throws: ValidationFailure.self) {
                _ = try await da.addMaracAction(referral.id, action: "Safety plan", owner: "IDVA", dueAt: meeting, version: 1, context: officer)
            }
            #expect(unheard.errors.first?.field == "action")
            _ = try await da.maracReferred(referral.id, at: test.clock.now(), version: 1, context: officer)
            let heard = try await da.maracMeeting(referral.id, at: meeting, version: 2, context: officer)
            let early = try await #require(throws: ValidationFailure.self) {
                _ = try await da.addMaracAction(
                    referral.id, action: "Safety plan", owner: "IDVA", dueAt: meeting.addingTimeInterval(-3600), version: heard.version,
                    context: officer)
            }
            #expect(early.errors.first?.field == "dueAt")
        }
    }

    @Test(arguments: TestBackend.available)
    func anotherTeamCannotTouchAReferralOnARestrictedChildsIncident(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.fridayNight.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            let outsider = try await test.signedIn("officer-b", role: .responseOfficer, team: "Team B", borough: "Camden")
            let incident = try await test.anIncident(
                at: Self.fridayNight, children: [try await test.aChild(restricted: true, by: officer)], by: officer)
            _ = try await test.store.domesticAbuse.assess(
                incident.record.incident.id, victimID: incident.victim.id,
                submission: DomesticAbuseStoreTests.answers(yes: 15, test.store.domesticAbuse.rules), context: officer)
            let referral = try #require(try await test.store.domesticAbuse.maracDue(context: officer).first)
            await #expect(throws: RecordNotFound.self) {
                _ = try await test.store.domesticAbuse.maracReferred(referral.id, at: test.clock.now(), version: 1, context: outsider)
            }
            #expect(try await test.store.domesticAbuse.maracDue(context: officer).first?.referredAt == nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func anActionIsDoneOnceNotBeforeItsMeetingAndOnlyIfItIsOnTheReferral(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (_, officer) = try await Self.assessedHigh(test)
            let da = test.store.domesticAbuse
            let referral = try #require(try await da.maracDue(context: officer).first)
            let meeting = test.clock.now().addingTimeInterval(86_400)
            _ = try await da.maracReferred(referral.id, at: test.clock.now(), version: 1, context: officer)
            _ = try await da.maracMeeting(referral.id, at: meeting, version: 2, context: officer)
            let planned = try await da.addMaracAction(
                referral.id, action: "Safety plan", owner: "IDVA", dueAt: meeting.addingTimeInterval(86_400), version: 3, context: officer)
            let action = try #require(planned.actions.first)
            test.clock.set(meeting.addingTimeInterval(3_600))
            for (actionID, doneAt, field) in [
                ("no-such-action", test.clock.now(), "actionId"), (action.id, meeting.addingTimeInterval(-60), "doneAt"),
                (action.id, test.clock.now().addingTimeInterval(3_600), "doneAt"),
            ] {
                let failure = try await #require(throws: ValidationFailure.self) {
                    _ = try await da.completeMaracAction(referral.id, actionID: actionID, doneAt: doneAt, version: 4, context: officer)
                }
                #expect(failure.errors.map(\.field) == [field])
            }
            let done = try await da.completeMaracAction(referral.id, actionID: action.id, doneAt: test.clock.now(), version: 4, context: officer)
            let twice = try await #require(throws: ValidationFailure.self) {
                _ = try await da.completeMaracAction(
                    referral.id, actionID: action.id, doneAt: test.clock.now(), version: done.version, context: officer)
            }
            #expect(twice.errors.map(\.field) == ["actionId"])
            #expect(try await da.incident(referral.incidentID, purpose: .domesticAbuse, context: officer).marac.first?.version == 5)
        }
    }
}
