/// The person (or integration) on whose behalf a request acts.
///
/// Every repository call that touches personal data takes an `Actor`, so the
/// access policy and the access log always know who did it.
public struct Actor: Sendable, Equatable, Encodable {
    public var userID: String
    public var username: String
    public var displayName: String
    public var role: Role
    public var rank: Rank
    public var team: String
    public var borough: String

    /// Who a signed-in user is, as the API shows them; the account's id is shown only on the account itself.
    private enum CodingKeys: String, CodingKey {
        case username, displayName, role, rank, team, borough
    }

    public init(userID: String, username: String, displayName: String, role: Role, rank: Rank, team: String, borough: String) {
        self.userID = userID
        self.username = username
        self.displayName = displayName
        self.role = role
        self.rank = rank
        self.team = team
        self.borough = borough
    }

    /// The actor used by command-line maintenance (`lantern user add`, migrations, demo set-up).
    public static func system(_ name: String = "system") -> Actor {
        Actor(
            userID: "system", username: name, displayName: "Lantern (\(name))", role: .administrator,
            rank: .staff, team: "system", borough: "system")
    }
}
