import Foundation
import LanternCore

/// A small, fixed set of accounts and records for trying Lantern out: one account for
/// each role, a handful of children and adults, and the access-log entries their
/// creation wrote. Later features add their own demo records here.
public enum DemoData {
    /// Every demo account shares this password. The demo listens on 127.0.0.1 only.
    public static let password = "glow-worm-harbour-7"

    public struct Account: Sendable {
        public var username: String
        public var displayName: String
        public var role: Role
        public var rank: Rank
        public var team: String
        public var borough: String
    }

    public static let accounts: [Account] = [
        Account(username: "officer", displayName: "PC Sam Okafor", role: .responseOfficer, rank: .constable,
                team: "Lambeth response team 2", borough: "Lambeth"),
        Account(username: "coordinator", displayName: "Jo Whitfield", role: .missingPersonsCoordinator, rank: .staff,
                team: "Lambeth missing persons unit", borough: "Lambeth"),
        Account(username: "investigator", displayName: "DC Priya Raman", role: .investigator, rank: .constable,
                team: "Child exploitation team South", borough: "Lambeth"),
        Account(username: "supervisor", displayName: "Insp. Alan Marsh", role: .supervisor, rank: .inspector,
                team: "Lambeth response team 2", borough: "Lambeth"),
        Account(username: "mash", displayName: "Grace Adeyemi", role: .partnership, rank: .staff,
                team: "Lambeth MASH", borough: "Lambeth"),
        Account(username: "analyst", displayName: "Tom Becker", role: .analyst, rank: .staff,
                team: "South intelligence unit", borough: "Lambeth"),
        Account(username: "auditor", displayName: "Helen Cho", role: .auditor, rank: .staff,
                team: "Professional standards", borough: "Force-wide"),
        Account(username: "admin", displayName: "Service administrator", role: .administrator, rank: .staff,
                team: "Digital services", borough: "Force-wide"),
    ]

    struct Sample {
        var by: String
        var draft: PersonDraft
    }

    static let people: [Sample] = [
        Sample(by: "officer", draft: PersonDraft(kind: .child, givenName: "Amelia", familyName: "Hart", dateOfBirth: "2011-04-17",
                                                 notes: "Lives with her mother in Brixton. Attends Lambeth Academy. Reported missing twice this autumn.")),
        Sample(by: "officer", draft: PersonDraft(kind: .child, givenName: "Kai", familyName: "Mensah", dateOfBirth: "2010-09-02",
                                                 notes: "Looked after by Lambeth; placed in a children's home in Streatham.")),
        Sample(by: "coordinator", draft: PersonDraft(kind: .child, givenName: "Leah", familyName: "Novak", dateOfBirth: "2009-12-11",
                                                     notes: "Found in Croydon after 30 hours; would not say who she was with.")),
        Sample(by: "investigator", draft: PersonDraft(kind: .child, givenName: "Jayden", familyName: "Cole", dateOfBirth: "2012-02-28",
                                                      notes: "Named in an exploitation concern. Restricted while enquiries continue.",
                                                      restricted: true)),
        Sample(by: "coordinator", draft: PersonDraft(kind: .parentOrCarer, givenName: "Maria", familyName: "Hart",
                                                     dateOfBirth: "1984-06-30", notes: "Amelia's mother. Contact by mobile.")),
        Sample(by: "investigator", draft: PersonDraft(kind: .associate, givenName: "Dean", familyName: "Wallis",
                                                      dateOfBirth: "1997-01-21", notes: "Adult seen with Leah Novak in Croydon.")),
        Sample(by: "investigator", draft: PersonDraft(kind: .registeredSexOffender, givenName: "Gary", familyName: "Pike",
                                                      dateOfBirth: "1971-08-05", notes: "Managed by the offender management unit.")),
        Sample(by: "mash", draft: PersonDraft(kind: .child, givenName: "Sofia", familyName: "Reyes", dateOfBirth: "2013-07-09",
                                              notes: "Referred by her school after three absences.")),
    ]

    public struct Summary: Sendable {
        public var accounts: Int
        public var people: Int
        public var accessLogEntries: Int64
    }

    /// Adds the demo accounts and records to an empty, migrated store.
    public static func seed(_ store: Store) async throws -> Summary {
        let system = Actor.system("demo")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for account in accounts {
                group.addTask {
                    try await store.accounts.addUser(NewUser(
                        username: account.username, displayName: account.displayName, role: account.role, rank: account.rank,
                        team: account.team, borough: account.borough, password: password), by: system, requestID: "demo")
                }
            }
            try await group.waitForAll()
        }
        for sample in people {
            guard let user = try await store.accounts.user(named: sample.by) else { continue }
            _ = try await store.people.create(sample.draft, context: AccessContext(actor: user.actor, requestID: "demo",
                                                                                   clientAddress: "127.0.0.1"))
        }
        try await store.checkpointAccessLog()
        return Summary(accounts: accounts.count, people: try await store.people.count(),
                       accessLogEntries: try await store.accessLog.count())
    }
}
