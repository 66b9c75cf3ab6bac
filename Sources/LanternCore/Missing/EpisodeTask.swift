import Foundation

/// The kinds of work an episode creates.
public enum EpisodeTaskKind: String, Sendable, Codable, CaseIterable, Hashable {
    /// An enquiry or action set during the search, with an owner and a due time.
    case enquiry
    /// The police prevention interview (safe and well check) after the child is found.
    case preventionInterview = "prevention-interview"
    /// The local authority's return home interview, referred when the child is found (72 hours).
    case returnHomeInterview = "return-home-interview"
    /// A recorded step the rule pack sets on every episode (or on some grades): circulation on the PNC.
    case pncCirculation = "pnc-circulation"
    /// For a high-risk child: consider a Child Rescue Alert, and record the decision and why.
    case childRescueAlert = "child-rescue-alert"
    /// Still missing after the pack's long-term threshold: the long-term missing escalation.
    case longTermMissing = "long-term-missing"
    /// Repeat missing: a multi-agency meeting about the pattern, not only a screening.
    case multiAgencyMeeting = "multi-agency-meeting"

    public var title: String {
        switch self {
        case .enquiry: "Enquiry"
        case .preventionInterview: "Prevention interview"
        case .returnHomeInterview: "Return home interview"
        case .pncCirculation: "PNC circulation"
        case .childRescueAlert: "Child Rescue Alert decision"
        case .longTermMissing: "Long-term missing review"
        case .multiAgencyMeeting: "Multi-agency meeting"
        }
    }

    /// Steps are recorded like enquiries: done, or not done with the reason.
    public var isStep: Bool {
        self == .enquiry || self == .pncCirculation || self == .childRescueAlert || self == .longTermMissing
            || self == .multiAgencyMeeting
    }
}

/// How a task ended. A return home interview can be offered, declined or completed; a prevention
/// interview is completed or not done for a recorded reason.
public enum TaskOutcome: String, Sendable, Codable, CaseIterable, Hashable {
    case completed
    case offered
    case declined
    case notDone = "not-done"

    public var title: String {
        switch self {
        case .completed: "Completed"
        case .offered: "Offered, awaiting the child"
        case .declined: "Declined by the child"
        case .notDone: "Not done (reason recorded)"
        }
    }

    /// Whether the task is finished with this outcome ("offered" keeps the clock running).
    public var closesTask: Bool { self != .offered }
}

/// Work on an episode with an owner and a clock.
public struct EpisodeTask: Sendable, Equatable, Codable {
    public var id: String
    public var episodeID: String
    public var kind: EpisodeTaskKind
    public var title: String
    /// A username, or an agency for work owned outside the force (the local authority's RHI).
    public var owner: String
    public var dueAt: Date
    public var outcome: TaskOutcome?
    public var result: String
    public var childSaid: String
    public var completedBy: String
    public var completedAt: Date?
    public var createdAt: Date

    public init(
        id: String, episodeID: String, kind: EpisodeTaskKind, title: String, owner: String, dueAt: Date,
        outcome: TaskOutcome? = nil, result: String = "", childSaid: String = "", completedBy: String = "",
        completedAt: Date? = nil, createdAt: Date
    ) {
        self.id = id
        self.episodeID = episodeID
        self.kind = kind
        self.title = title
        self.owner = owner
        self.dueAt = dueAt
        self.outcome = outcome
        self.result = result
        self.childSaid = childSaid
        self.completedBy = completedBy
        self.completedAt = completedAt
        self.createdAt = createdAt
    }

    public var isOpen: Bool { !(outcome?.closesTask ?? false) }

    public func isOverdue(at now: Date) -> Bool { isOpen && dueAt < now }

    /// Checks a new enquiry: a title, an owner and a due time not already past.
    public static func validateEnquiry(title: String, owner: String, dueAt: Date?, now: Date) throws(ValidationFailure) -> (String, String, Date) {
        var errors = FieldErrorCollector()
        let cleanTitle = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let cleanOwner = owner.trimmingCharacters(in: .whitespacesAndNewlines)
        errors.require(cleanTitle, "title", label: "what needs doing", maxLength: 500)
        errors.require(cleanOwner, "owner", label: "who owns this (a username)", maxLength: 100)
        if let dueAt {
            if dueAt < now.addingTimeInterval(-60) { errors.add("dueAt", "The due time has already passed") }
        } else {
            errors.add("dueAt", "Enter when this is due")
        }
        try errors.throwIfAny()
        return (cleanTitle, cleanOwner, dueAt!)
    }

    /// Checks the result of a task: the outcome is allowed for the kind, and what it needs is there.
    public func validateResult(
        outcome: TaskOutcome, result: String, childSaid: String, conductedBy: String,
        at: Date, now: Date
    ) throws(ValidationFailure) -> (String, String, String) {
        var errors = FieldErrorCollector()
        let text = result.trimmingCharacters(in: .whitespacesAndNewlines)
        let words = childSaid.trimmingCharacters(in: .whitespacesAndNewlines)
        let by = conductedBy.trimmingCharacters(in: .whitespacesAndNewlines)
        if !isOpen { errors.add("outcome", "This \(kind.title.lowercased()) is already recorded as \(self.outcome!.title.lowercased())") }
        switch (kind, outcome) {
        case (.preventionInterview, .completed), (.preventionInterview, .notDone), (.returnHomeInterview, _):
            break
        case (let step, .completed) where step.isStep, (let step, .notDone) where step.isStep:
            break
        default:
            errors.add("outcome", "'\(outcome.rawValue)' is not an outcome for a \(kind.title.lowercased())")
        }
        if outcome == .notDone {
            errors.require(text, "result", label: "why it was not done", maxLength: 10_000)
        } else if outcome == .completed {
            errors.require(text, "result", label: "what was found out", maxLength: 10_000)
        } else {
            errors.limit(text, "result", maxLength: 10_000)
        }
        if !kind.isStep && outcome != .notDone {
            errors.require(by, "conductedBy", label: "who did it (name and agency)", maxLength: 200)
        } else {
            errors.limit(by, "conductedBy", maxLength: 200)
        }
        errors.limit(words, "childSaid", maxLength: 10_000)
        if at > now { errors.add("at", "The time cannot be in the future") }
        try errors.throwIfAny()
        return (text, words, by)
    }
}
