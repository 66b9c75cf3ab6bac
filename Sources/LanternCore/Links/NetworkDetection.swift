/// Lantern's own network rule, run over the whole link graph: which adults look like the centre of
/// an exploitation network, and which children were found at the home of a registered sex offender
/// (the inspection case). Nothing here knows which networks a demo planted; the demo's ground truth
/// is compared with the answer afterwards (`lantern network detect`).
///
/// An adult (any person who is not a child) is flagged when
/// - at least `minimumChildren` distinct children were with them in person: found or seen with the
///   adult, or with a vehicle, phone or account the adult uses (the indicators of grooming: an older
///   person, a car, a phone given or used); or
/// - at least `minimumAtPlaces` distinct children were found or seen with them or at a place they are
///   linked to (the flat they live at). A friend's family home where several missing children turn up
///   is ordinary childhood more often than not, so places alone need more children.
/// A child who merely lives at the same address does not count: a parent of three is not a network.
///
/// ```swift
/// let result = NetworkDetection.detect(graph, linkTypes: types, children: childIDs, offenders: rsoIDs, minimumChildren: 3)
/// result.adults.first   // FlaggedAdult(adult: "a1", children: ["c1", "c2", "c3"])
/// ```
public enum NetworkDetection {
    /// An adult reached by enough children, with the children who reach them.
    public struct FlaggedAdult: Sendable, Equatable {
        public var adult: String
        /// Every child reached, in person or at a place.
        public var children: [String]
        /// How many of them were with the adult in person (or with their vehicle or phone).
        public var inPerson: Int
    }

    /// A child found at a location a registered sex offender lives at.
    public struct OffenderHomeFind: Sendable, Hashable {
        public var child: String
        public var location: String
        public var offender: String

        public init(child: String, location: String, offender: String) {
            self.child = child
            self.location = location
            self.offender = offender
        }
    }

    public struct Result: Sendable, Equatable {
        /// Flagged adults, most children first.
        public var adults: [FlaggedAdult]
        public var offenderHomeFinds: [OffenderHomeFind]
    }

    /// How a child meets a person, place or object in a missing episode or a sighting.
    static let childEvents: Set<LinkType> = [.foundAt, .foundWith, .seenAt, .seenWith]
    /// How an adult meets a child directly.
    static let adultWithChild: Set<LinkType> = [.foundWith, .seenWith]

    /// - Parameters:
    ///   - linkTypes: the type of each link, indexed by the link number given to `LinkGraph.Builder.add`.
    ///   - children: ids of the people who are children; every other person is an adult.
    ///   - offenders: ids of registered sex offenders (by record kind or by the flags register).
    ///   - minimumChildren: children with the adult in person that flag them.
    ///   - minimumAtPlaces: children in person or at the adult's places that flag them (nil: the same as `minimumChildren`).
    public static func detect(
        _ graph: LinkGraph, linkTypes: [LinkType], children: Set<String>, offenders: Set<String>,
        minimumChildren: Int, minimumAtPlaces: Int? = nil
    ) -> Result {
        let atPlacesThreshold = minimumAtPlaces ?? minimumChildren
        func type(_ slot: Int) -> LinkType { linkTypes[Int(graph.links[slot])] }
        func isChild(_ node: Int) -> Bool { graph.entities[node].kind == .person && children.contains(graph.entities[node].id) }
        var adults: [FlaggedAdult] = []
        var finds: Set<OffenderHomeFind> = []
        for node in 0..<graph.nodeCount where graph.entities[node].kind == .person && !isChild(node) {
            var reached: Set<String> = []
            var inPerson: Set<String> = []
            let isOffender = offenders.contains(graph.entities[node].id)
            for slot in Int(graph.offsets[node])..<Int(graph.offsets[node + 1]) {
                let near = Int(graph.targets[slot])
                let entity = graph.entities[near]
                switch entity.kind {
                case .person:
                    if adultWithChild.contains(type(slot)), isChild(near) {
                        reached.insert(entity.id)
                        inPerson.insert(entity.id)
                    }
                case .location, .object:
                    let livesThere = entity.kind == .location && type(slot) == .livesAt
                    for second in Int(graph.offsets[near])..<Int(graph.offsets[near + 1]) {
                        let far = Int(graph.targets[second])
                        guard isChild(far), childEvents.contains(type(second)) else { continue }
                        reached.insert(graph.entities[far].id)
                        if entity.kind == .object { inPerson.insert(graph.entities[far].id) }
                        if isOffender, livesThere, type(second) == .foundAt {
                            finds.insert(OffenderHomeFind(child: graph.entities[far].id, location: entity.id, offender: graph.entities[node].id))
                        }
                    }
                case .event:
                    continue
                }
            }
            if inPerson.count >= minimumChildren || reached.count >= atPlacesThreshold {
                adults.append(FlaggedAdult(adult: graph.entities[node].id, children: reached.sorted(), inPerson: inPerson.count))
            }
        }
        adults.sort { $0.children.count != $1.children.count ? $0.children.count > $1.children.count : $0.adult < $1.adult }
        let sortedFinds = finds.sorted { ($0.child, $0.location, $0.offender) < ($1.child, $1.location, $1.offender) }
        return Result(adults: adults, offenderHomeFinds: sortedFinds)
    }
}
