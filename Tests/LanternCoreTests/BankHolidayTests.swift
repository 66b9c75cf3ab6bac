import Foundation
import LanternCore
import Testing

@Suite("Bank holidays and working days")
struct BankHolidayTests {
    static var rules: ExploitationRules.BankHolidayRules { exploitationRules.bankHolidays }

    /// Published England and Wales bank holidays (the pack's BH-2022 and BH-2023 sources, GOV.UK for the rest).
    @Test(arguments: [
        (2021, ["2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31", "2021-08-30", "2021-12-27", "2021-12-28"]),
        (
            2022,
            [
                "2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03", "2022-08-29", "2022-09-19",
                "2022-12-26", "2022-12-27",
            ]
        ),
        (2023, ["2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29", "2023-08-28", "2023-12-25", "2023-12-26"]),
        (2026, ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"]),
        (2027, ["2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"]),
        (2020, ["2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31", "2020-12-25", "2020-12-28"]),
    ])
    func aYearsBankHolidaysAreComputed(_ year: Int, _ expected: [String]) {
        #expect(BankHolidays.days(in: year, rules: Self.rules).keys.map(\.description).sorted() == expected)
    }

    @Test func substituteDaysAreNamed() {
        let days = BankHolidays.days(in: 2022, rules: Self.rules)
        #expect(days[CivilDay(2022, 12, 26)] == "Boxing Day")
        #expect(days[CivilDay(2022, 12, 27)] == "Christmas Day (substitute day)")
        #expect(days[CivilDay(2022, 1, 3)] == "New Year's Day (substitute day)")
        #expect(BankHolidays.days(in: 2023, rules: Self.rules)[CivilDay(2023, 5, 8)]?.contains("coronation") == true)
        #expect(BankHolidays.days(in: 2020, rules: Self.rules)[CivilDay(2020, 5, 4)] == nil, "moved to VE Day")
    }

    @Test(arguments: [
        (2024, "2024-03-31"), (2025, "2025-04-20"), (2026, "2026-04-05"), (2027, "2027-03-28"), (2038, "2038-04-25"), (2285, "2285-03-22"),
        (2000, "2000-04-23"), (1818, "1818-03-22"),
    ])
    func easterSunday(_ year: Int, _ expected: String) {
        #expect(BankHolidays.easterSunday(year).description == expected)
    }

    @Test func civilDaysCountAndParse() {
        #expect(CivilDay(serial: CivilDay(2026, 12, 6).serial) == CivilDay(2026, 12, 6))
        #expect(CivilDay(2026, 12, 6).isoWeekday == 7)
        #expect(CivilDay(2026, 12, 7).isoWeekday == 1)
        #expect(CivilDay(2024, 2, 28).adding(days: 1) == CivilDay(2024, 2, 29))
        #expect(CivilDay(2023, 2, 28).adding(days: 1) == CivilDay(2023, 3, 1))
        for bad in ["2027-02-29", "2026-13-01", "26-12-06", "2026-12-6", "yesterday"] { #expect(CivilDay(bad) == nil, "\(bad)") }
        #expect(CivilDay("2028-02-29") == CivilDay(2028, 2, 29))
    }

    @Test(arguments: [
        ("2026-11-26 10:00", 5, "2026-12-03 17:00"),  // Thursday + 5 working days: next Thursday
        ("2026-11-27 23:30", 1, "2026-11-30 17:00"),  // Friday night + 1: Monday
        ("2026-12-22 09:00", 5, "2026-12-31 17:00"),  // over Christmas and the Boxing Day substitute (Monday 28th)
        ("2026-11-26 10:00", 15, "2026-12-17 17:00"),
        ("2027-03-25 12:00", 1, "2027-03-30 17:00"),  // over Good Friday and Easter Monday, computed
        ("2031-04-10 12:00", 2, "2031-04-16 17:00"),  // Easter 2031 (13 April): Good Friday 11th, Easter Monday 14th
        ("2032-12-24 12:00", 1, "2032-12-29 17:00"),  // Christmas on a Saturday: Monday 27th and Tuesday 28th closed
        ("2023-05-05 12:00", 1, "2023-05-09 17:00"),  // the coronation Monday, from the pack's one-off list
        ("2026-03-27 12:00", 1, "2026-03-30 17:00"),  // over the clock change: still 17:00 UK time
    ])
    func workingDays(_ start: String, _ days: Int, _ expected: String) {
        #expect(WorkingDays.add(days, to: ukTime(start), holidays: Self.rules) == ukTime(expected))
    }

    @Test func aWorkingDayIsAWeekdayThatIsNotABankHoliday() {
        #expect(WorkingDays.isWorking(ukTime("2026-12-24 12:00"), holidays: Self.rules))
        #expect(!WorkingDays.isWorking(ukTime("2026-12-28 12:00"), holidays: Self.rules))
        #expect(!WorkingDays.isWorking(ukTime("2026-12-05 12:00"), holidays: Self.rules))
        #expect(!WorkingDays.isWorking(ukTime("2040-08-27 12:00"), holidays: Self.rules), "summer bank holiday 2040, never listed anywhere")
    }
}
