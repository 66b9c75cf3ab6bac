import Foundation
import LanternCore
import LanternStore

/// Draws a neighbourhood as an SVG the server sends inside the page: no script, readable labels,
/// shapes and colours explained by the legend beside it, and each entity's name in a <title> for
/// screen readers and hover.
enum NetworkSVG {
    static let ringGap = 150.0

    static func draw(_ view: NetworkView, now: Date) -> String {
        let linkByID = Dictionary(uniqueKeysWithValues: view.links.map { ($0.id, $0) })
        // Each node's parent is the other end of the last link on its path.
        var parent: [String: String] = [:]
        for node in view.nodes {
            guard let last = node.path.last.flatMap({ linkByID[$0] }) else { continue }
            let me = node.label.ref
            let other = last.from == me ? last.to : last.from
            if other != view.centre.ref { parent[me.description] = other.description }
        }
        let points = RadialLayout.place(
            view.nodes.map { (id: $0.label.ref.description, hops: $0.hops, parent: parent[$0.label.ref.description]) },
            ringGap: ringGap)
        var position: [String: RadialLayout.Point] = points
        position[view.centre.ref.description] = RadialLayout.Point(x: 0, y: 0)
        let extent = ringGap * Double(max(1, view.nodes.map(\.hops).max() ?? 1)) + 110
        var svg = "<svg class=\"network__graph\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"network-title network-desc\" "
        svg += "viewBox=\"\(-extent) \(-extent) \(2 * extent) \(2 * extent)\">"
        svg += "<title id=\"network-title\">Network of \(escape(view.centre.title))</title>"
        svg +=
            "<desc id=\"network-desc\">\(view.nodes.count) records within \(view.hops) links; "
            + "the table below lists each with the path that explains it.</desc>"
        for link in view.links {
            guard let a = position[link.from.description], let b = position[link.to.description] else { continue }
            let found = [.foundAt, .foundWith].contains(link.type)
            svg +=
                "<line class=\"edge\(found ? " edge--found" : "")\" x1=\"\(a.x)\" y1=\"\(a.y)\" "
                + "x2=\"\(b.x)\" y2=\"\(b.y)\"><title>\(escape(link.type.title))</title></line>"
        }
        for (label, hops) in [(view.centre, 0)] + view.nodes.map({ ($0.label, $0.hops) }) {
            guard let p = position[label.ref.description] else { continue }
            var classes = "node node--\(cssKind(label, now: now))"
            if !label.flags.isEmpty { classes += " node--flagged" }
            if hops == 0 { classes += " node--centre" }
            let r = hops == 0 ? 14.0 : 10.0
            svg +=
                "<g><title>\(escape(label.title)): "
                + "\(escape(label.detail))\(label.flags.isEmpty ? "" : "; " + label.flags.map(\.title).joined(separator: ", "))</title>"
            switch label.ref.kind {
            case .location:
                svg += "<rect class=\"\(classes)\" x=\"\(p.x - r)\" y=\"\(p.y - r)\" width=\"\(2 * r)\" height=\"\(2 * r)\"/>"
            case .object:
                svg += "<polygon class=\"\(classes)\" points=\"\(p.x),\(p.y - r) \(p.x + r),\(p.y + r) \(p.x - r),\(p.y + r)\"/>"
            default:
                svg += "<circle class=\"\(classes)\" cx=\"\(p.x)\" cy=\"\(p.y)\" r=\"\(r)\"/>"
            }
            let text = label.title.count > 26 ? String(label.title.prefix(25)) + "…" : label.title
            svg += "<text class=\"node-label\" x=\"\(p.x)\" y=\"\(p.y + r + 15)\" text-anchor=\"middle\">\(escape(text))</text></g>"
        }
        return svg + "</svg>"
    }

    static func cssKind(_ label: EntityLabel, now: Date) -> String {
        switch label.ref.kind {
        case .person: label.detail.hasPrefix(PersonKind.child.title) ? "child" : "person"
        case .location: "location"
        case .object: "object"
        case .event: "event"
        }
    }

    static func escape(_ text: String) -> String { HTMLText.escape(text) }
}
