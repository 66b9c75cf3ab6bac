/// Findings per 1,000 narratives by team, borough and month, and the terms used most:
/// what supervisors and leads watch to see whether children-first language is taking hold.
public struct LanguageTrend: Sendable, Equatable {
    /// One group (team or borough) in one month.
    public struct Cell: Sendable, Equatable, Codable {
        public var group: String
        public var month: String
        public var narratives: Int
        public var findings: Int
        public var acknowledged: Int
        public var perThousand: Double

        public init(group: String, month: String, narratives: Int, findings: Int, acknowledged: Int) {
            self.group = group
            self.month = month
            self.narratives = narratives
            self.findings = findings
            self.acknowledged = acknowledged
            self.perThousand = narratives == 0 ? 0 : (Double(findings) * 1000 / Double(narratives) * 10).rounded() / 10
        }
    }

    public struct TermCount: Sendable, Equatable, Codable {
        public var ruleID: String
        public var term: String
        public var count: Int

        public init(ruleID: String, term: String, count: Int) {
            self.ruleID = ruleID
            self.term = term
            self.count = count
        }
    }

    public var cells: [Cell]
    public var months: [String]
    public var groups: [String]
    public var topTerms: [TermCount]

    /// Builds the trend from raw counts.
    /// - Parameters:
    ///   - narratives: (group, month, narratives checked)
    ///   - findings: (group, month, writer findings, of which acknowledged)
    ///   - terms: (rule id, term, count)
    public init(
        narratives: [(group: String, month: String, count: Int)],
        findings: [(group: String, month: String, count: Int, acknowledged: Int)],
        terms: [(ruleID: String, term: String, count: Int)], topCount: Int = 10
    ) {
        var cells: [String: Cell] = [:]
        for row in narratives {
            cells["\(row.group)\u{0}\(row.month)"] = Cell(group: row.group, month: row.month, narratives: row.count, findings: 0, acknowledged: 0)
        }
        for row in findings {
            let key = "\(row.group)\u{0}\(row.month)"
            let narrativesInCell = cells[key]?.narratives ?? 0
            cells[key] = Cell(
                group: row.group, month: row.month, narratives: narrativesInCell, findings: row.count,
                acknowledged: row.acknowledged)
        }
        self.cells = cells.values.sorted { ($0.month, $0.group) < ($1.month, $1.group) }
        self.months = Array(Set(self.cells.map(\.month))).sorted()
        self.groups = Array(Set(self.cells.map(\.group))).sorted()
        self.topTerms = terms.map { TermCount(ruleID: $0.ruleID, term: $0.term, count: $0.count) }
            .sorted { ($1.count, $0.ruleID) < ($0.count, $1.ruleID) }
            .prefix(topCount).map { $0 }
    }

    /// Findings per 1,000 narratives for one group across every month (0 where none were written).
    public func series(for group: String) -> [Double] {
        months.map { month in cells.first { $0.group == group && $0.month == month }?.perThousand ?? 0 }
    }
}
