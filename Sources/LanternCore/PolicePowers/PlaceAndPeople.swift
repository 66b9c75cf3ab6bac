import Foundation

/// Where a police power was used on a child and who the child was with there: the place a child was taken into
/// police protection from, or arrested at, and the adults present. Each becomes a POLE link from the child, so a
/// missing episode that later reaches the same place or person is surfaced.
public struct PlaceAndPeople: Sendable, Equatable, Codable {
    /// The address as the officer wrote it; empty when not recorded.
    public var place: String
    public var postcode: String?
    /// Person records of the adults there (parents, carers, others present, or those arrested with the child).
    public var withPersonIDs: [String]

    public static let none = PlaceAndPeople()

    public init(place: String = "", postcode: String? = nil, withPersonIDs: [String] = []) {
        self.place = place
        self.postcode = postcode
        self.withPersonIDs = withPersonIDs
    }

    public var isEmpty: Bool { place.isEmpty && postcode == nil && withPersonIDs.isEmpty }

    /// Trimmed and checked, each error named under `field` ("takenFrom.place"): an address must be one the place can
    /// be found by again, and the people distinct records other than the child.
    public func validated(field: String, childID: String) throws(ValidationFailure) -> PlaceAndPeople {
        var errors = FieldErrorCollector()
        var clean = self
        clean.place = place.trimmingCharacters(in: .whitespacesAndNewlines)
        clean.withPersonIDs = withPersonIDs.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        clean.postcode = Postcode.validate(postcode, field: "\(field).postcode", into: &errors)
        errors.limit(clean.place, "\(field).place", maxLength: 500)
        if clean.place.isEmpty && clean.postcode != nil {
            errors.add("\(field).place", "Give the address as well as the postcode")
        } else if !clean.place.isEmpty && clean.place.unicodeScalars.count <= 500 && AddressKey.make(clean.place, postcode: clean.postcode) == nil {
            errors.add("\(field).place", "Give a building number or name with the street, or a postcode, so the place can be found again")
        }
        let people = "\(field).withPersonIds"
        if clean.withPersonIDs.count > 20 { errors.add(people, "Link up to 20 person records") }
        if clean.withPersonIDs.contains(where: { $0.isEmpty || $0.count > 64 }) { errors.add(people, "Give the id of an existing person record") }
        if Set(clean.withPersonIDs).count != clean.withPersonIDs.count { errors.add(people, "A person is listed twice") }
        if clean.withPersonIDs.contains(childID) { errors.add(people, "The child cannot be listed among the people with them") }
        try errors.throwIfAny()
        return clean
    }
}
