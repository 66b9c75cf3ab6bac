import LanternCore
import Testing

@Suite("Access policy")
struct AccessPolicyTests {
    static func actor(
        _ role: Role, rank: Rank = .constable, team: String = "Team A", borough: String = "Lambeth",
        id: String = "u1"
    ) -> Actor {
        Actor(userID: id, username: id, displayName: id, role: role, rank: rank, team: team, borough: borough)
    }

    /// Which roles hold each permission: every cell of role x permission.
    static let expected: [Permission: Set<Role>] = [
        .consultPersonRecord: [.responseOfficer, .missingPersonsCoordinator, .investigator, .supervisor, .partnership, .analyst, .auditor],
        .createPersonRecord: [.responseOfficer, .missingPersonsCoordinator, .investigator, .supervisor, .partnership],
        .alterPersonRecord: [.responseOfficer, .missingPersonsCoordinator, .investigator, .supervisor, .partnership],
        .disclosePersonRecord: [.missingPersonsCoordinator, .investigator, .supervisor, .partnership],
        .erasePersonRecord: [.supervisor],
        .manageAccounts: [.administrator],
        .readAccessLog: [.auditor],
        .viewLanguageTrend: [.supervisor, .missingPersonsCoordinator, .analyst, .auditor],
        .reportMissing: [.responseOfficer, .missingPersonsCoordinator, .investigator, .supervisor],
        .workMissingEpisode: [.responseOfficer, .missingPersonsCoordinator, .investigator, .supervisor, .partnership],
        .reviewMissingEpisode: [.supervisor],
        .closeMissingEpisode: [.missingPersonsCoordinator, .supervisor],
        .linkRecords: [.responseOfficer, .missingPersonsCoordinator, .investigator, .supervisor, .analyst],
        .mergePersonRecords: [.missingPersonsCoordinator, .investigator, .supervisor, .analyst],
        .screenExploitation: [.missingPersonsCoordinator, .investigator, .supervisor, .partnership],
        .workExploitationConcern: [.investigator, .supervisor, .partnership],
        .closeExploitationConcern: [.supervisor],
        .viewExploitationOversight: [.supervisor, .analyst, .auditor, .missingPersonsCoordinator],
        .recordDomesticAbuse: [.responseOfficer, .investigator, .supervisor],
        .workDomesticAbuse: [.responseOfficer, .investigator, .supervisor, .partnership],
        .setSchoolTerms: [.supervisor, .administrator],
        .usePolicePowers: [.responseOfficer, .missingPersonsCoordinator, .investigator, .supervisor],
        .triageWelfareCall: [.responseOfficer, .missingPersonsCoordinator, .supervisor],
        .takeUpWelfareReferral: [.partnership, .missingPersonsCoordinator, .supervisor],
    ]

    @Test(arguments: Role.allCases, Permission.allCases)
    func roleMatrix(role: Role, permission: Permission) {
        let allowed = Self.expected[permission]!.contains(role)
        let actor = Self.actor(role, rank: .chiefSuperintendent)
        #expect(AccessPolicy.standard.decide(actor, permission).isAllowed == allowed, "\(role) / \(permission)")
    }

    @Test func eraseNeedsInspectorRank() {
        #expect(!AccessPolicy.standard.decide(Self.actor(.supervisor, rank: .sergeant), .erasePersonRecord).isAllowed)
        #expect(AccessPolicy.standard.decide(Self.actor(.supervisor, rank: .inspector), .erasePersonRecord).isAllowed)
    }

    struct RestrictedCase: Sendable, CustomStringConvertible {
        var description: String
        var actor: Actor
        var permission: Permission
        var allowed: Bool
    }

    static let scope = RecordScope(team: "Team A", borough: "Lambeth", createdBy: "creator", restricted: true)

    static let restrictedCases: [RestrictedCase] = [
        RestrictedCase(description: "same team officer", actor: actor(.responseOfficer), permission: .consultPersonRecord, allowed: true),
        RestrictedCase(
            description: "other team officer", actor: actor(.responseOfficer, team: "Team B"), permission: .consultPersonRecord, allowed: false),
        RestrictedCase(
            description: "creator in another team", actor: actor(.investigator, team: "Team B", id: "creator"), permission: .alterPersonRecord,
            allowed: true),
        RestrictedCase(
            description: "supervisor same borough", actor: actor(.supervisor, team: "Team B"), permission: .alterPersonRecord, allowed: true),
        RestrictedCase(
            description: "supervisor other borough", actor: actor(.supervisor, team: "Team C", borough: "Croydon"), permission: .consultPersonRecord,
            allowed: false),
        RestrictedCase(description: "auditor reads", actor: actor(.auditor, team: "Standards"), permission: .consultPersonRecord, allowed: true),
        RestrictedCase(description: "analyst other team", actor: actor(.analyst, team: "Intel"), permission: .consultPersonRecord, allowed: false),
        RestrictedCase(
            description: "MASH other team discloses", actor: actor(.partnership, team: "MASH"), permission: .disclosePersonRecord, allowed: false),
    ]

    @Test(arguments: restrictedCases)
    func restrictedRecords(_ c: RestrictedCase) {
        #expect(AccessPolicy.standard.decide(c.actor, c.permission, on: Self.scope).isAllowed == c.allowed)
    }

    @Test func unrestrictedRecordsAreOpenToAnyPermittedRole() {
        var open = Self.scope
        open.restricted = false
        #expect(AccessPolicy.standard.decide(Self.actor(.analyst, team: "Intel"), .consultPersonRecord, on: open).isAllowed)
    }

    @Test func denialSaysWhy() {
        let decision = AccessPolicy.standard.decide(Self.actor(.administrator), .consultPersonRecord)
        #expect(decision == .deny("The administrator role may not open person records"))
    }
}
