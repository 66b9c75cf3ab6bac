import Foundation

/// A child found or seen at a location: the raw material of hotspots.
public struct LocationVisit: Sendable, Equatable {
    public var locationID: String
    public var childID: String
    public var at: Date
    /// The record behind it (an episode or sighting id), so every hotspot links back.
    public var sourceID: String

    public init(locationID: String, childID: String, at: Date, sourceID: String) {
        self.locationID = locationID
        self.childID = childID
        self.at = at
        self.sourceID = sourceID
    }
}

/// A location where several different children were found or seen.
public struct Hotspot: Sendable, Equatable {
    public var locationID: String
    public var distinctChildren: Int
    public var visits: Int
    public var lastAt: Date
    public var sources: [String]
}

public enum Hotspots {
    /// Locations ranked by distinct children found or seen there between `from` and `to`
    /// (then by visits, then most recent), keeping those with at least `minimumChildren`.
    public static func rank(_ visits: [LocationVisit], from: Date, to: Date, minimumChildren: Int = 2, limit: Int = 100) -> [Hotspot] {
        var children: [String: Set<String>] = [:]
        var counts: [String: Int] = [:]
        var last: [String: Date] = [:]
        var sources: [String: [String]] = [:]
        for visit in visits where visit.at >= from && visit.at <= to {
            children[visit.locationID, default: []].insert(visit.childID)
            counts[visit.locationID, default: 0] += 1
            last[visit.locationID] = max(last[visit.locationID] ?? visit.at, visit.at)
            sources[visit.locationID, default: []].append(visit.sourceID)
        }
        return children.compactMap { location, set -> Hotspot? in
            guard set.count >= minimumChildren else { return nil }
            return Hotspot(
                locationID: location, distinctChildren: set.count, visits: counts[location]!, lastAt: last[location]!,
                sources: sources[location]!)
        }
        .sorted { a, b in
            if a.distinctChildren != b.distinctChildren { return a.distinctChildren > b.distinctChildren }
            if a.visits != b.visits { return a.visits > b.visits }
            if a.lastAt != b.lastAt { return a.lastAt > b.lastAt }
            return a.locationID < b.locationID
        }
        .prefix(limit).map { $0 }
    }
}

/// One child's time missing, and where and with whom it ended.
public struct EpisodeSpan: Sendable, Equatable {
    public var episodeID: String
    public var childID: String
    public var start: Date
    public var end: Date
    public var endLocationID: String?
    public var endWith: Set<String>

    public init(episodeID: String, childID: String, start: Date, end: Date, endLocationID: String? = nil, endWith: Set<String> = []) {
        self.episodeID = episodeID
        self.childID = childID
        self.start = start
        self.end = end
        self.endLocationID = endLocationID
        self.endWith = endWith
    }
}

/// Two children missing at the same time whose episodes ended at the same place or with the same person.
public struct MissingTogetherPair: Sendable, Equatable {
    public var first: String
    public var second: String
    /// "same place: <location>" or "same person: <person>".
    public var reason: String

    public init(first: String, second: String, reason: String) {
        self.first = first
        self.second = second
        self.reason = reason
    }
}

public enum MissingTogether {
    /// Pairs of overlapping episodes (of different children) that ended at one location or with one
    /// person. Grouped by where or with whom they ended first, so the cost follows the groups, not n².
    public static func pairs(_ spans: [EpisodeSpan]) -> [MissingTogetherPair] {
        var groups: [String: [EpisodeSpan]] = [:]
        for span in spans {
            if let location = span.endLocationID { groups["same place: \(location)", default: []].append(span) }
            for person in span.endWith { groups["same person: \(person)", default: []].append(span) }
        }
        var seen: Set<String> = []
        var out: [MissingTogetherPair] = []
        for (reason, members) in groups.sorted(by: { $0.key < $1.key }) where members.count > 1 {
            let sorted = members.sorted { $0.start < $1.start }
            for (i, a) in sorted.enumerated() {
                for b in sorted[(i + 1)...] {
                    if b.start > a.end { break }
                    guard a.childID != b.childID else { continue }
                    let key = [a.episodeID, b.episodeID].sorted().joined(separator: "|")
                    if seen.insert(key).inserted {
                        out.append(
                            MissingTogetherPair(
                                first: min(a.episodeID, b.episodeID), second: max(a.episodeID, b.episodeID),
                                reason: reason))
                    }
                }
            }
        }
        return out
    }
}
