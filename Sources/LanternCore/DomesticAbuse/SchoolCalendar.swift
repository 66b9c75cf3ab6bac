import Foundation

/// School days in England and Wales for one force: weekdays inside its terms that are not bank holidays or
/// closure days. Outside the dates a force has entered, every weekday that is not a bank holiday counts, so a
/// deadline is never later than it should be; `covers` says when that fallback is in use.
///
/// ```swift
/// let calendar = SchoolCalendar(terms: rules.terms, dayStarts: start, bankHolidays: holidays)
/// calendar.nextSchoolDayStart(after: fridayNight)   // Monday 08:30 UK time, or the first day of next term
/// ```
public struct SchoolCalendar: Sendable {
    let terms: [(starts: CivilDay, ends: CivilDay, closed: [ClosedRange<CivilDay>])]
    let dayStarts: SchoolDayTime
    let bankHolidays: ExploitationRules.BankHolidayRules

    /// `terms` must have passed `SchoolTerms.check()`; terms with unreadable dates are skipped.
    public init(terms: SchoolTerms, dayStarts: SchoolDayTime, bankHolidays: ExploitationRules.BankHolidayRules) {
        self.terms = terms.periods.compactMap { term in
            guard let starts = CivilDay(term.starts), let ends = CivilDay(term.ends), starts <= ends else { return nil }
            let closed = term.closed.compactMap { c in CivilDay(c.from).flatMap { from in CivilDay(c.to).map { from...max(from, $0) } } }
            return (starts, ends, closed)
        }
        self.dayStarts = dayStarts
        self.bankHolidays = bankHolidays
    }

    /// The summer holiday is the longest break in a school year (about six weeks); no gap in real term dates is longer.
    static let longestHolidayDays = 56

    /// Whether the force's term dates reach this day; when they do not, only weekends and bank holidays are closed.
    public func covers(_ day: CivilDay) -> Bool {
        guard let first = terms.first?.starts, let last = terms.last?.ends else { return false }
        return first <= day && day <= last
    }

    public func isSchoolDay(_ day: CivilDay) -> Bool {
        var closed = WorkingDays.Closed(rules: bankHolidays)
        return isSchoolDay(day, &closed)
    }

    func isSchoolDay(_ day: CivilDay, _ closed: inout WorkingDays.Closed) -> Bool {
        guard closed.isWorking(day) else { return false }
        guard covers(day) else { return true }
        guard let term = terms.first(where: { $0.starts <= day && day <= $0.ends }) else { return false }
        return !term.closed.contains { $0.contains(day) }
    }

    /// The start of the first school day that begins after `instant`: "before the start of the next school day".
    public func nextSchoolDayStart(after instant: Date) -> Date {
        var closed = WorkingDays.Closed(rules: bankHolidays)
        let first = WorkingDays.ukDay(of: instant)
        var day = first
        // Term dates with a gap longer than any school holiday are a mistake: the deadline must not move with it,
        // so past the longest holiday the next weekday that is not a bank holiday is used instead.
        while day.serial - first.serial <= Self.longestHolidayDays {
            if isSchoolDay(day, &closed), start(of: day) > instant { return start(of: day) }
            day = day.adding(days: 1)
        }
        day = first
        while !(closed.isWorking(day) && start(of: day) > instant) { day = day.adding(days: 1) }
        return start(of: day)
    }

    /// When school starts on `day`, in UK time.
    public func start(of day: CivilDay) -> Date {
        WorkingDays.calendar.date(
            from: DateComponents(year: day.year, month: day.month, day: day.day, hour: dayStarts.hour, minute: dayStarts.minute))!
    }
}
