import Foundation

/// The police powers rule pack (Resources/rules/police-powers.json): police protection under Children Act 1989
/// s46, children in custody (PACE Code C, s38(6) transfers) and welfare calls under Right Care Right Person.
/// Every value carries its source, an evidence tag and the date it was checked.
public struct PolicePowersRules: Sendable, Equatable, RulePack {
    public typealias Sourced = SourcedSetting

    public var pack: String
    public var version: Int
    public var checked: String
    public var protection: Protection
    public var custody: Custody
    public var welfare: Welfare

    public struct Protection: Sendable, Equatable, Decodable {
        public var maximumHours: Sourced<Int>
        public var endings: [Ending]
        public var policeStationNeedsExceptionalReason: Sourced<Bool>
        public var reasonMinimum: Sourced<Int>
        public var designatedOfficerMinimumRank: Sourced<Rank>
        public var designatedOfficerNotTakingOfficer: Sourced<Bool>
        public var duties: [Duty]
        public var dueSoonHours: Sourced<Int>
        public var escalateEveryHours: Sourced<Int>
    }

    /// A way police protection may end; `code` is what a record stores.
    public struct Ending: Sendable, Equatable, Decodable {
        public var code: String
        public var title: String
        /// Only the designated officer may record this ending (an EPO application on the authority's behalf).
        public var byDesignatedOfficer: Bool
        public var source: String
        public var evidence: String
        public var checked: String
    }

    /// One of the s46(3)-(4) duties; `needsNote` asks for what was found or said (the child's wishes and feelings).
    public struct Duty: Sendable, Equatable, Decodable {
        public var id: String
        public var text: String
        public var mandatory: Bool
        public var needsNote: Bool
        public var source: String
        public var evidence: String
        public var checked: String
    }

    public struct Custody: Sendable, Equatable, Decodable {
        public var childUnderAge: Sourced<Int>
        public var appropriateAdultMinimumAge: Sourced<Int>
        public var solicitorMayBeAppropriateAdult: Sourced<Bool>
        public var detainedPersonMayBeAppropriateAdult: Sourced<Bool>
        public var girlUnderCareOfWoman: Sourced<Bool>
        public var searchNeedsAppropriateAdult: Sourced<Bool>
        public var urgentSearchNeedsSupervisor: Sourced<Bool>
        public var transfer: Transfer
    }

    public struct Transfer: Sendable, Equatable, Decodable {
        public var secureFromAge: Sourced<Int>
        public var requestWithinMinutes: Sourced<Int>
        public var escalateEveryHours: Sourced<Int>
        public var impracticableMeans: Sourced<String>
        public var secureOnlyForSeriousHarm: Sourced<Bool>
        public var certificateForCourt: Sourced<Bool>
    }

    public struct Welfare: Sendable, Equatable, Decodable {
        public var threshold: Sourced<String>
        public var callKinds: Sourced<[String]>
        /// The force's carve-out: these kinds of call about a child are attended whatever the threshold says.
        public var childAlwaysAttended: Sourced<[String]>
        public var childNotAttendedToMASH: Sourced<Bool>
        public var reasonMinimum: Sourced<Int>
    }

    public func ending(_ code: String) -> Ending? { protection.endings.first { $0.code == code } }
    public func duty(_ id: String) -> Duty? { protection.duties.first { $0.id == id } }
}

extension PolicePowersRules {
    /// The s46 endings and duties the code relies on; a pack without them cannot describe police protection.
    static let requiredEndings = ["released", "epo-application", "local-authority"]
    static let requiredMandatoryDuties = ["la-where-found", "la-where-lives", "child-told-wishes", "parents-informed", "designated-officer"]

    /// A pack that would allow longer than the law, or drop a safeguard the law sets, is refused at start-up.
    public func check() throws(RulePackInvalid) {
        func refuse(_ reason: String) -> RulePackInvalid { RulePackInvalid(reason: "police-powers.json: " + reason) }
        let hours = protection.maximumHours.value
        if hours > 72 { throw refuse("police protection cannot last more than 72 hours (s46(6)); the pack says \(hours)") }
        if hours < 1 { throw refuse("protection.maximumHours must be positive") }
        let codes = protection.endings.map(\.code)
        if Set(codes).count != codes.count { throw refuse("an ending code appears twice") }
        if let missing = Self.requiredEndings.first(where: { !codes.contains($0) }) { throw refuse("the ending '\(missing)' is missing") }
        let ids = protection.duties.map(\.id)
        if Set(ids).count != ids.count { throw refuse("a duty id appears twice") }
        for id in Self.requiredMandatoryDuties where duty(id)?.mandatory != true {
            throw refuse("the duty '\(id)' must be present and mandatory")
        }
        if duty("child-told-wishes")?.needsNote != true { throw refuse("the child's wishes and feelings must be recorded (needsNote)") }
        if !protection.policeStationNeedsExceptionalReason.value { throw refuse("a police station needs an exceptional reason") }
        if protection.designatedOfficerMinimumRank.value < .sergeant { throw refuse("the designated officer must be a sergeant or above") }
        if protection.dueSoonHours.value < 1 || protection.dueSoonHours.value >= hours { throw refuse("dueSoonHours must be 1 to below the maximum") }
        if protection.escalateEveryHours.value < 1 { throw refuse("protection.escalateEveryHours must be positive") }
        if protection.reasonMinimum.value < 1 || welfare.reasonMinimum.value < 1 { throw refuse("reason minimums must be positive") }
        try checkCustody(refuse)
        try checkWelfare(refuse)
    }

    private func checkCustody(_ refuse: (String) -> RulePackInvalid) throws(RulePackInvalid) {
        if custody.childUnderAge.value != 18 { throw refuse("a child in custody is anyone under 18 (PACE Code C 1.5)") }
        if custody.solicitorMayBeAppropriateAdult.value { throw refuse("a solicitor cannot be the appropriate adult") }
        if custody.detainedPersonMayBeAppropriateAdult.value { throw refuse("a detained person cannot be the appropriate adult") }
        if custody.appropriateAdultMinimumAge.value < 18 { throw refuse("the appropriate adult is 18 or over") }
        if !custody.girlUnderCareOfWoman.value { throw refuse("a girl in custody is under the care of a woman (Code C 3.20A)") }
        if !custody.searchNeedsAppropriateAdult.value { throw refuse("a strip or intimate search of a child needs the appropriate adult") }
        let transfer = custody.transfer
        if transfer.secureFromAge.value < 12 { throw refuse("secure accommodation grounds start at 12 or over (s38(6)(b))") }
        if transfer.requestWithinMinutes.value < 1 || transfer.escalateEveryHours.value < 1 { throw refuse("transfer clocks must be positive") }
    }

    private func checkWelfare(_ refuse: (String) -> RulePackInvalid) throws(RulePackInvalid) {
        let kinds = welfare.callKinds.value
        if kinds.isEmpty || Set(kinds).count != kinds.count { throw refuse("welfare.callKinds must be present and unique") }
        if let unknown = welfare.childAlwaysAttended.value.first(where: { !kinds.contains($0) }) {
            throw refuse("the child carve-out names the unknown call kind '\(unknown)'")
        }
        if welfare.threshold.value.trimmingCharacters(in: .whitespaces).isEmpty { throw refuse("welfare.threshold is empty") }
    }
}
