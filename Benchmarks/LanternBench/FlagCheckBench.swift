import ArgumentParser
import Foundation
import LanternCore
import LanternStore
import SQLKit

/// `lantern-bench flagcheck`: fills a database with a generated graph (people, locations,
/// vehicles and phones; links between them; a flags register) and times the check a found record
/// makes against the flags register. Prints JSON; Benchmarks/run puts it beside a raw-SQL anchor.
struct FlagCheckBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flagcheck", abstract: "Time the flags-register check of a found record on a generated graph; print JSON.")

    @OptionGroup var storage: BenchDatabase
    @Option(help: "Entities to generate (people, locations, vehicles and phones).") var entities: Int = 1_000_000
    @Option(help: "Links to generate.") var links: Int = 5_000_000
    @Option(help: "Found records to check.") var queries: Int = 2_000
    @Option(help: "Seed.") var seed: UInt64 = 2026
    @Option(help: "Write the sampled encounters (one JSON object per line) for the anchor.") var samples: String?

    func run() async throws {
        let store = try await storage.openStore()
        do {
            try await store.migrate()
            let result = try await measure(store)
            await store.close()
            try printJSON(result)
        } catch {
            await store.close()
            throw error
        }
    }

    /// The generated graph's proportions and naming: 30% people, 35% places, the rest vehicles and phones.
    struct Shape {
        var people: Int, places: Int, objects: Int

        init(entities: Int) {
            people = entities * 3 / 10
            places = entities * 35 / 100
            objects = entities - people - places
        }

        static func personID(_ i: Int) -> String { "p\(i)" }
        static func placeID(_ i: Int) -> String { "l\(i)" }
        static func objectID(_ i: Int) -> String { "o\(i)" }
        static func address(_ i: Int) -> (String, String) { ("\(1 + i % 400) Bench Street \(i / 400)", "SE\(1 + i % 28) \(i % 10)AB") }
        static func vehicle(_ i: Int) -> ObjectKey { try! ObjectKey.make(.vehicle, "B\(String(format: "%07d", i))").get() }
        static func phone(_ i: Int) -> ObjectKey { try! ObjectKey.make(.phone, "07\(String(format: "%09d", i))").get() }
        static func key(_ i: Int) -> ObjectKey { i % 2 == 0 ? vehicle(i) : phone(i) }
    }

    typealias Encounter = (place: String, postcode: String, person: String, vehicle: String, phone: String)

    func measure(_ store: Store) async throws -> [String: Any] {
        var random = SeededRandom(seed: seed)
        let shape = Shape(entities: entities)
        let started = Date()
        let existing = try await store.database.read { sql in
            try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("links").first()?.decode(
                column: "n", as: Int.self) ?? 0
        }
        // A database filled by an earlier run is reused: the fill is the slow part and the same seed makes the same rows.
        if existing < links { try await fill(store, shape: shape, random: &random) }
        let generated = Date()
        let encounters = sampleEncounters(shape, &random)
        if let samples { try writeSamples(encounters, to: samples) }
        let (durations, matched) = try await time(encounters, in: store)
        return [
            "entities": entities, "links": links, "queries": queries, "generate_s": (generated.timeIntervalSince(started) * 10).rounded() / 10,
            "p50_ms": percentile(durations, 0.5), "p99_ms": percentile(durations, 0.99), "max_ms": percentile(durations, 1.0),
            "with_match": matched,
        ]
    }

    /// People, places, vehicles and phones, heavy-tailed links between them, and a flags register.
    func fill(_ store: Store, shape: Shape, random: inout SeededRandom) async throws {
        let now = Date(millisecondsSince1970: store.clock.now().millisecondsSince1970)
        try await insert(
            store, count: shape.people,
            columns: [
                "id", "kind", "given_name", "family_name", "date_of_birth", "notes", "team", "borough",
                "restricted", "created_by", "created_at_ms", "updated_at_ms", "version", "family_key",
            ],
            into: "people"
        ) { i in
            [
                SQLBind(Shape.personID(i)), SQLBind(i % 100 == 0 ? PersonKind.registeredSexOffender.rawValue : PersonKind.associate.rawValue),
                SQLBind("Given\(i % 5000)"), SQLBind("Family\(i)"), SQLBind(nil as String?), SQLBind(""), SQLBind("Bench"), SQLBind("Bench"),
                SQLBind(0), SQLBind("bench"), SQLBind(now.millisecondsSince1970), SQLBind(now.millisecondsSince1970), SQLBind(1),
                SQLBind("F\(i % 1000)"),
            ]
        }
        try await insert(
            store, count: shape.places, columns: ["id", "address", "postcode", "address_key", "created_by", "created_at_ms"],
            into: "locations"
        ) { i in
            let (street, postcode) = Shape.address(i)
            return [
                SQLBind(Shape.placeID(i)), SQLBind(street), SQLBind(postcode), SQLBind(AddressKey.make(street, postcode: postcode)!.value),
                SQLBind("bench"), SQLBind(now.millisecondsSince1970),
            ]
        }
        try await insert(
            store, count: shape.objects, columns: ["id", "kind", "value", "display", "object_key", "created_by", "created_at_ms"],
            into: "objects"
        ) { i in
            let k = Shape.key(i)
            return [
                SQLBind(Shape.objectID(i)), SQLBind(k.kind.rawValue), SQLBind(k.value), SQLBind(k.display), SQLBind(k.key), SQLBind("bench"),
                SQLBind(now.millisecondsSince1970),
            ]
        }
        // Heavy-tailed: a few people have very many links, as with adults linked to many children.
        var draws: [(Int, Int, Int)] = []
        draws.reserveCapacity(links)
        for _ in 0..<links {
            let from = Int(Double(shape.people) * pow(random.unit(), 3.0)) % shape.people
            let kind = Int(random.next() % 4)
            // Households: each address has a few residents; the tail is on people (adults linked to many).
            let to = kind == 0 ? Int(random.next() % UInt64(shape.places)) : Int(random.next() % UInt64(kind == 3 ? shape.people : shape.objects))
            draws.append((from, kind, to))
        }
        let frozen = draws
        try await insert(
            store, count: links,
            columns: [
                "id", "from_kind", "from_id", "to_kind", "to_id", "type", "at_ms", "source_type",
                "source_id", "added_by", "added_at_ms",
            ], into: "links"
        ) { i in
            let (from, kind, to) = frozen[i]
            let (toKind, toID, type): (EntityKind, String, LinkType) =
                switch kind {
                case 0: (.location, Shape.placeID(to), .livesAt)
                case 1: (.object, Shape.objectID(to), to % 2 == 0 ? .drives : .usesPhone)
                case 2: (.object, Shape.objectID(to), to % 2 == 0 ? .drives : .usesPhone)
                default: (.person, Shape.personID(to), .associateOf)
                }
            return [
                SQLBind("k\(i)"), SQLBind("person"), SQLBind(Shape.personID(from)), SQLBind(toKind.rawValue), SQLBind(toID), SQLBind(type.rawValue),
                SQLBind(now.millisecondsSince1970), SQLBind("bench"), SQLBind("bench"), SQLBind("bench"), SQLBind(now.millisecondsSince1970),
            ]
        }
        // The register: one person in a hundred, one place in two hundred.
        let flaggedPlaces = shape.places / 200
        try await insert(
            store, count: shape.people / 100 + flaggedPlaces,
            columns: ["id", "entity_kind", "entity_id", "flag", "source", "reference", "details", "row_hash", "added_at_ms"],
            into: "flags"
        ) { i in
            let isPlace = i >= shape.people / 100
            let entity = isPlace ? Shape.placeID((i - shape.people / 100) * 200) : Shape.personID(i * 100)
            return [
                SQLBind("f\(i)"), SQLBind(isPlace ? "location" : "person"), SQLBind(entity),
                SQLBind(isPlace ? FlagKind.exploitationLocation.rawValue : FlagKind.registeredSexOffender.rawValue), SQLBind("bench"),
                SQLBind("R\(i)"), SQLBind(""), SQLBind("h"), SQLBind(now.millisecondsSince1970),
            ]
        }
    }

    /// Found records: an address (often one many people live at), one person, one vehicle and one phone.
    func sampleEncounters(_ shape: Shape, _ random: inout SeededRandom) -> [Encounter] {
        (0..<queries).map { _ in
            let (street, postcode) = Shape.address(Int(Double(shape.places) * pow(random.unit(), 2.0)) % shape.places)
            let p = Int(random.next() % UInt64(shape.people))
            let v = Int(random.next() % UInt64(shape.objects / 2)) * 2
            let t = Int(random.next() % UInt64(shape.objects / 2)) * 2 + 1
            return (street, postcode, Shape.personID(p), Shape.vehicle(v).display, Shape.phone(t).display)
        }
    }

    /// The sampled encounters as keys, one JSON object per line, for the raw-SQL anchor.
    func writeSamples(_ encounters: [Encounter], to path: String) throws {
        let lines = encounters.map { e in
            String(
                decoding: try! JSONSerialization.data(
                    withJSONObject: [
                        "address_key": AddressKey.make(e.place, postcode: e.postcode)!.value, "person": e.person,
                        "vehicle": try! ObjectKey.make(.vehicle, e.vehicle).get().key, "phone": try! ObjectKey.make(.phone, e.phone).get().key,
                    ], options: [.sortedKeys]), as: UTF8.self)
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Each encounter's flag check, timed, after one untimed pass: a running server's pages are in memory; the
    /// first touch of a 1 GB file is the disk, not the check.
    func time(_ encounters: [Encounter], in store: Store) async throws -> (durations: [Double], matched: Int) {
        try await store.database.read { sql in
            for e in encounters {
                _ = try await LinkStore.matchFlags(
                    place: e.place, postcode: e.postcode, personIDs: [e.person], vehicles: [e.vehicle],
                    phones: [e.phone], in: sql)
            }
            var durations: [Double] = []
            var matched = 0
            for e in encounters {
                let t0 = DispatchTime.now().uptimeNanoseconds
                let matches = try await LinkStore.matchFlags(
                    place: e.place, postcode: e.postcode, personIDs: [e.person], vehicles: [e.vehicle],
                    phones: [e.phone], in: sql)
                durations.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                if !matches.isEmpty { matched += 1 }
            }
            return (durations.sorted(), matched)
        }
    }

    /// Multi-row inserts, 500 rows a statement, 50,000 a transaction.
    func insert(
        _ store: Store, count: Int, columns: [String], into table: String,
        row: @escaping @Sendable (Int) -> [any SQLExpression]
    ) async throws {
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
