import ArgumentParser
import Foundation
import LanternCore

/// `lantern-bench network`: the link-analysis benchmark on a generated graph, with the same graph exported
/// for the anchors (python igraph and networkx) that Benchmarks/run measures beside it.
struct NetworkBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network", abstract: "Time neighbourhoods, clusters, degree and hotspots on a generated graph; print JSON.")

    @Option(help: "Entities in the generated graph.") var nodes: Int = 1_000_000
    @Option(help: "Links in the generated graph.") var links: Int = 5_000_000
    @Option(help: "Seed for the generated graph.") var seed: UInt64 = 2026
    @Option(help: "Write the graph as an edge list (one 'a b' line per link) for the anchors.") var export: String?
    @Option(help: "Neighbourhood queries to time.") var queries: Int = 2_000

    func run() async throws {
        var random = SeededRandom(seed: seed)
        let started = Date()
        let (builder, lines) = generate(&random)
        let generated = Date()
        let graph = builder.build()
        let built = Date()
        if let export, let lines { try Data(lines).write(to: URL(fileURLWithPath: export)) }
        var result: [String: Any] = [
            "nodes": graph.nodeCount, "links": graph.edgeCount,
            "generate_ms": Self.ms(started, generated), "build_ms": Self.ms(generated, built),
        ]
        result.merge(neighbourhoods(graph, &random)) { $1 }
        let components = Self.components(graph)
        result.merge(components) { $1 }
        result.merge(Self.degrees(graph, nodes: nodes)) { $1 }
        let hotspots = hotspotRanking(&random)
        result.merge(hotspots) { $1 }
        result["clusters_and_hotspots_ms"] = (components["components_ms"] as! Double) + (hotspots["hotspots_ms"] as! Double)
        try printJSON(result)
    }

    static func ms(_ a: Date, _ b: Date) -> Double { (b.timeIntervalSince(a) * 1_000).rounded() }

    /// Heavy-tailed degrees: one end of each link is drawn from a power law, the other uniformly, like adults
    /// linked to many children and places visited by many.
    func generate(_ random: inout SeededRandom) -> (LinkGraph.Builder, [UInt8]?) {
        var builder = LinkGraph.Builder()
        let kinds: [EntityKind] = [.person, .location, .object, .event]
        var refs: [Int32] = []
        refs.reserveCapacity(nodes)
        for i in 0..<nodes { refs.append(builder.node(EntityRef(kinds[i % 4], String(i)))) }
        var lines = export == nil ? nil : [UInt8]()
        lines?.reserveCapacity(links * 16)
        for l in 0..<links {
            let a = Int(Double(nodes) * pow(random.unit(), 3.0)) % nodes
            let b = Int(random.next() % UInt64(nodes))
            guard a != b else { continue }
            builder.add(refs[a], refs[b], link: Int32(truncatingIfNeeded: l))
            if lines != nil { lines!.append(contentsOf: Array("\(a) \(b)\n".utf8)) }
        }
        return (builder, lines)
    }

    /// Two-hop neighbourhoods (with the explaining path per entity) from random starts.
    func neighbourhoods(_ graph: LinkGraph, _ random: inout SeededRandom) -> [String: Any] {
        var durations: [Double] = []
        var reachedTotal = 0
        for _ in 0..<queries {
            let start = Int(random.next() % UInt64(nodes))
            let t0 = DispatchTime.now().uptimeNanoseconds
            let near = graph.neighbourhood(of: start, hops: 2, limit: 10_000)
            durations.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            reachedTotal += near.count
        }
        durations.sort()
        func pct(_ p: Double) -> Double { durations[min(durations.count - 1, Int(p / 100 * Double(durations.count)))] }
        return [
            "two_hop_queries": queries, "two_hop_p50_ms": (pct(50) * 1000).rounded() / 1000,
            "two_hop_p99_ms": (pct(99) * 1000).rounded() / 1000, "two_hop_mean_reached": reachedTotal / max(1, queries),
        ]
    }

    static func components(_ graph: LinkGraph) -> [String: Any] {
        let t1 = Date()
        let labels = graph.components()
        var sizes: [Int32: Int] = [:]
        for label in labels { sizes[label, default: 0] += 1 }
        return ["components_ms": ms(t1, Date()), "components": sizes.count, "largest_component": sizes.values.max() ?? 0]
    }

    static func degrees(_ graph: LinkGraph, nodes: Int) -> [String: Any] {
        let t2 = Date()
        var maxDegree = 0
        var degreeSum = 0
        for node in 0..<graph.nodeCount {
            let d = graph.degree(node)
            degreeSum += d
            maxDegree = max(maxDegree, d)
        }
        return ["degree_ms": ms(t2, Date()), "max_degree": maxDegree, "mean_degree": Double(degreeSum) / Double(max(1, nodes))]
    }

    /// Hotspots over a year of generated visits to the location entities.
    func hotspotRanking(_ random: inout SeededRandom) -> [String: Any] {
        let locations = stride(from: 1, to: nodes, by: 4).map { String($0) }
        let visits = (0..<200_000).map { i in
            LocationVisit(
                locationID: locations[Int(Double(locations.count) * pow(random.unit(), 4.0)) % locations.count],
                childID: String(random.next() % 60_000), at: Date(timeIntervalSince1970: Double(i) * 150),
                sourceID: String(i))
        }
        let t4 = Date()
        let hotspots = Hotspots.rank(visits, from: .distantPast, to: .distantFuture, limit: 100)
        return [
            "hotspots_ms": Self.ms(t4, Date()), "hotspot_visits": visits.count,
            "top_hotspot_children": hotspots.first?.distinctChildren ?? 0,
        ]
    }
}
