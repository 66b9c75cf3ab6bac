import ArgumentParser
import Foundation
import LanternCore
import LanternStore

/// `lantern network detect`: runs Lantern's own network rule over a database's links and measures
/// it against the ground truth a generated demo wrote (the planted networks and the children found
/// at a registered sex offender's home). The rule knows nothing of what was planted.
struct NetworkDetect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Flag adults reached by several children and finds at offenders' homes; measure recall and precision against a demo's ground truth."
    )

    @OptionGroup var storage: StorageOptions
    @Option(help: "The ground-truth file `lantern demo --scale london|decade` wrote (ground-truth.json in the demo folder).")
    var groundTruth: String
    @Option(help: "Flag an adult this many distinct children were with in person (default: the exploitation rule pack's networkChildren).")
    var minimumChildren: Int?
    @Option(help: "...or this many counting children found at the adult's places (default: the pack's networkChildrenAtPlaces).")
    var minimumAtPlaces: Int?

    struct GroundTruth: Decodable {
        struct Network: Decodable {
            var adult: String
            var children: [String]
        }
        struct OffenderHomeFind: Decodable {
            var child: String
            var offender: String
        }
        var networks: [Network]
        var foundAtOffenderHome: [OffenderHomeFind]?
    }

    func validate() throws {
        for (name, value) in [("--minimum-children", minimumChildren), ("--minimum-at-places", minimumAtPlaces)] {
            if let value, value < 1 { throw ValidationError("\(name) must be at least 1 (a count of children)") }
        }
    }

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: groundTruth) else { throw ValidationError("Cannot read \(groundTruth)") }
        let truth = try JSONDecoder().decode(GroundTruth.self, from: data)
        let store = try await storage.openStore(logger: Logs.bootstrap(defaultLevel: .warning))
        let started = Date()
        let result: NetworkDetection.Result
        do {
            result = try await store.links.detectNetworks(
                minimumChildren: minimumChildren, minimumAtPlaces: minimumAtPlaces,
                actor: .system("network-detect"))
        } catch {
            await store.close()
            throw error
        }
        let seconds = Date().timeIntervalSince(started)
        let minimum = minimumChildren ?? store.exploitation.rules.networkChildren.value
        let atPlaces = minimumAtPlaces ?? store.exploitation.rules.networkChildrenAtPlaces.value
        await store.close()

        let flagged = Dictionary(result.adults.map { ($0.adult, Set($0.children)) }, uniquingKeysWith: { a, _ in a })
        let plantedAdults = Set(truth.networks.map(\.adult))
        let detected = truth.networks.filter { flagged[$0.adult] != nil }
        let plantedChildren = Set(truth.networks.flatMap(\.children))
        let reached = Set(detected.flatMap { network in network.children.filter { flagged[network.adult]!.contains($0) } })
        let falsePositives = flagged.keys.filter { !plantedAdults.contains($0) }.count
        let homeFinds = Set(result.offenderHomeFinds.map { "\($0.child) \($0.offender)" })
        let plantedHomeFinds = Set((truth.foundAtOffenderHome ?? []).map { "\($0.child) \($0.offender)" })
        let homeDetected = plantedHomeFinds.intersection(homeFinds).count
        func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 1 : (Double(a) / Double(b) * 1_000).rounded() / 1_000 }
        let report: [String: Any] = [
            "minimum_children": minimum, "minimum_at_places": atPlaces,
            "planted_networks": truth.networks.count, "networks_detected": detected.count, "recall": ratio(detected.count, truth.networks.count),
            "planted_children": plantedChildren.count, "children_reached": reached.count,
            "adults_flagged": flagged.count, "false_positives": falsePositives, "precision": ratio(flagged.count - falsePositives, flagged.count),
            "offender_home_finds_planted": plantedHomeFinds.count, "offender_home_finds_detected": homeDetected,
            "offender_home_finds_other": homeFinds.subtracting(plantedHomeFinds).count,
            "seconds": (seconds * 1_000).rounded() / 1_000,
        ]
        print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]), as: UTF8.self))
        print(
            """
            Detected \(detected.count) of \(truth.networks.count) planted networks (recall \(report["recall"]!)), reaching \(reached.count) of \
            their \(plantedChildren.count) children; \(flagged.count) adults flagged (\(minimum) or more children in person, \
            or \(atPlaces) counting their places), \(falsePositives) \
            of them not planted (precision \(report["precision"]!)); \(homeDetected) of \(plantedHomeFinds.count) planted finds at a registered \
            sex offender's home detected (\(homeFinds.count - homeDetected) others found); in \(String(format: "%.2f", seconds)) s.
            """)
    }
}
