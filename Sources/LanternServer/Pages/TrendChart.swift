import Foundation
import LanternCore

/// A line chart of findings per 1,000 narratives by month, drawn as SVG on the server so it
/// needs no script or external library. Each series has its own colour, dash pattern and
/// marker shape, so it reads in greyscale and for colour-blind users; the page also shows
/// the same figures as a table.
struct TrendChart {
    let trend: LanguageTrend
    let title: String

    static let palette = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#f47738", "#5694ca", "#85994b", "#6f72af"]
    static let dashes = ["", "6 3", "2 3", "8 3 2 3", "", "6 3", "2 3", "8 3 2 3"]

    func svg() -> String {
        let groupsShown = min(trend.groups.count, Self.palette.count)
        let legendRows = Double((groupsShown + 1) / 2)
        let width = 760.0
        let height = 330.0 + legendRows * 24
        let left = 56.0
        let right = 44.0
        let top = 24.0
        let bottom = 52.0 + legendRows * 24
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let months = trend.months
        let groups = Array(trend.groups.prefix(Self.palette.count))
        let maxValue = max(1, trend.cells.map(\.perThousand).max() ?? 1)
        let step = Self.niceStep(maxValue / 4)
        let yMax = (maxValue / step).rounded(.up) * step
        func x(_ i: Int) -> Double { months.count <= 1 ? left + plotWidth / 2 : left + plotWidth * Double(i) / Double(months.count - 1) }
        func y(_ v: Double) -> Double { top + plotHeight * (1 - v / yMax) }

        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" \
            aria-labelledby="trend-title trend-desc" class="chart" font-family="Arial, sans-serif" font-size="13">
            <title id="trend-title">\(Self.escape(title))</title>
            <desc id="trend-desc">\(Self.escape(description(groups: groups)))</desc>
            <rect x="0" y="0" width="\(Int(width))" height="\(Int(height))" fill="#ffffff"/>

            """
        var tick = 0.0
        while tick <= yMax + 0.0001 {
            let yy = y(tick)
            out += "<line x1=\"\(left)\" y1=\"\(yy)\" x2=\"\(left + plotWidth)\" y2=\"\(yy)\" stroke=\"#b1b4b6\" stroke-width=\"1\"/>\n"
            out += "<text x=\"\(left - 8)\" y=\"\(yy + 4)\" text-anchor=\"end\" fill=\"#0b0c0c\">\(Self.format(tick))</text>\n"
            tick += step
        }
        for (i, month) in months.enumerated() where months.count <= 12 || i % 2 == 0 {
            out += "<text x=\"\(x(i))\" y=\"\(top + plotHeight + 20)\" text-anchor=\"middle\" fill=\"#0b0c0c\">\(Self.escape(month))</text>\n"
        }
        out += "<text x=\"\(left + plotWidth / 2)\" y=\"\(top + plotHeight + 40)\" text-anchor=\"middle\" fill=\"#505a5f\">Month</text>\n"
        out +=
            "<text x=\"14\" y=\"\(top + plotHeight / 2)\" text-anchor=\"middle\" fill=\"#505a5f\" "
            + "transform=\"rotate(-90 14 \(top + plotHeight / 2))\">Per 1,000 narratives</text>\n"
        for (g, group) in groups.enumerated() {
            let colour = Self.palette[g]
            let dash = Self.dashes[g]
            let points = trend.series(for: group).enumerated().map { "\(x($0.offset)),\(y($0.element))" }.joined(separator: " ")
            out +=
                "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(colour)\" "
                + "stroke-width=\"3\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>\n"
            for (i, value) in trend.series(for: group).enumerated() {
                out += Self.marker(g, x(i), y(value), colour)
            }
            // The legend sits under the chart in two columns, so long team names fit.
            let legendY = top + plotHeight + 66 + Double(g / 2) * 24
            let legendX = left + Double(g % 2) * 340
            out +=
                "<line x1=\"\(legendX)\" y1=\"\(legendY)\" x2=\"\(legendX + 28)\" y2=\"\(legendY)\" "
                + "stroke=\"\(colour)\" stroke-width=\"3\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>\n"
            out += Self.marker(g, legendX + 14, legendY, colour)
            out +=
                "<text x=\"\(legendX + 36)\" y=\"\(legendY + 4)\" "
                + "fill=\"#0b0c0c\">\(Self.escape(group.count > 42 ? String(group.prefix(41)) + "…" : group))</text>\n"
        }
        if groups.isEmpty {
            out +=
                "<text x=\"\(left + plotWidth / 2)\" y=\"\(top + plotHeight / 2)\" text-anchor=\"middle\" "
                + "fill=\"#505a5f\">No narratives in this period</text>\n"
        }
        out += "</svg>"
        return out
    }

    func description(groups: [String]) -> String {
        guard !groups.isEmpty else { return "No narratives were checked in this period." }
        return groups.map { group in
            let series = trend.series(for: group)
            return "\(group): " + zip(trend.months, series).map { "\($0) \(Self.format($1))" }.joined(separator: ", ")
        }.joined(separator: "; ")
    }

    static func marker(_ index: Int, _ x: Double, _ y: Double, _ colour: String) -> String {
        switch index % 4 {
        case 0: return "<circle cx=\"\(x)\" cy=\"\(y)\" r=\"4.5\" fill=\"\(colour)\"/>\n"
        case 1: return "<rect x=\"\(x - 4)\" y=\"\(y - 4)\" width=\"8\" height=\"8\" fill=\"\(colour)\"/>\n"
        case 2: return "<polygon points=\"\(x),\(y - 5) \(x + 5),\(y + 4) \(x - 5),\(y + 4)\" fill=\"\(colour)\"/>\n"
        default: return "<polygon points=\"\(x),\(y - 5) \(x + 5),\(y) \(x),\(y + 5) \(x - 5),\(y)\" fill=\"\(colour)\"/>\n"
        }
    }

    static func niceStep(_ raw: Double) -> Double {
        let magnitude = pow(10, floor(log10(max(raw, 0.0001))))
        for factor in [1.0, 2.0, 2.5, 5.0, 10.0] where raw <= factor * magnitude { return factor * magnitude }
        return 10 * magnitude
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    static func escape(_ text: String) -> String { HTMLText.escape(text) }
}
