import Foundation
import LanternCore
import LanternStore

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
        Account(
            username: "officer", displayName: "PC Sam Okafor", role: .responseOfficer, rank: .constable,
            team: "Lambeth response team 2", borough: "Lambeth"),
        Account(
            username: "coordinator", displayName: "Jo Whitfield", role: .missingPersonsCoordinator, rank: .staff,
            team: "Lambeth missing persons unit", borough: "Lambeth"),
        Account(
            username: "investigator", displayName: "DC Priya Raman", role: .investigator, rank: .constable,
            team: "Child exploitation team South", borough: "Lambeth"),
        Account(
            username: "supervisor", displayName: "Insp. Alan Marsh", role: .supervisor, rank: .inspector,
            team: "Lambeth response team 2", borough: "Lambeth"),
        Account(
            username: "mash", displayName: "Grace Adeyemi", role: .partnership, rank: .staff,
            team: "Lambeth MASH", borough: "Lambeth"),
        Account(
            username: "analyst", displayName: "Tom Becker", role: .analyst, rank: .staff,
            team: "South intelligence unit", borough: "Lambeth"),
        Account(
            username: "auditor", displayName: "Helen Cho", role: .auditor, rank: .staff,
            team: "Professional standards", borough: "Force-wide"),
        Account(
            username: "admin", displayName: "Service administrator", role: .administrator, rank: .staff,
            team: "Digital services", borough: "Force-wide"),
    ]

    struct Sample {
        var by: String
        var draft: PersonDraft
    }

    static let people: [Sample] = [
        Sample(
            by: "officer",
            draft: PersonDraft(
                kind: .child, givenName: "Amelia", familyName: "Hart", dateOfBirth: "2011-04-17",
                notes: "Lives with her mother in Brixton. Attends Lambeth Academy. Reported missing twice this autumn.")),
        Sample(
            by: "officer",
            draft: PersonDraft(
                kind: .child, givenName: "Kai", familyName: "Mensah", dateOfBirth: "2010-09-02",
                notes: "Looked after by Lambeth; placed in a children's home in Streatham.")),
        Sample(
            by: "coordinator",
            draft: PersonDraft(
                kind: .child, givenName: "Leah", familyName: "Novak", dateOfBirth: "2009-12-11",
                notes: "Found in Croydon after 30 hours; would not say who she was with. "
                    + "Night duty log says she is a regular misper and will turn up.")),
        Sample(
            by: "investigator",
            draft: PersonDraft(
                kind: .child, givenName: "Jayden", familyName: "Cole", dateOfBirth: "2012-02-28",
                notes: "Named in an exploitation concern. Restricted while enquiries continue.",
                restricted: true)),
        Sample(
            by: "coordinator",
            draft: PersonDraft(
                kind: .parentOrCarer, givenName: "Maria", familyName: "Hart",
                dateOfBirth: "1984-06-30", notes: "Amelia's mother. Contact by mobile.")),
        Sample(
            by: "investigator",
            draft: PersonDraft(
                kind: .associate, givenName: "Dean", familyName: "Wallis",
                dateOfBirth: "1997-01-21", notes: "Adult seen with Leah Novak in Croydon.")),
        Sample(
            by: "investigator",
            draft: PersonDraft(
                kind: .registeredSexOffender, givenName: "Gary", familyName: "Pike",
                dateOfBirth: "1971-08-05", notes: "Managed by the offender management unit.")),
        Sample(
            by: "mash",
            draft: PersonDraft(
                kind: .child, givenName: "Sofia", familyName: "Reyes", dateOfBirth: "2013-07-09",
                notes: "Referred by her school after three absences.")),
    ]

    public struct Summary: Sendable {
        public var accounts: Int
        public var people: Int
        public var accessLogEntries: Int64
    }

    static let givenNames = [
        "Ava", "Noah", "Isla", "Leo", "Maya", "Zain", "Grace", "Omar", "Freya", "Jude", "Nia", "Ezra",
        "Poppy", "Rhys", "Tia", "Kian", "Esme", "Theo", "Layla", "Owen",
    ]
    static let familyNames = [
        "Adams", "Bello", "Clarke", "Dvorak", "Evans", "Farah", "Green", "Hughes", "Iqbal", "Jones",
        "Kaur", "Lewis", "Mensah", "Nowak", "Okoro", "Patel", "Quinn", "Reid", "Shaw", "Turner",
    ]
    static let cleanNotes = [
        "Reported missing by the placement at 22:00; found safe at a friend's address at 01:30.",
        "Disclosed that older males give her cannabis; referred to the exploitation team.",
        "Adults have been contacting the child online; devices seized for examination.",
        "Return home interview offered by the local authority and accepted.",
        "The child is being criminally exploited to carry drugs; NRM referral submitted.",
        "Services have not yet found a way to engage the child; school nurse to try again.",
        "Strategy discussion with children's social care held; section 47 enquiry to follow.",
        "Found at a bus station after 14 hours; hungry, tired and frightened.",
    ]
    static let blamingNotes = [
        "Keeps putting herself at risk by staying out overnight.",
        "It's what he always does; he will turn up when he is ready.",
        "Has an older boyfriend who collects her from the placement.",
        "Known to be sexually active with older males.",
        "Making risky choices and refusing to engage with services.",
        "Absconded from the placement again at 21:00.",
        "Believed to be involved in county lines in Kent.",
        "Streetwise and can look after himself.",
    ]

    /// Six months of narratives from four teams, with victim-blaming language becoming rarer
    /// month by month, so the language dashboard has a trend to show. Written at past dates.
    static func seedLanguageHistory(_ store: Store, clock: ManualClock, authors: [UserAccount], end: Date) async throws {
        var generator = SeededRandom(seed: 2026)
        for monthsAgo in stride(from: 6, through: 1, by: -1) {
            let blamingShare = 0.10 + 0.05 * Double(monthsAgo)  // 40% six months ago down to 15% last month
            for (a, author) in authors.enumerated() {
                for i in 0..<8 {
                    clock.set(end.addingTimeInterval(-Double(monthsAgo) * 30 * 86_400 + Double(a * 8 + i) * 3_600))
                    let blaming = Double(generator.next() % 1000) / 1000 < blamingShare
                    let notes =
                        blaming
                        ? blamingNotes[Int(generator.next() % UInt64(blamingNotes.count))]
                        : cleanNotes[Int(generator.next() % UInt64(cleanNotes.count))]
                    let draft = PersonDraft(
                        kind: .child, givenName: givenNames[Int(generator.next() % 20)],
                        familyName: familyNames[Int(generator.next() % 20)], notes: notes)
                    let keep = Set(store.language.checker.writerFindings(notes).map(\.ruleID))
                    _ = try await store.people.create(
                        draft, acknowledgedLanguage: keep,
                        context: AccessContext(actor: author.actor, requestID: "demo", clientAddress: "127.0.0.1"))
                }
            }
        }
        clock.set(end)
    }

    /// Adds the demo accounts and records to an empty, migrated store. With a `ManualClock`,
    /// also writes six months of history at past dates (the clock ends where it started).
    public static func seed(_ store: Store, history clock: ManualClock? = nil) async throws -> Summary {
        let system = Actor.system("demo")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for account in accounts {
                group.addTask {
                    try await store.accounts.addUser(
                        NewUser(
                            username: account.username, displayName: account.displayName, role: account.role, rank: account.rank,
                            team: account.team, borough: account.borough, password: password), by: system, requestID: "demo")
                }
            }
            try await group.waitForAll()
        }
        if let clock {
            var authors: [UserAccount] = []
            for name in ["officer", "coordinator", "investigator", "mash"] {
                if let user = try await store.accounts.user(named: name) { authors.append(user) }
            }
            try await seedLanguageHistory(store, clock: clock, authors: authors, end: clock.now())
        }
        var created: [String: Person] = [:]
        for sample in people {
            guard let user = try await store.accounts.user(named: sample.by) else { continue }
            let keep = Set(store.language.checker.writerFindings(sample.draft.notes).map(\.ruleID))
            let person = try await store.people.create(
                sample.draft, acknowledgedLanguage: keep,
                context: AccessContext(actor: user.actor, requestID: "demo", clientAddress: "127.0.0.1"))
            created[person.displayName] = person
        }
        if let clock {
            try await DemoMissing.seed(store, clock: clock, people: created)
            try await DemoExploitation.seed(store, clock: clock, people: created)
            try await DemoDomesticAbuse.seed(store, clock: clock, people: created)
            try await DemoPolicePowers.seed(store, clock: clock, people: created)
            try await store.runDueClocks(limit: 1_000)
        }
        try await store.checkpointAccessLog()
        return Summary(
            accounts: accounts.count, people: try await store.people.count(),
            accessLogEntries: try await store.accessLog.count())
    }
}
