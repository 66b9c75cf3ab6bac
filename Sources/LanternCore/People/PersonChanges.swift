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
