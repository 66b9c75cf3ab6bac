import ArgumentParser
import Foundation
import LanternCore

/// `lantern network bench`: the link-analysis benchmark on a generated graph, with the same graph
/// exported for the anchors (python igraph and networkx) that Benchmarks/run measures beside it.
struct NetworkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network", abstract: "Link-network analysis tools.", subcommands: [Bench.self, FlagCheckBench.self, NetworkDetect.self])

    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time neighbourhoods, clusters, degree and hotspots on a generated graph; print JSON.")

        @Option(help: "Entities in the generated graph.") var nodes: Int = 1_000_000
        @Option(help: "Links in the generated graph.") var links: Int = 5_000_000
        @Option(help: "Seed for the generated graph.") var seed: UInt64 = 2026
        @Option(help: "Write the graph as an edge list (one 'a b' line per link) for the anchors.") var export: String?
        @Option(help: "Neighbourhood queries to time.") var queries: Int = 2_000

        func run() async throws {
            var random = SeededRandom(seed: seed)
            // Heavy-tailed degrees: one end of each link is drawn from a power law, the other uniformly,
            // like adults linked to many children and places visited by many.
            let started = Date()
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
            let generated = Date()
            let graph = builder.build()
            let built = Date()
            if let export, let lines { try Data(lines).write(to: URL(fileURLWithPath: export)) }

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
            let t1 = Date()
            let labels = graph.components()
            var sizes: [Int32: Int] = [:]
            for label in labels { sizes[label, default: 0] += 1 }
            let t2 = Date()
            var maxDegree = 0
            var degreeSum = 0
            for node in 0..<graph.nodeCount { let d = graph.degree(node); degreeSum += d; maxDegree = max(maxDegree, d) }
            let t3 = Date()
            // Hotspots over a year of generated visits to the location entities.
            let locations = stride(from: 1, to: nodes, by: 4).map { String($0) }
            let visits = (0..<200_000).map { i in
                LocationVisit(locationID: locations[Int(Double(locations.count) * pow(random.unit(), 4.0)) % locations.count],
                              childID: String(random.next() % 60_000), at: Date(timeIntervalSince1970: Double(i) * 150),
                              sourceID: String(i))
            }
            let t4 = Date()
            let hotspots = Hotspots.rank(visits, from: .distantPast, to: .distantFuture, limit: 100)
            let t5 = Date()
            func pct(_ p: Double) -> Double { durations[min(durations.count - 1, Int(p / 100 * Double(durations.count)))] }
            func ms(_ a: Date, _ b: Date) -> Double { (b.timeIntervalSince(a) * 1_000).rounded() }
            let result: [String: Any] = [
                "nodes": graph.nodeCount, "links": graph.edgeCount,
                "generate_ms": ms(started, generated), "build_ms": ms(generated, built),
                "two_hop_queries": queries, "two_hop_p50_ms": (pct(50) * 1000).rounded() / 1000,
                "two_hop_p99_ms": (pct(99) * 1000).rounded() / 1000, "two_hop_mean_reached": reachedTotal / max(1, queries),
                "components_ms": ms(t1, t2), "components": sizes.count, "largest_component": sizes.values.max() ?? 0,
                "degree_ms": ms(t2, t3), "max_degree": maxDegree, "mean_degree": Double(degreeSum) / Double(max(1, nodes)),
                "hotspots_ms": ms(t4, t5), "hotspot_visits": visits.count, "top_hotspot_children": hotspots.first?.distinctChildren ?? 0,
                "clusters_and_hotspots_ms": ms(t1, t2) + ms(t4, t5),
            ]
            let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
