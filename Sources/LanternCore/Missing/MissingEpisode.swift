import Foundation

/// Where an episode is in its life: reported and open, the child found, or closed.
public enum EpisodeStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case open
    case found
    case closed

    public var title: String {
        switch self {
        case .open: "Missing"
        case .found: "Found, not yet closed"
        case .closed: "Closed"
        }
    }
}

/// Who is missing: a child, or an adult at risk (dementia, mental health, a learning disability).
/// The force hub finds missing people of every age; an adult's episode uses the adult checklist and
/// the same clocks and queues, without the duties that are children's (local-authority notification,
/// return home interview, exploitation screening, Child Rescue Alert).
public enum MissingSubject: String, Sendable, Codable, CaseIterable, Hashable {
    case child
    case adultAtRisk = "adult-at-risk"

    public var title: String { self == .child ? "Child" : "Adult at risk" }

    public static func parse(_ text: String?) throws(ValidationFailure) -> MissingSubject {
        guard let text, !text.isEmpty else { return .child }
        guard let subject = MissingSubject(rawValue: text) else {
            throw ValidationFailure("subject", "'\(text.prefix(40))' is not who can be missing; choose child or adult-at-risk")
        }
        return subject
    }
}

/// One time a child went missing, from report to closure (an Event in POLE terms).
public struct MissingEpisode: Sendable, Equatable, Codable {
    public var id: String
    /// A short reference officers can say on the radio, e.g. "MP-2026-000123".
    public var reference: String
    public var childID: String
    public var status: EpisodeStatus
    public var report: MissingReport
    public var grade: RiskGrade
    public var gradedAt: Date
    public var nextReview: ReviewDue
    public var foundAt: Date?
    public var closedAt: Date?
    public var localAuthorityNotifiedAt: Date?
    /// Episodes for this child within the repeat-missing window when this one was reported (this one included).
    public var repeatCount: Int
    public var rulesVersion: Int
    public var team: String
    public var borough: String
    public var createdBy: String
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int
    /// The grade Lantern recommended when a lower one was chosen by someone who is not a supervisor:
    /// the episode shows "downgrade awaiting supervisor" until a supervisor's review agrees or changes it.
    public var awaitingDowngradeFrom: RiskGrade?
    /// When a supervisor reviewed the child's return: no episode closes without it.
    public var returnReviewedAt: Date?
    /// Loaded as history from an earlier system: it counts in the child's history and ran no clocks here.
    public var recordedAsHistory: Bool
    public var subject: MissingSubject

    public init(
        id: String, reference: String, childID: String, status: EpisodeStatus, report: MissingReport, grade: RiskGrade,
        gradedAt: Date, nextReview: ReviewDue, foundAt: Date? = nil, closedAt: Date? = nil,
        localAuthorityNotifiedAt: Date? = nil, repeatCount: Int, rulesVersion: Int, team: String, borough: String,
        createdBy: String, createdAt: Date, updatedAt: Date, version: Int, awaitingDowngradeFrom: RiskGrade? = nil,
        returnReviewedAt: Date? = nil, recordedAsHistory: Bool = false,
        subject: MissingSubject = .child
    ) {
        self.id = id
        self.reference = reference
        self.childID = childID
        self.status = status
        self.report = report
        self.grade = grade
        self.gradedAt = gradedAt
        self.nextReview = nextReview
        self.foundAt = foundAt
        self.closedAt = closedAt
        self.localAuthorityNotifiedAt = localAuthorityNotifiedAt
        self.repeatCount = repeatCount
        self.rulesVersion = rulesVersion
        self.team = team
        self.borough = borough
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
        self.awaitingDowngradeFrom = awaitingDowngradeFrom
        self.returnReviewedAt = returnReviewedAt
        self.recordedAsHistory = recordedAsHistory
        self.subject = subject
    }

    /// A supervisory review is still owed: while missing, and once found until the return is reviewed.
    public var needsReview: Bool { status == .open || (status == .found && returnReviewedAt == nil) }

    public var scope: RecordScope { RecordScope(team: team, borough: borough, createdBy: createdBy, restricted: false) }

    /// How long the child has been (or was) missing.
    public func timeMissing(at now: Date) -> TimeInterval {
        (foundAt ?? now).timeIntervalSince(report.lastSeenAt)
    }
}

/// A report for a child who is already missing: refused, pointing to the open episode.
public struct AlreadyMissing: Error, Sendable, Equatable {
    public var episodeID: String
    public var reference: String
    public init(episodeID: String, reference: String) {
        self.episodeID = episodeID
        self.reference = reference
    }
}

/// What the person reporting says: the fields of the 3 a.m. report form.
public struct MissingReport: Sendable, Equatable, Codable {
    public var reportedAt: Date
    public var lastSeenAt: Date
    public var lastSeenPlace: String
    public var lastSeenPostcode: String?
    public var circumstances: String
    public var description: String
    public var clothing: String
    public var phone: String
    public var socialMedia: String
    public var reporterName: String
    public var reporterRelationship: String
    public var reporterContact: String

    public init(
        reportedAt: Date, lastSeenAt: Date, lastSeenPlace: String, lastSeenPostcode: String? = nil, circumstances: String,
        description: String = "", clothing: String = "", phone: String = "", socialMedia: String = "",
        reporterName: String, reporterRelationship: String = "", reporterContact: String
    ) {
        self.reportedAt = reportedAt
        self.lastSeenAt = lastSeenAt
        self.lastSeenPlace = lastSeenPlace
        self.lastSeenPostcode = lastSeenPostcode
        self.circumstances = circumstances
        self.description = description
        self.clothing = clothing
        self.phone = phone
        self.socialMedia = socialMedia
        self.reporterName = reporterName
        self.reporterRelationship = reporterRelationship
        self.reporterContact = reporterContact
    }

    public static let narrativeLimit = 20_000

    /// Trims and checks the report. `now` is when it is being recorded: nothing can have happened after it.
    public func validated(now: Date) throws(ValidationFailure) -> MissingReport {
        var errors = FieldErrorCollector()
        var clean = TextInput.trimmed(
            self, \.lastSeenPlace, \.circumstances, \.reporterName, \.reporterContact, \.reporterRelationship, \.description, \.clothing, \.phone,
            \.socialMedia)
        if lastSeenAt > now {
            errors.add("lastSeenAt", "The time last seen cannot be in the future")
        } else if now.timeIntervalSince(lastSeenAt) > 366 * 86_400 {
            errors.add("lastSeenAt", "The time last seen is more than a year ago; check the date")
        }
        if reportedAt > now { errors.add("reportedAt", "The time reported cannot be in the future") }
        if reportedAt < lastSeenAt && lastSeenAt <= now {
            errors.add("reportedAt", "The time reported cannot be before the child was last seen")
        }
        errors.require(clean.lastSeenPlace, "lastSeenPlace", label: "where the child was last seen", maxLength: 500)
        errors.require(clean.circumstances, "circumstances", label: "the circumstances", maxLength: Self.narrativeLimit)
        errors.require(clean.reporterName, "reporterName", label: "the name of the person reporting", maxLength: 200)
        errors.require(clean.reporterContact, "reporterContact", label: "how to reach the person reporting", maxLength: 200)
        clean.lastSeenPostcode = Postcode.validate(lastSeenPostcode, field: "lastSeenPostcode", into: &errors)
        errors.limit([
            ("reporterRelationship", clean.reporterRelationship, 200),
            ("description", clean.description, 5_000), ("clothing", clean.clothing, 5_000),
            ("phone", clean.phone, 200), ("socialMedia", clean.socialMedia, 1_000),
        ])
        try errors.throwIfAny()
        return clean
    }
}

/// The repeat-missing rule: how many episodes the child has had within the window.
public struct RepeatMissingStatus: Sendable, Equatable, Codable {
    public var count: Int
    public var withinDays: Int
    public var threshold: Int
    /// `count` has reached `threshold`: the child is repeat missing.
    public var flagged: Bool

    public init(count: Int, withinDays: Int, threshold: Int) {
        self.count = count
        self.withinDays = withinDays
        self.threshold = threshold
        self.flagged = count >= threshold
    }
}

public enum RepeatMissing {
    /// Counts episodes whose last-seen time falls in the rolling window ending at `now`, across
    /// every borough (the caller passes them all: the Met's failure was unlinked systems).
    public static func evaluate(lastSeen: [Date], at now: Date, rules: MissingRules) -> RepeatMissingStatus {
        let start = now.addingTimeInterval(-Double(rules.repeatMissing.withinDays) * 86_400)
        let count = lastSeen.filter { $0 > start && $0 <= now }.count
        return RepeatMissingStatus(count: count, withinDays: rules.repeatMissing.withinDays, threshold: rules.repeatMissing.episodes)
    }
}
