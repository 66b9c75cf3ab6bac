import LanternCore
import LanternStore

extension TestStore {
    /// The signed-in context of the user called `username`, added with `role` and `rank` the first time it is asked for.
    public func signedIn(
        _ username: String, role: Role, rank: Rank = .constable, team: String = "Team A",
        borough: String = "Lambeth"
    ) async throws -> AccessContext {
        if let existing = try await store.accounts.user(named: username) { return context(existing) }
        return context(try await addUser(username, role: role, rank: rank, team: team, borough: borough))
    }

    /// A response officer ("officer1" unless named): who reports a child missing and records them found.
    public func anOfficer(_ username: String = "officer1") async throws -> AccessContext {
        try await signedIn(username, role: .responseOfficer)
    }

    /// An investigator ("dc1" unless named): who opens and leads exploitation concerns.
    public func anInvestigator(_ username: String = "dc1") async throws -> AccessContext {
        try await signedIn(username, role: .investigator)
    }
}
