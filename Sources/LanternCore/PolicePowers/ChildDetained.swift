import Foundation

/// What a custody officer records when a child is detained; the store adds the id, the date of birth on the child's
/// record and the reference, and checks it as a ``ChildInCustody``.
public struct ChildDetained: Sendable, Equatable, Codable {
    public var childID: String
    public var custodyRecord: String
    public var detainedAt: Date
    public var appearsUnder18: Bool
    public var isGirl: Bool
    public var womanInCare: String?
    public var welfarePerson: String?
    public var welfareInformedAt: Date?
    /// Where the child was arrested and who was arrested with them; linked, not stored on the detention.
    public var arrest: PlaceAndPeople

    public init(
        childID: String, custodyRecord: String, detainedAt: Date, appearsUnder18: Bool = true, isGirl: Bool = false, womanInCare: String? = nil,
        welfarePerson: String? = nil, welfareInformedAt: Date? = nil, arrest: PlaceAndPeople = .none
    ) {
        self.arrest = arrest
        self.childID = childID
        self.custodyRecord = custodyRecord
        self.detainedAt = detainedAt
        self.appearsUnder18 = appearsUnder18
        self.isGirl = isGirl
        self.womanInCare = womanInCare
        self.welfarePerson = welfarePerson
        self.welfareInformedAt = welfareInformedAt
    }

    /// The detention as it starts: text trimmed, blanks none at all.
    public func detention(id: String, dateOfBirth: String?) -> ChildInCustody {
        let clean = { (s: String?) in s.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 } }
        return ChildInCustody(
            id: id, childID: childID, custodyRecord: custodyRecord.trimmingCharacters(in: .whitespacesAndNewlines), detainedAt: detainedAt,
            dateOfBirth: dateOfBirth, appearsUnder18: appearsUnder18, isGirl: isGirl, womanInCare: clean(womanInCare),
            welfarePerson: clean(welfarePerson), welfareInformedAt: welfareInformedAt)
    }
}
