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

extension TestStore {
    /// An analyst ("analyst1" unless named): who reads networks and merges records, and never discloses.
    public func anAnalyst(_ username: String = "analyst1") async throws -> AccessContext {
        try await signedIn(username, role: .analyst)
    }

    /// A supervisor of sergeant's rank ("sgt1" unless named): who reviews a missing episode's risk and return.
    public func aSergeant(_ username: String = "sgt1") async throws -> AccessContext {
        try await signedIn(username, role: .supervisor, rank: .sergeant)
    }

    /// A supervisor of inspector's rank ("insp1" unless named): who may erase a record.
    public func anInspector(_ username: String = "insp1") async throws -> AccessContext {
        try await signedIn(username, role: .supervisor, rank: .inspector)
    }

    /// A missing persons coordinator ("mpc1" unless named): who closes episodes and discloses networks.
    public func aCoordinator(_ username: String = "mpc1") async throws -> AccessContext {
        try await signedIn(username, role: .missingPersonsCoordinator)
    }
}
