import Foundation

/// What an officer records when they take a child into police protection; the store adds who, the id and the
/// reference, and checks it as a ``PoliceProtection``.
public struct ProtectionTaken: Sendable, Equatable, Codable {
    public var childID: String
    public var grounds: String
    public var power: PoliceProtection.Power
    public var accommodation: PoliceProtection.Accommodation
    public var takenAt: Date
    /// Where the child was taken from (or kept from being removed from) and the adults there; linked, not stored here.
    public var takenFrom: PlaceAndPeople

    public init(
        childID: String, grounds: String, power: PoliceProtection.Power, accommodation: PoliceProtection.Accommodation, takenAt: Date,
        takenFrom: PlaceAndPeople = .none
    ) {
        self.takenFrom = takenFrom
        self.childID = childID
        self.grounds = grounds
        self.power = power
        self.accommodation = accommodation
        self.takenAt = takenAt
    }

    /// The protection as it starts: text trimmed, an empty exceptional reason none at all.
    public func protection(id: String, takenBy: String) -> PoliceProtection {
        let trim = { (s: String) in s.trimmingCharacters(in: .whitespacesAndNewlines) }
        let reason = accommodation.exceptionalReason.map(trim).flatMap { $0.isEmpty ? nil : $0 }
        return PoliceProtection(
            id: id, childID: trim(childID), grounds: trim(grounds), power: power,
            accommodation: .init(kind: accommodation.kind, place: trim(accommodation.place), exceptionalReason: reason), takenAt: takenAt,
            takenBy: takenBy)
    }
}
