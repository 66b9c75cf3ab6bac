import Foundation

/// The domestic abuse rule pack (Resources/rules/domestic-abuse.json): the risk checklist and its bands,
/// escalation by call-outs, professional judgement, MARAC, repeat incidents, Operation Encompass and the
/// school-term calendar. Every value carries its source, an evidence tag and the date it was checked.
///
/// The engine does not know which tool it runs: DASH ships; a force using DARA supplies a pack with
/// `tool: "dara"`, its own questions and bands, and the same grading applies.
public struct DomesticAbuseRules: Sendable, Equatable, RulePack {
    public var pack: String
    public var version: Int
    public var checked: String
    public var tool: String
    public var questions: [Question]
    /// Lowest first; the first band starts at 0 "yes" answers.
    public var bands: [Band]
    public var escalation: Escalation
    public var professionalJudgement: Judgement
    public var judgementPrompts: [JudgementPrompt]
    public var marac: Marac
    public var repeatIncident: RepeatIncident
    public var encompass: Encompass
    public var terms: SchoolTerms

    public struct Question: Sendable, Equatable, Decodable {
        public var id: String
        public var text: String
        public var source: String
        public var evidence: String
        public var checked: String
    }

    public struct Band: Sendable, Equatable, Decodable {
        public var grade: DashGrade
        public var atLeastYes: Int
        public var source: String
        public var evidence: String
    }

    /// Potential escalation: this many call-outs in the window raises the grade whatever the count of "yes".
    public struct Escalation: Sendable, Equatable, Decodable {
        public var callOuts: Int
        /// Calendar months up to the incident, in UK time ("12 months" is not 365 days across a leap year).
        public var withinMonths: Int
        public var raisesTo: DashGrade
        public var why: String
        public var source: String
        public var evidence: String
    }

    public struct Judgement: Sendable, Equatable, Decodable {
        public var reasonMinimum: Int
        public var why: String
        public var source: String
    }

    /// Answers that ask the officer to consider raising the grade; a prompt, never an automatic raise.
    public struct JudgementPrompt: Sendable, Equatable, Decodable {
        /// Every one of these answered "yes" shows the prompt.
        public var questions: [String]
        public var prompt: String
        public var source: String
        public var evidence: String
    }

    public typealias Sourced = SourcedSetting

    public struct Marac: Sendable, Equatable, Decodable {
        public var referAt: DashGrade
        public var referralDueHours: Sourced<Int>
        public var escalateEveryHoursOverdue: Sourced<Int>
        public var repeatWithinMonths: Sourced<Int>
        public var childrenNeedOwnReferral: Sourced<Bool>
    }

    public struct RepeatIncident: Sendable, Equatable, Decodable {
        public var withinMonths: Int
        public var why: String
    }

    public struct Encompass: Sendable, Equatable, Decodable {
        public var fromAge: Sourced<Int>
        public var throughAge: Sourced<Int>
        public var schoolYearStartsMonth: Sourced<Int>
        /// "HH:MM", UK time.
        public var schoolDayStarts: Sourced<String>
        public var escalateEveryMinutesOverdue: Sourced<Int>
        public var notSentReasons: [NotSentReason]
        public var shared: Sourced<String>
    }

    /// A recorded reason a school was not told; `code` is what a record stores.
    public struct NotSentReason: Sendable, Equatable, Decodable {
        public var code: String
        public var title: String
        /// Only a supervisor may record this exception.
        public var needsSupervisor: Bool?
        public var source: String
        public var evidence: String
    }

    public func question(_ id: String) -> Question? { questions.first { $0.id == id } }

    /// Domestic abuse is between people aged 16 or over (Domestic Abuse Act 2021 s1): a younger person at an
    /// incident is recorded as a child.
    public var adultPartyFromAge: Int { 16 }

    public func notSentReason(_ code: String) -> NotSentReason? { encompass.notSentReasons.first { $0.code == code } }
}

extension DomesticAbuseRules {
    /// A pack that could grade nothing, or point a prompt at a question it does not ask, is refused at start-up.
    public func check() throws(RulePackInvalid) {
        func refuse(_ reason: String) -> RulePackInvalid { RulePackInvalid(reason: "domestic-abuse.json: " + reason) }
        let ids = questions.map(\.id)
        if ids.isEmpty { throw refuse("the checklist has no questions") }
        if Set(ids).count != ids.count { throw refuse("a question id appears twice") }
        if bands.first?.atLeastYes != 0 { throw refuse("the first band must start at 0 \"yes\" answers") }
        for (lower, upper) in zip(bands, bands.dropFirst())
        where !(lower.atLeastYes < upper.atLeastYes && lower.grade < upper.grade) {
            throw refuse("bands must rise in both count and grade (\(lower.grade.rawValue) then \(upper.grade.rawValue))")
        }
        if bands.last.map({ $0.atLeastYes > questions.count }) ?? true { throw refuse("the top band needs more answers than there are questions") }
        for prompt in judgementPrompts {
            if let unknown = prompt.questions.first(where: { !ids.contains($0) }) { throw refuse("a prompt names the unknown question '\(unknown)'") }
        }
        if escalation.callOuts < 1 || escalation.withinMonths < 1 { throw refuse("escalation needs a positive count and window") }
        if marac.repeatWithinMonths.value < 1 || repeatIncident.withinMonths < 1 || marac.referralDueHours.value < 1 {
            throw refuse("MARAC and repeat windows and the referral clock must be positive")
        }
        if marac.escalateEveryHoursOverdue.value < 1 { throw refuse("marac.escalateEveryHoursOverdue must be positive") }
        if encompass.escalateEveryMinutesOverdue.value < 1 { throw refuse("escalateEveryMinutesOverdue must be positive") }
        if SchoolDayTime(encompass.schoolDayStarts.value) == nil { throw refuse("schoolDayStarts must be HH:MM") }
        if !(1...12).contains(encompass.schoolYearStartsMonth.value) { throw refuse("schoolYearStartsMonth must be 1 to 12") }
        if encompass.fromAge.value > encompass.throughAge.value { throw refuse("Operation Encompass fromAge is above throughAge") }
        let codes = encompass.notSentReasons.map(\.code)
        if codes.isEmpty || Set(codes).count != codes.count { throw refuse("notSentReasons must be present and unique") }
        try terms.check()
    }
}

/// A time of day on the school clock ("08:30").
public struct SchoolDayTime: Sendable, Equatable {
    public var hour: Int
    public var minute: Int

    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard text.count == 5, parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m)
        else { return nil }
        (hour, minute) = (h, m)
    }
}
