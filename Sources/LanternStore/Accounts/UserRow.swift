import Foundation
import LanternCore
import SQLKit

/// A row of `users`: an account, its bcrypt password hash, and when it was disabled (NULL while it may sign in).
struct UserRow: Codable, Equatable {
    static let table = "users"

    var id: String
    var username: String
    var displayName: String
    var role: String
    var rank: String
    var team: String
    var borough: String
    var passwordHash: String
    var createdAtMs: Int64
    var passwordChangedAtMs: Int64
    var disabledAtMs: Int64?

    static let columns = [
        "id", "username", "display_name", "role", "rank", "team", "borough", "password_hash", "created_at_ms", "password_changed_at_ms",
        "disabled_at_ms",
    ]
}

extension UserRow {
    /// The row for a new account whose password hashes to `passwordHash`.
    init(id: String, _ user: NewUser, passwordHash: String, at now: Date) {
        self.init(
            id: id, username: user.username, displayName: user.displayName, role: user.role.rawValue, rank: user.rank.rawValue,
            team: user.team, borough: user.borough, passwordHash: passwordHash, createdAtMs: now.millisecondsSince1970,
            passwordChangedAtMs: now.millisecondsSince1970, disabledAtMs: nil)
    }

    /// The account this row holds; a role or rank this Lantern does not know is a ``StoredValueUnknown``.
    func account() throws -> UserAccount {
        UserAccount(
            actor: Actor(
                userID: id, username: username, displayName: displayName,
                role: try StoredCode.known(Role.self, role, table: Self.table, column: "role"),
                rank: try StoredCode.known(Rank.self, rank, table: Self.table, column: "rank"), team: team, borough: borough),
            createdAt: Date(millisecondsSince1970: createdAtMs), disabledAt: disabledAtMs.map(Date.init(millisecondsSince1970:)))
    }
}

/// A row of `sessions`: a signed-in browser or API client, found by the hash of its token (never the token itself).
struct SessionRow: Codable, Equatable {
    static let table = "sessions"

    var idHash: String
    var userId: String
    var kind: String
    var csrfToken: String
    var createdAtMs: Int64
    var lastSeenAtMs: Int64
    var endedAtMs: Int64?
    var endReason: String?
    var clientAddress: String

    static let columns = [
        "id_hash", "user_id", "kind", "csrf_token", "created_at_ms", "last_seen_at_ms", "ended_at_ms", "end_reason", "client_address",
    ]
    /// Read beside its user's row, a session's columns are named with this prefix ("session_created_at_ms").
    static let prefix = "session_"
    static let prefixedDecoder = SQLRowDecoder(prefix: prefix, keyDecodingStrategy: .convertFromSnakeCase)
}

extension SessionRow {
    /// The row for a session opened at `now`.
    init(handle: String, userID: String, _ kind: SessionKind, csrfToken: String, clientAddress: String, at now: Date) {
        self.init(
            idHash: handle, userId: userID, kind: kind.rawValue, csrfToken: csrfToken, createdAtMs: now.millisecondsSince1970,
            lastSeenAtMs: now.millisecondsSince1970, endedAtMs: nil, endReason: nil, clientAddress: clientAddress)
    }

    /// The session's kind; one this Lantern does not know is a ``StoredValueUnknown``.
    func sessionKind() throws -> SessionKind {
        try StoredCode.known(SessionKind.self, kind, table: Self.table, column: "kind")
    }
}

/// A row of `login_attempts`: one sign-in attempt, a failure (0) until it succeeds (1).
struct LoginAttemptRow: Codable, Equatable {
    static let table = "login_attempts"

    var id: String
    var username: String
    var clientAddress: String
    var atMs: Int64
    var succeeded: Int
}
