import Foundation

/// The missing-children rule pack (Resources/rules/missing.json): the risk checklist,
/// how answers raise the grade, supervision and interview clocks, the repeat-missing rule.
/// Every value carries its source and the date it was checked; unsure ones are local policy.
///
/// ```swift
/// let rules = try MissingRules.decode(data)
/// let recommendation = RiskGrading.recommend(answers, child: factors, rules: rules)
/// ```
public struct MissingRules: Sendable, Equatable, RulePack {
    public var pack: String
    public var version: Int
    public var checked: String
    /// The child checklist.
    public var questions: [Question]
    /// The adult-at-risk checklist: the same grading, questions for adults.
    public var adultQuestions: [Question]
    public var adultAtRisk: AdultAtRisk
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
    public var returnReview: ReturnReview
    public var episodeSteps: [EpisodeStep]
    public var longTermMissing: LongTermMissing
    public var repeatMissingMeeting: RepeatMissingMeeting
    public var youngChild: YoungChild
    public var history: History
    public var knownRisk: KnownRisk
    public var downgrade: Downgrade

    public struct Question: Sendable, Equatable, Decodable {
        public var id: String
        public var text: String
        /// The grade a "yes" points to at least.
        public var ifYes: RiskGrade
        /// The grade an unanswered ("not known") question points to: uncertainty is not safety.
        public var ifUnknown: RiskGrade
        /// Facts on the child's record that answer this question "yes" before the officer does.
        public var fromRecord: [KnownRiskFactor]?
        /// For a young child, "not known" here counts as "yes": a young child cannot be assumed able to keep safe.
        public var youngChildSafety: Bool?
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

    /// A fact about the child that sets a floor under the grade.
    public struct ChildFactorRule: Sendable, Equatable, Decodable {
        public enum Factor: String, Sendable, Equatable, Decodable {
            case age
            case lookedAfter = "looked-after"
            case childProtectionPlan = "child-protection-plan"
            case knownExploitation = "known-exploitation"
            case previouslyFoundWithFlagged = "previously-found-with-flagged"
            case repeatMissing = "repeat-missing"
        }

        public var id: String
        public var factor: Factor
        public var underAge: Int?
        public var atLeast: RiskGrade
        /// Whether this floor is one of the factors "three mediums make high" counts.
        public var countsTowardCombinations: Bool
        public var why: String
        public var source: String
        public var evidence: String
    }

    /// A step recorded on every new episode of the listed grades, due a set time after the report.
    public struct EpisodeStep: Sendable, Equatable, Decodable {
        public var kind: EpisodeTaskKind
        public var title: String
        public var grades: [RiskGrade]
        /// Who the step is for; absent means everyone.
        public var subjects: [MissingSubject]?
        public var dueMinutes: Int
        public var source: String
        public var evidence: String
    }

    public struct AdultAtRisk: Sendable, Equatable, Decodable {
        public var atLeast: RiskGrade
        public var why: String
    }

    public struct LongTermMissing: Sendable, Equatable, Decodable {
        public var afterDays: Int
        public var title: String
        public var dueMinutes: Int
    }

    public struct RepeatMissingMeeting: Sendable, Equatable, Decodable {
        public var title: String
        public var withinDays: Int
    }

    public struct ReturnReview: Sendable, Equatable, Decodable {
        public var withinMinutes: Int
    }

    public struct YoungChild: Sendable, Equatable, Decodable {
        public var underAge: Int
        public var outOfCharacterQuestion: String
        public var raisesTo: RiskGrade
        public var why: String
    }

    /// Missing history beyond the repeat window: earlier episodes in `withinDays` raise the floor step by step.
    public struct History: Sendable, Equatable, Decodable {
        public struct Step: Sendable, Equatable, Decodable {
            public var earlierEpisodes: Int
            public var atLeast: RiskGrade
            public var why: String
        }

        public var withinDays: Int
        public var steps: [Step]
        public var countsTowardCombinations: Bool
    }

    public struct KnownRisk: Sendable, Equatable, Decodable {
        /// Screening bands that count as a significant screening.
        public var screeningBands: [String]
    }

    public struct Downgrade: Sendable, Equatable, Decodable {
        public var needsSupervisorAgreement: Bool
        public var why: String
    }

    public typealias Setting<Value: Sendable & Equatable & Decodable> = SourcedSetting<Value>

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

    /// A pack missing a grade's clock would leave episodes with no review due: refuse it at start-up.
    public func check() throws {
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
        let all = questions + adultQuestions
        if Set(all.map(\.id)).count != all.count {
            throw RulePackInvalid(reason: "missing.json has two risk questions with the same id")
        }
        if question(youngChild.outOfCharacterQuestion) == nil {
            throw RulePackInvalid(reason: "missing.json youngChild names a question that does not exist: \(youngChild.outOfCharacterQuestion)")
        }
        if history.withinDays < 1 || history.steps.contains(where: { $0.earlierEpisodes < 1 }) {
            throw RulePackInvalid(reason: "missing.json history needs a positive window and steps of at least one earlier episode")
        }
        if episodeSteps.contains(where: { !$0.kind.isStep || $0.dueMinutes < 1 }) {
            throw RulePackInvalid(reason: "missing.json episodeSteps must be step kinds with a positive due time")
        }
        if childFactors.contains(where: { $0.factor == .age && $0.underAge == nil }) {
            throw RulePackInvalid(reason: "missing.json has an age factor without underAge")
        }
    }

    public func supervision(for grade: RiskGrade) -> Supervision {
        supervision.first { $0.grade == grade }!
    }

    public func preventionInterviewMinutes(for grade: RiskGrade) -> Int {
        preventionInterview.first { $0.grade == grade }!.withinMinutes
    }

    /// The steps a new episode (or a new grade) of `grade` needs, each due a set time after `from`.
    public func steps(
        for grade: RiskGrade, subject: MissingSubject = .child,
        from: Date
    ) -> [(kind: EpisodeTaskKind, title: String, dueAt: Date)] {
        episodeSteps.filter { $0.grades.contains(grade) && ($0.subjects ?? MissingSubject.allCases).contains(subject) }.map {
            ($0.kind, $0.title, from.addingTimeInterval(Double($0.dueMinutes) * 60))
        }
    }

    /// The checklist for who is missing.
    public func checklist(for subject: MissingSubject) -> [Question] {
        subject == .child ? questions : adultQuestions
    }

    public func question(_ id: String, subject: MissingSubject? = nil) -> Question? {
        (subject.map(checklist(for:)) ?? questions + adultQuestions).first { $0.id == id }
    }
}
