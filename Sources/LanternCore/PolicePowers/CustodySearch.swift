import Foundation

/// A search of a child in custody. A strip or intimate search takes place with the appropriate adult present,
/// unless the urgent exception is recorded with its reasons and the supervisor who agreed it.
public struct CustodySearch: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case strip
        case intimate
        /// A search of clothing and pockets that removes no more than outer clothing.
        case outer

        public var needsAppropriateAdult: Bool { self != .outer }
    }

    public struct UrgentException: Sendable, Equatable, Codable {
        public var reason: String
        public var supervisor: String

        public init(reason: String, supervisor: String) {
            self.reason = reason
            self.supervisor = supervisor
        }
    }

    public var kind: Kind
    public var at: Date
    public var by: String
    public var appropriateAdultPresent: Bool
    public var urgentException: UrgentException?

    public init(kind: Kind, at: Date, by: String, appropriateAdultPresent: Bool, urgentException: UrgentException? = nil) {
        self.kind = kind
        self.at = at
        self.by = by
        self.appropriateAdultPresent = appropriateAdultPresent
        self.urgentException = urgentException
    }

    func check(_ errors: inout FieldErrorCollector, field: String, detainedAt: Date, now: Date, rules: PolicePowersRules) {
        errors.require(by, field + ".by", label: "who searched the child")
        if at < detainedAt || at > now.addingTimeInterval(60) {
            errors.add(field + ".at", "The search must be after the detention and not in the future")
        }
        guard kind.needsAppropriateAdult && rules.custody.searchNeedsAppropriateAdult.value && !appropriateAdultPresent else { return }
        guard let exception = urgentException else {
            errors.add(
                field + ".appropriateAdultPresent",
                "A \(kind.rawValue) search of a child needs the appropriate adult present, or the urgent exception with reasons and a supervisor")
            return
        }
        let minimum = rules.protection.reasonMinimum.value
        if exception.reason.trimmingCharacters(in: .whitespacesAndNewlines).count < minimum {
            errors.add(field + ".urgentException.reason", "Give the reasons the search could not wait, in at least \(minimum) characters")
        }
        errors.limit(exception.reason, field + ".urgentException.reason", maxLength: 2000)
        if rules.custody.urgentSearchNeedsSupervisor.value {
            errors.require(exception.supervisor, field + ".urgentException.supervisor", label: "the supervisor who agreed the urgent search")
        }
    }
}
