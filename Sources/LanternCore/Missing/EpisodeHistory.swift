import Foundation

/// A risk assessment as recorded: every one is kept, so the grade history can be read back.
public struct RecordedAssessment: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case initial
        case reassessment
    }

    public var id: String
    public var kind: Kind
    public var assessedBy: String
    public var assessorName: String
    public var at: Date
    public var decision: GradeDecision
    public var answers: [RiskAnswer]
    public var rulesVersion: Int

    public init(
        id: String, kind: Kind, assessedBy: String, assessorName: String, at: Date, decision: GradeDecision,
        answers: [RiskAnswer], rulesVersion: Int
    ) {
        self.id = id
        self.kind = kind
        self.assessedBy = assessedBy
        self.assessorName = assessorName
        self.at = at
        self.decision = decision
        self.answers = answers
        self.rulesVersion = rulesVersion
    }
}

/// Something on an episode that needs attention, raised by a clock or a rule.
public struct EpisodeAlert: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case reviewOverdue = "review-overdue"
        case localAuthorityNotMissing = "la-notification-missing"
        case preventionInterviewOverdue = "prevention-interview-overdue"
        case returnInterviewOverdue = "return-interview-overdue"
        case repeatMissing = "repeat-missing"
        /// Found with (or seen with) a person on the flags register, e.g. a registered sex offender.
        case foundWithFlaggedPerson = "found-with-flagged-person"
        /// Found at a flagged place, or at the home of a flagged person.
        case foundAtFlaggedPlace = "found-at-flagged-place"
        /// Seen (by a sighting, or a link added later) with a flagged person or at a flagged place.
        case seenWithFlagged = "seen-with-flagged"
        /// Still missing after the pack's long-term threshold.
        case longTermMissing = "long-term-missing"
        /// Found or seen at a place where a child was taken into police protection or arrested, or with an adult a
        /// child was taken into police protection from or arrested with.
        case policePowersHistory = "police-powers-history"

        /// The alerts a match against the flags register or a police powers record raises: each needs a supervisor's
        /// risk review.
        public static let flagMatches: [Kind] = [.foundWithFlaggedPerson, .foundAtFlaggedPlace, .seenWithFlagged, .policePowersHistory]

        public var title: String {
            switch self {
            case .reviewOverdue: "Supervisory review overdue"
            case .localAuthorityNotMissing: "No local-authority notification recorded"
            case .preventionInterviewOverdue: "Prevention interview overdue"
            case .returnInterviewOverdue: "Return home interview overdue"
            case .repeatMissing: "Repeat missing"
            case .foundWithFlaggedPerson: "Found with a flagged person: risk review required"
            case .foundAtFlaggedPlace: "Found at a flagged address: risk review required"
            case .seenWithFlagged: "Seen with a flagged person or at a flagged place: risk review required"
            case .longTermMissing: "Long-term missing: escalate the search and review"
            case .policePowersHistory: "Found or seen where police powers were used on a child: risk review required"
            }
        }
    }

    public var id: String
    public var episodeID: String
    public var kind: Kind
    public var level: Int
    public var detail: String
    public var raisedAt: Date
    public var resolvedAt: Date?

    public init(id: String, episodeID: String, kind: Kind, level: Int, detail: String, raisedAt: Date, resolvedAt: Date? = nil) {
        self.id = id
        self.episodeID = episodeID
        self.kind = kind
        self.level = level
        self.detail = detail
        self.raisedAt = raisedAt
        self.resolvedAt = resolvedAt
    }
}

/// A sighting as stored.
public struct RecordedSighting: Sendable, Equatable, Codable {
    public var id: String
    public var sighting: Sighting
    public var recordedBy: String
    public var recordedAt: Date
    /// The alerts recording this sighting raised (a flagged person, place, vehicle or phone), so the
    /// officer sees them in the answer; empty when read back later.
    public var alertsRaised: [EpisodeAlert]

    public init(id: String, sighting: Sighting, recordedBy: String, recordedAt: Date, alertsRaised: [EpisodeAlert] = []) {
        self.id = id
        self.sighting = sighting
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
        self.alertsRaised = alertsRaised
    }
}
