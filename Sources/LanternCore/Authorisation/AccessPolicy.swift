/// Who may do what, in one place.
///
/// Middleware asks the policy before a route runs (role-level check); repositories
/// ask it again with the record's ``RecordScope`` (relationship-level check), so a
/// forgotten route check still cannot leak a restricted record.
///
/// ```swift
/// let decision = AccessPolicy.standard.decide(actor, .consultPersonRecord, on: scope)
/// guard decision.isAllowed else { ... }
/// ```
public struct AccessPolicy: Sendable {
    /// The roles holding each permission.
    public var grants: [Permission: Set<Role>]
    /// The lowest rank that may use a permission, where rank matters.
    public var minimumRank: [Permission: Rank]

    public init(grants: [Permission: Set<Role>], minimumRank: [Permission: Rank] = [:]) {
        self.grants = grants
        self.minimumRank = minimumRank
    }

    /// Lantern's default: need to know. Administrators manage accounts but read no case data;
    /// auditors read everything and change nothing.
    public static let standard = AccessPolicy(
        grants: [
            .consultPersonRecord: [
                .responseOfficer, .missingPersonsCoordinator, .investigator, .supervisor,
                .partnership, .analyst, .auditor,
            ],
            .createPersonRecord: [.responseOfficer, .missingPersonsCoordinator, .investigator, .supervisor, .partnership],
            .alterPersonRecord: [.responseOfficer, .missingPersonsCoordinator, .investigator, .supervisor, .partnership],
            .disclosePersonRecord: [.missingPersonsCoordinator, .investigator, .supervisor, .partnership],
            .erasePersonRecord: [.supervisor],
            .manageAccounts: [.administrator],
            .readAccessLog: [.auditor],
            .viewLanguageTrend: [.supervisor, .missingPersonsCoordinator, .analyst, .auditor],
            .reportMissing: [.responseOfficer, .missingPersonsCoordinator, .investigator, .supervisor],
            // Partnership (MASH) staff record agency contacts and return home interviews on the episode.
            .workMissingEpisode: [.responseOfficer, .missingPersonsCoordinator, .investigator, .supervisor, .partnership],
            .reviewMissingEpisode: [.supervisor],
            .closeMissingEpisode: [.missingPersonsCoordinator, .supervisor],
            // Analysts build the network; partnership staff and auditors do not change it.
            .linkRecords: [.responseOfficer, .missingPersonsCoordinator, .investigator, .supervisor, .analyst],
            .mergePersonRecords: [.missingPersonsCoordinator, .investigator, .supervisor, .analyst],
            // MASH partners screen and attend strategy meetings; the police investigate.
            .screenExploitation: [.missingPersonsCoordinator, .investigator, .supervisor, .partnership],
            .workExploitationConcern: [.investigator, .supervisor, .partnership],
            .closeExploitationConcern: [.supervisor],
            .viewExploitationOversight: [.supervisor, .analyst, .auditor, .missingPersonsCoordinator],
            // The attending officer records; MASH partners send Encompass notifications and work MARAC actions.
            .recordDomesticAbuse: [.responseOfficer, .investigator, .supervisor],
            .workDomesticAbuse: [.responseOfficer, .investigator, .supervisor, .partnership],
            // Term dates come from the local authorities: kept by supervisors and the force's system administrators.
            .setSchoolTerms: [.supervisor, .administrator],
            // Police powers are police officers' alone; partners are told, and the duties record that.
            .usePolicePowers: [.responseOfficer, .missingPersonsCoordinator, .investigator, .supervisor],
            // The control room decides; the MASH takes up the children police did not attend.
            .triageWelfareCall: [.responseOfficer, .missingPersonsCoordinator, .supervisor],
            .takeUpWelfareReferral: [.partnership, .missingPersonsCoordinator, .supervisor],
        ],
        minimumRank: [
            .erasePersonRecord: .inspector,
            .reviewMissingEpisode: .sergeant,
            .closeExploitationConcern: .sergeant,
        ]
    )

    /// Whether the role may ever hold the permission (the check made before a route runs).
    public func roleMay(_ role: Role, _ permission: Permission) -> Bool {
        grants[permission]?.contains(role) ?? false
    }

    /// The full decision for an actor, optionally about one record.
    public func decide(_ actor: Actor, _ permission: Permission, on scope: RecordScope? = nil) -> AccessDecision {
        guard roleMay(actor.role, permission) else {
            return .deny("The \(actor.role.title.lowercased()) role may not \(permission.verb)")
        }
        if let rank = minimumRank[permission], actor.rank < rank {
            return .deny("Only \(rank.title.lowercased()) rank or above may \(permission.verb)")
        }
        if let scope, scope.restricted, !mayOpenRestricted(actor, permission, scope) {
            return .deny("This record is restricted to its team")
        }
        return .allow
    }

    /// The decision about a record that answers to several scopes (a concern about a restricted
    /// child answers to the child's too): allowed only when every scope allows, else the first refusal.
    public func decide(_ actor: Actor, _ permission: Permission, onAll scopes: [RecordScope]) -> AccessDecision {
        if scopes.isEmpty { return decide(actor, permission) }
        for scope in scopes {
            if case .deny = decide(actor, permission, on: scope) { return decide(actor, permission, on: scope) }
        }
        return .allow
    }

    /// Restricted records (e.g. a child in witness protection, a colleague's relative) are open
    /// only to the owning team, the person who created them, supervisors in the same borough,
    /// and auditors reading (never changing) them.
    private func mayOpenRestricted(_ actor: Actor, _ permission: Permission, _ scope: RecordScope) -> Bool {
        if actor.team == scope.team || actor.userID == scope.createdBy { return true }
        if actor.role == .supervisor && actor.borough == scope.borough { return true }
        if actor.role == .auditor && permission == .consultPersonRecord { return true }
        return false
    }
}

/// The facts about a record that decide who may open it.
public struct RecordScope: Sendable, Equatable {
    public var team: String
    public var borough: String
    public var createdBy: String
    public var restricted: Bool

    public init(team: String, borough: String, createdBy: String, restricted: Bool) {
        self.team = team
        self.borough = borough
        self.createdBy = createdBy
        self.restricted = restricted
    }
}

/// The outcome of a policy check, with the reason when denied.
public enum AccessDecision: Sendable, Equatable {
    case allow
    case deny(String)

    public var isAllowed: Bool { self == .allow }
}

/// Thrown by repositories when the policy says no. Servers turn it into 403 (or 404
/// where saying "forbidden" would confirm the record exists).
public struct AccessDenied: Error, Sendable, Equatable {
    public var permission: Permission
    public var reason: String
    public init(permission: Permission, reason: String) {
        self.permission = permission
        self.reason = reason
    }
}

extension AccessPolicy {
    /// Throws ``AccessDenied`` unless allowed.
    public func require(_ actor: Actor, _ permission: Permission, on scope: RecordScope? = nil) throws(AccessDenied) {
        if case .deny(let reason) = decide(actor, permission, on: scope) {
            throw AccessDenied(permission: permission, reason: reason)
        }
    }
}

extension Permission {
    /// The action in words, for denial messages.
    public var verb: String {
        switch self {
        case .consultPersonRecord: "open person records"
        case .createPersonRecord: "create person records"
        case .alterPersonRecord: "change person records"
        case .disclosePersonRecord: "disclose person records"
        case .erasePersonRecord: "erase person records"
        case .manageAccounts: "manage user accounts"
        case .readAccessLog: "read the access log"
        case .viewLanguageTrend: "see the language trend"
        case .reportMissing: "report a child missing"
        case .workMissingEpisode: "work on missing episodes"
        case .reviewMissingEpisode: "review missing episodes"
        case .closeMissingEpisode: "close missing episodes"
        case .linkRecords: "add or end links between records"
        case .mergePersonRecords: "merge person records"
        case .screenExploitation: "screen children for exploitation"
        case .workExploitationConcern: "work on exploitation concerns"
        case .closeExploitationConcern: "close exploitation concerns"
        case .viewExploitationOversight: "see exploitation oversight"
        case .recordDomesticAbuse: "record domestic abuse incidents"
        case .usePolicePowers: "record police protection"
        case .triageWelfareCall: "triage welfare calls"
        case .takeUpWelfareReferral: "take up welfare calls in the MASH"
        case .workDomesticAbuse: "work domestic abuse incidents"
        case .setSchoolTerms: "set the school-term dates"
        }
    }
}
