import Foundation
import LanternCore
import Testing

@Suite("Domestic abuse incidents, repeats and MARAC")
struct DomesticAbuseIncidentTests {
    static let at = ukTime("2026-11-27 21:00")

    static func report(
        at: Date = at, address: String = "12 Oak Road",
        adults: [IncidentAdult] = [.init(personID: "v", role: .victim), .init(personID: "s", role: .suspect)],
        children: [IncidentChild] = [.init(childID: "c1", presence: .witnessed, voice: "He said he hid under the bed")]
    ) -> IncidentReport {
        IncidentReport(
            occurredAt: at, address: address, postcode: "SE1 7AA", whatHappened: "An argument in the kitchen; a plate was thrown.",
            attendedBy: ["PC 1234"], adults: adults, children: children)
    }

    @Test func aCompleteReportIsAccepted() throws {
        try Self.report().check(now: Self.at)
    }

    @Test(arguments: [
        (report(adults: [.init(personID: "s", role: .suspect)]), "adults", "Add the adult victim"),
        (report(adults: [.init(personID: "v", role: .victim)]), "adults", "Add the suspect"),
        (report(children: []), "children", "Add each child who lives there or was present"),
        (report(children: [.init(childID: "v", presence: .present)]), "children", "v is listed as both a child and an adult"),
        (report(at: at.addingTimeInterval(3600)), "occurredAt", "The incident cannot be in the future"),
        (report(address: "  "), "address", "Enter the address of the incident"),
    ])
    func aReportMissingWhatItNeedsIsRefusedByField(_ report: IncidentReport, _ field: String, _ message: String) throws {
        let failure = try #require(throws: ValidationFailure.self) { try report.check(now: Self.at) }
        #expect(failure.errors == [FieldError(field, message)])
    }

    @Test func earlierIncidentsAtTheSameAddressOrBetweenTheSameAdultsAreFound() {
        let days = { (d: Double) in Self.at.addingTimeInterval(-d * 86_400) }
        let key = { (address: String) in RepeatIncidents.addressKey(address, postcode: "SE1 7AA") }
        let earlier = [
            EarlierIncident(id: "same-address", occurredAt: days(30), addressKey: key("12 Oak Rd"), victimSuspectPairs: [["x", "y"]]),
            EarlierIncident(id: "same-adults-reversed", occurredAt: days(60), addressKey: key("3 Elm Close"), victimSuspectPairs: [["s", "v"]]),
            EarlierIncident(id: "too-old", occurredAt: days(400), addressKey: key("12 Oak Road"), victimSuspectPairs: [["s", "v"]]),
            EarlierIncident(id: "unrelated", occurredAt: days(10), addressKey: key("9 Ash Way"), victimSuspectPairs: [["p", "q"]]),
        ]
        let match = RepeatIncidents.match(Self.report(address: "12, Oak  Road."), among: earlier, rules: domesticAbuseRules)
        #expect(match.sameAddress == ["same-address"])
        #expect(match.sameAdults == ["same-adults-reversed"])
        #expect(match.isRepeat)
    }

    /// The links layer's address key: one place however it was typed, and neighbours kept apart.
    @Test(
        arguments: [
            ("Flat 2, 12 Oak Rd", "SE1 7AA", "12 Oak Road (flat 2)", "se17aa", true),
            ("12 Oak Road, London", "SE1 7AA", "12, OAK ROAD.", "SE1 7AA", true),
            ("Flat 2, 12 Oak Road", "SE1 7AA", "Flat 3, 12 Oak Road", "SE1 7AA", false),
            ("12 Oak Road", "SE1 7AA", "14 Oak Road", "SE1 7AA", false),
            ("Behind the shops", nil, "behind the shops.", nil, true),
        ] as [(String, String?, String, String?, Bool)])
    func anAddressIsOnePlaceHoweverItIsTyped(_ a: String, _ pa: String?, _ b: String, _ pb: String?, _ same: Bool) {
        #expect((RepeatIncidents.addressKey(a, postcode: pa) == RepeatIncidents.addressKey(b, postcode: pb)) == same)
    }

    @Test(arguments: [
        (DashGrade.high, [Double](), true, false),
        (.medium, [200.0], true, true),
        (.standard, [364.0], true, true),
        (.medium, [400.0], false, false),
        (.medium, [-2.0], false, false),
    ])
    func maracTakesHighRiskAndRepeatCases(_ grade: DashGrade, _ earlierDaysBefore: [Double], _ refer: Bool, _ isRepeat: Bool) {
        let earlier = earlierDaysBefore.map { Self.at.addingTimeInterval(-$0 * 86_400) }
        let decision = Marac.decide(grade: grade, assessedAt: Self.at, incidentAt: Self.at, earlierReferrals: earlier, rules: domesticAbuseRules)
        #expect((decision != nil) == refer)
        #expect((decision?.isRepeat ?? false) == isRepeat)
    }

    /// "Within 12 months" is calendar months in UK time: a year that holds 29 February is 366 days long.
    @Test(arguments: [("2027-03-01 10:00", true), ("2027-02-28 13:00", true), ("2027-02-28 11:00", false)])
    func aRepeatMaracWindowIsTwelveCalendarMonths(_ referred: String, _ isRepeat: Bool) {
        let incident = ukTime("2028-02-29 12:00")
        let decision = Marac.decide(
            grade: .standard, assessedAt: incident, incidentAt: incident, earlierReferrals: [ukTime(referred)], rules: domesticAbuseRules)
        #expect((decision?.isRepeat ?? false) == isRepeat)
    }

    @Test func aMaracReferralIsDueWithinThePacksHours() throws {
        let decision = try #require(
            Marac.decide(grade: .high, assessedAt: Self.at, incidentAt: Self.at, earlierReferrals: [], rules: domesticAbuseRules))
        #expect(decision.dueAt == Self.at.addingTimeInterval(24 * 3600))
    }

    @Test func anActionCannotBeDueBeforeTheMeeting() throws {
        let failure = try #require(throws: ValidationFailure.self) {
            try Marac.checkAction(action: "Refuge place", owner: "IDVA", dueAt: Self.at, meetingAt: Self.at.addingTimeInterval(86_400))
        }
        #expect(failure.errors.map(\.field) == ["dueAt"])
    }
}
