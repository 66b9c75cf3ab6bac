/// The four kinds of thing in POLE: Person, Object, Location, Event.
public enum EntityKind: String, Sendable, Codable, CaseIterable, Hashable {
    case person
    case object
    case location
    case event
}

/// A reference to one entity of any kind: what a link joins.
public struct EntityRef: Sendable, Codable, Hashable, CustomStringConvertible {
    public var kind: EntityKind
    public var id: String

    public init(_ kind: EntityKind, _ id: String) {
        self.kind = kind
        self.id = id
    }

    public var description: String { "\(kind.rawValue):\(id)" }
}

/// How two entities are linked. Typed so patterns can be asked for ("found at", "seen with").
public enum LinkType: String, Sendable, Codable, CaseIterable, Hashable {
    case livesAt = "lives-at"
    case foundAt = "found-at"
    case foundWith = "found-with"
    case seenWith = "seen-with"
    case seenAt = "seen-at"
    case associateOf = "associate-of"
    case parentOf = "parent-of"
    case siblingOf = "sibling-of"
    case usesPhone = "uses-phone"
    case drives
    case usesAccount = "uses-account"
    case missingFrom = "missing-from"
    case involvedIn = "involved-in"
    /// The place, or the adult, a child was taken into police protection from (s46).
    case protectedFrom = "protected-from"
    /// Where a child was arrested before being detained in custody.
    case arrestedAt = "arrested-at"
    /// A person arrested with the child.
    case arrestedWith = "arrested-with"

    public var title: String {
        switch self {
        case .livesAt: "lives at"
        case .foundAt: "found at"
        case .foundWith: "found with"
        case .seenWith: "seen with"
        case .seenAt: "seen at"
        case .associateOf: "associate of"
        case .parentOf: "parent of"
        case .siblingOf: "sibling of"
        case .usesPhone: "uses phone"
        case .drives: "drives"
        case .usesAccount: "uses account"
        case .missingFrom: "missing from"
        case .involvedIn: "involved in"
        case .protectedFrom: "taken into police protection from"
        case .arrestedAt: "arrested at"
        case .arrestedWith: "arrested with"
        }
    }
}
