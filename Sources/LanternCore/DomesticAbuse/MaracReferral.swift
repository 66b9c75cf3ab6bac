import Foundation

/// An action a MARAC agreed: what, who owns it, by when, and when it was done.
public struct MaracAction: Sendable, Equatable, Codable {
    public var id: String
    public var action: String
    public var owner: String
    public var dueAt: Date
    public var doneAt: Date?

    public init(id: String, action: String, owner: String, dueAt: Date, doneAt: Date? = nil) {
        self.id = id
        self.action = action
        self.owner = owner
        self.dueAt = dueAt
        self.doneAt = doneAt
    }
}

/// A referral of the adult victim to the multi-agency risk assessment conference. It never stands in for the
/// children's own referral to children's social care.
public struct MaracReferral: Sendable, Equatable, Codable {
    public var id: String
    public var incidentID: String
    public var victimID: String
    public var dueAt: Date
    public var referredAt: Date?
    public var meetingAt: Date?
    /// A further incident within the pack's window of the victim's last MARAC referral.
    public var isRepeat: Bool
    public var why: String
    public var actions: [MaracAction]
    public var version: Int

    public init(
        id: String, incidentID: String, victimID: String, dueAt: Date, referredAt: Date? = nil, meetingAt: Date? = nil, isRepeat: Bool,
        why: String, actions: [MaracAction] = [], version: Int = 1
    ) {
        self.id = id
        self.incidentID = incidentID
        self.victimID = victimID
        self.dueAt = dueAt
        self.referredAt = referredAt
        self.meetingAt = meetingAt
        self.isRepeat = isRepeat
        self.why = why
        self.actions = actions
        self.version = version
    }
}

/// Where a MARAC referral stands at a moment.
public enum MaracState: Sendable, Equatable {
    case referred(late: Bool)
    case due(in: TimeInterval)
    /// `level` 1 is the first rank above the officer; each further interval overdue climbs one more.
    case overdue(by: TimeInterval, level: Int)
}

/// Whether an incident goes to MARAC, and by when, as a pure function of the level, the history and the pack.
public enum Marac {
    public struct Decision: Sendable, Equatable {
        public var dueAt: Date
        public var isRepeat: Bool
        public var why: String
    }

    /// A referral when the level reaches the pack's threshold, or, whatever the level, when the victim was
    /// referred within the repeat window before this incident (a repeat MARAC case).
    public static func decide(
        grade: DashGrade?, assessedAt: Date, incidentAt: Date, earlierReferrals: [Date], rules: DomesticAbuseRules
    ) -> Decision? {
        let start = WorkingDays.monthsBefore(rules.marac.repeatWithinMonths.value, incidentAt)
        let isRepeat = earlierReferrals.contains { $0 <= incidentAt && $0 >= start }
        let meetsLevel = grade.map { $0 >= rules.marac.referAt } ?? false
        guard meetsLevel || isRepeat else { return nil }
        let dueAt = assessedAt.addingTimeInterval(Double(rules.marac.referralDueHours.value) * 3600)
        let why =
            switch (meetsLevel, isRepeat) {
            case (true, true): "\(rules.marac.referAt.title) risk, and a repeat: \(rules.marac.repeatWithinMonths.why)"
            case (true, false): "\(rules.marac.referAt.title) risk on the \(rules.tool.uppercased()) assessment"
            default: "Repeat MARAC case: \(rules.marac.repeatWithinMonths.why)"
            }
        return Decision(dueAt: dueAt, isRepeat: isRepeat, why: why)
    }

    /// Where a referral stands at a moment: made, not yet due, or overdue and climbing a rank each interval.
    public static func state(of referral: MaracReferral, at now: Date, rules: DomesticAbuseRules) -> MaracState {
        if let referredAt = referral.referredAt { return .referred(late: referredAt > referral.dueAt) }
        let remaining = referral.dueAt.timeIntervalSince(now)
        if remaining > 0 { return .due(in: remaining) }
        let every = Double(max(1, rules.marac.escalateEveryHoursOverdue.value)) * 3600
        return .overdue(by: -remaining, level: Int(-remaining / every) + 1)
    }

    /// Recording that the referral was made: not before the incident, not in the future.
    public static func checkReferred(at: Date, incidentAt: Date, now: Date) throws(ValidationFailure) {
        if at < incidentAt { throw ValidationFailure("referredAt", "The referral cannot have been made before the incident") }
        if at > now.addingTimeInterval(60) { throw ValidationFailure("referredAt", "The time of the referral cannot be in the future") }
    }

    /// The meeting that hears the case: after the referral was made, and not more than a year ahead.
    public static func checkMeeting(at: Date, referredAt: Date?, now: Date) throws(ValidationFailure) {
        guard let referredAt else {
            throw ValidationFailure("meetingAt", "Record that the referral was made before setting the meeting that hears it")
        }
        if at < referredAt { throw ValidationFailure("meetingAt", "The meeting cannot be before the referral was made") }
        if at > now.addingTimeInterval(366 * 86_400) { throw ValidationFailure("meetingAt", "The meeting must be within a year") }
    }

    /// Adding an action: each part named, due no earlier than the meeting.
    public static func checkAction(action: String, owner: String, dueAt: Date, meetingAt: Date?) throws(ValidationFailure) {
        var errors = FieldErrorCollector()
        errors.require(action, "action", label: "the action agreed", maxLength: 1000)
        errors.require(owner, "owner", label: "who owns the action")
        if let meetingAt, dueAt < meetingAt { errors.add("dueAt", "An action cannot be due before the meeting that agreed it") }
        try errors.throwIfAny()
    }
}
