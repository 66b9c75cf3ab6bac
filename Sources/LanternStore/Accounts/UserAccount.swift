import Foundation
import LanternCore

/// A user as the administrator sees it: who they are and whether they may sign in.
/// The password hash never leaves the store.
/// Its names, role, rank, team and borough are those of the `Actor` it signs in as (`account.username`).
@dynamicMemberLookup
public struct UserAccount: Sendable, Equatable, Encodable {
    public var actor: Actor
    public var createdAt: Date
    public var disabledAt: Date?

    public var id: String { actor.userID }
    public var isDisabled: Bool { disabledAt != nil }

    public subscript<Value>(dynamicMember path: KeyPath<Actor, Value>) -> Value { actor[keyPath: path] }

    private enum CodingKeys: String, CodingKey { case id, createdAt, disabledAt }

    /// One flat object, as the API has always shown an account: the actor's fields beside the account's own.
    public func encode(to encoder: any Encoder) throws {
        try actor.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encodeIfPresent(disabledAt, forKey: .disabledAt)
    }
}

/// The details needed to add a user.
public struct NewUser: Sendable, Equatable {
    public var username: String
    public var displayName: String
    public var role: Role
    public var rank: Rank
    public var team: String
    public var borough: String
    public var password: String

    public init(username: String, displayName: String, role: Role, rank: Rank, team: String, borough: String, password: String) {
        self.username = username
        self.displayName = displayName
        self.role = role
        self.rank = rank
        self.team = team
        self.borough = borough
        self.password = password
    }

    /// Usernames are lower-case letters, digits, dots, hyphens and underscores, 3 to 64 long.
    public static func normaliseUsername(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    func validated(policy: PasswordPolicy) throws(ValidationFailure) -> NewUser {
        var clean = self
        clean.username = Self.normaliseUsername(username)
        clean.displayName = displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        clean.team = team.trimmingCharacters(in: .whitespacesAndNewlines)
        clean.borough = borough.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FieldErrorCollector()
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        if clean.username.count < 3 || clean.username.count > 64 || !clean.username.allSatisfy(allowed.contains) {
            errors.add("username", "Username must be 3 to 64 characters: lower-case letters, digits, dots, hyphens or underscores")
        }
        errors.require(clean.displayName, "displayName", label: "a display name", maxLength: 100)
        errors.require(clean.team, "team", label: "a team", maxLength: 100)
        errors.require(clean.borough, "borough", label: "a borough", maxLength: 100)
        do {
            try policy.check(password, username: clean.username)
        } catch {
            for e in error.errors { errors.add(e.field, e.message) }
        }
        try errors.throwIfAny()
        return clean
    }
}

/// An authenticated session, as middleware sees it on each request.
public struct ActiveSession: Sendable, Equatable {
    public var actor: Actor
    public var kind: SessionKind
    public var csrfToken: String
    public var createdAt: Date
    /// An opaque handle for ending this session (the stored hash of its token).
    public var handle: String
}

public enum SessionKind: String, Sendable, Codable {
    /// A browser session carried by an HttpOnly cookie; state changes need the CSRF token.
    case cookie
    /// An API client's bearer token; never accepted from a cookie, so not CSRF-prone.
    case bearer
}

/// The result of a successful sign-in: the secret token (shown once) and the session.
public struct SignIn: Sendable {
    public var token: String
    public var session: ActiveSession
    public var expiresAt: Date
}

/// Why a sign-in was refused. Deliberately the same for "no such user", "wrong
/// password", "disabled" and "locked", so the response reveals nothing.
public struct SignInRefused: Error, Sendable, Equatable {
    /// For the log and tests only; never shown to the client.
    public enum Reason: String, Sendable { case badCredentials, disabled, locked }
    public var reason: Reason
    public init(reason: Reason) { self.reason = reason }
}

/// No user has that username.
public struct UnknownUser: Error, Sendable, CustomStringConvertible {
    public var username: String
    public var description: String { "No user is called '\(username)'" }
}
