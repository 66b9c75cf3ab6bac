import Foundation

/// Places a neighbourhood on concentric rings: the centre in the middle, each entity on the ring
/// of its distance, next to the entity it was reached through, so the chains read outwards.
/// Pure and deterministic, so the same network always draws the same picture.
///
/// ```swift
/// let points = RadialLayout.place([(id: "a", hops: 1, parent: nil), (id: "b", hops: 2, parent: "a")], ringGap: 120)
/// // points["a"] is on the first ring, points["b"] on the second, near "a"
/// ```
public enum RadialLayout {
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double

        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// `nodes`: each entity's id, distance from the centre (1 or more) and the id it was reached
    /// through (nil when reached from the centre). The centre itself is at (0, 0).
    public static func place(_ nodes: [(id: String, hops: Int, parent: String?)], ringGap: Double) -> [String: Point] {
        var angle: [String: Double] = [:]
        var points: [String: Point] = [:]
        let rings = Dictionary(grouping: nodes, by: \.hops).sorted { $0.key < $1.key }
        for (hops, members) in rings {
            // Order a ring by the angle of each member's parent, so children sit beside their parent.
            let ordered = members.enumerated().sorted { a, b in
                let pa = a.element.parent.flatMap { angle[$0] } ?? 0
                let pb = b.element.parent.flatMap { angle[$0] } ?? 0
                return pa == pb ? a.offset < b.offset : pa < pb
            }.map(\.element)
            let count = Double(ordered.count)
            // Start each ring a little rotated so labels on adjacent rings do not line up.
            let offset = Double(hops - 1) * 0.35
            for (index, node) in ordered.enumerated() {
                let theta = offset + 2 * Double.pi * Double(index) / max(count, 1)
                angle[node.id] = theta
                let radius = ringGap * Double(hops)
                points[node.id] = Point(x: (radius * cos(theta) * 10).rounded() / 10, y: (radius * sin(theta) * 10).rounded() / 10)
            }
        }
        return points
    }
}
