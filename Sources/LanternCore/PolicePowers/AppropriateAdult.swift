import Foundation

/// The appropriate adult for a child in custody: a parent or guardian, else a social worker, else another
/// responsible adult not connected with the police. Never the child's solicitor, never a detained person.
public struct AppropriateAdult: Sendable, Equatable, Codable {
    public enum Relationship: String, Sendable, Codable, CaseIterable {
        case parent
        case guardian
        case socialWorker = "social-worker"
        case volunteer
        case other
    }

    public var name: String
    public var relationship: Relationship
    public var isSolicitor: Bool
    public var isDetained: Bool
    /// The adult's age when known; an adult under the pack's minimum cannot act.
    public var age: Int?
    public var requestedAt: Date
    public var arrivedAt: Date?

    public init(
        name: String, relationship: Relationship, isSolicitor: Bool = false, isDetained: Bool = false, age: Int? = nil, requestedAt: Date,
        arrivedAt: Date? = nil
    ) {
        self.name = name
        self.relationship = relationship
        self.isSolicitor = isSolicitor
        self.isDetained = isDetained
        self.age = age
        self.requestedAt = requestedAt
        self.arrivedAt = arrivedAt
    }

    /// How long the child waited for the appropriate adult, once they arrived.
    public var wait: TimeInterval? { arrivedAt.map { $0.timeIntervalSince(requestedAt) } }

    func check(_ errors: inout FieldErrorCollector, detainedAt: Date, now: Date, rules: PolicePowersRules) {
        let custody = rules.custody
        errors.require(name, "appropriateAdult.name", label: "the appropriate adult's name")
        if isSolicitor && !custody.solicitorMayBeAppropriateAdult.value {
            errors.add(
                "appropriateAdult.isSolicitor", "A solicitor cannot be the appropriate adult; ask a parent, guardian, social worker or volunteer")
        }
        if isDetained && !custody.detainedPersonMayBeAppropriateAdult.value {
            errors.add("appropriateAdult.isDetained", "A person who is detained cannot be the appropriate adult")
        }
        if let age, age < custody.appropriateAdultMinimumAge.value {
            errors.add("appropriateAdult.age", "The appropriate adult must be \(custody.appropriateAdultMinimumAge.value) or over")
        }
        if requestedAt < detainedAt { errors.add("appropriateAdult.requestedAt", "The appropriate adult cannot be requested before the detention") }
        if requestedAt > now.addingTimeInterval(60) { errors.add("appropriateAdult.requestedAt", "The time requested cannot be in the future") }
        if let arrivedAt, arrivedAt < requestedAt {
            errors.add("appropriateAdult.arrivedAt", "The appropriate adult cannot arrive before being requested")
        }
        if let arrivedAt, arrivedAt > now.addingTimeInterval(60) { errors.add("appropriateAdult.arrivedAt", "The arrival cannot be in the future") }
    }
}
