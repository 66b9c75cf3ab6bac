import Foundation
import LanternCore
import Logging

/// Everything the server and the command line need from storage, opened in one call.
///
/// ```swift
/// let store = try await Store.open(location: .sqlite(path: "lantern-data/lantern.sqlite"),
///                                  clock: SystemClock(), logger: logger)
/// try await store.migrate()
/// ```
public struct Store: Sendable {
    public let database: LanternDatabase
    public let clock: any WallClock
    public let policy: AccessPolicy
    public let accounts: AccountStore
    public let people: PersonStore
    public let accessLog: AccessLogStore
    public let authoriser: Authoriser
    public let language: LanguageStore
    public let missing: MissingStore
    public let children: ChildStore
    public let links: LinkStore
    public let identity: IdentityStore
    public let exploitation: ExploitationStore
    public let domesticAbuse: DomesticAbuseStore
    public let policePowers: PolicePowersStore
    public let signer: AccessLogSigner
    public let logger: Logger

    public init(
        database: LanternDatabase, clock: any WallClock, signer: AccessLogSigner, logger: Logger,
        languageChecker: LanguageChecker, missingRules: MissingRules, identityRules: IdentityRules, exploitationRules: ExploitationRules,
        domesticAbuseRules: DomesticAbuseRules, policePowersRules: PolicePowersRules,
        hasher: PasswordHasher = PasswordHasher(), policy: AccessPolicy = .standard,
        throttle: LoginThrottle = LoginThrottle(), sessionPolicy: SessionPolicy = SessionPolicy()
    ) {
        self.database = database
        self.clock = clock
        self.policy = policy
        self.signer = signer
        self.logger = logger
        self.accounts = AccountStore(
            database: database, clock: clock, hasher: hasher, throttle: throttle,
            sessionPolicy: sessionPolicy, policy: policy)
        self.authoriser = Authoriser(database: database, clock: clock, policy: policy)
        self.people = PersonStore(database: database, clock: clock, authoriser: authoriser, checker: languageChecker)
        self.language = LanguageStore(database: database, authoriser: authoriser, checker: languageChecker)
        self.accessLog = AccessLogStore(database: database)
        self.missing = MissingStore(
            database: database, clock: clock, authoriser: authoriser, checker: languageChecker,
            rules: missingRules, exploitation: exploitationRules, identity: identityRules)
        self.identity = IdentityStore(database: database, clock: clock, authoriser: authoriser, checker: languageChecker, rules: identityRules)
        self.children = ChildStore(
            database: database, clock: clock, authoriser: authoriser, checker: languageChecker, rules: missingRules,
            identity: identity)
        self.links = LinkStore(database: database, clock: clock, authoriser: authoriser, checker: languageChecker, exploitation: exploitationRules)
        self.exploitation = ExploitationStore(
            database: database, clock: clock, authoriser: authoriser, checker: languageChecker,
            rules: exploitationRules)
        self.domesticAbuse = DomesticAbuseStore(
            database: database, clock: clock, authoriser: authoriser, checker: languageChecker, rules: domesticAbuseRules,
            bankHolidays: exploitationRules.bankHolidays)
        self.policePowers = PolicePowersStore(
            database: database, clock: clock, authoriser: authoriser, checker: languageChecker, rules: policePowersRules)
    }

    /// Fires every episode clock that is due now (reviews escalating, missing notifications, interview deadlines).
    @discardableResult
    public func runDueClocks(limit: Int = 200) async throws -> Int {
        try await ClockJobs.runDue(database: database, rules: missing.rules, now: clock.now(), limit: limit)
    }

    /// Opens the database at `location` with the signing key beside it (or at `keyPath`).
    public static func open(
        location: DatabaseLocation, clock: any WallClock, logger: Logger, keyPath: String? = nil,
        checkpointPath: String? = nil, hasher: PasswordHasher = PasswordHasher(),
        postgresSearchPath: String? = nil
    ) async throws -> Store {
        let database = try await LanternDatabase.open(location, logger: logger, postgresSearchPath: postgresSearchPath)
        return try await open(
            database: database, clock: clock, logger: logger, keyPath: keyPath, checkpointPath: checkpointPath,
            hasher: hasher)
    }

    /// Opens a store on a database already open (whose pool, for `LanternDatabase.openPooled`, is running or about
    /// to run): checks it can be reached and that the access-log signing key belongs to it, and loads the rule
    /// packs. Closes the database when a check fails.
    public static func open(
        database: LanternDatabase, clock: any WallClock, logger: Logger, keyPath: String? = nil,
        checkpointPath: String? = nil, hasher: PasswordHasher = PasswordHasher()
    ) async throws -> Store {
        let defaults = AccessLogSigner.defaultPaths(for: database.location)
        let key = keyPath ?? defaults.key
        let keyExisted = FileManager.default.fileExists(atPath: key)
        do {
            try await database.checkReachable()
        } catch {
            await database.close()
            throw error
        }
        // A lost key must not be silently replaced: checkpoints signed by the old one would all look forged.
        if !keyExisted, await AccessLogStore(database: database).hasCheckpoints() {
            await database.close()
            throw AccessLogUnavailable(
                reason: "the signing key \(key) is missing but this database holds checkpoints signed with one; "
                    + "point --audit-key (LANTERN_AUDIT_KEY) at that key. Every server sharing a database must use the same key")
        }
        let signer: AccessLogSigner
        let checker: LanguageChecker
        let missingRules: MissingRules
        let identityRules: IdentityRules
        let exploitationRules: ExploitationRules
        let domesticAbuseRules: DomesticAbuseRules
        let policePowersRules: PolicePowersRules
        do {
            signer = try AccessLogSigner(keyPath: key, exportPath: checkpointPath ?? defaults.export)
            checker = try BundledRules.languageChecker()
            missingRules = try BundledRules.missingRules()
            identityRules = try BundledRules.identityRules()
            exploitationRules = try BundledRules.exploitationRules()
            domesticAbuseRules = try BundledRules.domesticAbuseRules()
            policePowersRules = try BundledRules.policePowersRules()
        } catch {
            await database.close()
            throw error
        }
        return Store(
            database: database, clock: clock, signer: signer, logger: logger, languageChecker: checker, missingRules: missingRules,
            identityRules: identityRules, exploitationRules: exploitationRules, domesticAbuseRules: domesticAbuseRules,
            policePowersRules: policePowersRules, hasher: hasher)
    }

    /// Applies pending migrations (refusing a database newer than this binary).
    @discardableResult
    public func migrate() async throws -> [Int] {
        try await Migrator().migrate(database, clock: clock, logger: logger)
    }

    /// Signs and exports a checkpoint of the access log's current head.
    @discardableResult
    public func checkpointAccessLog() async throws -> AccessLogCheckpoint? {
        try await accessLog.checkpoint(signer: signer, at: clock.now())
    }

    public func verifyAccessLog() async throws -> AccessLogVerification {
        try await accessLog.verify(signer: signer)
    }

    public func close() async {
        await database.close()
    }
}

extension Store: CustomStringConvertible {
    public var description: String { "Store(\(database.location))" }
}
