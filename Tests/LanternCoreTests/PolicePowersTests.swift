import Foundation
import LanternCore
import Testing

@Suite("Police protection")
struct PolicePowersTests {
    let rules = policePowersRules

    /// 72 hours is 72 real hours: over a weekend the clock does not stop, and over a clock change the expiry
    /// shows an hour earlier (autumn) or later (spring) on the wall clock.
    @Test(arguments: [
        ("2026-12-04T18:00:00+00:00", "2026-12-07T18:00:00+00:00"),  // Friday evening to Monday evening
        ("2026-10-23T10:00:00+01:00", "2026-10-26T09:00:00+00:00"),  // BST to GMT on Sunday 25 October
        ("2026-03-27T10:00:00+00:00", "2026-03-30T11:00:00+01:00"),  // GMT to BST on Sunday 29 March
    ])
    func theExpiryIs72RealHoursAfterTheStart(_ taken: String, _ expiry: String) {
        let record = protection(takenAt: instant(taken))
        #expect(record.expiry(rules: rules) == instant(expiry))
        #expect(record.expiry(rules: rules).timeIntervalSince(record.takenAt) == 72 * 3600)
    }

    @Test(arguments: [
        (1.0, PoliceProtectionState.running(left: 71 * 3600)),
        (60, .endingDueSoon(left: 12 * 3600, level: 1)),
        (71, .endingDueSoon(left: 3600, level: 3)),
        (73, .expired(by: 3600, level: 4)),
        (80, .expired(by: 8 * 3600, level: 6)),
    ])
    func theClockEscalatesAsExpiryNearsAndAfterIt(_ hoursAfterStart: Double, _ expected: PoliceProtectionState) {
        let start = instant("2026-10-23T10:00:00+01:00")
        #expect(
            PoliceProtectionClock.state(of: protection(takenAt: start), at: start.addingTimeInterval(hoursAfterStart * 3600), rules: rules)
                == expected)
    }

    @Test func anEndingStopsTheClock() {
        let start = instant("2026-12-04T18:00:00+00:00")
        let ended = protection(takenAt: start, ending: .init(code: "released", by: "insp-1", at: start.addingTimeInterval(20 * 3600)))
        #expect(
            PoliceProtectionClock.state(of: ended, at: start.addingTimeInterval(100 * 3600), rules: rules)
                == .ended(code: "released", at: ended.ending!.at))
    }

    @Test func anEndingAfterExpiryIsRefused() {
        let start = instant("2026-12-04T18:00:00+00:00")
        let late = protection(takenAt: start, ending: .init(code: "released", by: "insp-1", at: start.addingTimeInterval(72 * 3600 + 60)))
        #expect(
            refusedFields { () throws(ValidationFailure) in try late.check(now: start.addingTimeInterval(80 * 3600), rules: rules) } == ["ending.at"])
    }

    @Test func anEndingAtExpiryIsAccepted() {
        let start = instant("2026-12-04T18:00:00+00:00")
        let onTime = protection(takenAt: start, ending: .init(code: "local-authority", by: "insp-1", at: start.addingTimeInterval(72 * 3600)))
        #expect(refusedFields { () throws(ValidationFailure) in try onTime.check(now: start.addingTimeInterval(80 * 3600), rules: rules) } == [])
    }

    @Test(arguments: [
        ("pc-1", Rank.inspector, ["designatedOfficer.userID"]),
        ("sgt-2", .sergeant, ["designatedOfficer.rank"]),
        ("pc-1", .constable, ["designatedOfficer.userID", "designatedOfficer.rank"]),
        ("insp-1", .inspector, []),
        ("ci-1", .chiefInspector, []),
    ])
    func theDesignatedOfficerIsAnotherOfficerOfThePacksRank(_ userID: String, _ rank: Rank, _ expected: [String]) {
        let start = instant("2026-12-04T18:00:00+00:00")
        let record = protection(takenAt: start, designatedOfficer: .init(userID: userID, rank: rank, appointedAt: start.addingTimeInterval(600)))
        #expect(refusedFields { () throws(ValidationFailure) in try record.check(now: start.addingTimeInterval(3600), rules: rules) } == expected)
    }

    @Test(arguments: [
        (nil as String?, ["accommodation.exceptionalReason"]),
        ("no bed", ["accommodation.exceptionalReason"]),
        ("Foster carer on the way from 40 miles away; the child is asleep in the family room", []),
    ])
    func aPoliceStationNeedsAnExceptionalReason(_ reason: String?, _ expected: [String]) {
        let start = instant("2026-12-04T18:00:00+00:00")
        var record = protection(takenAt: start)
        record.accommodation = .init(kind: .policeStation, place: "Lewisham police station", exceptionalReason: reason)
        #expect(refusedFields { () throws(ValidationFailure) in try record.check(now: start, rules: rules) } == expected)
    }

    @Test func onlyTheDesignatedOfficerAppliesForAnEPO() {
        let start = instant("2026-12-04T18:00:00+00:00")
        let record = protection(
            takenAt: start, designatedOfficer: .init(userID: "insp-1", rank: .inspector, appointedAt: start.addingTimeInterval(600)),
            ending: .init(code: "epo-application", by: "pc-1", at: start.addingTimeInterval(3600)))
        #expect(
            refusedFields { () throws(ValidationFailure) in try record.check(now: start.addingTimeInterval(7200), rules: rules) } == ["ending.by"])
    }

    @Test func theChildsWishesAndFeelingsMustBeWrittenDown() {
        let start = instant("2026-12-04T18:00:00+00:00")
        var record = protection(takenAt: start)
        record.duties = [.init(duty: "child-told-wishes", by: "pc-1", at: start.addingTimeInterval(600), note: " ")]
        #expect(
            refusedFields { () throws(ValidationFailure) in try record.check(now: start.addingTimeInterval(3600), rules: rules) } == [
                "duties[0].note"
            ])
    }

    @Test func theMandatoryDutiesNotDoneAreOutstanding() {
        let start = instant("2026-12-04T18:00:00+00:00")
        var record = protection(takenAt: start)
        record.duties = [
            .init(duty: "la-where-found", by: "pc-1", at: start.addingTimeInterval(600)),
            .init(duty: "la-accommodation", by: "pc-1", at: start.addingTimeInterval(900)),
        ]
        let outstanding = PoliceProtectionClock.outstandingDuties(of: record, rules: rules).map(\.id)
        #expect(outstanding == ["la-where-lives", "child-told-wishes", "parents-informed", "designated-officer", "inquiry"])
    }
}
