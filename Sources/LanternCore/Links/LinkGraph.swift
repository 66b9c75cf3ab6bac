/// The link network as a compact, immutable graph for analysis: entities are numbered 0..<n and
/// edges kept in compressed sparse rows (offsets and targets as `Int32`), so a million entities and
/// five million links fit in a few hundred megabytes and a neighbourhood is a walk over arrays.
///
/// ```swift
/// var builder = LinkGraph.Builder()
/// builder.add(EntityRef(.person, "child-1"), EntityRef(.location, "loc-9"), link: 0)
/// let graph = builder.build()
/// let near = graph.neighbourhood(of: graph.index(of: EntityRef(.person, "child-1"))!, hops: 2)
/// ```
public struct LinkGraph: Sendable {
    public let entities: [EntityRef]
    let indexByEntity: [EntityRef: Int32]
    /// `offsets[i]..<offsets[i+1]` are node i's slots in `targets` and `links`.
    let offsets: [Int32]
    let targets: [Int32]
    /// The caller's link number for each slot, to explain a path by the records behind it.
    let links: [Int32]

    public var nodeCount: Int { entities.count }
    public var edgeCount: Int { targets.count / 2 }

    public func index(of entity: EntityRef) -> Int? { indexByEntity[entity].map(Int.init) }

    public func degree(_ node: Int) -> Int { Int(offsets[node + 1] - offsets[node]) }

    public func neighbours(_ node: Int) -> ArraySlice<Int32> { targets[Int(offsets[node])..<Int(offsets[node + 1])] }

    /// Collects undirected links, then lays them out.
    public struct Builder: Sendable {
        var entities: [EntityRef] = []
        var indexByEntity: [EntityRef: Int32] = [:]
        var from: [Int32] = []
        var to: [Int32] = []
        var linkIDs: [Int32] = []

        public init() {}

        public mutating func node(_ entity: EntityRef) -> Int32 {
            if let index = indexByEntity[entity] { return index }
            let index = Int32(entities.count)
            entities.append(entity)
            indexByEntity[entity] = index
            return index
        }

        public mutating func add(_ a: EntityRef, _ b: EntityRef, link: Int32) {
            add(node(a), node(b), link: link)
        }

        /// Adds a link between two nodes already numbered by `node(_:)` (the fast path for bulk loads).
        public mutating func add(_ a: Int32, _ b: Int32, link: Int32) {
            guard a != b else { return }
            from.append(a)
            to.append(b)
            linkIDs.append(link)
        }

        public func build() -> LinkGraph {
            let n = entities.count
            var counts = [Int32](repeating: 0, count: n + 1)
            for i in from.indices {
                counts[Int(from[i]) + 1] += 1
                counts[Int(to[i]) + 1] += 1
            }
            for i in 0..<n { counts[i + 1] += counts[i] }
            var cursor = counts
            var targets = [Int32](repeating: 0, count: from.count * 2)
            var links = [Int32](repeating: 0, count: from.count * 2)
            for i in from.indices {
                let a = Int(from[i])
                let b = Int(to[i])
                targets[Int(cursor[a])] = Int32(b)
                links[Int(cursor[a])] = linkIDs[i]
                cursor[a] += 1
                targets[Int(cursor[b])] = Int32(a)
                links[Int(cursor[b])] = linkIDs[i]
                cursor[b] += 1
            }
            return LinkGraph(entities: entities, indexByEntity: indexByEntity, offsets: counts, targets: targets, links: links)
        }
    }

    // MARK: Neighbourhood

    /// One entity reached from the start, with how far and the chain of links that explains it.
    public struct Reached: Sendable, Equatable {
        public var node: Int
        public var hops: Int
        /// The links walked from the start, in order (the caller's link numbers).
        public var path: [Int32]
    }

    /// Every entity within `hops` links of `start` (breadth first, so each path is a shortest one),
    /// at most `limit` of them, nearest first.
    public func neighbourhood(of start: Int, hops: Int, limit: Int = 10_000) -> [Reached] {
        var parentNode: [Int32: Int32] = [Int32(start): -1]
        var parentLink: [Int32: Int32] = [:]
        var frontier: [Int32] = [Int32(start)]
        var reached: [(Int32, Int)] = []
        var depth = 0
        search: while depth < hops, !frontier.isEmpty {
            depth += 1
            var next: [Int32] = []
            for node in frontier {
                let n = Int(node)
                for slot in Int(offsets[n])..<Int(offsets[n + 1]) {
                    let target = targets[slot]
                    if parentNode[target] != nil { continue }
                    parentNode[target] = node
                    parentLink[target] = links[slot]
                    next.append(target)
                    reached.append((target, depth))
                    if reached.count >= limit { break search }
                }
            }
            frontier = next
        }
        return reached.map { node, hops in
            var path: [Int32] = []
            var cursor = node
            while let link = parentLink[cursor], let parent = parentNode[cursor], parent >= 0 {
                path.append(link)
                cursor = parent
            }
            return Reached(node: Int(node), hops: hops, path: path.reversed())
        }
    }

    // MARK: Clusters

    /// Connected components: `labels[i]` is node i's cluster (the smallest node number in it).
    public func components() -> [Int32] {
        var parent = (0..<Int32(nodeCount)).map { $0 }
        func find(_ x: Int32) -> Int32 {
            var root = x
            while parent[Int(root)] != root { root = parent[Int(root)] }
            var node = x
            while parent[Int(node)] != root {
                let up = parent[Int(node)]
                parent[Int(node)] = root
                node = up
            }
            return root
        }
        for node in 0..<nodeCount {
            for slot in Int(offsets[node])..<Int(offsets[node + 1]) {
                let a = find(Int32(node))
                let b = find(targets[slot])
                if a != b { if a < b { parent[Int(b)] = a } else { parent[Int(a)] = b } }
            }
        }
        return (0..<Int32(nodeCount)).map(find)
    }

    /// Clusters with at least `minimumSize` members, largest first; each a list of node numbers.
    public func clusters(minimumSize: Int = 2) -> [[Int]] {
        var members: [Int32: [Int]] = [:]
        for (node, label) in components().enumerated() { members[label, default: []].append(node) }
        return members.values.filter { $0.count >= minimumSize }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0[0] < $1[0] }
    }

    // MARK: Centrality

    /// Brandes' betweenness over unweighted links, from every node or (for large graphs) from
    /// `sources` only, scaled to estimate the full value. Undirected: each pair counted once.
    public func betweenness(sources: [Int]? = nil) -> [Double] {
        let n = nodeCount
        var centrality = [Double](repeating: 0, count: n)
        var sigma = [Double](repeating: 0, count: n)
        var distance = [Int32](repeating: -1, count: n)
        var delta = [Double](repeating: 0, count: n)
        var order: [Int32] = []
        order.reserveCapacity(n)
        let starts = sources ?? Array(0..<n)
        for s in starts {
            order.removeAll(keepingCapacity: true)
            sigma[s] = 1
            distance[s] = 0
            var queue: [Int32] = [Int32(s)]
            var head = 0
            while head < queue.count {
                let v = Int(queue[head])
                head += 1
                order.append(Int32(v))
                for slot in Int(offsets[v])..<Int(offsets[v + 1]) {
                    let w = Int(targets[slot])
                    if distance[w] < 0 {
                        distance[w] = distance[v] + 1
                        queue.append(Int32(w))
                    }
                    if distance[w] == distance[v] + 1 { sigma[w] += sigma[v] }
                }
            }
            for w32 in order.reversed() {
                let w = Int(w32)
                for slot in Int(offsets[w])..<Int(offsets[w + 1]) {
                    let v = Int(targets[slot])
                    if distance[v] == distance[w] - 1 { delta[v] += sigma[v] / sigma[w] * (1 + delta[w]) }
                }
                if w != s { centrality[w] += delta[w] }
            }
            for v32 in order {
                let v = Int(v32)
                sigma[v] = 0
                distance[v] = -1
                delta[v] = 0
            }
        }
        let scale = (sources == nil ? 1.0 : Double(n) / Double(max(1, starts.count))) / 2
        return centrality.map { $0 * scale }
    }
}
