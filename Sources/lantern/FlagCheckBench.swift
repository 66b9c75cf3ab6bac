import ArgumentParser
import Foundation
import LanternCore
import LanternStore
import SQLKit

/// `lantern network flagcheck`: fills a database with a generated graph (people, locations,
/// vehicles and phones; links between them; a flags register) and times the check a found record
/// makes against the flags register. Prints JSON; Benchmarks/run puts it beside a raw-SQL anchor.
struct FlagCheckBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flagcheck", abstract: "Time the flags-register check of a found record on a generated graph; print JSON.")

    @OptionGroup var storage: StorageOptions
    @Option(help: "Entities to generate (people, locations, vehicles and phones).") var entities: Int = 1_000_000
    @Option(help: "Links to generate.") var links: Int = 5_000_000
    @Option(help: "Found records to check.") var queries: Int = 2_000
    @Option(help: "Seed.") var seed: UInt64 = 2026
    @Option(help: "Write the sampled encounters (one JSON object per line) for the anchor.") var samples: String?

    func run() async throws {
        let store = try await storage.openStore(logger: Logs.bootstrap(defaultLevel: .warning))
        do {
            try await store.migrate()
            let result = try await measure(store)
            await store.close()
            let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } catch {
            await store.close()
            throw error
        }
    }

    func measure(_ store: Store) async throws -> [String: Any] {
        var random = SeededRandom(seed: seed)
        let people = entities * 3 / 10, places = entities * 35 / 100, objects = entities - people - places
        let system = Actor.system("flagcheck-bench")
        let now = Date(millisecondsSince1970: store.clock.now().millisecondsSince1970)
        let personID: @Sendable (Int) -> String = { "p\($0)" }
        let placeID: @Sendable (Int) -> String = { "l\($0)" }
        let objectID: @Sendable (Int) -> String = { "o\($0)" }
        let address: @Sendable (Int) -> (String, String) = { i in ("\(1 + i % 400) Bench Street \(i / 400)", "SE\(1 + i % 28) \(i % 10)AB") }
        let vehicle: @Sendable (Int) -> ObjectKey = { try! ObjectKey.make(.vehicle, "B\(String(format: "%07d", $0))").get() }
        let phone: @Sendable (Int) -> ObjectKey = { try! ObjectKey.make(.phone, "07\(String(format: "%09d", $0))").get() }
        let key: @Sendable (Int) -> ObjectKey = { $0 % 2 == 0 ? vehicle($0) : phone($0) }

        let started = Date()
        let existing = try await store.database.read { sql in
            try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("links").first()?.decode(column: "n", as: Int.self) ?? 0
        }
        if existing < links {
            try await insert(store, count: people, columns: ["id", "kind", "given_name", "family_name", "date_of_birth", "notes", "team", "borough",
                                                              "restricted", "created_by", "created_at_ms", "updated_at_ms", "version", "family_key"],
                             into: "people") { i in
                [SQLBind(personID(i)), SQLBind(i % 100 == 0 ? PersonKind.registeredSexOffender.rawValue : PersonKind.associate.rawValue),
                 SQLBind("Given\(i % 5000)"), SQLBind("Family\(i)"), SQLBind(nil as String?), SQLBind(""), SQLBind("Bench"), SQLBind("Bench"),
                 SQLBind(0), SQLBind("bench"), SQLBind(now.millisecondsSince1970), SQLBind(now.millisecondsSince1970), SQLBind(1),
                 SQLBind("F\(i % 1000)")]
            }
            try await insert(store, count: places, columns: ["id", "address", "postcode", "address_key", "created_by", "created_at_ms"],
                             into: "locations") { i in
                let (street, postcode) = address(i)
                return [SQLBind(placeID(i)), SQLBind(street), SQLBind(postcode), SQLBind(AddressKey.make(street, postcode: postcode)!.value),
                        SQLBind("bench"), SQLBind(now.millisecondsSince1970)]
            }
            try await insert(store, count: objects, columns: ["id", "kind", "value", "display", "object_key", "created_by", "created_at_ms"],
                             into: "objects") { i in
                let k = key(i)
                return [SQLBind(objectID(i)), SQLBind(k.kind.rawValue), SQLBind(k.value), SQLBind(k.display), SQLBind(k.key), SQLBind("bench"),
                        SQLBind(now.millisecondsSince1970)]
            }
            // Heavy-tailed: a few people have very many links, as with adults linked to many children.
            var draws: [(Int, Int, Int)] = []
            draws.reserveCapacity(links)
            for _ in 0..<links {
                let from = Int(Double(people) * pow(random.unit(), 3.0)) % people
                let kind = Int(random.next() % 4)
                // Households: each address has a few residents; the tail is on people (adults linked to many).
                let to = kind == 0 ? Int(random.next() % UInt64(places)) : Int(random.next() % UInt64(kind == 3 ? people : objects))
                draws.append((from, kind, to))
            }
            let frozen = draws
            try await insert(store, count: links, columns: ["id", "from_kind", "from_id", "to_kind", "to_id", "type", "at_ms", "source_type",
                                                            "source_id", "added_by", "added_at_ms"], into: "links") { i in
                let (from, kind, to) = frozen[i]
                let (toKind, toID, type): (EntityKind, String, LinkType) = switch kind {
                case 0: (.location, placeID(to), .livesAt)
                case 1: (.object, objectID(to), to % 2 == 0 ? .drives : .usesPhone)
                case 2: (.object, objectID(to), to % 2 == 0 ? .drives : .usesPhone)
                default: (.person, personID(to), .associateOf)
                }
                return [SQLBind("k\(i)"), SQLBind("person"), SQLBind(personID(from)), SQLBind(toKind.rawValue), SQLBind(toID), SQLBind(type.rawValue),
                        SQLBind(now.millisecondsSince1970), SQLBind("bench"), SQLBind("bench"), SQLBind("bench"), SQLBind(now.millisecondsSince1970)]
            }
            // The register: one person in a hundred, one place in two hundred.
            let flaggedPlaces = places / 200
            try await insert(store, count: people / 100 + flaggedPlaces,
                             columns: ["id", "entity_kind", "entity_id", "flag", "source", "reference", "details", "row_hash", "added_at_ms"],
                             into: "flags") { i in
                let isPlace = i >= people / 100
                let entity = isPlace ? placeID((i - people / 100) * 200) : personID(i * 100)
                return [SQLBind("f\(i)"), SQLBind(isPlace ? "location" : "person"), SQLBind(entity),
                        SQLBind(isPlace ? FlagKind.exploitationLocation.rawValue : FlagKind.registeredSexOffender.rawValue), SQLBind("bench"),
                        SQLBind("R\(i)"), SQLBind(""), SQLBind("h"), SQLBind(now.millisecondsSince1970)]
            }
        }
        let generated = Date()

        // Found records: an address (often one many people live at), one person, one vehicle and one phone.
        var encounters: [(place: String, postcode: String, person: String, vehicle: String, phone: String)] = []
        for _ in 0..<queries {
            let (street, postcode) = address(Int(Double(places) * pow(random.unit(), 2.0)) % places)
            let p = Int(random.next() % UInt64(people))
            let v = Int(random.next() % UInt64(objects / 2)) * 2, t = Int(random.next() % UInt64(objects / 2)) * 2 + 1
            encounters.append((street, postcode, personID(p), vehicle(v).display, phone(t).display))
        }
        if let samples {
            let lines = encounters.map { e in
                String(decoding: try! JSONSerialization.data(withJSONObject: [
                    "address_key": AddressKey.make(e.place, postcode: e.postcode)!.value, "person": e.person,
                    "vehicle": try! ObjectKey.make(.vehicle, e.vehicle).get().key, "phone": try! ObjectKey.make(.phone, e.phone).get().key,
                ], options: [.sortedKeys]), as: UTF8.self)
            }
            try (lines.joined(separator: "\n") + "\n").write(toFile: samples, atomically: true, encoding: .utf8)
        }
        let frozenEncounters = encounters
        let (durations, matched) = try await store.database.read { sql in
            // One untimed pass first: a running server's pages are in memory; the first touch of a
            // 1 GB file is the disk, not the check.
            for e in frozenEncounters {
                _ = try await LinkStore.matchFlags(place: e.place, postcode: e.postcode, personIDs: [e.person], vehicles: [e.vehicle],
                                                   phones: [e.phone], in: sql)
            }
            var durations: [Double] = []
            var matched = 0
            for e in frozenEncounters {
                let t0 = DispatchTime.now().uptimeNanoseconds
                let matches = try await LinkStore.matchFlags(place: e.place, postcode: e.postcode, personIDs: [e.person], vehicles: [e.vehicle],
                                                             phones: [e.phone], in: sql)
                durations.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                if !matches.isEmpty { matched += 1 }
            }
            return (durations.sorted(), matched)
        }
        func percentile(_ p: Double) -> Double { (durations[min(durations.count - 1, Int(Double(durations.count) * p))] * 1000).rounded() / 1000 }
        return ["entities": entities, "links": links, "queries": queries, "generate_s": (generated.timeIntervalSince(started) * 10).rounded() / 10,
                "p50_ms": percentile(0.5), "p99_ms": percentile(0.99), "max_ms": percentile(1.0), "with_match": matched]
    }

    /// Multi-row inserts, 500 rows a statement, 50,000 a transaction.
    func insert(_ store: Store, count: Int, columns: [String], into table: String,
                row: @escaping @Sendable (Int) -> [any SQLExpression]) async throws {
        for start in stride(from: 0, to: count, by: 50_000) {
            let end = min(count, start + 50_000)
            try await store.database.transaction { sql in
                for chunk in stride(from: start, to: end, by: 500) {
                    var statement = sql.insert(into: table).columns(columns)
                    for i in chunk..<min(end, chunk + 500) { statement = statement.values(row(i)) }
                    try await statement.run()
                }
            }
        }
    }
}
