import Foundation
import LanternCore
import Testing

@Suite("School days and Operation Encompass")
struct SchoolCalendarTests {
    let calendar = SchoolCalendar(
        terms: domesticAbuseRules.terms, dayStarts: SchoolDayTime(domesticAbuseRules.encompass.schoolDayStarts.value)!,
        bankHolidays: exploitationRules.bankHolidays)

    /// Incident time (UK) → the start of the next school day (UK), across nights, weekends, half terms, holidays.
    @Test(arguments: [
        ("2026-11-24 02:00", "2026-11-24 08:30", "a night incident: the same morning"),
        ("2026-11-24 10:00", "2026-11-25 08:30", "during the school day: tomorrow"),
        ("2026-11-27 21:00", "2026-11-30 08:30", "Friday night: Monday"),
        ("2026-11-29 08:00", "2026-11-30 08:30", "Sunday: Monday"),
        ("2026-10-23 19:00", "2026-11-02 08:30", "before half term: the Monday after it"),
        ("2026-12-18 20:00", "2027-01-04 08:30", "the last day of term: the first day of next term"),
        ("2027-03-25 18:00", "2027-04-12 08:30", "before Easter: the summer term"),
        ("2027-05-28 22:00", "2027-06-07 08:30", "the Friday before the spring bank holiday and half term"),
        ("2027-05-07 22:00", "2027-05-10 08:30", "in British Summer Time"),
        ("2028-03-03 20:00", "2028-03-06 08:30", "beyond the force's term dates: weekdays"),
        ("2028-08-25 20:00", "2028-08-29 08:30", "beyond the term dates a bank holiday still closes schools"),
    ])
    func theNextSchoolDayStarts(_ incident: String, _ expected: String, _ why: String) {
        #expect(calendar.nextSchoolDayStart(after: ukTime(incident)) == ukTime(expected), "\(why)")
    }

    @Test func theCalendarSaysWhenItsTermDatesRunOut() {
        #expect(calendar.covers(CivilDay(2027, 2, 1)))
        #expect(!calendar.covers(CivilDay(2028, 3, 3)))
    }

    @Test(arguments: [
        ("2022-08-31", "2026-10-01", true, "turned four in August: reception this September"),
        ("2022-09-01", "2026-10-01", false, "turned four on 1 September: reception next year"),
        ("2022-09-01", "2027-09-02", true, "a year later"),
        ("2009-01-10", "2026-12-01", true, "seventeen"),
        ("2008-11-30", "2026-12-01", false, "eighteen"),
        ("2024-03-01", "2026-12-01", false, "two years old"),
        ("2020-02-29", "2026-02-28", true, "a leap-day birthday"),
    ])
    func schoolAgeRunsFromReceptionToSeventeen(_ born: String, _ on: String, _ expected: Bool, _ why: String) {
        #expect(Encompass.isSchoolAge(born: CivilDay(born)!, on: CivilDay(on)!, rules: domesticAbuseRules.encompass) == expected, "\(why)")
    }

    @Test(arguments: [(-600.0, 0), (600.0, 1), (3_700.0, 2), (7_900.0, 3)])
    func anOverdueNotificationClimbsARankEachHour(_ secondsLate: Double, _ level: Int) {
        let due = ukTime("2026-11-30 08:30")
        let notification = EncompassNotification(id: "n", incidentID: "i", childID: "c", schoolID: "s", dueAt: due)
        let state = Encompass.state(of: notification, at: due.addingTimeInterval(secondsLate), rules: domesticAbuseRules.encompass)
        if level == 0 {
            #expect(state == .due(in: 600))
        } else {
            #expect(state == .overdue(by: secondsLate, level: level))
        }
    }

    @Test func aNotificationSentAfterItsDeadlineIsMarkedLate() {
        let due = ukTime("2026-11-30 08:30")
        let sent = EncompassNotification(id: "n", incidentID: "i", childID: "c", schoolID: "s", dueAt: due, sentAt: due.addingTimeInterval(60))
        #expect(Encompass.state(of: sent, at: due, rules: domesticAbuseRules.encompass) == .sent(late: true))
    }

    @Test func aReasonNotInThePackIsRefused() throws {
        let failure = try #require(throws: ValidationFailure.self) {
            try Encompass.checkNotSent(reason: "too-busy", note: "No time before the shift ended", by: .supervisor, rules: domesticAbuseRules)
        }
        #expect(failure.errors.map(\.field) == ["reason"])
    }

    @Test func aRecordedExceptionWithANoteIsAccepted() throws {
        try Encompass.checkNotSent(
            reason: "not-in-education", note: "Home educated; the local authority told instead", by: .responseOfficer, rules: domesticAbuseRules)
    }

    @Test func onlyASupervisorMayWaiveANotificationForRiskToTheChild() throws {
        let failure = try #require(throws: ValidationFailure.self) {
            try Encompass.checkNotSent(
                reason: "risk-to-child", note: "The suspect works at the school", by: .responseOfficer, rules: domesticAbuseRules)
        }
        #expect(failure.errors.map(\.field) == ["reason"])
        try Encompass.checkNotSent(reason: "risk-to-child", note: "The suspect works at the school", by: .supervisor, rules: domesticAbuseRules)
    }

    @Test func aGapInTermDatesLongerThanAnyHolidayDoesNotDelayTheDeadline() {
        let terms = SchoolTerms(
            periods: [
                .init(name: "Autumn 2026", starts: "2026-09-02", ends: "2026-12-18"),
                .init(name: "Mistyped", starts: "2028-01-04", ends: "2028-03-24"),
            ], source: "L", evidence: "L", checked: "2026-12-07")
        let gappy = SchoolCalendar(terms: terms, dayStarts: SchoolDayTime("08:30")!, bankHolidays: exploitationRules.bankHolidays)
        #expect(gappy.nextSchoolDayStart(after: ukTime("2027-01-08 20:00")) == ukTime("2027-01-11 08:30"))
    }

    @Test(arguments: [
        ("", "Police attended", "2026-11-30 07:00", "keyAdult"),
        ("Ms Patel", "", "2026-11-30 07:00", "shared"),
        ("Ms Patel", "Police attended", "2026-11-27 20:00", "sentAt"),
    ])
    func aSendMissingWhoWhatOrAPossibleTimeIsRefused(_ keyAdult: String, _ shared: String, _ sentAt: String, _ field: String) throws {
        let failure = try #require(throws: ValidationFailure.self) {
            try Encompass.checkSent(
                keyAdult: keyAdult, shared: shared, sentAt: ukTime(sentAt), incidentAt: ukTime("2026-11-27 21:00"), now: ukTime("2026-11-30 09:00"))
        }
        #expect(failure.errors.map(\.field) == [field])
    }
}
