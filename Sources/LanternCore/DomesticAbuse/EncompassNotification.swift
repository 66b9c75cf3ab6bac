import Foundation

/// Operation Encompass: telling a child's school, before the next school day starts, that police attended a
/// domestic abuse incident the child was present at, witnessed or was involved in (Domestic Abuse Act 2021 s49A).
public struct EncompassNotification: Sendable, Equatable, Codable {
    public var id: String
    public var incidentID: String
    public var childID: String
    public var schoolID: String?
    public var dueAt: Date
    public var sentAt: Date?
    public var sentBy: String?
    /// The key adult (designated safeguarding lead) told, by name.
    public var keyAdult: String?
    /// What was shared with the school, as sent.
    public var shared: String?
    /// The pack's code when the school was not told, with the officer's note.
    public var notSentReason: String?
    public var notSentNote: String?
    public var version: Int

    public init(
        id: String, incidentID: String, childID: String, schoolID: String?, dueAt: Date, sentAt: Date? = nil, sentBy: String? = nil,
        keyAdult: String? = nil, shared: String? = nil, notSentReason: String? = nil, notSentNote: String? = nil, version: Int = 1
    ) {
        self.id = id
        self.incidentID = incidentID
        self.childID = childID
        self.schoolID = schoolID
        self.dueAt = dueAt
        self.sentAt = sentAt
        self.sentBy = sentBy
        self.keyAdult = keyAdult
        self.shared = shared
        self.notSentReason = notSentReason
        self.notSentNote = notSentNote
        self.version = version
    }

    public var isSettled: Bool { sentAt != nil || notSentReason != nil }
}

/// Where a notification stands at a moment.
public enum EncompassState: Sendable, Equatable {
    case sent(late: Bool)
    case notSent(reason: String)
    case due(in: TimeInterval)
    /// `level` 1 is the first rank above a constable; each further interval overdue climbs one more.
    case overdue(by: TimeInterval, level: Int)
}

/// The Encompass rules as pure functions of the child, the incident and the pack.
public enum Encompass {
    /// Whether a child is of school age on a day: from reception (the September after their fourth birthday,
    /// with the pack's ages and school-year month) to the end of their eighteenth year.
    public static func isSchoolAge(born: CivilDay, on day: CivilDay, rules: DomesticAbuseRules.Encompass) -> Bool {
        let startMonth = rules.schoolYearStartsMonth.value
        let schoolYear = day.month >= startMonth ? day.year : day.year - 1
        let entryBirthday = CivilDay(
            born.year + rules.fromAge.value, born.month, min(born.day, CivilDay.length(of: born.month, in: born.year + rules.fromAge.value)))
        // Reception in school year Y takes children who turn `fromAge` before Y starts.
        let enteredReception = entryBirthday < CivilDay(schoolYear, startMonth, 1)
        return enteredReception && age(born: born, on: day) <= rules.throughAge.value
    }

    static func age(born: CivilDay, on day: CivilDay) -> Int {
        let years = day.year - born.year
        return (day.month, day.day) < (born.month, born.day) ? years - 1 : years
    }

    public static func state(of notification: EncompassNotification, at now: Date, rules: DomesticAbuseRules.Encompass) -> EncompassState {
        if let sentAt = notification.sentAt { return .sent(late: sentAt > notification.dueAt) }
        if let reason = notification.notSentReason { return .notSent(reason: reason) }
        let remaining = notification.dueAt.timeIntervalSince(now)
        if remaining > 0 { return .due(in: remaining) }
        let every = Double(max(1, rules.escalateEveryMinutesOverdue.value)) * 60
        return .overdue(by: -remaining, level: Int(-remaining / every) + 1)
    }

    /// Recording that the school was told: who told the key adult what, and when. A reason code not in the
    /// pack, a blank key adult or a send before the incident is refused by field.
    public static func checkSent(keyAdult: String, shared: String, sentAt: Date, incidentAt: Date, now: Date) throws(ValidationFailure) {
        var errors = FieldErrorCollector()
        errors.require(keyAdult, "keyAdult", label: "the name of the key adult told")
        errors.require(shared, "shared", label: "what was shared with the school", maxLength: 4000)
        if sentAt < incidentAt { errors.add("sentAt", "The school cannot have been told before the incident") }
        if sentAt > now.addingTimeInterval(60) { errors.add("sentAt", "The time sent cannot be in the future") }
        try errors.throwIfAny()
    }

    public static func checkNotSent(reason: String, note: String, by role: Role, rules: DomesticAbuseRules) throws(ValidationFailure) {
        var errors = FieldErrorCollector()
        if rules.notSentReason(reason)?.needsSupervisor == true && role != .supervisor {
            errors.add("reason", "Only a supervisor may record that telling the school would put someone at greater risk")
        }
        if rules.notSentReason(reason) == nil {
            let codes = rules.encompass.notSentReasons.map(\.code).joined(separator: ", ")
            errors.add("reason", "'\(reason.prefix(40))' is not a recorded exception; choose one of: \(codes)")
        }
        errors.require(note, "note", label: "a note of the circumstances", maxLength: 2000)
        try errors.throwIfAny()
    }
}
