import Crypto
import Foundation
import HummingbirdBcrypt
import LanternCore
import SQLKit

/// User accounts, sign-in, sessions and throttling.
///
/// Session tokens are 256 random bits; only their SHA-256 is stored, so a copy of
/// the database does not hand out live sessions. Every sign-in, failure, sign-out,
/// expiry and account change is written to the access log.
public struct AccountStore: Sendable {
    let database: LanternDatabase
    let clock: any WallClock
    let hasher: PasswordHasher
    let passwordPolicy: PasswordPolicy
    let throttle: LoginThrottle
    public let sessionPolicy: SessionPolicy
    let policy: AccessPolicy
    /// Verifying against this costs what a real check costs, so unknown usernames take as long to refuse.
    let decoyHash: String

    /// How often a session's last-seen time is written: idle expiry is exact to within this.
    public static let lastSeenResolution: TimeInterval = 30

    public init(
        database: LanternDatabase, clock: any WallClock, hasher: PasswordHasher, passwordPolicy: PasswordPolicy = .standard,
        throttle: LoginThrottle = LoginThrottle(), sessionPolicy: SessionPolicy = SessionPolicy(),
        policy: AccessPolicy = .standard
    ) {
        self.database = database
        self.clock = clock
        self.hasher = hasher
        self.passwordPolicy = passwordPolicy
        self.throttle = throttle
        self.sessionPolicy = sessionPolicy
        self.policy = policy
        self.decoyHash = Bcrypt.hash("decoy-\(UInt64.random(in: .min ... .max))-\(UInt64.random(in: .min ... .max))", cost: hasher.cost)
    }

    // MARK: Administration

    /// Adds a user. `by` must hold ``Permission/manageAccounts`` (the CLI acts as the system actor).
    @discardableResult
    public func addUser(_ draft: NewUser, by actor: Actor, requestID: String = "", clientAddress: String = "") async throws -> UserAccount {
        try policy.require(actor, .manageAccounts)
        let user = try draft.validated(policy: passwordPolicy)
        let hash = try await hasher.hash(user.password)
        let now = clock.now()
        let id = UUID().uuidString.lowercased()
        return try await database.transaction { sql in
            if try await sql.select().column("id").from("users").where("username", .equal, user.username).first() != nil {
                throw ValidationFailure("username", "A user called '\(user.username)' already exists")
            }
            let row = UserRow(id: id, user, passwordHash: hash, at: now)
            try await sql.insert(into: UserRow.table).model(row, with: StoredRow.encoder).run()
            try await AccessLogStore.append(
                AccessLogEntry(
                    at: now, actor: actor, action: .accountChanged, recordType: "user", recordIDs: [id],
                    requestID: requestID, clientAddress: clientAddress,
                    detail: "added \(user.username) as \(user.role.rawValue)"), in: sql)
            return try row.account()
        }
    }

    /// Disables a user and ends all their sessions at once.
    public func disableUser(_ username: String, by actor: Actor, requestID: String = "", clientAddress: String = "") async throws {
        try policy.require(actor, .manageAccounts)
        let now = clock.now()
        let name = NewUser.normaliseUsername(username)
        try await database.transaction { sql in
            guard let row = try await sql.select().column("id").from("users").where("username", .equal, name).first() else {
                throw UnknownUser(username: name)
            }
            let id = try row.decode(column: "id", as: String.self)
            try await sql.update("users").set("disabled_at_ms", to: now.millisecondsSince1970)
                .where("id", .equal, id).where("disabled_at_ms", .is, SQLLiteral.null).run()
            try await Self.endSessions(ofUser: id, reason: "account-disabled", at: now, in: sql)
            try await AccessLogStore.append(
                AccessLogEntry(
                    at: now, actor: actor, action: .accountChanged, recordType: "user", recordIDs: [id],
                    requestID: requestID, clientAddress: clientAddress, detail: "disabled \(name)"), in: sql)
        }
    }

    /// Sets a new password (checked against the policy), re-enables nothing, and ends the user's sessions.
    public func resetPassword(
        _ username: String, to password: String, by actor: Actor, requestID: String = "",
        clientAddress: String = ""
    ) async throws {
        try policy.require(actor, .manageAccounts)
        let name = NewUser.normaliseUsername(username)
        try passwordPolicy.check(password, username: name)
        let hash = try await hasher.hash(password)
        let now = clock.now()
        try await database.transaction { sql in
            guard let row = try await sql.select().column("id").from("users").where("username", .equal, name).first() else {
                throw UnknownUser(username: name)
            }
            let id = try row.decode(column: "id", as: String.self)
            try await sql.update("users").set("password_hash", to: hash)
                .set("password_changed_at_ms", to: now.millisecondsSince1970).where("id", .equal, id).run()
            try await Self.endSessions(ofUser: id, reason: "password-reset", at: now, in: sql)
            try await AccessLogStore.append(
                AccessLogEntry(
                    at: now, actor: actor, action: .passwordChanged, recordType: "user", recordIDs: [id],
                    requestID: requestID, clientAddress: clientAddress, detail: "password reset for \(name)"), in: sql)
        }
    }

    public func users() async throws -> [UserAccount] {
        try await database.read { sql in
            try await sql.select().column("*").from(UserRow.table).orderBy("username").all().map(Self.decodeUser)
        }
    }

    public func user(named username: String) async throws -> UserAccount? {
        try await database.read { sql in try await Self.loadUser(sql, username: username) }
    }

    static func loadUser(_ sql: any SQLDatabase, username: String) async throws -> UserAccount? {
        try await sql.select().column("*").from(UserRow.table)
            .where("username", .equal, NewUser.normaliseUsername(String(username.prefix(64)))).first().map(decodeUser)
    }

    // MARK: Sign-in

    /// Checks a username and password and opens a session.
    ///
    /// Throws ``SignInRefused`` for every kind of refusal; the caller shows one message for all.
    public func signIn(
        username rawUsername: String, password: String, kind: SessionKind, clientAddress: String,
        requestID: String
    ) async throws -> SignIn {
        let username = String(NewUser.normaliseUsername(rawUsername).prefix(64))
        let now = clock.now()
        let horizon = throttle.horizon(now: now).millisecondsSince1970
        let throttle = self.throttle
        let engine = database.engine

        // Decide and record the attempt in one write transaction, before the slow password check,
        // so a burst of simultaneous guesses cannot all slip under the limit. The attempt counts as
        // a failure until it succeeds.
        enum Gate: Sendable {
            case locked(Date, userID: String?)
            case open(attemptID: String, user: UserAccount?, hash: String?)
        }
        let gate: Gate = try await database.transaction { sql in
            try await LanternDatabase.lock("login:" + username, in: sql, engine: engine)
            let accountFailures = try await Self.failureTimes(sql, column: "username", value: username, since: horizon)
            let addressFailures = try await Self.failureTimes(sql, column: "client_address", value: clientAddress, since: horizon)
            let stored = try await sql.select().column("*").from(UserRow.table).where("username", .equal, username)
                .first(decoding: UserRow.self, with: StoredRow.decoder)
            let user = try stored?.account()
            if case .locked(let until) = throttle.decide(accountFailures: accountFailures, addressFailures: addressFailures, now: now) {
                return .locked(until, userID: user?.id)
            }
            let attemptID = UUID().uuidString.lowercased()
            let attempt = LoginAttemptRow(
                id: attemptID, username: username, clientAddress: clientAddress, atMs: now.millisecondsSince1970, succeeded: 0)
            try await sql.insert(into: LoginAttemptRow.table).model(attempt, with: StoredRow.encoder).run()
            return .open(attemptID: attemptID, user: user, hash: stored?.passwordHash)
        }

        switch gate {
        case .locked(let until, let userID):
            // A locked attempt is logged but not counted, so the lock cannot be extended forever.
            try await logFailure(
                username: username, userID: userID, clientAddress: clientAddress, requestID: requestID,
                now: now, detail: "locked until \(until.millisecondsSince1970)")
            throw SignInRefused(reason: .locked)
        case .open(let attemptID, let user, let hash):
            let passwordMatches = try await hasher.verify(password, hash: hash ?? decoyHash)
            guard let user, passwordMatches else {
                try await logFailure(
                    username: username, userID: user?.id, clientAddress: clientAddress, requestID: requestID,
                    now: now, detail: "bad credentials")
                throw SignInRefused(reason: .badCredentials)
            }
            guard !user.isDisabled else {
                try await logFailure(
                    username: username, userID: user.id, clientAddress: clientAddress, requestID: requestID,
                    now: now, detail: "account disabled")
                throw SignInRefused(reason: .disabled)
            }
            return try await openSession(
                for: user, attempt: attemptID, kind: kind, clientAddress: clientAddress, requestID: requestID, now: now)
        }
    }

    /// A sign-in that passed: the attempt marked as succeeded, a new session, and the access-log entry, together.
    private func openSession(
        for user: UserAccount, attempt attemptID: String, kind: SessionKind, clientAddress: String, requestID: String, now: Date
    ) async throws -> SignIn {
        let token = Self.randomToken()
        let csrf = Self.randomToken()
        let handle = Self.tokenHash(token)
        try await database.transaction { sql in
            try await sql.update("login_attempts").set("succeeded", to: 1).where("id", .equal, attemptID).run()
            let row = SessionRow(handle: handle, userID: user.id, kind, csrfToken: csrf, clientAddress: clientAddress, at: now)
            try await sql.insert(into: SessionRow.table).model(row, with: StoredRow.encoder).run()
            try await AccessLogStore.append(
                AccessLogEntry(
                    at: now, actor: user.actor, action: .loginSucceeded, recordType: "session",
                    recordIDs: [String(handle.prefix(16))], requestID: requestID, clientAddress: clientAddress,
                    detail: kind.rawValue), in: sql)
        }
        let session = ActiveSession(actor: user.actor, kind: kind, csrfToken: csrf, createdAt: now, handle: handle)
        return SignIn(token: token, session: session, expiresAt: now.addingTimeInterval(sessionPolicy.absoluteTimeout))
    }

    /// Finds the live session for a token, ending it if it has expired.
    /// Returns nil for unknown, ended, expired or disabled-account sessions.
    public func session(forToken token: String, requestID: String = "", clientAddress: String = "") async throws -> ActiveSession? {
        guard token.count >= 20, token.count <= 100 else { return nil }
        let handle = Self.tokenHash(token)
        let now = clock.now()
        let found = try await database.read { sql -> (ActiveSession, Date, Date?)? in
            guard
                let row = try await sql.select()
                    .columns(UserRow.columns.map { SQLColumn($0, table: UserRow.table) })
                    .columns(SessionRow.columns.map { SQLAlias(SQLColumn($0, table: SessionRow.table), as: SessionRow.prefix + $0) })
                    .from(SessionRow.table)
                    .join(UserRow.table, on: SQLColumn("user_id", table: SessionRow.table), .equal, SQLColumn("id", table: UserRow.table))
                    .where(SQLColumn("id_hash", table: SessionRow.table), .equal, SQLBind(handle)).first()
            else { return nil }
            let user = try row.decode(model: UserRow.self, with: StoredRow.decoder).account()
            let stored = try row.decode(model: SessionRow.self, with: SessionRow.prefixedDecoder)
            if user.isDisabled { return nil }
            let session = ActiveSession(
                actor: user.actor, kind: try stored.sessionKind(), csrfToken: stored.csrfToken,
                createdAt: Date(millisecondsSince1970: stored.createdAtMs), handle: handle)
            return (session, Date(millisecondsSince1970: stored.lastSeenAtMs), stored.endedAtMs.map(Date.init(millisecondsSince1970:)))
        }
        guard let (session, lastSeen, endedAt) = found else { return nil }
        switch sessionPolicy.state(createdAt: session.createdAt, lastSeenAt: lastSeen, endedAt: endedAt, now: now) {
        case .ended:
            return nil
        case .idleExpired, .absoluteExpired:
            let reason = now.timeIntervalSince(session.createdAt) >= sessionPolicy.absoluteTimeout ? "absolute-timeout" : "idle-timeout"
            try await database.transaction { sql in
                try await sql.update("sessions").set("ended_at_ms", to: now.millisecondsSince1970).set("end_reason", to: reason)
                    .where("id_hash", .equal, handle).where("ended_at_ms", .is, SQLLiteral.null).run()
                try await AccessLogStore.append(
                    AccessLogEntry(
                        at: now, actor: session.actor, action: .sessionExpired, recordType: "session",
                        recordIDs: [String(handle.prefix(16))], requestID: requestID, clientAddress: clientAddress, detail: reason), in: sql)
            }
            return nil
        case .active:
            if now.timeIntervalSince(lastSeen) >= Self.lastSeenResolution {
                try await database.transaction { sql in
                    try await sql.update("sessions").set("last_seen_at_ms", to: now.millisecondsSince1970)
                        .where("id_hash", .equal, handle).run()
                }
            }
            return session
        }
    }

    /// Ends a session at once (sign-out).
    public func signOut(_ session: ActiveSession, requestID: String, clientAddress: String) async throws {
        let now = clock.now()
        try await database.transaction { sql in
            try await sql.update("sessions").set("ended_at_ms", to: now.millisecondsSince1970).set("end_reason", to: "logout")
                .where("id_hash", .equal, session.handle).where("ended_at_ms", .is, SQLLiteral.null).run()
            try await AccessLogStore.append(
                AccessLogEntry(
                    at: now, actor: session.actor, action: .logout, recordType: "session", recordIDs: [String(session.handle.prefix(16))],
                    requestID: requestID, clientAddress: clientAddress), in: sql)
        }
    }

    // MARK: Helpers

    /// Logs a refused sign-in. A username that matches no account is logged only as a hash:
    /// it is often a password typed into the wrong box, and the log keeps entries for ever.
    private func logFailure(
        username: String, userID: String?, clientAddress: String, requestID: String, now: Date,
        detail: String
    ) async throws {
        let shown = userID == nil ? "unknown:" + String(Self.tokenHash(username).prefix(12)) : username
        try await database.transaction { sql in
            try await AccessLogStore.append(
                AccessLogEntry(
                    at: now, actorID: userID ?? "", actorUsername: shown, actorRole: "", action: .loginFailed,
                    recordType: "session", recordIDs: [], purpose: nil, purposeNote: "", recipient: "", outcome: .denied,
                    requestID: requestID, clientAddress: clientAddress, detail: detail), in: sql)
        }
    }

    static func endSessions(ofUser id: String, reason: String, at now: Date, in sql: any SQLDatabase) async throws {
        try await sql.update("sessions").set("ended_at_ms", to: now.millisecondsSince1970).set("end_reason", to: reason)
            .where("user_id", .equal, id).where("ended_at_ms", .is, SQLLiteral.null).run()
    }

    /// Failed attempts since the horizon, after the last success for the same key.
    private static func failureTimes(_ sql: any SQLDatabase, column: String, value: String, since: Int64) async throws -> [Date] {
        let rows = try await sql.select().column("*").from(LoginAttemptRow.table)
            .where(SQLColumn(column), .equal, SQLBind(value)).where("at_ms", .greaterThanOrEqual, since)
            .orderBy("at_ms").all(decoding: LoginAttemptRow.self, with: StoredRow.decoder)
        var failures: [Date] = []
        for row in rows {
            if row.succeeded == 1 {
                // A success clears an account's count; for an address it does not (one good password
                // must not let a machine keep guessing others).
                if column == "username" { failures.removeAll() }
            } else {
                failures.append(Date(millisecondsSince1970: row.atMs))
            }
        }
        return failures
    }

    static func decodeUser(_ row: any SQLRow) throws -> UserAccount {
        try row.decode(model: UserRow.self, with: StoredRow.decoder).account()
    }

    /// 256 random bits, URL-safe base64 without padding.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func tokenHash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
