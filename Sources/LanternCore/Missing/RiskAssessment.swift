import Foundation

/// An answer to one checklist question.
public enum RiskAnswerValue: String, Sendable, Codable, CaseIterable, Hashable {
    case yes
    case no
    case notKnown = "not-known"

    public var title: String {
        switch self {
        case .yes: "Yes"
        case .no: "No"
        case .notKnown: "Not known"
        }
    }
}

/// One checklist answer with where it came from: APP asks for the information, the name and
/// contact details of the person who gave it, and when it was obtained.
public struct RiskAnswer: Sendable, Equatable, Codable {
    public var questionID: String
    public var value: RiskAnswerValue
    public var detail: String
    public var sourceName: String
    public var sourceContact: String
    public var obtainedAt: Date?

    public init(questionID: String, value: RiskAnswerValue, detail: String = "", sourceName: String = "",
                sourceContact: String = "", obtainedAt: Date? = nil) {
        self.questionID = questionID
        self.value = value
        self.detail = detail
        self.sourceName = sourceName
        self.sourceContact = sourceContact
        self.obtainedAt = obtainedAt
    }
}

/// What Lantern knows about the child that changes the grade regardless of the answers.
public struct ChildRiskFactors: Sendable, Equatable {
    public var ageYears: Int?
    public var lookedAfter: Bool
    public var childProtectionPlan: Bool
    public var exploitationFlagged: Bool
    public var repeatMissing: Bool

    public init(ageYears: Int? = nil, lookedAfter: Bool = false, childProtectionPlan: Bool = false,
                exploitationFlagged: Bool = false, repeatMissing: Bool = false) {
        self.ageYears = ageYears
        self.lookedAfter = lookedAfter
        self.childProtectionPlan = childProtectionPlan
        self.exploitationFlagged = exploitationFlagged
        self.repeatMissing = repeatMissing
    }

    /// The children the 2015 NPCC letter was about: never "very low" without a supervisor saying why.
    public var isProtected: Bool { lookedAfter || childProtectionPlan || exploitationFlagged || repeatMissing }

    public var protectedReasons: [String] {
        var reasons: [String] = []
        if lookedAfter { reasons.append("looked after") }
        if childProtectionPlan { reasons.append("on a child-protection plan") }
        if exploitationFlagged { reasons.append("flagged for exploitation") }
        if repeatMissing { reasons.append("repeat missing") }
        return reasons
    }
}

/// One thing that pushed the recommended grade up, and how far.
public struct RiskReason: Sendable, Equatable, Codable {
    public var grade: RiskGrade
    public var text: String
    public var ruleID: String

    public init(grade: RiskGrade, text: String, ruleID: String) {
        self.grade = grade
        self.text = text
        self.ruleID = ruleID
    }
}

/// Lantern's recommended grade and the reasons behind it, strongest first.
public struct RiskRecommendation: Sendable, Equatable, Codable {
    public var grade: RiskGrade
    public var reasons: [RiskReason]

    /// The reasons at the recommended grade: what actually drove it.
    public var drivers: [RiskReason] { reasons.filter { $0.grade == grade } }
}

/// The graded outcome of an assessment: what was recommended, what was chosen and why.
public struct GradeDecision: Sendable, Equatable, Codable {
    public var grade: RiskGrade
    public var recommended: RiskGrade
    public var reasons: [RiskReason]
    public var rationale: String
    public var overridden: Bool { grade != recommended }
    /// The reasons at the recommended grade: what drove the recommendation.
    public var drivers: [RiskReason] { reasons.filter { $0.grade == recommended } }

    public init(grade: RiskGrade, recommended: RiskGrade, reasons: [RiskReason], rationale: String) {
        self.grade = grade
        self.recommended = recommended
        self.reasons = reasons
        self.rationale = rationale
    }
}

/// The APP-based grading, as pure functions over the rule pack.
///
/// ```swift
/// let rec = RiskGrading.recommend(answers, child: factors, rules: rules)
/// let decision = try RiskGrading.decide(rec, chosen: .high, rationale: "", child: factors, by: actor, rules: rules)
/// ```
public enum RiskGrading {
    /// Every question counts: a "yes" raises to its grade; a question left unanswered or "not known"
    /// raises to its (lower) uncertainty grade, because not knowing is not the same as safe.
    public static func recommend(_ answers: [RiskAnswer], child: ChildRiskFactors, rules: MissingRules) -> RiskRecommendation {
        var reasons: [RiskReason] = []
        var byQuestion: [String: RiskAnswer] = [:]
        for answer in answers { byQuestion[answer.questionID] = answer }
        var yesGrades: [RiskGrade] = []
        for question in rules.questions {
            switch byQuestion[question.id]?.value {
            case .yes:
                yesGrades.append(question.ifYes)
                reasons.append(RiskReason(grade: question.ifYes, text: "Yes: \(question.text)", ruleID: question.id))
            case .no:
                break
            case .notKnown, nil:
                if question.ifUnknown > .veryLow {
                    reasons.append(RiskReason(grade: question.ifUnknown, text: "Not known yet: \(question.text)", ruleID: question.id))
                }
            }
        }
        for combination in rules.combinations {
            let count = yesGrades.filter { $0 == combination.ofGrade }.count
            if count >= combination.countAtLeast {
                reasons.append(RiskReason(grade: combination.raisesTo, text: combination.why, ruleID: combination.id))
            }
        }
        for factor in rules.childFactors {
            if let limit = factor.underAge {
                if let age = child.ageYears, age < limit {
                    reasons.append(RiskReason(grade: factor.atLeast, text: factor.why, ruleID: factor.id))
                }
            } else if child.isProtected {
                reasons.append(RiskReason(grade: factor.atLeast,
                                          text: "The child is " + child.protectedReasons.joined(separator: ", ") + ". " + factor.why,
                                          ruleID: factor.id))
            }
        }
        let grade = reasons.map(\.grade).max() ?? .veryLow
        // Strongest first; the checklist order is kept within a grade so the list reads like the form.
        let ordered = reasons.enumerated().sorted { a, b in
            a.element.grade != b.element.grade ? a.element.grade > b.element.grade : a.offset < b.offset
        }.map(\.element)
        return RiskRecommendation(grade: grade, reasons: ordered)
    }

    /// Accepts the officer's chosen grade, or says exactly why not. Choosing anything but the
    /// recommendation needs a written rationale; "very low" for a protected child needs a supervisor's.
    public static func decide(_ recommendation: RiskRecommendation, chosen: RiskGrade, rationale: String,
                              child: ChildRiskFactors, by actor: Actor, rules: MissingRules) throws(ValidationFailure) -> GradeDecision {
        let text = rationale.trimmingCharacters(in: .whitespacesAndNewlines)
        let minimum = rules.overrideRationaleMinimum.value
        var errors = FieldErrorCollector()
        if chosen == .veryLow && child.isProtected && !actor.isSupervisor {
            errors.add("grade", "This child is \(child.protectedReasons.joined(separator: ", ")): only a supervisor (sergeant or above) "
                + "may grade them very low, with a written rationale")
        } else if chosen != recommendation.grade && text.unicodeScalars.count < minimum {
            errors.add("rationale", "Explain why you chose \(chosen.title.lowercased()) when Lantern recommends "
                + "\(recommendation.grade.title.lowercased()) (at least \(minimum) characters)")
        }
        if text.unicodeScalars.count > 10_000 { errors.add("rationale", "The rationale must be 10000 characters or fewer") }
        try errors.throwIfAny()
        return GradeDecision(grade: chosen, recommended: recommendation.grade, reasons: recommendation.reasons, rationale: text)
    }

    /// Checks the answers against the checklist: known questions, each once, and a source for every
    /// yes or no (the answer's own, or the assessment's informant). `now` bounds when it was obtained.
    public static func validate(_ answers: [RiskAnswer], informantName: String, informantContact: String, rules: MissingRules,
                                now: Date) throws(ValidationFailure) -> [RiskAnswer] {
        var errors = FieldErrorCollector()
        for (field, value) in [("informant.name", informantName), ("informant.contact", informantContact)]
        where value.unicodeScalars.count > 200 {
            errors.add(field, "Must be 200 characters or fewer")
        }
        var seen: Set<String> = []
        var clean: [RiskAnswer] = []
        for var answer in answers {
            let key = "answers.\(answer.questionID.prefix(60))"
            guard rules.question(answer.questionID) != nil else {
                errors.add(key, "'\(answer.questionID.prefix(60))' is not a question in risk checklist version \(rules.version)")
                continue
            }
            guard seen.insert(answer.questionID).inserted else {
                errors.add(key, "This question is answered twice")
                continue
            }
            answer.sourceName = answer.sourceName.trimmingCharacters(in: .whitespacesAndNewlines)
            answer.sourceContact = answer.sourceContact.trimmingCharacters(in: .whitespacesAndNewlines)
            answer.detail = answer.detail.trimmingCharacters(in: .whitespacesAndNewlines)
            // An answer with no source of its own came from the informant, and so did its contact; an answer
            // naming someone else never takes the informant's contact details.
            let informant = informantName.trimmingCharacters(in: .whitespacesAndNewlines)
            if answer.sourceName.isEmpty || answer.sourceName == informant {
                answer.sourceName = informant
                if answer.sourceContact.isEmpty { answer.sourceContact = informantContact.trimmingCharacters(in: .whitespacesAndNewlines) }
            }
            // Not said otherwise, the information was obtained when the assessment was made.
            if answer.obtainedAt == nil { answer.obtainedAt = now }
            if answer.value != .notKnown && answer.sourceName.isEmpty {
                errors.add("\(key).source", "Say who gave the answer to: \(rules.question(answer.questionID)!.text)")
            }
            if let at = answer.obtainedAt, at > now {
                errors.add("\(key).obtainedAt", "The time the information was obtained cannot be in the future")
            }
            for (field, value, limit) in [("detail", answer.detail, 2_000), ("source", answer.sourceName, 200),
                                          ("contact", answer.sourceContact, 200)] where value.unicodeScalars.count > limit {
                errors.add("\(key).\(field)", "Must be \(limit) characters or fewer")
            }
            clean.append(answer)
        }
        try errors.throwIfAny()
        return clean
    }
}

extension Actor {
    /// Sergeant or above in the supervisor role: who may review risk and direct an investigation.
    public var isSupervisor: Bool { role == .supervisor && rank >= .sergeant }
}
