import Foundation

/// An officer's decision to raise the level above what the answers give, with the reason recorded.
public struct ProfessionalJudgement: Sendable, Equatable, Codable {
    public var raisesTo: DashGrade
    public var reason: String

    public init(raisesTo: DashGrade, reason: String) {
        self.raisesTo = raisesTo
        self.reason = reason
    }
}

/// What the officer puts in: the answers, the judgement if any, and what the record already knows.
public struct DashSubmission: Sendable, Equatable, Codable {
    /// Question id to answer; a question left out is "not known".
    public var answers: [String: DashAnswer]
    public var judgement: ProfessionalJudgement?

    public init(answers: [String: DashAnswer], judgement: ProfessionalJudgement? = nil) {
        self.answers = answers
        self.judgement = judgement
    }
}

/// The level and every reason for it, so a supervisor and an inspector can see why.
public struct DashResult: Sendable, Equatable, Codable {
    public var tool: String
    public var packVersion: Int
    public var yesCount: Int
    public var notKnownCount: Int
    /// The level the count of "yes" answers alone gives.
    public var countGrade: DashGrade
    /// The level after escalation and judgement: the one acted on.
    public var grade: DashGrade
    public var reasons: [String]
    /// Disclosures that ask the officer to consider a higher level.
    public var prompts: [String]
    public var referToMARAC: Bool
}

/// Grading a domestic abuse risk checklist as a pure function of the answers, the call-out history and the pack.
///
/// ```swift
/// let result = try DashGrading.grade(submission, callOutsInWindow: 3, rules: rules)   // high by escalation
/// ```
public enum DashGrading {
    public static func grade(
        _ submission: DashSubmission, callOutsInWindow: Int, rules: DomesticAbuseRules
    ) throws(ValidationFailure) -> DashResult {
        try check(submission, rules: rules)
        let yes = rules.questions.filter { submission.answers[$0.id] == .yes }
        let countBand = rules.bands.last { $0.atLeastYes <= yes.count } ?? rules.bands[0]
        var grade = countBand.grade
        var reasons = ["\(yes.count) of \(rules.questions.count) answered yes: \(countBand.grade.title.lowercased()) (\(rules.tool.uppercased()))"]
        if callOutsInWindow >= rules.escalation.callOuts && grade < rules.escalation.raisesTo {
            grade = rules.escalation.raisesTo
            reasons.append("\(callOutsInWindow) call-outs in \(rules.escalation.withinMonths) months: \(rules.escalation.why)")
        }
        if let judgement = submission.judgement, judgement.raisesTo > grade {
            grade = judgement.raisesTo
            reasons.append("Raised to \(grade.title.lowercased()) on professional judgement: \(judgement.reason)")
        }
        let yesIDs = Set(yes.map(\.id))
        let prompts = grade == .high ? [] : rules.judgementPrompts.filter { Set($0.questions).isSubset(of: yesIDs) }.map(\.prompt)
        return DashResult(
            tool: rules.tool, packVersion: rules.version, yesCount: yes.count,
            notKnownCount: rules.questions.count - yes.count - rules.questions.filter { submission.answers[$0.id] == .no }.count,
            countGrade: countBand.grade, grade: grade, reasons: reasons, prompts: prompts, referToMARAC: grade >= rules.marac.referAt)
    }

    /// Unknown questions, and a judgement that would lower the level or gives no reason, are refused by name.
    static func check(_ submission: DashSubmission, rules: DomesticAbuseRules) throws(ValidationFailure) {
        var errors = FieldErrorCollector()
        for id in submission.answers.keys.sorted() where rules.question(id) == nil {
            errors.add("answers.\(id)", "'\(id.prefix(40))' is not a question on the \(rules.tool.uppercased()) checklist")
        }
        if let judgement = submission.judgement {
            let reason = judgement.reason.trimmingCharacters(in: .whitespacesAndNewlines)
            if reason.count < rules.professionalJudgement.reasonMinimum {
                errors.add(
                    "judgement.reason",
                    "Say why your judgement raises the level, in at least \(rules.professionalJudgement.reasonMinimum) characters")
            }
            if judgement.reason.unicodeScalars.count > 4000 {
                errors.add("judgement.reason", "The reason must be 4000 characters or fewer")
            }
            if judgement.raisesTo == .standard {
                errors.add("judgement.raisesTo", "Professional judgement can only raise the level, to medium or high")
            }
        }
        try errors.throwIfAny()
    }

    /// Call-outs that count toward escalation: those in the pack's window before `at`, `at` included.
    public static func callOuts(_ times: [Date], before at: Date, rules: DomesticAbuseRules) -> Int {
        let start = WorkingDays.monthsBefore(rules.escalation.withinMonths, at)
        return times.filter { $0 >= start && $0 <= at }.count
    }
}
