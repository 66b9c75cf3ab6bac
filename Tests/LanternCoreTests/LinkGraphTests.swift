import Foundation
import LanternCore
import Testing

/// Small graphs whose answers were worked out by hand.
@Suite("Link network analysis")
struct LinkGraphTests {
    static func person(_ id: String) -> EntityRef { EntityRef(.person, id) }
    static func place(_ id: String) -> EntityRef { EntityRef(.location, id) }

    /// Two children (c1, c2) found at one flat (f) where an adult (a) lives; the adult drives a car (v);
    /// a third child (c3) was seen with the adult. Separately, two siblings (s1, s2).
    ///
    ///   c1 - f - c2        s1 - s2
    ///        |
    ///        a - v
    ///        |
    ///        c3
    static func sample() -> LinkGraph {
        var b = LinkGraph.Builder()
        b.add(person("c1"), place("f"), link: 1)
        b.add(person("c2"), place("f"), link: 2)
        b.add(person("a"), place("f"), link: 3)
        b.add(person("a"), EntityRef(.object, "v"), link: 4)
        b.add(person("c3"), person("a"), link: 5)
        b.add(person("s1"), person("s2"), link: 6)
        return b.build()
    }

    @Test func twoHopNeighbourhoodWithExplainingPaths() throws {
        let g = Self.sample()
        let start = try #require(g.index(of: Self.person("c1")))
        let near = g.neighbourhood(of: start, hops: 2)
        let byEntity = Dictionary(uniqueKeysWithValues: near.map { (g.entities[$0.node], $0) })
        #expect(Set(byEntity.keys) == [Self.place("f"), Self.person("c2"), Self.person("a")])
        #expect(byEntity[Self.place("f")]?.hops == 1)
        #expect(byEntity[Self.place("f")]?.path == [1])
        #expect(byEntity[Self.person("a")]?.path == [1, 3], "c1 -found at- f -lives at- a")
        let three = g.neighbourhood(of: start, hops: 3).map { g.entities[$0.node] }
        #expect(three.contains(Self.person("c3")))
        #expect(three.contains(EntityRef(.object, "v")))
        #expect(!three.contains(Self.person("s1")), "another cluster is never reached")
        #expect(g.neighbourhood(of: start, hops: 3, limit: 2).count == 2)
    }

    @Test func clustersAndDegree() throws {
        let g = Self.sample()
        let clusters = g.clusters().map { Set($0.map { g.entities[$0].id }) }
        #expect(clusters == [["c1", "c2", "f", "a", "v", "c3"], ["s1", "s2"]])
        #expect(g.degree(try #require(g.index(of: Self.place("f")))) == 3)
        #expect(g.degree(try #require(g.index(of: Self.person("a")))) == 3)
        #expect(g.edgeCount == 6)
        #expect(g.nodeCount == 8)
    }

    @Test func betweennessOfAPathAndAStar() {
        // Path a - b - c - d: b and c lie on 2 shortest paths each ((a,c),(a,d) for b; (a,d),(b,d) for c).
        var path = LinkGraph.Builder()
        path.add(Self.person("a"), Self.person("b"), link: 0)
        path.add(Self.person("b"), Self.person("c"), link: 1)
        path.add(Self.person("c"), Self.person("d"), link: 2)
        #expect(path.build().betweenness() == [0, 2, 2, 0])
        // A star: the hub is on every path between its 4 leaves: C(4,2) = 6.
        var star = LinkGraph.Builder()
        for leaf in ["l1", "l2", "l3", "l4"] { star.add(Self.person("hub"), Self.person(leaf), link: 0) }
        #expect(star.build().betweenness()[0] == 6)
    }

    @Test func hotspotsCountDistinctChildrenInTheWindow() {
        let t = Date(timeIntervalSince1970: 1_790_000_000)
        let visits = [
            LocationVisit(locationID: "flat", childID: "c1", at: t, sourceID: "e1"),
            LocationVisit(locationID: "flat", childID: "c1", at: t + 60, sourceID: "e2"),
            LocationVisit(locationID: "flat", childID: "c2", at: t + 120, sourceID: "e3"),
            LocationVisit(locationID: "park", childID: "c1", at: t, sourceID: "e4"),
            LocationVisit(locationID: "park", childID: "c2", at: t, sourceID: "e5"),
            LocationVisit(locationID: "park", childID: "c3", at: t - 86_400 * 400, sourceID: "old"),
            LocationVisit(locationID: "shop", childID: "c4", at: t, sourceID: "e6"),
        ]
        let ranked = Hotspots.rank(visits, from: t - 86_400 * 365, to: t + 3_600)
        #expect(ranked.map(\.locationID) == ["flat", "park"], "shop has one child; the old park visit is outside the window")
        #expect(ranked[0].distinctChildren == 2)
        #expect(ranked[0].visits == 3)
        #expect(ranked[0].sources == ["e1", "e2", "e3"])
    }

    @Test func childrenMissingTogether() {
        let t = Date(timeIntervalSince1970: 1_790_000_000)
        let spans = [
            EpisodeSpan(episodeID: "e1", childID: "c1", start: t, end: t + 7_200, endLocationID: "flat"),
            EpisodeSpan(episodeID: "e2", childID: "c2", start: t + 3_600, end: t + 9_000, endLocationID: "flat"),
            EpisodeSpan(episodeID: "e3", childID: "c3", start: t + 20_000, end: t + 30_000, endLocationID: "flat"),
            EpisodeSpan(episodeID: "e4", childID: "c4", start: t, end: t + 100, endWith: ["adult-1"]),
            EpisodeSpan(episodeID: "e5", childID: "c5", start: t + 50, end: t + 500, endWith: ["adult-1"]),
            EpisodeSpan(episodeID: "e6", childID: "c1", start: t + 100, end: t + 200, endLocationID: "flat"),
        ]
        let pairs = MissingTogether.pairs(spans)
        #expect(pairs.contains(MissingTogetherPair(first: "e1", second: "e2", reason: "same place: flat")))
        #expect(pairs.contains(MissingTogetherPair(first: "e4", second: "e5", reason: "same person: adult-1")))
        #expect(!pairs.contains { $0.first == "e3" || $0.second == "e3" }, "e3 did not overlap")
        #expect(!pairs.contains { Set([$0.first, $0.second]) == ["e1", "e6"] }, "one child's own episodes are not a pair")
        #expect(pairs.count == 2, "e6 ended before e2 began")
    }
}
