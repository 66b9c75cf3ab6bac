import Foundation

/// A supervisor's review of an episode: the grade confirmed or changed, and the direction given.
public struct SupervisoryReview: Sendable, Equatable, Codable {
    public var id: String
    public var episodeID: String
    public var reviewerID: String
    public var reviewerName: String
    public var reviewerRank: Rank
    public var at: Date
    public var previousGrade: RiskGrade
    public var grade: RiskGrade
    public var rationale: String
    public var direction: String
    /// True when the review happened after its due time.
    public var late: Bool

    public init(
        id: String, episodeID: String, reviewerID: String, reviewerName: String, reviewerRank: Rank, at: Date,
        previousGrade: RiskGrade, grade: RiskGrade, rationale: String, direction: String, late: Bool
    ) {
        self.id = id
        self.episodeID = episodeID
        self.reviewerID = reviewerID
        self.reviewerName = reviewerName
        self.reviewerRank = reviewerRank
        self.at = at
        self.previousGrade = previousGrade
        self.grade = grade
        self.rationale = rationale
        self.direction = direction
        self.late = late
    }

    public var regraded: Bool { grade != previousGrade }

    /// Checks a review: the reviewer's rank, a direction, and a reason for any change of grade.
    public static func validate(
        by actor: Actor, due: ReviewDue, currentGrade: RiskGrade, newGrade: RiskGrade, rationale: String,
        direction: String, child: ChildRiskFactors, awaitingDowngradeFrom: RiskGrade? = nil,
        rules: MissingRules
    ) throws(ValidationFailure) -> (String, String) {
        var errors = FieldErrorCollector()
        let reason = rationale.trimmingCharacters(in: .whitespacesAndNewlines)
        let directed = direction.trimmingCharacters(in: .whitespacesAndNewlines)
        if !SupervisionClock.mayReview(actor, rank: due.rank) {
            errors.add("grade", "This review needs a supervisor of \(due.rank.title.lowercased()) rank or above")
        }
        errors.require(directed, "direction", label: "the direction you are giving", maxLength: 10_000)
        if newGrade != currentGrade && reason.unicodeScalars.count < rules.overrideRationaleMinimum.value {
            errors.add(
                "rationale",
                "Explain why the grade changes from \(currentGrade.title.lowercased()) to "
                    + "\(newGrade.title.lowercased()) (at least \(rules.overrideRationaleMinimum.value) characters)")
        }
        if newGrade == .veryLow && child.isProtected && reason.unicodeScalars.count < rules.overrideRationaleMinimum.value {
            errors.add(
                "rationale",
                "This child is \(child.protectedReasons.joined(separator: ", ")): record why very low is right "
                    + "(at least \(rules.overrideRationaleMinimum.value) characters)")
        }
        if let recommended = awaitingDowngradeFrom, newGrade < recommended, newGrade == currentGrade,
            reason.unicodeScalars.count < rules.overrideRationaleMinimum.value
        {
            errors.add(
                "rationale",
                "Agreeing to \(newGrade.title.lowercased()) when Lantern recommends \(recommended.title.lowercased()) "
                    + "needs your reason (at least \(rules.overrideRationaleMinimum.value) characters)")
        }
        errors.limit(reason, "rationale", maxLength: 10_000)
        try errors.throwIfAny()
        return (reason, directed)
    }
}

/// What an episode still needs before it may be closed.
public enum EpisodeClosure {
    /// The unmet requirements, each as the field it concerns and what to do; empty when it may close.
    public static func unmet(
        status: EpisodeStatus, hasFoundRecord: Bool, preventionInterview: EpisodeTask?,
        localAuthorityNotified: Bool, unreviewedFlagAlerts: Int = 0,
        afterReturn: AfterReturn = AfterReturn()
    ) -> [FieldError] {
        var missing: [FieldError] = []
        if status == .closed { return [FieldError("status", "This episode is already closed")] }
        if !hasFoundRecord {
            missing.append(FieldError("found", "Record when, where and how the child was found before closing"))
        }
        if let interview = preventionInterview {
            if interview.isOpen {
                missing.append(FieldError("preventionInterview", "Record the prevention interview, or the reason it was not done"))
            }
        } else if hasFoundRecord {
            missing.append(FieldError("preventionInterview", "Record the prevention interview, or the reason it was not done"))
        }
        if !localAuthorityNotified {
            missing.append(
                FieldError(
                    "localAuthorityNotification",
                    "Record the notification to the local authority (a contact with children's social care)"))
        }
        if unreviewedFlagAlerts > 0 {
            missing.append(
                FieldError("flagAlert", "A supervisor must review the risk raised by the flag alert (a flagged person or place) before closing"))
        }
        if hasFoundRecord { missing += afterReturn.unmet }
        return missing
    }

    /// What the return itself needs before closure: a supervisor's review of it, and the local
    /// authority told the child is back (both the placing and the host authority for a child placed out of area).
    public struct AfterReturn: Sendable, Equatable {
        public var returnReviewed: Bool
        /// Organisations told of the return: local-authority contacts at or after the child was found.
        public var toldOfReturn: [String]
        /// For a looked-after child: the placing (responsible) authority, and the host authority when placed out of area.
        public var authorities: [String]
        /// Organisations of every local-authority contact on the episode: each authority must be told the child is missing too.
        public var toldAtAll: [String]

        public init(
            returnReviewed: Bool = true, toldOfReturn: [String] = ["local authority"], authorities: [String] = [],
            toldAtAll: [String] = []
        ) {
            self.returnReviewed = returnReviewed
            self.toldOfReturn = toldOfReturn
            self.authorities = authorities
            self.toldAtAll = toldAtAll
        }

        var unmet: [FieldError] {
            var missing: [FieldError] = []
            if !returnReviewed {
                missing.append(FieldError("returnReview", "A supervisor must review the child's return before the episode closes"))
            }
            let named = authorities.filter { !$0.isEmpty }
            if toldOfReturn.isEmpty && named.isEmpty {
                missing.append(
                    FieldError(
                        "returnNotification",
                        "Record telling the local authority the child has returned (a contact with children's social care after the find)"))
            }
            let told = toldOfReturn.map { $0.lowercased() }
            let everyContact = (toldAtAll + toldOfReturn).map { $0.lowercased() }
            for authority in named where !everyContact.contains(where: { $0.contains(authority.lowercased()) }) {
                missing.append(
                    FieldError(
                        "localAuthorityNotification",
                        "Record telling \(authority) the child is missing"
                            + (named.count > 1 ? " (a child placed out of area: the placing and the host authority are both told)" : "")))
            }
            for authority in named where !told.contains(where: { $0.contains(authority.lowercased()) }) {
                missing.append(
                    FieldError(
                        "returnNotification",
                        "Record telling \(authority) the child has returned"
                            + (named.count > 1 ? " (the placing and the host authority must both be told)" : "")))
            }
            return missing
        }
    }
}
