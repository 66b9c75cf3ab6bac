import LanternCore
import Testing

private func person(_ id: String) -> EntityRef { EntityRef(.person, id) }
private func place(_ id: String) -> EntityRef { EntityRef(.location, id) }
private func object(_ id: String) -> EntityRef { EntityRef(.object, id) }

/// Small graphs whose flagged adults were worked out by hand.
@Suite("Network detection: adults reached by several children, finds at offenders' homes")
struct NetworkDetectionTests {
    typealias Edge = (from: EntityRef, to: EntityRef, type: LinkType)

    static func detect(_ edges: [Edge], minimum: Int = 3, atPlaces: Int? = nil, offenders: Set<String> = []) -> NetworkDetection.Result {
        var builder = LinkGraph.Builder()
        for (number, edge) in edges.enumerated() { builder.add(edge.from, edge.to, link: Int32(number)) }
        let children = Set(edges.flatMap { [$0.from, $0.to] }.filter { $0.kind == .person && $0.id.hasPrefix("c") }.map(\.id))
        return NetworkDetection.detect(
            builder.build(), linkTypes: edges.map(\.type), children: children, offenders: offenders,
            minimumChildren: minimum, minimumAtPlaces: atPlaces)
    }

    /// `minimum`: children in person; `atPlaces`: children counting the adult's places (the pack has 3 and 6).
    static let cases: [(name: String, edges: [Edge], minimum: Int, atPlaces: Int, flagged: [String: [String]])] = [
        (
            "three children found with one adult",
            [
                (person("c1"), person("a"), .foundWith), (person("c2"), person("a"), .foundWith), (person("c3"), person("a"), .seenWith),
            ], 3, 6, ["a": ["c1", "c2", "c3"]]
        ),
        (
            "two children are below the threshold",
            [
                (person("c1"), person("a"), .foundWith), (person("c2"), person("a"), .foundWith),
            ], 3, 6, [:]
        ),
        (
            "the threshold is a rule value",
            [
                (person("c1"), person("a"), .foundWith), (person("c2"), person("a"), .foundWith),
            ], 2, 6, ["a": ["c1", "c2"]]
        ),
        (
            "the car he drives and the phone he uses count as in person; the flat does not, below six",
            [
                (person("a"), place("flat"), .livesAt), (person("a"), object("car"), .drives), (person("a"), object("phone"), .usesPhone),
                (person("c1"), place("flat"), .foundAt), (person("c2"), object("car"), .foundWith), (person("c3"), object("phone"), .foundWith),
            ], 3, 6, [:]
        ),
        (
            "a friend's family home: five children found there, none with the adult, is not a network",
            [
                (person("a"), place("home"), .livesAt), (person("c1"), place("home"), .foundAt), (person("c2"), place("home"), .foundAt),
                (person("c3"), place("home"), .foundAt), (person("c4"), place("home"), .seenAt), (person("c5"), place("home"), .foundAt),
            ], 3, 6, [:]
        ),
        (
            "six children at the adult's places flag them",
            [
                (person("a"), place("home"), .livesAt), (person("c1"), place("home"), .foundAt), (person("c2"), place("home"), .foundAt),
                (person("c3"), place("home"), .foundAt), (person("c4"), place("home"), .seenAt), (person("c5"), place("home"), .foundAt),
                (person("c6"), person("a"), .seenWith),
            ], 3, 6, ["a": ["c1", "c2", "c3", "c4", "c5", "c6"]]
        ),
        (
            "with places counted at three: the flat he lives at, the car he drives and the phone he uses",
            [
                (person("a"), place("flat"), .livesAt), (person("a"), object("car"), .drives), (person("a"), object("phone"), .usesPhone),
                (person("c1"), place("flat"), .foundAt), (person("c2"), object("car"), .foundWith), (person("c3"), object("phone"), .foundWith),
            ], 3, 3, ["a": ["c1", "c2", "c3"]]
        ),
        (
            "one child found three times counts once",
            [
                (person("c1"), person("a"), .foundWith), (person("c1"), person("a"), .foundWith), (person("a"), place("flat"), .livesAt),
                (person("c1"), place("flat"), .foundAt), (person("c2"), person("a"), .foundWith),
            ], 3, 6, [:]
        ),
        (
            "children who live at the adult's address are a family, not a network",
            [
                (person("a"), place("home"), .livesAt), (person("c1"), place("home"), .livesAt), (person("c2"), place("home"), .livesAt),
                (person("c3"), place("home"), .livesAt),
            ], 3, 6, [:]
        ),
        (
            "a child never counts as the adult, and three hops are too far",
            [
                (person("c1"), person("c9"), .foundWith), (person("c2"), person("c9"), .foundWith), (person("c3"), person("c9"), .foundWith),
                (person("a"), person("b"), .associateOf), (person("b"), place("flat"), .livesAt), (person("c1"), place("flat"), .foundAt),
                (person("c2"), place("flat"), .foundAt), (person("c3"), place("flat"), .foundAt),
            ], 3, 3, ["b": ["c1", "c2", "c3"]]
        ),
    ]

    @Test(arguments: cases.indices)
    func flaggedAdults(index: Int) {
        let c = Self.cases[index]
        let result = Self.detect(c.edges, minimum: c.minimum, atPlaces: c.atPlaces)
        let got = Dictionary(uniqueKeysWithValues: result.adults.map { ($0.adult, $0.children) })
        #expect(got == c.flagged, "\(c.name)")
    }

    @Test func aChildFoundAtTheHomeOfARegisteredSexOffender() {
        let result = Self.detect(
            [
                (person("rso"), place("home"), .livesAt), (person("c1"), place("home"), .foundAt),
                (person("c2"), place("home"), .seenAt), (person("other"), place("elsewhere"), .livesAt), (person("c3"), place("elsewhere"), .foundAt),
            ], offenders: ["rso"])
        #expect(
            result.offenderHomeFinds == [.init(child: "c1", location: "home", offender: "rso")],
            "found at the home, not only seen there; and only an offender's home")
        #expect(result.adults.isEmpty)
    }
}
