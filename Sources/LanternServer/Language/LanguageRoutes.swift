import Foundation
import Hummingbird
import LanternCore
import LanternStore

/// The language check for other systems (`POST /api/v1/language/check`), the trend API and
/// the language dashboard.
struct LanguageRoutes {
    let store: Store
    let pages: PageRenderer

    struct CheckRequest: Decodable { var text: String }

    struct CheckResponse: Encodable {
        var findings: [LanguageFinding]
        var pack: String
        var packVersion: Int
    }

    static let maximumCharacters = 200_000

    func add(to group: RouterGroup<LanternRequestContext>) {
        group.post("/api/v1/language/check", use: check)
        group.get("/api/v1/language/trend", use: trend)
        group.get("/language", use: trendPage)
    }

    /// `POST /api/v1/language/check`: the findings in a text, with children-first alternatives.
    @Sendable func check(_ request: Request, context: LanternRequestContext) async throws -> Response {
        _ = try context.requireActor()
        // JSON may escape every character as \uXXXX (6 bytes): allow for that before counting characters.
        let decoder = LanternRequestDecoder(maxSize: 20 * Self.maximumCharacters)
        let body = try await decoder.decode(CheckRequest.self, from: request, context: context)
        guard body.text.unicodeScalars.count <= Self.maximumCharacters else {
            throw ValidationFailure("text", "text must be \(Self.maximumCharacters) characters or fewer")
        }
        let checker = store.language.checker
        return try JSONBody.response(
            CheckResponse(
                findings: checker.check(body.text), pack: checker.pack.pack,
                packVersion: checker.pack.version))
    }

    /// `GET /api/v1/language/trend`: findings per 1,000 narratives by month and team or borough.
    @Sendable func trend(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let (grouping, from, to) = try Self.parseTrend(request, now: store.clock.now())
        let trend = try await store.language.trend(groupedBy: grouping, from: from, to: to, context: try context.accessContext())
        return try JSONBody.response(
            TrendBody(
                grouping: grouping.rawValue, from: from, to: to, cells: trend.cells,
                topTerms: trend.topTerms))
    }

    /// The language trend page: the same figures as a chart and a table.
    @Sendable func trendPage(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let (grouping, from, to) = try Self.parseTrend(request, now: store.clock.now())
        let trend = try await store.language.trend(groupedBy: grouping, from: from, to: to, context: try context.accessContext())
        let chart = TrendChart(trend: trend, title: "Findings per 1,000 narratives by \(grouping.rawValue)").svg()
        let rows = trend.groups.map { group -> [String: Any] in
            let cells = trend.months.map { month in trend.cells.first { $0.group == group && $0.month == month } }
            return [
                "group": group,
                "cells": cells.map { cell -> [String: Any] in
                    guard let cell else { return ["value": "–"] }
                    return [
                        "value": String(format: "%.1f", cell.perThousand), "narratives": cell.narratives,
                        "findings": cell.findings, "acknowledged": cell.acknowledged,
                    ]
                },
            ]
        }
        return pages.render(
            "language", title: "Children-first language",
            data: [
                "chart": chart, "months": trend.months, "rows": rows, "hasRows": !rows.isEmpty,
                "grouping": grouping.rawValue, "byTeam": grouping == .team, "from": from, "to": to,
                "terms": trend.topTerms.map { ["term": $0.term, "count": $0.count] as [String: Any] },
                "hasTerms": !trend.topTerms.isEmpty, "packVersion": store.language.checker.pack.version,
            ], context: context)
    }

    struct TrendBody: Encodable {
        var grouping: String
        var from: String
        var to: String
        var cells: [LanguageTrend.Cell]
        var topTerms: [LanguageTrend.TermCount]
    }

    /// `group` (team | borough), `from` and `to` (YYYY-MM; default the last 12 months).
    static func parseTrend(_ request: Request, now: Date) throws -> (LanguageStore.Grouping, String, String) {
        let q = request.uri.queryParameters
        let groupText = q["group"].map(String.init) ?? "team"
        guard let grouping = LanguageStore.Grouping(rawValue: groupText) else {
            throw ValidationFailure("group", "group must be team or borough")
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(byAdding: .month, value: -11, to: now) ?? now
        func month(_ date: Date) -> String {
            let c = calendar.dateComponents([.year, .month], from: date)
            return String(format: "%04d-%02d", c.year ?? 1970, c.month ?? 1)
        }
        let from = try validMonth(q["from"].map(String.init), field: "from") ?? month(start)
        let to = try validMonth(q["to"].map(String.init), field: "to") ?? month(now)
        // A range given backwards means the same months.
        return (grouping, min(from, to), max(from, to))
    }

    static func validMonth(_ text: String?, field: String) throws -> String? {
        guard let text else { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
            (2000...2100).contains(year), (1...12).contains(month)
        else {
            throw ValidationFailure(field, "\(field) must be a month written as YYYY-MM, for example 2026-04")
        }
        return text
    }
}
