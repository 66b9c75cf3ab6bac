/// Which fields differ between a stored person and a draft (for the access log and conflicts).
public enum PersonChanges {
    public static func fields(from person: Person, to draft: PersonDraft) -> [String] {
        var changed: [String] = []
        if person.kind != draft.kind { changed.append("kind") }
        if person.givenName != draft.givenName { changed.append("givenName") }
        if person.familyName != draft.familyName { changed.append("familyName") }
        if person.dateOfBirth != draft.dateOfBirth { changed.append("dateOfBirth") }
        if person.notes != draft.notes { changed.append("notes") }
        if person.restricted != draft.restricted { changed.append("restricted") }
        return changed
    }
}

/// A change to some fields of a person; fields left nil keep their stored value.
public struct PersonPatch: Sendable, Equatable {
    public var kind: PersonKind?
    public var givenName: String?
    public var familyName: String?
    /// `.some(nil)` clears the date of birth.
    public var dateOfBirth: String??
    public var notes: String?
    public var restricted: Bool?

    public init(
        kind: PersonKind? = nil, givenName: String? = nil, familyName: String? = nil, dateOfBirth: String?? = nil,
        notes: String? = nil, restricted: Bool? = nil
    ) {
        self.kind = kind
        self.givenName = givenName
        self.familyName = familyName
        self.dateOfBirth = dateOfBirth
        self.notes = notes
        self.restricted = restricted
    }

    /// Every field set from a full draft (an edit form sends them all).
    public init(_ draft: PersonDraft) {
        self.init(
            kind: draft.kind, givenName: draft.givenName, familyName: draft.familyName,
            dateOfBirth: .some(draft.dateOfBirth), notes: draft.notes, restricted: draft.restricted)
    }

    public func applied(to person: Person) -> PersonDraft {
        PersonDraft(
            kind: kind ?? person.kind, givenName: givenName ?? person.givenName, familyName: familyName ?? person.familyName,
            dateOfBirth: dateOfBirth ?? person.dateOfBirth, notes: notes ?? person.notes,
            restricted: restricted ?? person.restricted)
    }
}
