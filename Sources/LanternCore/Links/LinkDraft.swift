import Foundation

extension LinkType {
    /// Which kinds of entity each end of a link of this type may be, so a link says something that
    /// can be true: a person lives at a location, drives an object; a child is found with a person or an object.
    public var allowedEnds: (from: Set<EntityKind>, to: Set<EntityKind>) {
        switch self {
        case .livesAt, .foundAt, .seenAt, .missingFrom, .arrestedAt: ([.person], [.location])
        case .foundWith, .seenWith: ([.person], [.person, .object])
        case .protectedFrom: ([.person], [.location, .person])
        case .associateOf, .parentOf, .siblingOf, .arrestedWith: ([.person], [.person])
        case .usesPhone, .drives, .usesAccount: ([.person], [.object])
        case .involvedIn: ([.person, .object, .location], [.event])
        }
    }
}

/// A link a person adds by hand: what joins what, when, and from what it is known.
///
/// ```swift
/// let draft = LinkDraft(from: EntityRef(.person, adult), to: EntityRef(.object, car), type: .drives,
///                       at: seen, note: "ANPR hit and stop check, ref 4471")
/// let clean = try draft.validated(now: now)
/// ```
public struct LinkDraft: Sendable, Equatable {
    public var from: EntityRef
    public var to: EntityRef
    public var type: LinkType
    public var at: Date
    /// Where the link comes from ("stop check 4471", "school safeguarding lead by phone"): required.
    public var note: String

    public init(from: EntityRef, to: EntityRef, type: LinkType, at: Date, note: String) {
        self.from = from
        self.to = to
        self.type = type
        self.at = at
        self.note = note
    }

    public func validated(now: Date) throws(ValidationFailure) -> LinkDraft {
        var errors = FieldErrorCollector()
        var clean = self
        clean.note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        let ends = type.allowedEnds
        if !ends.from.contains(from.kind) {
            errors.add(
                "from",
                "A '\(type.rawValue)' link starts at a \(ends.from.map(\.rawValue).sorted().joined(separator: " or ")), not a \(from.kind.rawValue)")
        }
        if !ends.to.contains(to.kind) {
            errors.add(
                "to", "A '\(type.rawValue)' link ends at a \(ends.to.map(\.rawValue).sorted().joined(separator: " or ")), not a \(to.kind.rawValue)")
        }
        if from == to { errors.add("to", "A record cannot be linked to itself") }
        for (field, id) in [("from", from.id), ("to", to.id)] where id.isEmpty || id.count > 64 {
            errors.add(field, "Give the id of an existing record")
        }
        if at > now { errors.add("at", "The time of a link cannot be in the future") }
        errors.require(clean.note, "note", label: "where this link comes from (a reference, a source, who said it)", maxLength: 1_000)
        try errors.throwIfAny()
        return clean
    }
}
