import Foundation

/// When the next supervisory review of an episode is due, and who must do it.
public struct ReviewDue: Sendable, Equatable, Codable {
    public var dueAt: Date
    public var rank: Rank

    public init(dueAt: Date, rank: Rank) {
        self.dueAt = dueAt
        self.rank = rank
    }
}

/// Where a review stands at a moment: not yet due, or overdue and escalated.
public enum ReviewState: Sendable, Equatable {
    case due(in: TimeInterval)
    /// `level` 1 is the first rank above the one required; each further interval overdue climbs one more.
    case overdue(by: TimeInterval, level: Int, escalatedTo: Rank)

    public var isOverdue: Bool {
        if case .overdue = self { return true }
        return false
    }
}

/// The supervision clocks, as pure functions of the grade, the times and the rule pack.
///
/// ```swift
/// let due = SupervisionClock.firstReview(grade: .high, assessedAt: t, rules: rules)   // inspector, t + 1 h
/// SupervisionClock.state(of: due, at: t + 2 * 3600, rules: rules)                      // overdue, chief inspector
/// ```
public enum SupervisionClock {
    /// After a new or changed grade: the grade's first-review time and rank.
    public static func firstReview(grade: RiskGrade, assessedAt: Date, rules: MissingRules) -> ReviewDue {
        let clock = rules.supervision(for: grade)
        return ReviewDue(dueAt: assessedAt.addingTimeInterval(Double(clock.firstReviewMinutes) * 60), rank: clock.rank)
    }

    /// After an assessment: the grade's first review, or, when a downgrade awaits a supervisor's agreement,
    /// a review due at once by the rank the recommended grade needs (the higher of the two).
    public static func firstReview(for decision: GradeDecision, assessedAt: Date, now: Date, rules: MissingRules) -> ReviewDue {
        let due = firstReview(grade: decision.grade, assessedAt: assessedAt, rules: rules)
        guard decision.awaitingSupervisor else { return due }
        return ReviewDue(dueAt: min(now, due.dueAt), rank: max(due.rank, rules.supervision(for: decision.recommended).rank))
    }

    /// When the child is found: the return is reviewed by the time already due, or within the pack's
    /// return-review time of being found, whichever is sooner, by the same rank.
    public static func returnReview(current: ReviewDue, foundAt: Date, rules: MissingRules) -> ReviewDue {
        ReviewDue(dueAt: min(current.dueAt, foundAt.addingTimeInterval(Double(rules.returnReview.withinMinutes) * 60)), rank: current.rank)
    }

    /// After a review that kept the grade: the next periodic review.
    public static func nextReview(grade: RiskGrade, reviewedAt: Date, rules: MissingRules) -> ReviewDue {
        let clock = rules.supervision(for: grade)
        return ReviewDue(dueAt: reviewedAt.addingTimeInterval(Double(clock.reviewEveryMinutes) * 60), rank: clock.rank)
    }

    public static func state(of due: ReviewDue, at now: Date, rules: MissingRules) -> ReviewState {
        let remaining = due.dueAt.timeIntervalSince(now)
        if remaining > 0 { return .due(in: remaining) }
        let overdue = -remaining
        let level = 1 + Int(overdue / (Double(rules.escalation.everyMinutesOverdue) * 60))
        return .overdue(by: overdue, level: level, escalatedTo: escalatedRank(from: due.rank, level: level, rules: rules))
    }

    /// The rank an overdue review has climbed to: `level` steps up the escalation chain, never past its top.
    public static func escalatedRank(from rank: Rank, level: Int, rules: MissingRules) -> Rank {
        let chain = rules.escalation.ranks
        let start = chain.firstIndex(of: rank) ?? chain.firstIndex(where: { $0 > rank }).map { $0 - 1 } ?? chain.count - 1
        return chain[min(chain.count - 1, max(0, start + level))]
    }

    /// The moment the escalation after `level` happens: the next rung's time.
    public static func escalationTime(of due: ReviewDue, level: Int, rules: MissingRules) -> Date {
        due.dueAt.addingTimeInterval(Double(max(0, level - 1) * rules.escalation.everyMinutesOverdue) * 60)
    }

    /// Whether `actor` may carry out a review due at `rank`: a supervisor of that rank or above.
    public static func mayReview(_ actor: Actor, rank: Rank) -> Bool {
        actor.isSupervisor && actor.rank >= rank
    }
}

/// The other clocks an episode runs: the local-authority notification check, the prevention
/// interview and the return home interview.
public enum EpisodeClocks {
    /// When an episode with no recorded local-authority notification raises a data-quality alert.
    public static func localAuthorityAlertAt(reportedAt: Date, rules: MissingRules) -> Date {
        reportedAt.addingTimeInterval(Double(rules.localAuthorityNotification.alertAfterMinutes) * 60)
    }

    public static func preventionInterviewDue(foundAt: Date, grade: RiskGrade, rules: MissingRules) -> Date {
        foundAt.addingTimeInterval(Double(rules.preventionInterviewMinutes(for: grade)) * 60)
    }

    /// The return home interview: within 72 hours of the child's return (DfE 2014).
    public static func returnInterviewDue(foundAt: Date, rules: MissingRules) -> Date {
        foundAt.addingTimeInterval(Double(rules.returnHomeInterview.withinHours) * 3600)
    }
}
