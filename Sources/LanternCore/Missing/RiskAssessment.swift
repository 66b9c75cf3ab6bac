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
    /// The answer came from what Lantern already holds about the child, not from the officer.
    public var fromRecord: Bool
    /// Why the officer answered differently from the record (required to do so).
    public var changeReason: String

    public init(
        questionID: String, value: RiskAnswerValue, detail: String = "", sourceName: String = "",
        sourceContact: String = "", obtainedAt: Date? = nil, fromRecord: Bool = false, changeReason: String = ""
    ) {
        self.questionID = questionID
        self.value = value
        self.detail = detail
        self.sourceName = sourceName
        self.sourceContact = sourceContact
        self.obtainedAt = obtainedAt
        self.fromRecord = fromRecord
        self.changeReason = changeReason
    }

    enum CodingKeys: String, CodingKey {
        case questionID, value, detail, sourceName, sourceContact, obtainedAt, fromRecord, changeReason
    }

    /// Answers stored before version 2 of the pack have no `fromRecord` or `changeReason`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            questionID: try c.decode(String.self, forKey: .questionID), value: try c.decode(RiskAnswerValue.self, forKey: .value),
            detail: try c.decode(String.self, forKey: .detail), sourceName: try c.decode(String.self, forKey: .sourceName),
            sourceContact: try c.decode(String.self, forKey: .sourceContact),
            obtainedAt: try c.decodeIfPresent(Date.self, forKey: .obtainedAt),
            fromRecord: try c.decodeIfPresent(Bool.self, forKey: .fromRecord) ?? false,
            changeReason: try c.decodeIfPresent(String.self, forKey: .changeReason) ?? "")
    }
}

/// Where an answer came from, as the form shows it.
public enum RecordSource {
    /// The name an answer taken from Lantern's record carries as its source.
    public static let name = "Lantern record"
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
    /// The grade is below the recommendation and was chosen by someone who is not a supervisor:
    /// it stands only once a supervisor agrees, and the review is due at once.
    public var awaitingSupervisor: Bool
    public var overridden: Bool { grade != recommended }
    /// The reasons at the recommended grade: what drove the recommendation.
    public var drivers: [RiskReason] { reasons.filter { $0.grade == recommended } }

    public init(grade: RiskGrade, recommended: RiskGrade, reasons: [RiskReason], rationale: String, awaitingSupervisor: Bool = false) {
        self.grade = grade
        self.recommended = recommended
        self.reasons = reasons
        self.rationale = rationale
        self.awaitingSupervisor = awaitingSupervisor
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
    /// raises to its (lower) uncertainty grade, because not knowing is not the same as safe. What Lantern
    /// knows about the child sets floors, and any three medium factors (answers, record, history) make high.
    public static func recommend(
        _ answers: [RiskAnswer], child: ChildRiskFactors, subject: MissingSubject = .child,
        rules: MissingRules
    ) -> RiskRecommendation {
        var byQuestion: [String: RiskAnswer] = [:]
        for answer in answers { byQuestion[answer.questionID] = answer }
        let young = subject == .child && (child.ageYears.map { $0 < rules.youngChild.underAge } ?? false)
        var reasons: [RiskReason] = []
        var counted: [RiskReason] = []
        for question in rules.checklist(for: subject) {
            guard let reason = reason(for: question, answer: byQuestion[question.id], young: young, rules: rules) else { continue }
            reasons.append(reason.reason)
            if reason.counts { counted.append(reason.reason) }
        }
        var floors = childFloors(child, rules: rules)
        if subject == .adultAtRisk {
            floors.append((RiskReason(grade: rules.adultAtRisk.atLeast, text: rules.adultAtRisk.why, ruleID: "adult-at-risk"), false))
        }
        reasons += floors.map(\.reason)
        counted += floors.filter(\.counts).map(\.reason)
        for combination in rules.combinations {
            let count = counted.filter { $0.grade == combination.ofGrade }.count
            if count >= combination.countAtLeast {
                reasons.append(RiskReason(grade: combination.raisesTo, text: combination.why + " (\(count) factors)", ruleID: combination.id))
            }
        }
        let grade = reasons.map(\.grade).max() ?? .veryLow
        // Strongest first; the checklist order is kept within a grade so the list reads like the form.
        let ordered = reasons.enumerated().sorted { a, b in
            a.element.grade != b.element.grade ? a.element.grade > b.element.grade : a.offset < b.offset
        }.map(\.element)
        return RiskRecommendation(grade: grade, reasons: ordered)
    }

    /// One question's reason, and whether it counts toward combinations (a "yes", not an uncertainty).
    static func reason(
        for question: MissingRules.Question, answer: RiskAnswer?, young: Bool,
        rules: MissingRules
    ) -> (reason: RiskReason, counts: Bool)? {
        let unknownIsYes = young && question.youngChildSafety == true
        let value = answer?.value ?? .notKnown
        let said = answer?.fromRecord == true ? "From the record" : "Yes"
        switch value {
        case .no:
            return nil
        case .yes,
            .notKnown where unknownIsYes:
            let prefix = value == .yes ? said : "Not known, and the child is under \(rules.youngChild.underAge): counts as yes"
            if young && question.id == rules.youngChild.outOfCharacterQuestion {
                return (
                    RiskReason(
                        grade: max(question.ifYes, rules.youngChild.raisesTo),
                        text: "\(prefix): \(question.text) "
                            + rules.youngChild.why, ruleID: "young-out-of-character"), true
                )
            }
            return (RiskReason(grade: question.ifYes, text: "\(prefix): \(question.text)", ruleID: question.id), true)
        case .notKnown:
            guard question.ifUnknown > .veryLow else { return nil }
            return (RiskReason(grade: question.ifUnknown, text: "Not known yet: \(question.text)", ruleID: question.id), false)
        }
    }

    /// The floors what Lantern knows sets: age, care status, known exploitation, earlier finds with
    /// flagged people, repeat missing and the year's history.
    static func childFloors(_ child: ChildRiskFactors, rules: MissingRules) -> [(reason: RiskReason, counts: Bool)] {
        var floors: [(reason: RiskReason, counts: Bool)] = []
        for rule in rules.childFactors {
            let facts: Set<KnownRiskFactor>
            switch rule.factor {
            case .age:
                guard let age = child.ageYears, let limit = rule.underAge, age < limit else { continue }
                floors.append((RiskReason(grade: rule.atLeast, text: rule.why, ruleID: rule.id), rule.countsTowardCombinations))
                continue
            case .lookedAfter: facts = [.lookedAfter, .placedOutOfArea]
            case .childProtectionPlan: facts = [.childProtectionPlan]
            case .knownExploitation: facts = KnownRiskFactor.knownExploitation
            case .previouslyFoundWithFlagged: facts = [.previouslyFoundWithFlagged]
            case .repeatMissing: facts = [.repeatMissing]
            }
            let held = facts.filter { child.known[$0] != nil }
            guard !held.isEmpty else { continue }
            let text = "The record shows: " + child.explain(held) + ". " + rule.why
            floors.append((RiskReason(grade: rule.atLeast, text: text, ruleID: rule.id), rule.countsTowardCombinations))
        }
        if let step = rules.history.steps.filter({ child.earlierEpisodesInYear >= $0.earlierEpisodes }).max(by: { $0.atLeast < $1.atLeast }) {
            let text =
                "Missing \(child.earlierEpisodesInYear) time\(child.earlierEpisodesInYear == 1 ? "" : "s") before in the last "
                + "\(rules.history.withinDays) days. " + step.why
            floors.append(
                (
                    RiskReason(grade: step.atLeast, text: text, ruleID: "history"),
                    rules.history.countsTowardCombinations && child.known[.repeatMissing] == nil
                ))
        }
        return floors
    }

    /// The checklist answers Lantern's record gives before the officer answers: each question whose
    /// `fromRecord` facts the child has is "yes", sourced to the record, with the facts as its detail.
    public static func recordAnswers(child: ChildRiskFactors, subject: MissingSubject = .child, rules: MissingRules) -> [RiskAnswer] {
        rules.checklist(for: subject).compactMap { question in
            let held = Set(question.fromRecord ?? []).filter { child.known[$0] != nil }
            guard !held.isEmpty else { return nil }
            return RiskAnswer(
                questionID: question.id, value: .yes, detail: child.explain(held), sourceName: RecordSource.name,
                fromRecord: true)
        }
    }

    /// The officer's answers with the record's: a question the officer left out takes the record's
    /// "yes"; answering it otherwise needs a reason, so "no" cannot be typed over a CSE flag.
    public static func merge(_ answers: [RiskAnswer], record: [RiskAnswer], rules: MissingRules) throws(ValidationFailure) -> [RiskAnswer] {
        var errors = FieldErrorCollector()
        var merged = answers
        let minimum = rules.overrideRationaleMinimum.value
        for known in record {
            guard let index = merged.firstIndex(where: { $0.questionID == known.questionID }) else {
                merged.append(known)
                continue
            }
            var given = merged[index]
            given.changeReason = given.changeReason.trimmingCharacters(in: .whitespacesAndNewlines)
            if given.value == .yes {
                given.fromRecord = given.sourceName == RecordSource.name
                if given.detail.isEmpty { given.detail = known.detail }
            } else if given.changeReason.unicodeScalars.count < minimum {
                errors.add(
                    "answers.\(known.questionID).changeReason",
                    "Lantern's record shows: \(known.detail). To answer "
                        + "'\(given.value.title.lowercased())', say why the record is wrong or no longer applies (at least \(minimum) characters)")
            } else if given.changeReason.unicodeScalars.count > 2_000 {
                errors.add("answers.\(known.questionID).changeReason", "Must be 2000 characters or fewer")
            }
            merged[index] = given
        }
        try errors.throwIfAny()
        return merged
    }

    /// Accepts the officer's chosen grade, or says exactly why not. Choosing anything but the
    /// recommendation needs a written rationale; "very low" for a protected child needs a supervisor's;
    /// any grade below the recommendation chosen by someone else awaits a supervisor's agreement.
    public static func decide(
        _ recommendation: RiskRecommendation, chosen: RiskGrade, rationale: String,
        child: ChildRiskFactors, by actor: Actor, rules: MissingRules
    ) throws(ValidationFailure) -> GradeDecision {
        let text = rationale.trimmingCharacters(in: .whitespacesAndNewlines)
        let minimum = rules.overrideRationaleMinimum.value
        var errors = FieldErrorCollector()
        if chosen == .veryLow && child.isProtected && !actor.isSupervisor {
            errors.add(
                "grade",
                "This child is \(child.protectedReasons.joined(separator: ", ")): only a supervisor (sergeant or above) "
                    + "may grade them very low, with a written rationale")
        } else if chosen != recommendation.grade && text.unicodeScalars.count < minimum {
            errors.add(
                "rationale",
                "Explain why you chose \(chosen.title.lowercased()) when Lantern recommends "
                    + "\(recommendation.grade.title.lowercased()) (at least \(minimum) characters)")
        }
        if text.unicodeScalars.count > 10_000 { errors.add("rationale", "The rationale must be 10000 characters or fewer") }
        try errors.throwIfAny()
        let awaiting = chosen < recommendation.grade && rules.downgrade.needsSupervisorAgreement && !actor.isSupervisor
        return GradeDecision(
            grade: chosen, recommended: recommendation.grade, reasons: recommendation.reasons, rationale: text,
            awaitingSupervisor: awaiting)
    }

    /// Checks the answers against the checklist: known questions, each once, and a source for every
    /// yes or no (the answer's own, or the assessment's informant). `now` bounds when it was obtained.
    public static func validate(
        _ answers: [RiskAnswer], informantName: String, informantContact: String,
        subject: MissingSubject = .child, rules: MissingRules, now: Date
    ) throws(ValidationFailure) -> [RiskAnswer] {
        var errors = FieldErrorCollector()
        errors.limit([("informant.name", informantName, 200), ("informant.contact", informantContact, 200)])
        var seen: Set<String> = []
        var clean: [RiskAnswer] = []
        for var answer in answers {
            let key = "answers.\(answer.questionID.prefix(60))"
            guard rules.question(answer.questionID, subject: subject) != nil else {
                errors.add(
                    key,
                    "'\(answer.questionID.prefix(60))' is not a question in the \(subject == .child ? "child" : "adult-at-risk") "
                        + "risk checklist version \(rules.version)")
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
            errors.limit([
                ("\(key).detail", answer.detail, 2_000), ("\(key).source", answer.sourceName, 200),
                ("\(key).contact", answer.sourceContact, 200),
            ])
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
