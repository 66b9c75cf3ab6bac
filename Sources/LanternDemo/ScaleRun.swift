import Foundation
import LanternCore
import LanternStore
import SQLKit

/// One run of the scale generator: its seeded draws and what each step made, which later steps use. The steps
/// run in a fixed order (children, networks, offenders and households, episodes, screening, concerns), so the
/// same seed gives the same data. Values are copied out before a transaction, whose body must be `Sendable`.
final class ScaleRun {
    typealias Child = (person: Person, profile: ChildProfile, weight: Double)
    typealias Latest = (episode: String, reportedAt: Date, status: RepeatMissingStatus)

    let demo: ScaleDemo
    let store: Store
    let shape: DemoScale.Shape
    let now: Date
    let officer: String
    let system = Actor.system("demo-generator")
    let rules: MissingRules
    let calendar: Calendar
    private var random: SeededRandom
    private var ids: SeededRandom

    var children: [Child] = []
    /// Running totals of the children's weights (each capped at 60), for drawing a child by propensity.
    private var cumulative: [Double] = []
    private var totalWeight = 0.0
    var adults: [Person] = []
    /// The ground truth of each planted network.
    var networks: [[String: Any]] = []
    /// A child in two networks may be found with either network's adult.
    var plantedFound: [Int: [ScaleDemo.Planted]] = [:]
    var plantedObjects: [(planted: ScaleDemo.Planted, livesThere: Bool)] = []
    var networkMembers: [[Int]] = []
    var offenders: [Person] = []
    var householdParents: [Person] = []
    var friendHousehold: [Int] = []
    var summary: ScaleDemo.Summary
    /// Each child's latest episode and whether it made them repeat missing (episodes come in time order).
    var latest: [Int: Latest] = [:]
    var offenderHomeFinds: [[String: Any]] = []

    init(demo: ScaleDemo, now: Date, officer: String) {
        self.demo = demo
        self.store = demo.store
        self.shape = demo.shape
        self.now = now
        self.officer = officer
        self.rules = demo.store.missing.rules
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        self.calendar = calendar
        self.random = SeededRandom(seed: demo.seed)
        self.ids = SeededRandom(seed: demo.seed ^ 0x1D5_1D5_1D5)
        self.summary = ScaleDemo.Summary(
            children: 0, episodes: 0, openEpisodes: 0, contacts: 0, missingNotifications: 0,
            registeredSexOffenders: 0, plantedNetworks: 0, blamingNarratives: 0, seconds: 0)
    }

    // MARK: Draws

    func newID() -> String { ids.uuid() }
    func uniform() -> Double { random.unit() }
    func next() -> UInt64 { random.next() }
    func pick<T>(_ list: [T]) -> T { list[Int(random.next() % UInt64(list.count))] }
    func below(_ count: Int) -> Int { Int(random.next() % UInt64(count)) }

    /// A child drawn by their propensity to go missing.
    func weightedChild() -> Int {
        let target = uniform() * totalWeight
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] < target { low = mid + 1 } else { high = mid }
        }
        return low
    }

    // MARK: People

    /// Children, each with a heavy-tailed propensity to go missing (Pareto, alpha 1.1).
    func makeChildren() {
        for i in 0..<shape.children {
            let borough = pick(ScaleDemo.boroughs)
            let age = 10 + below(8)
            let birthYear = calendar.component(.year, from: now) - age
            let dob = String(format: "%04d-%02d-%02d", birthYear, 1 + below(12), 1 + below(28))
            let person = Person(
                id: newID(), kind: .child, givenName: pick(ScaleDemo.given), familyName: pick(ScaleDemo.family),
                dateOfBirth: dob, notes: "", team: "\(borough) response team", borough: borough, restricted: false,
                createdBy: officer, createdAt: now, updatedAt: now, version: 1, erasedAt: nil)
            let lookedAfter = uniform() < 0.2
            var flags: Set<ExploitationFlag> = []
            if uniform() < 0.06 { flags.insert(pick([.sexual, .criminal, .countyLines])) }
            let profile = ChildProfile(
                personID: person.id, sex: uniform() < 0.55 ? "Female" : "Male",
                homeAddress: "\(1 + i % 200) Demo Road, \(borough)", lookedAfter: lookedAfter,
                responsibleAuthority: lookedAfter ? "\(pick(ScaleDemo.boroughs)) Children's Services" : "",
                placement: lookedAfter ? pick(["Foster placement", "Residential children's home", "Supported accommodation"]) : "",
                childProtectionPlan: uniform() < 0.1, exploitationFlags: flags, updatedAt: now, updatedBy: officer)
            children.append((person, profile, pow(1 - uniform(), -1 / 1.1)))
        }
        for child in children {
            totalWeight += min(child.weight, 60)
            cumulative.append(totalWeight)
        }
        summary.children = children.count
    }

    /// Planted networks: an adult with whom several children are found at one address.
    func plantNetworks() {
        let letters = Array("ABCDEFGHJKLMNPRSTUVWXYZ")
        for n in 0..<shape.networks {
            let adult = Person(
                id: newID(), kind: .associate, givenName: pick(ScaleDemo.given), familyName: pick(ScaleDemo.family),
                dateOfBirth: "19\(70 + n % 25)-0\(1 + n % 9)-1\(n % 9)", notes: "Demo: planted network \(n + 1)",
                team: "Child exploitation team", borough: pick(ScaleDemo.boroughs), restricted: false, createdBy: officer,
                createdAt: now, updatedAt: now, version: 1, erasedAt: nil)
            adults.append(adult)
            let members = (0..<(3 + below(6))).map { _ in weightedChild() }
            let postcode = "SE\(1 + n % 28) \(n % 10)\(["AB", "DF", "GH", "JL", "NP"][n % 5])"
            let place = "Flat \(1 + n % 9), \(10 + n) Network Street"
            // Each adult drives a car and uses a phone the children are sometimes found with.
            let vehicle = "LN\(10 + n % 90) \(letters[n % 23])\(letters[(n / 23) % 23])\(letters[(n * 7) % 23])"
            let phone = "07700 9\(String(format: "%05d", n))"
            let planted = ScaleDemo.Planted(adult: adult, place: place, postcode: postcode, vehicle: vehicle, phone: phone)
            for member in Set(members).sorted() { plantedFound[member, default: []].append(planted) }
            plantedObjects.append((planted, n % 2 == 0))
            networkMembers.append(Set(members).sorted())
            networks.append([
                "network": n + 1, "adult": adult.id, "children": Array(Set(members.map { children[$0].person.id })).sorted(),
                "place": place, "postcode": postcode, "vehicle": vehicle, "phone": phone, "adultLivesThere": n % 2 == 0,
            ])
        }
        summary.plantedNetworks = networks.count
    }

    /// Registered sex offenders, and the families of friends children are found with (one parent each, living
    /// there). Several children share a household (a friendship group), so an honest detection rule meets
    /// households that several missing children were found at and that are not networks: what its precision
    /// is measured against.
    func makeOffendersAndHouseholds() {
        offenders = (0..<shape.offenders).map { i in
            Person(
                id: newID(), kind: .registeredSexOffender, givenName: pick(ScaleDemo.given), familyName: pick(ScaleDemo.family),
                dateOfBirth: "19\(55 + i % 40)-0\(1 + i % 9)-2\(i % 9)", notes: "Demo: managed offender",
                team: "Offender management unit", borough: pick(ScaleDemo.boroughs), restricted: false, createdBy: officer,
                createdAt: now, updatedAt: now, version: 1, erasedAt: nil)
        }
        summary.registeredSexOffenders = offenders.count
        let householdCount = max(1, shape.children / 4)
        householdParents = (0..<householdCount).map { i in
            Person(
                id: newID(), kind: .parentOrCarer, givenName: pick(ScaleDemo.given), familyName: pick(ScaleDemo.family),
                dateOfBirth: "19\(70 + i % 20)-0\(1 + i % 9)-1\(i % 9)", notes: "Demo: a friend's parent",
                team: "\(pick(ScaleDemo.boroughs)) response team", borough: pick(ScaleDemo.boroughs), restricted: false, createdBy: officer,
                createdAt: now, updatedAt: now, version: 1, erasedAt: nil)
        }
        friendHousehold = children.indices.map { _ in below(householdCount) }
    }

    /// Each planted adult's vehicle and phone, and the home of those who live at the network's address.
    func writePlantedObjects() async throws {
        let planted = plantedObjects
        let system = system
        let now = now
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
    }

    /// The planted networks and the finds at offenders' homes, for measuring detection against.
    func writeGroundTruth(to path: String) throws {
        let truth: [String: Any] = [
            "scale": demo.name, "seed": demo.seed, "now": ISO8601DateFormatter().string(from: now), "networks": networks,
            "shape": [
                "children": shape.children, "episodes": shape.episodes, "days": shape.days, "networks": shape.networks,
                "offenders": shape.offenders,
            ],
            "foundAtOffenderHome": offenderHomeFinds,
        ]
        let data = try JSONSerialization.data(withJSONObject: truth, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: path))
    }
}
