import Foundation

/// A child detained in police custody (PACE Code C): anyone who appears to be under 18 is a child unless there
/// is clear evidence otherwise, and an age or date of birth under 18 makes it so without a choice.
public struct ChildInCustody: Sendable, Equatable, Codable {
    public var id: String
    public var childID: String
    public var custodyRecord: String
    public var detainedAt: Date
    /// `YYYY-MM-DD` when known.
    public var dateOfBirth: String?
    /// The custody officer's judgement when the age is not known.
    public var appearsUnder18: Bool
    public var isGirl: Bool
    /// The woman who has care of a girl while she is detained (Code C 3.20A).
    public var womanInCare: String?
    /// The person responsible for the child's welfare, told of the arrest, its reason and where (Code C 3.13).
    public var welfarePerson: String?
    public var welfareInformedAt: Date?
    public var appropriateAdult: AppropriateAdult?
    public var searches: [CustodySearch]
    public var transfer: TransferRequest?
    /// When the child left custody (released, bailed, transferred, or taken to court); nil while still detained.
    public var releasedAt: Date?
    public var version: Int

    public init(
        id: String, childID: String, custodyRecord: String, detainedAt: Date, dateOfBirth: String? = nil, appearsUnder18: Bool = true,
        isGirl: Bool = false, womanInCare: String? = nil, welfarePerson: String? = nil, welfareInformedAt: Date? = nil,
        appropriateAdult: AppropriateAdult? = nil, searches: [CustodySearch] = [], transfer: TransferRequest? = nil, releasedAt: Date? = nil,
        version: Int = 1
    ) {
        self.id = id
        self.childID = childID
        self.custodyRecord = custodyRecord
        self.detainedAt = detainedAt
        self.dateOfBirth = dateOfBirth
        self.appearsUnder18 = appearsUnder18
        self.isGirl = isGirl
        self.womanInCare = womanInCare
        self.welfarePerson = welfarePerson
        self.welfareInformedAt = welfareInformedAt
        self.appropriateAdult = appropriateAdult
        self.searches = searches
        self.transfer = transfer
        self.releasedAt = releasedAt
        self.version = version
    }

    /// Whether a detained person is a child: a known date of birth decides; otherwise how they appear does.
    public static func isChild(dateOfBirth: String?, appearsUnder18: Bool, at date: Date, rules: PolicePowersRules) -> Bool {
        if let dateOfBirth, let age = PersonDraft.age(ofBirthDate: dateOfBirth, on: date) { return age < rules.custody.childUnderAge.value }
        return appearsUnder18
    }

    public func isChild(rules: PolicePowersRules) -> Bool {
        Self.isChild(dateOfBirth: dateOfBirth, appearsUnder18: appearsUnder18, at: detainedAt, rules: rules)
    }

    /// Free text written on the detention, with the API field it is written in: the urgent reason for each search, the
    /// s38(6) justification for secure accommodation and the certificate's reasons. Each new or changed one is
    /// language-checked when the detention is saved.
    public var narratives: [(field: String, text: String)] {
        searches.compactMap { $0.urgentException.map { ("urgentException.reason", $0.reason) } }
            + [("justification", transfer?.justification ?? ""), ("certificate.reasons", transfer?.certificate?.reasons ?? "")]
            .filter { !$0.1.isEmpty }
    }

    /// The child's age in whole years when detained, when the date of birth is known.
    public var ageWhenDetained: Int? { dateOfBirth.flatMap { PersonDraft.age(ofBirthDate: $0, on: detainedAt) } }

    /// Every bad field by name; nothing is recorded unless all pass.
    public func check(now: Date, rules: PolicePowersRules) throws(ValidationFailure) {
        var errors = FieldErrorCollector()
        errors.require(childID, "childID", label: "the child")
        errors.require(custodyRecord, "custodyRecord", label: "the custody record number", maxLength: 60)
        if let dateOfBirth, PersonDraft.age(ofBirthDate: dateOfBirth, on: detainedAt).map({ $0 < 0 }) ?? true {
            errors.add("dateOfBirth", "Enter a real date of birth before the detention, as YYYY-MM-DD")
        }
        if detainedAt > now.addingTimeInterval(60) { errors.add("detainedAt", "The time detained cannot be in the future") }
        if isGirl && rules.custody.girlUnderCareOfWoman.value {
            errors.require(womanInCare, "womanInCare", label: "the woman who has care of the girl while she is detained")
        }
        if let at = welfareInformedAt {
            errors.require(welfarePerson, "welfarePerson", label: "the person responsible for the child's welfare who was told")
            if at < detainedAt { errors.add("welfareInformedAt", "The welfare person cannot be told before the detention") }
        }
        appropriateAdult?.check(&errors, detainedAt: detainedAt, now: now, rules: rules)
        for (index, search) in searches.enumerated() {
            search.check(&errors, field: "searches[\(index)]", detainedAt: detainedAt, now: now, rules: rules)
        }
        transfer?.check(&errors, ageWhenDetained: ageWhenDetained, now: now, rules: rules)
        if let releasedAt, releasedAt < detainedAt || releasedAt > now.addingTimeInterval(60) {
            errors.add("releasedAt", "The child leaves custody after the detention, and not in the future")
        }
        try errors.throwIfAny()
    }
}
