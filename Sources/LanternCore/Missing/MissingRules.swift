import Foundation

/// The missing-children rule pack (Resources/rules/missing.json): the risk checklist,
/// how answers raise the grade, supervision and interview clocks, the repeat-missing rule.
/// Every value carries its source and the date it was checked; unsure ones are local policy.
///
/// ```swift
/// let rules = try MissingRules.decode(data)
/// let recommendation = RiskGrading.recommend(answers, child: factors, rules: rules)
/// ```
public struct MissingRules: Sendable, Equatable, Decodable {
    public var pack: String
    public var version: Int
    public var checked: String
    public var questions: [Question]
    public var combinations: [Combination]
    public var childFactors: [ChildFactorRule]
    public var overrideRationaleMinimum: Setting<Int>
    public var supervision: [Supervision]
    public var escalation: Escalation
    public var localAuthorityNotification: LocalAuthorityNotification
    public var preventionInterview: [PreventionInterview]
    public var returnHomeInterview: ReturnHomeInterview
    public var repeatMissing: RepeatMissingRule
    public var philomenaStaleAfterDays: Setting<Int>

    public struct Question: Sendable, Equatable, Decodable {
        public var id: String
        public var text: String
        /// The grade a "yes" points to at least.
        public var ifYes: RiskGrade
        /// The grade an unanswered ("not known") question points to: uncertainty is not safety.
        public var ifUnknown: RiskGrade
        public var source: String
        public var evidence: String
        public var checked: String
    }

    public struct Combination: Sendable, Equatable, Decodable {
        public var id: String
        public var countAtLeast: Int
        public var ofGrade: RiskGrade
        public var raisesTo: RiskGrade
        public var why: String
    }

    public struct ChildFactorRule: Sendable, Equatable, Decodable {
        public var id: String
        public var underAge: Int?
        public var atLeast: RiskGrade
        public var why: String
    }

    public struct Setting<Value: Sendable & Equatable & Decodable>: Sendable, Equatable, Decodable {
        public var value: Value
        public var why: String
        public var source: String
    }

    public struct Supervision: Sendable, Equatable, Decodable {
        public var grade: RiskGrade
        public var firstReviewMinutes: Int
        public var rank: Rank
        public var reviewEveryMinutes: Int
    }

    public struct Escalation: Sendable, Equatable, Decodable {
        public var everyMinutesOverdue: Int
        public var ranks: [Rank]
    }

    public struct LocalAuthorityNotification: Sendable, Equatable, Decodable {
        public var alertAfterMinutes: Int
    }

    public struct PreventionInterview: Sendable, Equatable, Decodable {
        public var grade: RiskGrade
        public var withinMinutes: Int
    }

    public struct ReturnHomeInterview: Sendable, Equatable, Decodable {
        public var withinHours: Int
    }

    public struct RepeatMissingRule: Sendable, Equatable, Codable {
        public var episodes: Int
        public var withinDays: Int
    }

    public static func decode(_ data: Data) throws -> MissingRules {
        let rules = try JSONDecoder().decode(MissingRules.self, from: data)
        try rules.checkComplete()
        return rules
    }

    /// A pack missing a grade's clock would leave episodes with no review due: refuse it at start-up.
    func checkComplete() throws {
        for grade in RiskGrade.allCases {
            guard supervision.contains(where: { $0.grade == grade }) else {
                throw RulePackInvalid(reason: "missing.json has no supervision clock for grade \(grade.rawValue)")
            }
            guard preventionInterview.contains(where: { $0.grade == grade }) else {
                throw RulePackInvalid(reason: "missing.json has no prevention-interview deadline for grade \(grade.rawValue)")
            }
        }
        if escalation.ranks.isEmpty || escalation.everyMinutesOverdue <= 0 {
            throw RulePackInvalid(reason: "missing.json escalation needs at least one rank and a positive interval")
        }
        if repeatMissing.episodes < 2 || repeatMissing.withinDays < 1 {
            throw RulePackInvalid(reason: "missing.json repeat-missing rule needs at least 2 episodes in at least 1 day")
        }
        if Set(questions.map(\.id)).count != questions.count {
            throw RulePackInvalid(reason: "missing.json has two risk questions with the same id")
        }
    }

    public func supervision(for grade: RiskGrade) -> Supervision {
        supervision.first { $0.grade == grade }!
    }

    public func preventionInterviewMinutes(for grade: RiskGrade) -> Int {
        preventionInterview.first { $0.grade == grade }!.withinMinutes
    }

    public func question(_ id: String) -> Question? {
        questions.first { $0.id == id }
    }
}

/// A rule pack that would make Lantern behave wrongly; Lantern refuses to start with it.
public struct RulePackInvalid: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}
