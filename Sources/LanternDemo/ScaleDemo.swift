import Foundation
import LanternCore
import LanternStore
import SQLKit

/// How much demo data to generate.
public enum DemoScale: String, Sendable, CaseIterable {
    /// A handful of hand-written records (the default quick start).
    case small
    /// About a year of a large force's missing-child reports: 9,000 children, 30,000 episodes.
    case london
    /// Ten years at London's rate: 60,000 children, 300,000 episodes.
    case decade

    /// The size of a generated data set. The named scales map to fixed shapes; a test passes a small one.
    public struct Shape: Sendable, Equatable {
        public var children: Int
        public var episodes: Int
        /// The window the episodes fall in, ending at the generation's `now`.
        public var days: Double
        /// Planted exploitation networks (an adult and several children).
        public var networks: Int
        /// Registered sex offenders, each with a home address.
        public var offenders: Int
        /// Domestic abuse incidents with children, over the last year: by default about four times the missing
        /// episodes a year of the shape brings (police attend far more domestic abuse than missing children).
        public var incidents: Int
        /// Police powers over the last year, by default in proportion to the missing episodes a year of the shape brings
        /// (Lantern's assumption, not a published figure; see docs/police-powers.md): a child taken into police
        /// protection for every 15 episodes, a child detained in custody for every 3, a welfare call about a child for every 6.
        public var protections: Int
        public var detentions: Int
        public var welfareCalls: Int

        public init(
            children: Int, episodes: Int, days: Double, networks: Int, offenders: Int, incidents: Int? = nil, protections: Int? = nil,
            detentions: Int? = nil, welfareCalls: Int? = nil
        ) {
            self.children = children
            self.episodes = episodes
            self.days = days
            self.networks = networks
            self.offenders = offenders
            let episodesInAYear = Double(episodes) * min(days, 365) / max(days, 1)
            self.incidents = incidents ?? Int((4 * episodesInAYear).rounded())
            self.protections = protections ?? Int((episodesInAYear / 15).rounded())
            self.detentions = detentions ?? Int((episodesInAYear / 3).rounded())
            self.welfareCalls = welfareCalls ?? Int((episodesInAYear / 6).rounded())
        }
    }

    public var shape: Shape {
        switch self {
        case .small: Shape(children: 0, episodes: 0, days: 365, networks: 0, offenders: 0)
        case .london: Shape(children: 9_000, episodes: 30_000, days: 365, networks: 40, offenders: 2_000)
        case .decade: Shape(children: 60_000, episodes: 300_000, days: 3_650, networks: 300, offenders: 12_000)
        }
    }
}

/// Deterministic bulk demo data at force scale, written straight to the tables in large
/// transactions (one access-log entry per batch names what was generated). Realistic shapes:
/// 32 boroughs; looked-after and child-protection-plan shares; heavy-tailed episodes per child
/// (a few children go missing dozens of times); a share of victim-blaming narratives; local-authority
/// notifications missing on purpose; registered sex offenders; planted exploitation networks (an
/// adult with whom several children are found at one address) whose ground truth is written to a file.
///
/// The same seed, shape and `now` give the same data, ids included: every id the generator makes
/// itself is drawn from a seeded generator of its own (so adding an id never changes the data's
/// shape). Ids made inside shared helpers (locations and links from `LinkStore.locate`/`link`,
/// screening-queue rows from `MissingRows.queueForScreening`) stay random: nothing refers to them
/// from outside the database, and the ground truth names people, episodes and addresses only.
///
/// Exploitation at scale: every child repeat missing at their latest episode is put on the
/// screening queue with the reason the live path writes; a share of them is screened (SERAF, from
/// the rule pack); about half the planted networks have an open concern with the adult and the
/// children on it. Children found with a planted adult are not queued for it: no adult is flagged,
/// so the live found-with check would not fire, and `lantern network detect` is what should find them.
public struct ScaleDemo {
    public struct Summary: Sendable, Codable {
        public var children: Int
        public var episodes: Int
        public var openEpisodes: Int
        public var contacts: Int
        public var missingNotifications: Int
        public var registeredSexOffenders: Int
        public var plantedNetworks: Int
        public var blamingNarratives: Int
        /// Found records planted at a registered sex offender's home.
        public var offenderHomeFinds: Int = 0
        public var queuedForScreening: Int = 0
        public var screenings: Int = 0
        public var concerns: Int = 0
        public var domesticAbuse = DomesticAbuseSummary()
        /// The part of `seconds` the domestic abuse step took.
        public var domesticAbuseSeconds = 0.0
        public var policePowers = PolicePowersSummary()
        /// The part of `seconds` the police powers step took.
        public var policePowersSeconds = 0.0
        public var seconds: Double
    }

    static let boroughs = [
        "Barking and Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden", "Croydon", "Ealing", "Enfield",
        "Greenwich", "Hackney", "Hammersmith and Fulham", "Haringey", "Harrow", "Havering", "Hillingdon", "Hounslow",
        "Islington", "Kensington and Chelsea", "Kingston upon Thames", "Lambeth", "Lewisham", "Merton", "Newham",
        "Redbridge", "Richmond upon Thames", "Southwark", "Sutton", "Tower Hamlets", "Waltham Forest", "Wandsworth",
        "Westminster",
    ]
    static let given = [
        "Amelia", "Olivia", "Isla", "Ava", "Mia", "Leah", "Zara", "Aisha", "Maya", "Freya", "Noah", "Leo", "Kai", "Musa",
        "Jayden", "Tyler", "Kofi", "Ibrahim", "Jake", "Reece", "Callum", "Shay", "Nia", "Precious", "Toby", "Kacper",
        "Dylan", "Mohammed", "Chloe", "Ellie",
    ]
    static let family = [
        "Smith", "Jones", "Williams", "Brown", "Taylor", "Ahmed", "Khan", "Mensah", "Okafor", "Novak", "Hart", "Reid",
        "Clarke", "Walker", "Wright", "Kowalski", "Hussain", "Ali", "Campbell", "Murphy", "Osei", "Patel", "Green",
        "Baker", "Hall", "Evans", "Begum", "Silva", "Adeyemi", "Thompson",
    ]
    static let circumstances = [
        "Did not return home after school; phone switched off since 16:00.",
        "Left the placement at 19:00 without saying where; staff completed the agreed location checks.",
        "Went out to see friends and did not come back by the agreed time.",
        "Left after an argument with her mother; took her phone charger and a bag.",
        "Not in his room at the 23:00 check; window open.",
        "Was collected from the placement by an unknown adult in a grey car.",
        "Did not attend school; friends say he was seen at West Croydon bus station.",
    ]
    static let blamingCircumstances = [
        "Keeps putting herself at risk by staying out overnight.",
        "It's what he always does; he will turn up when he is ready.",
        "Has an older boyfriend who collects her from the placement.",
        "Absconded from the placement again at 21:00.",
        "Making risky choices and refusing to engage with services.",
    ]

    static let streets = [
        "Mill Road", "Station Road", "Church Lane", "Park Avenue", "Victoria Street", "Albert Road", "Manor Way",
        "Queens Road", "Grove Lane", "Kings Avenue", "Orchard Close", "Chapel Street", "Elm Grove", "High Street",
    ]
    static let outwardAreas = ["SE", "SW", "N", "E", "NW", "W"]
    /// Public places many missing children are found at (no one lives there): hotspots, not networks.
    static let publicPlaces = [
        "West Croydon bus station", "Brixton station", "Stratford Centre", "Elephant and Castle shopping centre",
        "Wood Green bus garage", "Lewisham library", "Peckham Rye park", "Walthamstow Central station",
        "Clapham Common bandstand", "Tottenham Hale retail park", "Ilford station", "Hammersmith Broadway",
    ]
    static let inwardLetters = Array("ABDEFGHJLNPQRSTUWXYZ")

    let store: Store
    let shape: DemoScale.Shape
    let name: String
    let seed: UInt64

    public init(store: Store, scale: DemoScale, seed: UInt64) {
        self.init(store: store, shape: scale.shape, name: scale.rawValue, seed: seed)
    }

    public init(store: Store, shape: DemoScale.Shape, name: String = "custom", seed: UInt64) {
        self.store = store
        self.shape = shape
        self.name = name
        self.seed = seed
    }

    /// The home of offender `i`: a distinct address and a valid postcode for each.
    static func offenderHome(_ i: Int) -> (address: String, postcode: String) {
        let area = outwardAreas[i % outwardAreas.count]
        let letters = inwardLetters
        let postcode = "\(area)\(1 + (i / 7) % 19) \(i % 10)\(letters[(i / 3) % letters.count])\(letters[(i / 11) % letters.count])"
        return ("\(1 + i / streets.count) \(streets[i % streets.count])", postcode)
    }

    /// The home of background household `i`: a friend's family the child is sometimes found with.
    static func householdHome(_ i: Int) -> (address: String, postcode: String) {
        let letters = inwardLetters
        let postcode =
            "\(outwardAreas[(i + 3) % outwardAreas.count])\(1 + (i / 5) % 20) "
            + "\(i % 10)\(letters[(i / 7) % letters.count])\(letters[(i / 13) % letters.count])"
        return ("\(1 + i / 20) \(["Maple Court", "Linden Grove", "Beech Row", "Rowan Walk", "Cedar Mews"][i % 5]) \(1 + (i / 5) % 4)", postcode)
    }

    /// A public place's address and postcode.
    static func publicPlace(_ i: Int) -> (address: String, postcode: String) {
        (publicPlaces[i % publicPlaces.count], "\(outwardAreas[i % outwardAreas.count])\(1 + i) \(i % 10)\(inwardLetters[i])\(inwardLetters[i + 1])")
    }

    /// A planted network's adult, place and objects.
    struct Planted {
        var adult: Person
        var place: String
        var postcode: String
        var vehicle: String
        var phone: String
    }

    /// Generates and loads everything, ending at `now`. Ground truth of the planted networks goes to `groundTruthPath`.
    /// Each step draws from the run's seeded generators in a fixed order, so the same seed gives the same data.
    public func generate(now: Date, groundTruthPath: String?) async throws -> Summary {
        let started = Date()
        guard let officer = try await store.accounts.user(named: "officer"),
            let investigator = try await store.accounts.user(named: "investigator"),
            let coordinator = try await store.accounts.user(named: "coordinator"),
            let supervisor = try await store.accounts.user(named: "supervisor")
        else {
            throw BundledRules.Missing(description: "the demo accounts must exist before scale data is generated")
        }
        let run = ScaleRun(demo: self, now: now, officer: officer.id)
        run.makeChildren()
        run.plantNetworks()
        run.makeOffendersAndHouseholds()
        try await insertPeople(
            run.children.map(\.person) + run.adults + run.offenders + run.householdParents,
            profiles: run.children.map(\.profile), system: run.system, now: now)
        try await run.writePlantedObjects()
        // Each registered sex offender lives at a home address, as the register records it: the address a
        // found child's place is checked against. Each friend's parent lives at their household.
        try await settle(
            run.offenders, at: Self.offenderHome, source: "offender register", label: "registered sex offenders' homes",
            by: run.system, now: now)
        try await settle(run.householdParents, at: Self.householdHome, source: "household", label: "households", by: run.system, now: now)
        try await run.generateEpisodes()
        try await run.queueAndScreen(screener: coordinator.actor)
        try await run.openConcerns(lead: investigator.actor)
        try await run.generateDomesticAbuse(officer: officer.actor, supervisor: supervisor.actor)
        try await run.generatePolicePowers(officer: officer.actor, supervisor: supervisor.actor)
        if let groundTruthPath { try run.writeGroundTruth(to: groundTruthPath) }
        run.summary.seconds = Date().timeIntervalSince(started)
        return run.summary
    }

    /// Gives each person a home: the address `home(i)` as a Location and a lives-at link, a thousand to a
    /// transaction, each batch logged.
    func settle(
        _ people: [Person], at home: (Int) -> (address: String, postcode: String), source: String, label: String,
        by system: Actor, now: Date
    ) async throws {
        for start in stride(from: 0, to: people.count, by: 1_000) {
            let batch = (start..<min(people.count, start + 1_000)).map { (people[$0].id, home($0)) }
            try await store.database.transaction { sql in
                for (person, home) in batch {
                    guard let location = try await LinkStore.locate(home.address, postcode: home.postcode, by: system, at: now, in: sql) else {
                        continue
                    }
                    try await LinkStore.link(
                        EntityRef(.person, person), EntityRef(.location, location), .livesAt, at: now,
                        source: ("demo", source), by: system, now: now, in: sql)
                }
                try await AccessLogStore.append(
                    AccessLogEntry(
                        at: now, actor: system, action: .create, recordType: "links",
                        detail: "demo generator: \(batch.count) \(label)"), in: sql)
            }
        }
    }

    func insertPeople(_ people: [Person], profiles: [ChildProfile], system: Actor, now: Date) async throws {
        for start in stride(from: 0, to: people.count, by: 1_000) {
            let slice = people[start..<min(people.count, start + 1_000)]
            try await store.database.transaction { sql in
                try await sql.insert(into: PersonRow.table).models(slice.map(PersonRow.init), with: StoredRow.encoder).run()
                try await AccessLogStore.append(
                    AccessLogEntry(
                        at: now, actor: system, action: .create, recordType: PersonStore.recordType,
                        detail: "demo generator: \(slice.count) people"), in: sql)
            }
        }
        for start in stride(from: 0, to: profiles.count, by: 1_000) {
            let slice = Array(profiles[start..<min(profiles.count, start + 1_000)])
            try await store.database.transaction { sql in
                for profile in slice { try await MissingRows.saveProfile(profile, in: sql) }
            }
        }
    }
}
