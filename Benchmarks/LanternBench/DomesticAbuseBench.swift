import ArgumentParser
import Foundation
import LanternCore
import LanternStore
import SQLKit

/// `lantern-bench domestic-abuse`: on a database made by `lantern demo --scale london --no-serve`, times the store
/// calls the domestic abuse API makes, in process, one at a time: the three queues on the data as generated, then
/// reports of new incidents (each committed with its people, its Operation Encompass notifications, the language
/// record and the access-log entry). Beside them, in the same run, a one-row read through the same database (the
/// demo officer's account): what any store call costs before its own work. Prints JSON.
struct DomesticAbuseBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "domestic-abuse", abstract: "Time domestic abuse reports and queues on a scale demo database; print JSON.")

    @OptionGroup var storage: BenchDatabase
    @Option(help: "Incidents to report.") var reports: Int = 1_000
    @Option(help: "Rounds of the three queues.") var rounds: Int = 200
    @Option(help: "Untimed rounds before each phase.") var warmup: Int = 20

    func run() async throws {
        let store = try await storage.openStore()
        do {
            let result = try await measure(store)
            await store.close()
            try printJSON(result)
        } catch {
            await store.close()
            throw error
        }
    }

    typealias Household = (victim: String, suspect: String, children: [String])

    func measure(_ store: Store) async throws -> [String: Any] {
        guard let officer = try await store.accounts.user(named: "officer") else {
            throw ValidationError("No 'officer' account: run on a database made by `lantern demo --scale london --no-serve`")
        }
        let context = AccessContext(actor: officer.actor, requestID: "bench", clientAddress: "127.0.0.1")
        let households = try await Self.households(store, count: reports)
        guard !households.isEmpty else { throw ValidationError("No domestic abuse incidents in the database: generate one with --scale london") }
        let da = store.domesticAbuse
        var times: [String: [Double]] = [:]
        var sizes: [String: Int] = [:]
        func time(_ name: String, timed: Bool, _ call: () async throws -> Int) async throws {
            let start = ContinuousClock.now
            let size = try await call()
            let elapsed = ContinuousClock.now - start
            guard timed else { return }
            times[name, default: []].append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1_000)
            sizes[name] = size
        }
        let anchor = { _ = try await store.accounts.user(named: "officer") }
        // The queues on the data as generated, interleaved with the anchor so each sees the same machine noise.
        for round in 0..<(warmup + rounds) {
            let timed = round >= warmup
            try await time("anchor", timed: timed) {
                try await anchor()
                return 1
            }
            try await time("encompass-due", timed: timed) { try await da.encompassDue(context: context).count }
            try await time("awaiting-dash", timed: timed) { try await da.awaitingAssessment(context: context).count }
            try await time("marac-due", timed: timed) { try await da.maracDue(context: context).count }
        }
        for i in 0..<(warmup + reports) {
            let household = households[i % households.count]
            let report = Self.report(household, at: Date().addingTimeInterval(-3_600), index: i)
            try await time("report", timed: i >= warmup) { try await da.report(report, context: context).encompass.count }
        }
        var result: [String: Any] = ["households": households.count, "reports": reports, "rounds": rounds]
        for (name, values) in times {
            let sorted = values.sorted()
            result[name] = ["p50_ms": percentile(sorted, 0.5), "p99_ms": percentile(sorted, 0.99), "calls": values.count, "items": sizes[name] ?? 0]
        }
        return result
    }

    /// Victims, suspects and children of generated incidents, spread over the table: new incidents in known households.
    static func households(_ store: Store, count: Int) async throws -> [Household] {
        try await store.database.read { sql in
            let total =
                try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("da_incidents").first()?
                .decode(column: "n", as: Int.self) ?? 0
            let step = max(1, total / max(1, count))
            let rows = try await sql.raw(
                """
                SELECT p.incident_id AS incident, p.person_id AS person, p.part AS part, p.role AS role FROM da_incident_people p
                JOIN (SELECT id FROM da_incidents ORDER BY reference) i ON i.id = p.incident_id
                """
            ).all()
            var byIncident: [String: Household] = [:]
            var order: [String] = []
            for row in rows {
                let incident = try row.decode(column: "incident", as: String.self)
                let person = try row.decode(column: "person", as: String.self)
                if byIncident[incident] == nil {
                    byIncident[incident] = ("", "", [])
                    order.append(incident)
                }
                switch (try row.decode(column: "part", as: String.self), try row.decode(column: "role", as: String.self)) {
                case ("adult", "victim"): byIncident[incident]!.victim = person
                case ("adult", "suspect"): byIncident[incident]!.suspect = person
                case ("child", _): byIncident[incident]!.children.append(person)
                default: break
                }
            }
            return stride(from: 0, to: order.count, by: step).prefix(count).compactMap { byIncident[order[$0]] }
                .filter { !$0.victim.isEmpty && !$0.suspect.isEmpty && !$0.children.isEmpty }
        }
    }

    static func report(_ household: Household, at: Date, index: Int) -> IncidentReport {
        IncidentReport(
            occurredAt: at, address: "Flat \(1 + index % 9), \(1 + index) Benchmark Road", postcode: "SE1 \(index % 10)AB",
            whatHappened: "A neighbour called police after hearing shouting from the flat; the victim had a cut lip and the children were at home.",
            attendedBy: ["PC 1000"],
            adults: [IncidentAdult(personID: household.victim, role: .victim), IncidentAdult(personID: household.suspect, role: .suspect)],
            children: household.children.map { IncidentChild(childID: $0, presence: .present, voice: "") })
    }
}
