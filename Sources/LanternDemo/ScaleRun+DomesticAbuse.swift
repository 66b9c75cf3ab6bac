import Foundation
import LanternCore
import LanternStore
import SQLKit

extension ScaleDemo {
    /// What the domestic abuse step of a scale run made.
    public struct DomesticAbuseSummary: Sendable, Codable, Equatable {
        public var households = 0
        public var incidents = 0
        /// Incidents with an earlier one in the pack's window at the same address or between the same two adults.
        public var repeatIncidents = 0
        public var childrenAtIncidents = 0
        public var schools = 0
        public var assessments = 0
        public var highRisk = 0
        public var maracReferrals = 0
        public var repeatMaracReferrals = 0
        public var notifications = 0
        /// Notifications neither sent nor excepted at the end of the run: what the Encompass queue holds.
        public var notificationsOpen = 0
        public var notificationsNotSent = 0
        /// Children at incidents with no referral or notification to children's social care: the data-quality queue.
        public var childrenNotReferred = 0

        public init() {}
    }
}

/// Domestic abuse at scale: a year of incidents at about four times the shape's missing episodes a year.
extension ScaleRun {
    func generateDomesticAbuse(officer: Actor, supervisor: Actor) async throws {
        guard shape.incidents > 0 else { return }
        let started = Date()
        let generator = DomesticAbuseScale(run: self, officer: officer, supervisor: supervisor)
        try await generator.makeSchools()
        try await generator.makeHouseholds()
        try await generator.generateIncidents()
        summary.domesticAbuse = generator.summary
        summary.domesticAbuseSeconds = Date().timeIntervalSince(started)
    }
}

/// A household police are called to: the adults, the children, the home, and how many incidents it has in the
/// year. Heavy-tailed: most call once, a minority many times.
struct GeneratedHousehold {
    var home: (address: String, postcode: String)
    var borough: String
    var victim: String
    var suspect: String
    var children: [String]
    var incidents: Int
    /// After this many incidents the victim has moved away from the suspect; later incidents (the suspect turning
    /// up) are at `movedTo`: the same two adults, a new address.
    var movesAfter: Int?
    var movedTo: (address: String, postcode: String)?
}

/// The state of one run's domestic abuse step: schools, households and their people, and what each incident's
/// history (call-outs, MARAC referrals, repeats) needs. Draws come from the run's generators, in a fixed order.
final class DomesticAbuseScale {
    let run: ScaleRun
    let store: Store
    let rules: DomesticAbuseRules
    let calendar: SchoolCalendar
    let now: Date
    let officer: Actor
    let supervisor: Actor
    /// The window incidents fall in: the last year, or the shape's whole window when shorter.
    let window: Double
    var summary = ScaleDemo.DomesticAbuseSummary()

    var schools: [(id: String, keyAdult: String, borough: Int, secondary: Bool)] = []
    /// Indexes into `schools` by borough, primary then secondary.
    var schoolsIn: [[[Int]]] = Array(repeating: [[], []], count: ScaleDemo.boroughs.count)
    var keyAdults: [String: String] = [:]
    var households: [GeneratedHousehold] = []
    var birthDays: [String: CivilDay] = [:]
    var childSchool: [String: String] = [:]
    var notInEducation: Set<String> = []
    var callOutTimes: [String: [Date]] = [:]
    var referralTimes: [String: [Date]] = [:]
    var lastAtAddress: [String: Date] = [:]
    var lastForPair: [Set<String>: Date] = [:]
    var findings: [String: Int] = [:]

    init(run: ScaleRun, officer: Actor, supervisor: Actor) {
        self.run = run
        self.store = run.store
        self.rules = run.store.domesticAbuse.rules
        self.calendar = SchoolCalendar(
            terms: rules.terms, dayStarts: SchoolDayTime(rules.encompass.schoolDayStarts.value)!,
            bankHolidays: run.store.exploitation.rules.bankHolidays)
        self.now = run.now
        self.officer = officer
        self.supervisor = supervisor
        self.window = min(run.shape.days, 365) * 86_400
    }

    /// A school for about every sixty incidents a year (London: 2,000), a third of them secondary, each in a borough
    /// with its key adult (the designated safeguarding lead) and a secure email.
    func makeSchools() async throws {
        let count = max(ScaleDemo.boroughs.count, run.shape.incidents / 60)
        var made: [(id: String, name: String, keyAdult: String, contact: String, borough: String)] = []
        for i in 0..<count {
            let borough = i % ScaleDemo.boroughs.count
            let secondary = i % 3 == 0
            let name =
                "\(ScaleDemo.schoolNames[(i / ScaleDemo.boroughs.count) % ScaleDemo.schoolNames.count]) "
                + (secondary ? "Academy" : "Primary School") + " \(1 + i / (ScaleDemo.boroughs.count * ScaleDemo.schoolNames.count)), "
                + ScaleDemo.boroughs[borough]
            let keyAdult = "\(run.pick(ScaleDemo.given)) \(run.pick(ScaleDemo.family))"
            let id = run.newID()
            schoolsIn[borough][secondary ? 1 : 0].append(schools.count)
            schools.append((id, keyAdult, borough, secondary))
            keyAdults[id] = keyAdult
            made.append((id, name, keyAdult, "dsl\(i + 1)@schools.demo.sch.uk", ScaleDemo.boroughs[borough]))
        }
        summary.schools = made.count
        let system = run.system
        let now = now
        for start in stride(from: 0, to: made.count, by: 400) {
            let slice = Array(made[start..<min(made.count, start + 400)])
            try await store.database.transaction { sql in
                let rows = slice.map {
                    SchoolRow(
                        id: $0.id, name: $0.name, keyAdult: $0.keyAdult, contact: $0.contact, borough: $0.borough,
                        createdAtMs: now.millisecondsSince1970, version: 1)
                }
                try await sql.insert(into: SchoolRow.table).models(rows, with: StoredRow.encoder).run()
                try await AccessLogStore.append(
                    AccessLogEntry(at: now, actor: system, action: .create, recordType: "school", detail: "demo generator: \(slice.count) schools"),
                    in: sql)
            }
        }
    }
}

extension ScaleDemo {
    static let schoolNames = [
        "St Mary's", "Oakfield", "Riverside", "Hillcrest", "Greenway", "Parkside", "Willow Bank", "Northgate", "Queensmead",
        "Brookfield", "Elmhurst", "Southfields", "Hawthorn", "Kingsdale", "Fairlawn", "Ashburton",
    ]
    static let householdStreets = [
        "Acacia", "Beacon", "Cromwell", "Dunstan", "Eastfield", "Foxley", "Glebe", "Harrow", "Ivy", "Juniper", "Kestrel", "Laurel",
        "Meadow", "Nelson", "Oberon", "Priory", "Raleigh", "Sutton", "Thornton", "Underhill",
    ]
    static let streetKinds = ["Road", "Street", "Avenue", "Close", "Gardens", "Way", "Crescent", "Terrace"]

    /// Household `i`'s home: a distinct flat and postcode for each of up to 640,000 households.
    static func domesticHome(_ i: Int) -> (address: String, postcode: String) {
        let street = householdStreets[i % householdStreets.count] + " " + streetKinds[(i / householdStreets.count) % streetKinds.count]
        let building = 1 + (i / (householdStreets.count * streetKinds.count)) % 250
        let flat = 1 + i / (householdStreets.count * streetKinds.count * 250)
        let letters = inwardLetters
        let postcode =
            "\(outwardAreas[(i + 1) % outwardAreas.count])\(1 + (i / 3) % 24) "
            + "\(i % 10)\(letters[(i / 10) % letters.count])\(letters[(i / 200) % letters.count])"
        return ("Flat \(flat), \(building) \(street)", postcode)
    }
}

extension DomesticAbuseScale {
    /// Households until their incidents reach the shape's count: each with a victim, a suspect and one to three
    /// children (a tenth of households include a child already generated for missing episodes), written with the
    /// schools their children attend.
    func makeHouseholds() async throws {
        var people: [Person] = []
        var used: Set<Int> = []
        var incidents = 0
        while incidents < run.shape.incidents {
            // Pareto (alpha 2.7): about one household in five calls more than once; a few call dozens of times.
            let count = min(run.shape.incidents - incidents, min(40, max(1, Int(pow(1 - run.uniform(), -1 / 2.7)))))
            let i = households.count
            var borough = run.below(ScaleDemo.boroughs.count)
            let family = run.pick(ScaleDemo.family)
            var children: [String] = []
            if run.shape.children > 0, run.uniform() < 0.1 {
                let c = run.weightedChild()
                if used.insert(c).inserted {
                    let child = run.children[c].person
                    children.append(child.id)
                    birthDays[child.id] = child.dateOfBirth.flatMap(CivilDay.init)
                    borough = ScaleDemo.boroughs.firstIndex(of: child.borough) ?? borough
                }
            }
            let wanted = run.uniform() < 0.5 ? 1 : run.uniform() < 0.7 ? 2 : 3
            while children.count < wanted {
                let child = makeChild(family: family, borough: borough)
                people.append(child)
                children.append(child.id)
            }
            let victim = makeAdult(.parentOrCarer, family: family, borough: borough, note: "Demo: a parent at a domestic abuse incident")
            let suspect = makeAdult(
                .suspect, family: run.uniform() < 0.5 ? family : run.pick(ScaleDemo.family), borough: borough,
                note: "Demo: the suspect at a domestic abuse incident")
            people += [victim, suspect]
            let moves = count >= 3 && run.uniform() < 0.3
            households.append(
                GeneratedHousehold(
                    home: ScaleDemo.domesticHome(i), borough: ScaleDemo.boroughs[borough], victim: victim.id, suspect: suspect.id,
                    children: children, incidents: count, movesAfter: moves ? count / 2 : nil,
                    movedTo: moves ? ScaleDemo.domesticHome(i + 320_000) : nil))
            for child in children { assignSchool(child, borough: borough) }
            incidents += count
        }
        summary.households = households.count
        summary.childrenAtIncidents = Set(households.flatMap(\.children)).count
        try await run.demo.insertPeople(people, profiles: [], system: run.system, now: now)
        try await writeChildSchools()
    }

    /// A child of the household, born at least a year before the run ends (so before any incident in the window)
    /// and under 17 at its end (so a child at every incident).
    func makeChild(family: String, borough: Int) -> Person {
        let born = now.addingTimeInterval(-(Double(1 + run.below(16)) * 365.25 + run.uniform() * 365) * 86_400)
        let day = WorkingDays.ukDay(of: born)
        let person = Person(
            id: run.newID(), kind: .child, givenName: run.pick(ScaleDemo.given), familyName: family,
            dateOfBirth: String(format: "%04d-%02d-%02d", day.year, day.month, day.day), notes: "",
            team: "\(ScaleDemo.boroughs[borough]) response team", borough: ScaleDemo.boroughs[borough], restricted: false,
            createdBy: run.officer, createdAt: now, updatedAt: now, version: 1, erasedAt: nil)
        birthDays[person.id] = day
        return person
    }

    func makeAdult(_ kind: PersonKind, family: String, borough: Int, note: String) -> Person {
        Person(
            id: run.newID(), kind: kind, givenName: run.pick(ScaleDemo.given), familyName: family,
            dateOfBirth: String(format: "19%02d-%02d-%02d", 65 + run.below(35), 1 + run.below(12), 1 + run.below(28)), notes: note,
            team: "\(ScaleDemo.boroughs[borough]) response team", borough: ScaleDemo.boroughs[borough], restricted: false,
            createdBy: run.officer, createdAt: now, updatedAt: now, version: 1, erasedAt: nil)
    }

    /// A school in the child's borough for their phase, for children three or older; one in a hundred has none on
    /// record, most of them home educated (so their school is not told, with that reason), the rest not yet known.
    func assignSchool(_ child: String, borough: Int) {
        guard let born = birthDays[child] else { return }
        let today = WorkingDays.ukDay(of: now)
        let age = today.year - born.year - ((today.month, today.day) < (born.month, born.day) ? 1 : 0)
        guard age >= 3 else { return }
        if run.uniform() < 0.01 {
            if run.uniform() < 0.8 { notInEducation.insert(child) }
            return
        }
        let phase = age >= 11 ? 1 : 0
        let choices = schoolsIn[borough][phase].isEmpty ? schoolsIn[borough][1 - phase] : schoolsIn[borough][phase]
        guard !choices.isEmpty else { return }
        childSchool[child] = schools[choices[run.below(choices.count)]].id
    }

    func writeChildSchools() async throws {
        let pairs = childSchool.keys.sorted().map { ($0, childSchool[$0]!) }
        let system = run.system
        let officer = run.officer
        let now = now
        for start in stride(from: 0, to: pairs.count, by: 1_000) {
            let slice = Array(pairs[start..<min(pairs.count, start + 1_000)])
            try await store.database.transaction { sql in
                let rows = slice.map { ChildSchoolRow(childId: $0.0, schoolId: $0.1, recordedBy: officer, recordedAtMs: now.millisecondsSince1970) }
                try await DomesticAbuseBatch.insert(rows, into: ChildSchoolRow.table, in: sql)
                try await AccessLogStore.append(
                    AccessLogEntry(
                        at: now, actor: system, action: .alter, recordType: PersonStore.recordType, purpose: .domesticAbuse,
                        detail: "demo generator: \(slice.count) children's schools recorded"), in: sql)
            }
        }
    }
}
