import LanternCore
import LanternStore

extension TestStore {
    /// A child already on the record (not reported missing), made by `context`.
    public func aChild(
        given: String = "Amelia", family: String = "Hart", dateOfBirth: String? = "2011-04-17", restricted: Bool = false,
        by context: AccessContext
    ) async throws -> Person {
        try await store.people.create(
            PersonDraft(
                kind: .child, givenName: given, familyName: family, dateOfBirth: dateOfBirth,
                restricted: restricted), context: context)
    }

    /// An adult on the record: an associate unless `kind` says otherwise.
    public func anAdult(
        _ kind: PersonKind = .associate, given: String = "Dean", family: String = "Wallis", dateOfBirth: String? = nil,
        by context: AccessContext
    ) async throws -> Person {
        try await store.people.create(PersonDraft(kind: kind, givenName: given, familyName: family, dateOfBirth: dateOfBirth), context: context)
    }
}
