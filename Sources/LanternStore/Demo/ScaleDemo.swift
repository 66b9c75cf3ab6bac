import Foundation
import LanternCore
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

        public init(children: Int, episodes: Int, days: Double, networks: Int, offenders: Int) {
            self.children = children
            self.episodes = episodes
            self.days = days
            self.networks = networks
            self.offenders = offenders
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
        public var seconds: Double
    }

    static let boroughs = ["Barking and Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden", "Croydon", "Ealing", "Enfield",
                           "Greenwich", "Hackney", "Hammersmith and Fulham", "Haringey", "Harrow", "Havering", "Hillingdon", "Hounslow",
                           "Islington", "Kensington and Chelsea", "Kingston upon Thames", "Lambeth", "Lewisham", "Merton", "Newham",
                           "Redbridge", "Richmond upon Thames", "Southwark", "Sutton", "Tower Hamlets", "Waltham Forest", "Wandsworth",
                           "Westminster"]
    static let given = ["Amelia", "Olivia", "Isla", "Ava", "Mia", "Leah", "Zara", "Aisha", "Maya", "Freya", "Noah", "Leo", "Kai", "Musa",
                        "Jayden", "Tyler", "Kofi", "Ibrahim", "Jake", "Reece", "Callum", "Shay", "Nia", "Precious", "Toby", "Kacper",
                        "Dylan", "Mohammed", "Chloe", "Ellie"]
    static let family = ["Smith", "Jones", "Williams", "Brown", "Taylor", "Ahmed", "Khan", "Mensah", "Okafor", "Novak", "Hart", "Reid",
                         "Clarke", "Walker", "Wright", "Kowalski", "Hussain", "Ali", "Campbell", "Murphy", "Osei", "Patel", "Green",
                         "Baker", "Hall", "Evans", "Begum", "Silva", "Adeyemi", "Thompson"]
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

    static let streets = ["Mill Road", "Station Road", "Church Lane", "Park Avenue", "Victoria Street", "Albert Road", "Manor Way",
                          "Queens Road", "Grove Lane", "Kings Avenue", "Orchard Close", "Chapel Street", "Elm Grove", "High Street"]
    static let outwardAreas = ["SE", "SW", "N", "E", "NW", "W"]
    /// Public places many missing children are found at (no one lives there): hotspots, not networks.
    static let publicPlaces = ["West Croydon bus station", "Brixton station", "Stratford Centre", "Elephant and Castle shopping centre",
                               "Wood Green bus garage", "Lewisham library", "Peckham Rye park", "Walthamstow Central station",
                               "Clapham Common bandstand", "Tottenham Hale retail park", "Ilford station", "Hammersmith Broadway"]
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
        let postcode = "\(outwardAreas[(i + 3) % outwardAreas.count])\(1 + (i / 5) % 20) \(i % 10)\(letters[(i / 7) % letters.count])\(letters[(i / 13) % letters.count])"
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
    public func generate(now: Date, groundTruthPath: String?) async throws -> Summary {
        let started = Date()
        var random = SeededRandom(seed: seed)
        var ids = SeededRandom(seed: seed ^ 0x1D5_1D5_1D5)
        func newID() -> String { ids.uuid() }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let rules = store.missing.rules
        let system = Actor.system("demo-generator")
        guard let officer = try await store.accounts.user(named: "officer"),
              let investigator = try await store.accounts.user(named: "investigator"),
              let coordinator = try await store.accounts.user(named: "coordinator") else {
            throw BundledRules.Missing(description: "the demo accounts must exist before scale data is generated")
        }
        let nowMs = now.millisecondsSince1970
        func uniform() -> Double { random.unit() }
        func pick<T>(_ list: [T]) -> T { list[Int(random.next() % UInt64(list.count))] }

        // Children, each with a heavy-tailed propensity to go missing (Pareto, alpha 1.1).
        var children: [(person: Person, profile: ChildProfile, weight: Double)] = []
        for i in 0..<shape.children {
            let borough = pick(Self.boroughs)
            let age = 10 + Int(random.next() % 8)
            let birthYear = calendar.component(.year, from: now) - age
            let dob = String(format: "%04d-%02d-%02d", birthYear, 1 + Int(random.next() % 12), 1 + Int(random.next() % 28))
            let person = Person(id: newID(), kind: .child, givenName: pick(Self.given), familyName: pick(Self.family),
                                dateOfBirth: dob, notes: "", team: "\(borough) response team", borough: borough, restricted: false,
                                createdBy: officer.id, createdAt: now, updatedAt: now, version: 1, erasedAt: nil)
            let lookedAfter = uniform() < 0.2
            var flags: Set<ExploitationFlag> = []
            if uniform() < 0.06 { flags.insert(pick([.sexual, .criminal, .countyLines])) }
            let profile = ChildProfile(personID: person.id, sex: uniform() < 0.55 ? "Female" : "Male",
                                       homeAddress: "\(1 + i % 200) Demo Road, \(borough)", lookedAfter: lookedAfter,
                                       responsibleAuthority: lookedAfter ? "\(pick(Self.boroughs)) Children's Services" : "",
                                       placement: lookedAfter ? pick(["Foster placement", "Residential children's home", "Supported accommodation"]) : "",
                                       childProtectionPlan: uniform() < 0.1, exploitationFlags: flags, updatedAt: now, updatedBy: officer.id)
            children.append((person, profile, pow(1 - uniform(), -1 / 1.1)))
        }
        var cumulative: [Double] = []
        var total = 0.0
        for child in children { total += min(child.weight, 60); cumulative.append(total) }
        func weightedChild() -> Int {
            let target = uniform() * total
            var low = 0, high = cumulative.count - 1
            while low < high { let mid = (low + high) / 2; if cumulative[mid] < target { low = mid + 1 } else { high = mid } }
            return low
        }

        // Planted networks: an adult with whom several children are found at one address.
        var adults: [Person] = []
        var networks: [[String: Any]] = []
        // A child in two networks may be found with either network's adult.
        var plantedFound: [Int: [Planted]] = [:]
        var plantedObjects: [(planted: Planted, livesThere: Bool)] = []
        var networkMembers: [[Int]] = []
        for n in 0..<shape.networks {
            let adult = Person(id: newID(), kind: .associate, givenName: pick(Self.given), familyName: pick(Self.family),
                               dateOfBirth: "19\(70 + n % 25)-0\(1 + n % 9)-1\(n % 9)", notes: "Demo: planted network \(n + 1)",
                               team: "Child exploitation team", borough: pick(Self.boroughs), restricted: false, createdBy: officer.id,
                               createdAt: now, updatedAt: now, version: 1, erasedAt: nil)
            adults.append(adult)
            let members = (0..<(3 + Int(random.next() % 6))).map { _ in weightedChild() }
            let postcode = "SE\(1 + n % 28) \(n % 10)\(["AB", "DF", "GH", "JL", "NP"][n % 5])"
            let place = "Flat \(1 + n % 9), \(10 + n) Network Street"
            // Each adult drives a car and uses a phone the children are sometimes found with.
            let letters = Array("ABCDEFGHJKLMNPRSTUVWXYZ")
            let vehicle = "LN\(10 + n % 90) \(letters[n % 23])\(letters[(n / 23) % 23])\(letters[(n * 7) % 23])"
            let phone = "07700 9\(String(format: "%05d", n))"
            let planted = Planted(adult: adult, place: place, postcode: postcode, vehicle: vehicle, phone: phone)
            for member in Set(members).sorted() { plantedFound[member, default: []].append(planted) }
            plantedObjects.append((planted, n % 2 == 0))
            networkMembers.append(Set(members).sorted())
            networks.append(["network": n + 1, "adult": adult.id, "children": Array(Set(members.map { children[$0].person.id })).sorted(),
                             "place": place, "postcode": postcode, "vehicle": vehicle, "phone": phone, "adultLivesThere": n % 2 == 0])
        }
        let offenders = (0..<shape.offenders).map { i in
            Person(id: newID(), kind: .registeredSexOffender, givenName: pick(Self.given), familyName: pick(Self.family),
                   dateOfBirth: "19\(55 + i % 40)-0\(1 + i % 9)-2\(i % 9)", notes: "Demo: managed offender",
                   team: "Offender management unit", borough: pick(Self.boroughs), restricted: false, createdBy: officer.id,
                   createdAt: now, updatedAt: now, version: 1, erasedAt: nil)
        }

        // Background: the families of friends children are found with, one parent each, living there. Each
        // child has one such household; several children share one (a friendship group), so an honest
        // detection rule meets households that several missing children were found at and that are not
        // networks: what its precision is measured against.
        let householdCount = max(1, shape.children / 4)
        let householdParents = (0..<householdCount).map { i in
            Person(id: newID(), kind: .parentOrCarer, givenName: pick(Self.given), familyName: pick(Self.family),
                   dateOfBirth: "19\(70 + i % 20)-0\(1 + i % 9)-1\(i % 9)", notes: "Demo: a friend's parent",
                   team: "\(pick(Self.boroughs)) response team", borough: pick(Self.boroughs), restricted: false, createdBy: officer.id,
                   createdAt: now, updatedAt: now, version: 1, erasedAt: nil)
        }
        let friendHousehold = children.indices.map { _ in Int(random.next() % UInt64(householdCount)) }

        try await insertPeople(children.map(\.person) + adults + offenders + householdParents, profiles: children.map(\.profile), system: system,
                               now: now)
        let planted = plantedObjects
        try await store.database.transaction { sql in
            for (planted, livesThere) in planted {
                let adult = EntityRef(.person, planted.adult.id)
                let source = ("demo", "planted network")
                if livesThere, let home = try await LinkStore.locate(planted.place, postcode: planted.postcode, by: system, at: now, in: sql) {
                    try await LinkStore.link(adult, EntityRef(.location, home), .livesAt, at: now, source: source, by: system, now: now, in: sql)
                }
                for (kind, value) in [(ObjectKind.vehicle, planted.vehicle), (.phone, planted.phone)] {
                    let key = try ObjectKey.make(kind, value).get()
                    let object = try await LinkStore.locateObject(key, by: system, at: now, in: sql)
                    try await LinkStore.link(adult, EntityRef(.object, object), kind.usedBy, at: now, source: source, by: system, now: now, in: sql)
                }
            }
        }
        // Each registered sex offender lives at a home address, as the register records it: the address a
        // found child's place is checked against. Each friend's parent lives at their household.
        try await settle(offenders, at: Self.offenderHome, source: "offender register", label: "registered sex offenders' homes",
                         by: system, now: now)
        try await settle(householdParents, at: Self.householdHome, source: "household", label: "households", by: system, now: now)

        // Episodes over the window, newest last, heavy-tailed per child.
        var summary = Summary(children: children.count, episodes: 0, openEpisodes: 0, contacts: 0, missingNotifications: 0,
                              registeredSexOffenders: offenders.count, plantedNetworks: networks.count, blamingNarratives: 0, seconds: 0)
        var lastSeenByChild: [Int: [Date]] = [:]
        // Each child's latest episode and whether it made them repeat missing (episodes come in time order).
        var latest: [Int: (episode: String, reportedAt: Date, status: RepeatMissingStatus)] = [:]
        var offenderHomeFinds: [[String: Any]] = []
        var batch = EpisodeBatch()
        // Continue each year's reference numbers after any episodes already recorded.
        var counters: [Int: Int] = try await store.database.read { sql in
            var existing: [Int: Int] = [:]
            for row in try await sql.select().columns("name", "value").from("counters").all() {
                let name = try row.decode(column: "name", as: String.self)
                if name.hasPrefix("missing-episode-"), let year = Int(name.dropFirst("missing-episode-".count)) {
                    existing[year] = try row.decode(column: "value", as: Int.self)
                }
            }
            return existing
        }
        let checker = store.language.checker
        let times = (0..<shape.episodes).map { _ in uniform() }.sorted()
        for (index, fraction) in times.enumerated() {
            let c = weightedChild()
            let child = children[c]
            let lastSeen = now.addingTimeInterval(-(1 - fraction) * shape.days * 86_400 - 1_800)
            let reportedAt = lastSeen.addingTimeInterval(1_800 + uniform() * 4 * 3_600)
            let reported = min(reportedAt, now)
            let earlier = lastSeenByChild[c, default: []]
            let repeatStatus = RepeatMissing.evaluate(lastSeen: earlier + [lastSeen], at: lastSeen, rules: rules)
            lastSeenByChild[c, default: []].append(lastSeen)
            let yes = rules.questions.filter { q in uniform() < (q.ifYes == .high ? 0.015 : q.ifYes == .medium ? 0.1 : 0.25) }.map(\.id)
            let answers = rules.questions.map { RiskAnswer(questionID: $0.id, value: yes.contains($0.id) ? .yes : .no, sourceName: "Reporter",
                                                           obtainedAt: reported) }
            let facts = ChildRecordFacts(profile: child.profile, dateOfBirth: child.person.dateOfBirth, earlierLastSeen: earlier)
            let recommendation = RiskGrading.recommend(answers, child: ChildRiskFactors.gather(facts, lastSeen: lastSeen, now: lastSeen,
                                                                                               rules: rules), rules: rules)
            let year = calendar.component(.year, from: reported)
            counters[year, default: 0] += 1
            let blaming = uniform() < 0.12
            let text = blaming ? pick(Self.blamingCircumstances) : pick(Self.circumstances)
            if blaming { summary.blamingNarratives += 1 }
            let age = now.timeIntervalSince(lastSeen)
            // Most older episodes are found and closed; the last two days still hold open and found ones.
            let duration = 3_600 * (1 + pow(uniform(), 3) * 70)
            let foundAt = lastSeen.addingTimeInterval(duration)
            let isFound = foundAt < now && (age > 2 * 86_400 || uniform() < 0.6)
            let notified = uniform() >= 0.08
            if !notified { summary.missingNotifications += 1 }
            let closed = isFound && notified && now.timeIntervalSince(foundAt) > 86_400
            let status: EpisodeStatus = closed ? .closed : isFound ? .found : .open
            if status == .open { summary.openEpisodes += 1 }
            let episode = MissingEpisode(
                id: newID(), reference: String(format: "MP-%d-%06d", year, counters[year]!), childID: child.person.id,
                status: status,
                report: MissingReport(reportedAt: reported, lastSeenAt: lastSeen, lastSeenPlace: "Near \(child.profile.homeAddress)",
                                      circumstances: text, clothing: "Dark jacket, jeans, trainers", reporterName: "Demo reporter",
                                      reporterRelationship: child.profile.lookedAfter ? "Carer" : "Parent", reporterContact: "07700 900000"),
                grade: recommendation.grade, gradedAt: reported,
                nextReview: SupervisionClock.firstReview(grade: recommendation.grade, assessedAt: reported, rules: rules),
                foundAt: isFound ? foundAt : nil, closedAt: closed ? foundAt.addingTimeInterval(20 * 3_600) : nil,
                localAuthorityNotifiedAt: notified ? reported.addingTimeInterval(900) : nil, repeatCount: repeatStatus.count,
                rulesVersion: rules.version, team: child.person.team, borough: child.person.borough, createdBy: officer.id,
                createdAt: reported, updatedAt: reported, version: 1,
                returnReviewedAt: closed ? foundAt.addingTimeInterval(4 * 3_600) : nil)
            batch.episodes.append(episode)
            latest[c] = (episode.id, reported, repeatStatus)
            batch.assessments.append(RecordedAssessment(
                id: newID(), kind: .initial, assessedBy: officer.id, assessorName: "Demo officer", at: reported,
                decision: GradeDecision(grade: recommendation.grade, recommended: recommendation.grade, reasons: recommendation.reasons,
                                        rationale: ""), answers: answers, rulesVersion: rules.version))
            let findings = blaming ? checker.writerFindings(text) : []
            batch.narratives.append((newID(), episode.id, episode.borough, episode.team, reported, findings))
            if notified && episode.localAuthorityNotifiedAt! <= now {
                batch.contacts.append(AgencyContact(
                    id: newID(), episodeID: episode.id, agency: .childrensSocialCare,
                    organisation: child.profile.lookedAfter ? child.profile.responsibleAuthority : "\(episode.borough) Children's Services",
                    personName: "Duty social worker", at: episode.localAuthorityNotifiedAt!, method: .phone,
                    summary: "Told children's social care the child is missing.", reference: "LA-\(index)", notifiesLocalAuthority: true,
                    recordedBy: "Demo officer", recordedAt: episode.localAuthorityNotifiedAt!))
            }
            if uniform() < 0.5 {
                let at = min(now, reported.addingTimeInterval(3_600 * 3))
                batch.contacts.append(AgencyContact(
                    id: newID(), episodeID: episode.id, agency: pick([.education, .health, .anotherForce]), organisation: "Demo agency",
                    personName: "Duty contact", at: at, method: .phone, summary: "Asked whether the child had been seen.", reference: "",
                    notifiesLocalAuthority: false, recordedBy: "Demo officer", recordedAt: at))
            }
            if isFound {
                let planted = plantedFound[c].flatMap { list in uniform() < 0.7 ? list[Int(random.next() % UInt64(list.count))] : nil }
                // The inspection case: a few children are found at the home of a registered sex offender.
                let offender = planted == nil && !offenders.isEmpty && uniform() < 0.003 ? Int(random.next() % UInt64(offenders.count)) : nil
                // Otherwise: half the time at their friend's family's home, one time in five at a public place,
                // the rest somewhere recorded only as text.
                let background = planted == nil && offender == nil ? uniform() : 1
                // A friend's parent is sometimes recorded as who the child was with (at home, or they brought the child back).
                let atHousehold = background < 0.5
                let home = offender.map(Self.offenderHome) ?? (atHousehold ? Self.householdHome(friendHousehold[c])
                    : background < 0.7 ? Self.publicPlace(Int(random.next() % UInt64(Self.publicPlaces.count))) : nil)
                if let offender, let home {
                    offenderHomeFinds.append(["child": child.person.id, "episode": episode.id, "offender": offenders[offender].id,
                                              "place": home.address, "postcode": home.postcode])
                }
                batch.found.append((episode.id, FoundRecord(
                    foundAt: foundAt, place: planted?.place ?? home?.address ?? "Friend's address, \(episode.borough)",
                    postcode: planted?.postcode ?? home?.postcode,
                    withWhom: planted.map { ["\($0.adult.givenName) \($0.adult.familyName)"] } ?? [],
                    withPersonIDs: planted.map { [$0.adult.id] } ?? (atHousehold && uniform() < 0.2 ? [householdParents[friendHousehold[c]].id] : []),
                    condition: "Safe; tired.", howFound: .returnedThemselves,
                    childSaid: "", vehicles: planted.flatMap { uniform() < 0.3 ? [$0.vehicle] : nil } ?? [],
                    phones: planted.flatMap { uniform() < 0.3 ? [$0.phone] : nil } ?? [])))
                let preventionDone = closed || uniform() < 0.5
                batch.tasks.append(EpisodeTask(
                    id: newID(), episodeID: episode.id, kind: .preventionInterview, title: "Prevention interview (safe and well check)",
                    owner: "officer", dueAt: EpisodeClocks.preventionInterviewDue(foundAt: foundAt, grade: episode.grade, rules: rules),
                    outcome: preventionDone ? .completed : nil, result: preventionDone ? "Safe and well check completed." : "",
                    completedBy: preventionDone ? "Demo officer" : "", completedAt: preventionDone ? min(now, foundAt.addingTimeInterval(7_200)) : nil,
                    createdAt: foundAt))
                let rhiDone = closed && uniform() < 0.63
                batch.tasks.append(EpisodeTask(
                    id: newID(), episodeID: episode.id, kind: .returnHomeInterview,
                    title: "Return home interview referral to \(episode.borough) children's services", owner: "local-authority",
                    dueAt: EpisodeClocks.returnInterviewDue(foundAt: foundAt, rules: rules), outcome: rhiDone ? .completed : closed ? .declined : nil,
                    result: rhiDone ? "Return home interview completed." : closed ? "The child declined." : "",
                    completedBy: closed ? "Demo return interview service" : "",
                    completedAt: closed ? min(now, foundAt.addingTimeInterval(uniform() * 100 * 3_600)) : nil, createdAt: foundAt))
            }
            summary.episodes += 1
            if batch.episodes.count >= 500 {
                summary.contacts += batch.contacts.count
                try await batch.write(store, system: system, now: now, rules: rules, nowMs: nowMs)
                batch = EpisodeBatch()
            }
        }
        summary.contacts += batch.contacts.count
        try await batch.write(store, system: system, now: now, rules: rules, nowMs: nowMs)
        let finalCounters = counters
        try await store.database.transaction { sql in
            for (year, value) in finalCounters {
                try await sql.delete(from: "counters").where("name", .equal, "missing-episode-\(year)").run()
                try await sql.insert(into: "counters").columns("name", "value").values(SQLBind("missing-episode-\(year)"), SQLBind(value)).run()
            }
        }
        summary.offenderHomeFinds = offenderHomeFinds.count

        // Exploitation at scale: the screening queue, screenings and concerns.
        let queued = latest.filter { $0.value.status.flagged }.sorted { $0.key < $1.key }
        summary.queuedForScreening = queued.count
        var screenings: [(id: String, child: String, at: Date, answers: [ScreeningAnswer], result: ScreeningResult)] = []
        let exploitationRules = store.exploitation.rules
        for (c, last) in queued {
            let at = last.reportedAt.addingTimeInterval(86_400 * (1 + uniform() * 9))
            guard uniform() < 0.6, at <= now else { continue }
            let indicators = exploitationRules.indicators.filter { _ in uniform() < 0.2 }
            let answers = indicators.map { ScreeningAnswer(indicatorID: $0.id, timing: uniform() < 0.8 ? .current : .both) }
            screenings.append((newID(), children[c].person.id, at, answers, try Screening.score(answers, rules: exploitationRules)))
        }
        summary.screenings = screenings.count
        for start in stride(from: 0, to: queued.count, by: 1_000) {
            let slice = queued[start..<min(queued.count, start + 1_000)].map { (children[$0.key].person.id, $0.value) }
            let inSlice = Set(slice.map(\.0))
            let screened = screenings.filter { inSlice.contains($0.child) }
            let screener = coordinator.actor
            try await store.database.transaction { sql in
                for (child, last) in slice {
                    // The reason the live report path writes, so the queue reads the same at any scale.
                    try await MissingRows.queueForScreening(child, episode: last.episode,
                                                            trigger: .repeatMissing(episodes: last.status.count, withinDays: last.status.withinDays),
                                                            rules: exploitationRules, at: last.reportedAt, in: sql)
                }
                for s in screened {
                    try await sql.insert(into: "screenings")
                        .columns("id", "child_id", "answers", "score", "band", "rationale", "rules_version", "screened_by", "screener_name",
                                 "screened_at_ms", "next_due_ms")
                        .values(SQLBind(s.id), SQLBind(s.child), SQLBind(try MissingRows.json(s.answers)), SQLBind(s.result.score),
                                SQLBind(s.result.band),
                                SQLBind("Screened after repeat missing episodes, with the information on the child's episodes and from the social worker."),
                                SQLBind(exploitationRules.version), SQLBind(screener.userID), SQLBind(screener.displayName),
                                SQLBind(s.at.millisecondsSince1970),
                                SQLBind(Screening.reassessmentDue(screenedAt: s.at, rules: exploitationRules).millisecondsSince1970))
                        .run()
                    try await sql.update("screening_queue").set("screened_at_ms", to: s.at.millisecondsSince1970).where("child_id", .equal, s.child)
                        .where("screened_at_ms", .is, SQLLiteral.null).run()
                }
                try await AccessLogStore.append(AccessLogEntry(at: now, actor: system, action: .create, recordType: PersonStore.recordType,
                                                               detail: "demo generator: \(slice.count) children queued for exploitation screening, \(screened.count) screened"),
                                                in: sql)
            }
        }
        // About half the planted networks have an open concern with the adult and the children on it.
        let lead = investigator.actor
        let concernTypes: [ConcernType] = [.sexual, .criminal, .countyLines]
        var concerns: [(id: String, type: ConcernType, at: Date, planted: Planted, children: [String], entityIDs: [String])] = []
        for (n, members) in networkMembers.enumerated() where uniform() < 0.5 {
            let kids = Set(members.map { children[$0].person.id }).sorted()
            concerns.append((newID(), pick(concernTypes), now.addingTimeInterval(-86_400 * (1 + uniform() * 60)), plantedObjects[n].planted,
                             kids, (0...kids.count).map { _ in newID() }))
        }
        summary.concerns = concerns.count
        let openingConcerns = concerns
        try await store.database.transaction { sql in
            for concern in openingConcerns {
                let reference = try await MissingStore.nextReference("EC", counter: "exploitation-concern", concern.at, in: sql)
                let summaryText = "Several children have been found with \(concern.planted.adult.givenName) \(concern.planted.adult.familyName) at "
                    + "\(concern.planted.place); concern that the adult is exploiting them (\(concern.type.title.lowercased()))."
                try await sql.insert(into: "concerns").columns(ExploitationRows.concernColumns)
                    .values(SQLBind(concern.id), SQLBind(reference), SQLBind(concern.type.rawValue), SQLBind(ConcernStatus.open.rawValue),
                            SQLBind(summaryText), SQLBind(lead.username), SQLBind(lead.team), SQLBind(lead.borough), SQLBind(lead.userID),
                            SQLBind(concern.at.millisecondsSince1970), SQLBind(nil as String?), SQLBind(""), SQLBind(nil as String?),
                            SQLBind(nil as Int64?), SQLBind(1))
                    .run()
                let entities = [(EntityRef(.person, concern.planted.adult.id), ConcernEntity.Role.suspect)]
                    + concern.children.map { (EntityRef(.person, $0), ConcernEntity.Role.child) }
                for ((ref, role), id) in zip(entities, concern.entityIDs) {
                    try await sql.insert(into: "concern_entities")
                        .columns("id", "concern_id", "entity_kind", "entity_id", "role", "added_by", "added_at_ms", "removed_at_ms")
                        .values(SQLBind(id), SQLBind(concern.id), SQLBind(ref.kind.rawValue), SQLBind(ref.id), SQLBind(role.rawValue),
                                SQLBind(lead.userID), SQLBind(concern.at.millisecondsSince1970), SQLBind(nil as Int64?))
                        .run()
                }
                try await ExploitationStore.history(concern.id, version: 1, "opened (\(concern.type.title), lead \(lead.username))", actor: lead,
                                                    at: concern.at, in: sql)
            }
            if !openingConcerns.isEmpty {
                try await AccessLogStore.append(AccessLogEntry(at: now, actor: system, action: .create, recordType: ExploitationStore.recordType,
                                                               recordIDs: openingConcerns.map(\.id),
                                                               detail: "demo generator: \(openingConcerns.count) exploitation concerns"), in: sql)
            }
        }

        if let groundTruthPath {
            let truth: [String: Any] = [
                "scale": name, "seed": seed, "now": ISO8601DateFormatter().string(from: now), "networks": networks,
                "shape": ["children": shape.children, "episodes": shape.episodes, "days": shape.days, "networks": shape.networks,
                          "offenders": shape.offenders],
                "foundAtOffenderHome": offenderHomeFinds,
            ]
            let data = try JSONSerialization.data(withJSONObject: truth, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: URL(fileURLWithPath: groundTruthPath))
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// Gives each person a home: the address `home(i)` as a Location and a lives-at link, a thousand to a
    /// transaction, each batch logged.
    func settle(_ people: [Person], at home: (Int) -> (address: String, postcode: String), source: String, label: String,
                by system: Actor, now: Date) async throws {
        for start in stride(from: 0, to: people.count, by: 1_000) {
            let batch = (start..<min(people.count, start + 1_000)).map { (people[$0].id, home($0)) }
            try await store.database.transaction { sql in
                for (person, home) in batch {
                    guard let location = try await LinkStore.locate(home.address, postcode: home.postcode, by: system, at: now, in: sql) else { continue }
                    try await LinkStore.link(EntityRef(.person, person), EntityRef(.location, location), .livesAt, at: now,
                                             source: ("demo", source), by: system, now: now, in: sql)
                }
                try await AccessLogStore.append(AccessLogEntry(at: now, actor: system, action: .create, recordType: "links",
                                                               detail: "demo generator: \(batch.count) \(label)"), in: sql)
            }
        }
    }

    func insertPeople(_ people: [Person], profiles: [ChildProfile], system: Actor, now: Date) async throws {
        for start in stride(from: 0, to: people.count, by: 1_000) {
            let slice = people[start..<min(people.count, start + 1_000)]
            try await store.database.transaction { sql in
                var insert = sql.insert(into: "people").columns(PersonStore.columns)
                for person in slice { insert = insert.values(PersonStore.binds(person)) }
                try await insert.run()
                try await AccessLogStore.append(AccessLogEntry(at: now, actor: system, action: .create, recordType: PersonStore.recordType,
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

/// One transaction's worth of generated episodes and everything recorded on them.
struct EpisodeBatch {
    var episodes: [MissingEpisode] = []
    var assessments: [RecordedAssessment] = []
    var contacts: [AgencyContact] = []
    var found: [(String, FoundRecord)] = []
    var tasks: [EpisodeTask] = []
    var narratives: [(id: String, episode: String, borough: String, team: String, at: Date, findings: [LanguageFinding])] = []

    func write(_ store: Store, system: Actor, now: Date, rules: MissingRules, nowMs: Int64) async throws {
        guard !episodes.isEmpty else { return }
        let packVersion = store.language.checker.pack.version
        try await store.database.transaction { sql in
            var insert = sql.insert(into: "missing_episodes").columns(MissingRows.episodeColumns)
            for episode in episodes { insert = insert.values(MissingRows.binds(episode)) }
            try await insert.run()
            for (episode, assessment) in zip(episodes, assessments) {
                try await MissingStore.insertAssessment(assessment, episodeID: episode.id, in: sql)
            }
            for chunk in stride(from: 0, to: contacts.count, by: 400) {
                var rows = sql.insert(into: "agency_contacts")
                    .columns("id", "episode_id", "agency", "organisation", "person_name", "at_ms", "method", "summary", "reference",
                             "notifies_la", "recorded_by", "recorded_at_ms")
                for c in contacts[chunk..<min(contacts.count, chunk + 400)] {
                    rows = rows.values(SQLBind(c.id), SQLBind(c.episodeID), SQLBind(c.agency.rawValue), SQLBind(c.organisation),
                                       SQLBind(c.personName), SQLBind(c.at.millisecondsSince1970), SQLBind(c.method.rawValue), SQLBind(c.summary),
                                       SQLBind(c.reference), SQLBind(c.notifiesLocalAuthority ? 1 : 0), SQLBind(c.recordedBy),
                                       SQLBind(c.recordedAt.millisecondsSince1970))
                }
                try await rows.run()
            }
            let childOf = Dictionary(uniqueKeysWithValues: episodes.map { ($0.id, $0.childID) })
            for (episodeID, f) in found {
                try await sql.insert(into: "found_records")
                    .columns("episode_id", "found_at_ms", "place", "postcode", "with_whom", "with_person_ids", "condition", "how_found",
                             "child_said", "recorded_by", "recorded_at_ms", "vehicles", "phones")
                    .values(SQLBind(episodeID), SQLBind(f.foundAt.millisecondsSince1970), SQLBind(f.place), SQLBind(f.postcode),
                            SQLBind(try MissingRows.json(f.withWhom)), SQLBind(try MissingRows.json(f.withPersonIDs)), SQLBind(f.condition),
                            SQLBind(f.howFound.rawValue), SQLBind(f.childSaid), SQLBind("Demo officer"),
                            SQLBind(f.foundAt.millisecondsSince1970), SQLBind(try MissingRows.json(f.vehicles)),
                            SQLBind(try MissingRows.json(f.phones))).run()
                // Planted finds become links, as a found record does: the network and hotspots are drawn from them.
                guard f.postcode != nil, let child = childOf[episodeID] else { continue }
                let childRef = EntityRef(.person, child)
                let source = ("missing-episode", episodeID)
                if let place = try await LinkStore.locate(f.place, postcode: f.postcode, by: system, at: now, in: sql) {
                    try await LinkStore.link(childRef, EntityRef(.location, place), .foundAt, at: f.foundAt, source: source, by: system, now: now, in: sql)
                }
                for adult in f.withPersonIDs {
                    try await LinkStore.link(childRef, EntityRef(.person, adult), .foundWith, at: f.foundAt, source: source, by: system, now: now, in: sql)
                }
                for key in ObjectList.keys(vehicles: f.vehicles, phones: f.phones) {
                    let object = try await LinkStore.locateObject(key, by: system, at: now, in: sql)
                    try await LinkStore.link(childRef, EntityRef(.object, object), .foundWith, at: f.foundAt, source: source, by: system, now: now, in: sql)
                }
            }
            for task in tasks { try await MissingRows.insertTask(task, createdBy: "demo", in: sql) }
            for n in narratives {
                try await sql.insert(into: "narratives")
                    .columns("id", "record_type", "record_id", "field", "record_version", "author_id", "team", "borough", "month",
                             "at_ms", "pack_version", "findings")
                    .values(SQLBind(n.id), SQLBind(MissingStore.recordType), SQLBind(n.episode), SQLBind("circumstances"),
                            SQLBind(1), SQLBind("demo"), SQLBind(n.team), SQLBind(n.borough), SQLBind(LanguageStore.month(of: n.at)),
                            SQLBind(n.at.millisecondsSince1970), SQLBind(packVersion), SQLBind(n.findings.count)).run()
            }
            // The clocks of episodes still open or awaiting interviews.
            for episode in episodes where episode.status == .open {
                try await ClockJobs.scheduleReview(episode, in: sql)
                if episode.localAuthorityNotifiedAt == nil {
                    try await ClockJobs.schedule(.localAuthorityNotification, episodeID: episode.id, subject: episode.id,
                                                 at: EpisodeClocks.localAuthorityAlertAt(reportedAt: episode.report.reportedAt, rules: rules),
                                                 basis: episode.report.reportedAt, in: sql)
                }
            }
            for task in tasks where task.isOpen && task.kind != .enquiry {
                try await ClockJobs.schedule(task.kind == .preventionInterview ? .preventionInterview : .returnInterview,
                                             episodeID: task.episodeID, subject: task.id, at: task.dueAt, basis: task.dueAt, in: sql)
            }
            try await AccessLogStore.append(AccessLogEntry(at: now, actor: system, action: .create, recordType: MissingStore.recordType,
                                                           detail: "demo generator: \(episodes.count) episodes"), in: sql)
        }
    }
}
