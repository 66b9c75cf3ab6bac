import Foundation

/// A fact Lantern already holds about a child that bears on the risk when they go missing.
public enum KnownRiskFactor: String, Sendable, Codable, CaseIterable, Hashable {
    case lookedAfter = "looked-after"
    case childProtectionPlan = "child-protection-plan"
    case exploitationFlag = "exploitation-flag"
    case traffickingFlag = "trafficking-flag"
    case openExploitationConcern = "open-exploitation-concern"
    case significantScreening = "significant-screening"
    case previouslyFoundWithFlagged = "previously-found-with-flagged"
    case repeatMissing = "repeat-missing"
    case placedOutOfArea = "placed-out-of-area"
    /// At a domestic abuse incident in the history window: abuse at home, a victim in their own right.
    case domesticAbuseAtHome = "domestic-abuse-at-home"

    /// The facts that together are "known exploitation risk" (one floor, however many of them hold).
    public static let knownExploitation: Set<KnownRiskFactor> = [
        .exploitationFlag, .traffickingFlag, .openExploitationConcern,
        .significantScreening,
    ]
}

/// What Lantern knows about the child that changes the grade regardless of the answers: their age,
/// each known fact with the words that explain it, and how often they have been missing in the last year.
public struct ChildRiskFactors: Sendable, Equatable {
    public var ageYears: Int?
    /// Each fact with its explanation, e.g. `.openExploitationConcern: "on open exploitation concern EX-2026-000004"`.
    public var known: [KnownRiskFactor: String]
    /// Episodes before this one whose last-seen time falls within the pack's history window.
    public var earlierEpisodesInYear: Int

    public init(ageYears: Int? = nil, known: [KnownRiskFactor: String] = [:], earlierEpisodesInYear: Int = 0) {
        self.ageYears = ageYears
        self.known = known
        self.earlierEpisodesInYear = earlierEpisodesInYear
    }

    /// The profile-only form the first tables were written in.
    public init(
        ageYears: Int? = nil, lookedAfter: Bool = false, childProtectionPlan: Bool = false, exploitationFlagged: Bool = false,
        repeatMissing: Bool = false
    ) {
        var known: [KnownRiskFactor: String] = [:]
        if lookedAfter { known[.lookedAfter] = "looked after" }
        if childProtectionPlan { known[.childProtectionPlan] = "on a child-protection plan" }
        if exploitationFlagged { known[.exploitationFlag] = "flagged for exploitation" }
        if repeatMissing { known[.repeatMissing] = "repeat missing" }
        self.init(ageYears: ageYears, known: known)
    }

    public var lookedAfter: Bool { known[.lookedAfter] != nil }
    public var repeatMissing: Bool { known[.repeatMissing] != nil }

    /// Any known fact, or missing before this year: never "very low" without a supervisor saying why
    /// (the children the 2015 NPCC letter was about).
    public var isProtected: Bool { !known.isEmpty || earlierEpisodesInYear > 0 }

    public var protectedReasons: [String] {
        var reasons = KnownRiskFactor.allCases.compactMap { known[$0] }
        if earlierEpisodesInYear > 0, known[.repeatMissing] == nil {
            reasons.append("missing \(earlierEpisodesInYear) time\(earlierEpisodesInYear == 1 ? "" : "s") before in the last year")
        }
        return reasons
    }

    /// The explanations of the facts in `factors`, in a fixed order, joined for a sentence.
    func explain(_ factors: Set<KnownRiskFactor>) -> String {
        KnownRiskFactor.allCases.filter(factors.contains).compactMap { known[$0] }.joined(separator: "; ")
    }
}

/// Everything the store reads about a child before grading, as plain values; `ChildRiskFactors.gather`
/// turns it into factors by the rule pack.
public struct ChildRecordFacts: Sendable, Equatable {
    public var profile: ChildProfile?
    public var dateOfBirth: String?
    /// The last-seen time of every earlier episode in the history window (this one excluded).
    public var earlierLastSeen: [Date]
    /// References of open exploitation concerns the child is a subject of.
    public var openConcerns: [String]
    /// The band code of the child's latest exploitation screening, and its title.
    public var latestScreening: (band: String, title: String)?
    /// One explanation for each flags-register alert raised on an earlier episode ("found with ... on MP-...").
    public var flaggedFinds: [String]
    /// One line for each domestic abuse incident the child was at in the history window ("DA-2026-000012 on 27 Nov 2026").
    public var domesticAbuseIncidents: [String]

    public init(
        profile: ChildProfile? = nil, dateOfBirth: String? = nil, earlierLastSeen: [Date] = [], openConcerns: [String] = [],
        latestScreening: (band: String, title: String)? = nil, flaggedFinds: [String] = [], domesticAbuseIncidents: [String] = []
    ) {
        self.profile = profile
        self.dateOfBirth = dateOfBirth
        self.earlierLastSeen = earlierLastSeen
        self.openConcerns = openConcerns
        self.latestScreening = latestScreening
        self.flaggedFinds = flaggedFinds
        self.domesticAbuseIncidents = domesticAbuseIncidents
    }

    public static func == (a: ChildRecordFacts, b: ChildRecordFacts) -> Bool {
        a.profile == b.profile && a.dateOfBirth == b.dateOfBirth && a.earlierLastSeen == b.earlierLastSeen
            && a.openConcerns == b.openConcerns && a.latestScreening?.band == b.latestScreening?.band && a.flaggedFinds == b.flaggedFinds
            && a.domesticAbuseIncidents == b.domesticAbuseIncidents
    }
}

extension ChildRiskFactors {
    /// The factors for an episode whose child was last seen at `lastSeen`, judged at `now`.
    public static func gather(_ facts: ChildRecordFacts, lastSeen: Date, now: Date, rules: MissingRules) -> ChildRiskFactors {
        let profile = facts.profile
        var known: [KnownRiskFactor: String] = [:]
        if profile?.lookedAfter == true { known[.lookedAfter] = "looked after" }
        if profile?.childProtectionPlan == true { known[.childProtectionPlan] = "on a child-protection plan" }
        let flags = (profile?.exploitationFlags ?? []).subtracting([.trafficking])
        if !flags.isEmpty {
            known[.exploitationFlag] =
                "flagged for "
                + ExploitationFlag.allCases.filter(flags.contains).map { $0.title.lowercased() }
                .joined(separator: ", ")
        }
        if profile?.exploitationFlags.contains(.trafficking) == true { known[.traffickingFlag] = "flagged for trafficking or modern slavery" }
        if !facts.openConcerns.isEmpty {
            known[.openExploitationConcern] = "on open exploitation concern " + facts.openConcerns.joined(separator: ", ")
        }
        if let screening = facts.latestScreening, rules.knownRisk.screeningBands.contains(screening.band) {
            known[.significantScreening] = "latest exploitation screening: " + screening.title
        }
        if !facts.flaggedFinds.isEmpty { known[.previouslyFoundWithFlagged] = facts.flaggedFinds.joined(separator: "; ") }
        if !facts.domesticAbuseIncidents.isEmpty {
            known[.domesticAbuseAtHome] = "at domestic abuse incident " + facts.domesticAbuseIncidents.joined(separator: "; ")
        }
        if profile?.placedOutOfArea == true {
            known[.placedOutOfArea] = "placed out of area" + (profile.map { $0.hostAuthority.isEmpty ? "" : " (in \($0.hostAuthority))" } ?? "")
        }
        // Windows end when this episode began; `earlierLastSeen` holds every other episode of the child.
        let reference = lastSeen
        let repeatStatus = RepeatMissing.evaluate(lastSeen: facts.earlierLastSeen + [reference], at: reference, rules: rules)
        if repeatStatus.flagged {
            known[.repeatMissing] = "repeat missing (\(repeatStatus.count) episodes in \(repeatStatus.withinDays) days)"
        }
        let yearStart = reference.addingTimeInterval(-Double(rules.history.withinDays) * 86_400)
        let earlier = facts.earlierLastSeen.filter { $0 > yearStart && $0 <= reference }.count
        let age =
            profile?.age(dateOfBirth: facts.dateOfBirth, on: now)
            ?? facts.dateOfBirth.flatMap { PersonDraft.age(ofBirthDate: $0, on: now) }
        return ChildRiskFactors(ageYears: age, known: known, earlierEpisodesInYear: earlier)
    }
}
