import Foundation

/// A past episode loaded as history (a force bringing its backlog into Lantern): when the child went
/// missing and was found, the grade given then and where they were found. It counts toward repeat
/// missing and the 12-month history, and starts no clocks.
public struct HistoricEpisode: Sendable, Equatable, Codable {
    public var lastSeenAt: Date
    public var foundAt: Date
    public var grade: RiskGrade
    public var borough: String
    public var foundPlace: String
    public var foundPostcode: String?
    /// The reference the episode had in the system it came from.
    public var sourceReference: String
    public var summary: String

    public init(
        lastSeenAt: Date, foundAt: Date, grade: RiskGrade, borough: String, foundPlace: String = "", foundPostcode: String? = nil,
        sourceReference: String = "", summary: String = ""
    ) {
        self.lastSeenAt = lastSeenAt
        self.foundAt = foundAt
        self.grade = grade
        self.borough = borough
        self.foundPlace = foundPlace
        self.foundPostcode = foundPostcode
        self.sourceReference = sourceReference
        self.summary = summary
    }

    /// Trims and checks it: a history entry is over (found before now), and says where.
    public func validated(now: Date) throws(ValidationFailure) -> HistoricEpisode {
        var errors = FieldErrorCollector()
        var clean = TextInput.trimmed(self, \.borough, \.foundPlace, \.sourceReference, \.summary)
        if lastSeenAt > now { errors.add("lastSeenAt", "A past episode cannot start in the future") }
        if foundAt > now { errors.add("foundAt", "A past episode must be over: the time found cannot be in the future") }
        if foundAt < lastSeenAt { errors.add("foundAt", "The time found cannot be before the child was last seen") }
        if now.timeIntervalSince(lastSeenAt) > 30 * 366 * 86_400 { errors.add("lastSeenAt", "That is more than 30 years ago; check the date") }
        errors.require(clean.borough, "borough", label: "the borough the episode was in", maxLength: 100)
        clean.foundPostcode = Postcode.validate(foundPostcode, field: "foundPostcode", into: &errors)
        errors.limit([
            ("foundPlace", clean.foundPlace, 500), ("sourceReference", clean.sourceReference, 100), ("summary", clean.summary, 5_000),
        ])
        try errors.throwIfAny()
        return clean
    }
}
