import Foundation
import LanternCore
import SQLKit

/// Where narrative checks and their findings are kept, and the trend read back.
public struct LanguageStore: Sendable {
    let database: LanternDatabase
    let authoriser: Authoriser
    public let checker: LanguageChecker

    public init(database: LanternDatabase, authoriser: Authoriser, checker: LanguageChecker) {
        self.database = database
        self.authoriser = authoriser
        self.checker = checker
    }

    /// The narrative a finding belongs to.
    public struct Narrative: Sendable {
        public var recordType: String
        public var recordID: String
        public var field: String
        public var recordVersion: Int

        public init(recordType: String, recordID: String, field: String, recordVersion: Int) {
            self.recordType = recordType
            self.recordID = recordID
            self.field = field
            self.recordVersion = recordVersion
        }
    }

    /// Records one narrative check and its findings inside the caller's transaction (the
    /// narrative's own save), with the writer's acknowledgements.
    static func record(
        _ review: NarrativeReview, of narrative: Narrative, by actor: Actor, at now: Date,
        packVersion: Int, in sql: any SQLDatabase
    ) async throws {
        let row = NarrativeRow(
            id: StoredID.new(), narrative, authorID: actor.userID, team: actor.team, borough: actor.borough, at: now,
            packVersion: packVersion, findings: review.findings.filter { !$0.quotation }.count)
        try await sql.insert(into: NarrativeRow.table).model(row, with: StoredRow.encoder).run()
        for finding in review.findings {
            let acknowledged = !finding.quotation && review.acknowledged.contains(finding.ruleID)
            let findingRow = LanguageFindingRow(
                id: StoredID.new(), finding, narrativeID: row.id, acknowledgedBy: acknowledged ? actor.userID : nil, by: actor, at: now)
            try await sql.insert(into: LanguageFindingRow.table).model(findingRow, with: StoredRow.encoder).run()
        }
    }

    /// "YYYY-MM" in UTC.
    package static func month(of date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month], from: date)
        return String(format: "%04d-%02d", parts.year ?? 1970, parts.month ?? 1)
    }

    public enum Grouping: String, Sendable, CaseIterable { case team, borough }

    /// The trend for the months `from...to` ("YYYY-MM"), grouped by team or borough.
    /// Aggregates only (no record content), so reading it is not a consultation of personal data.
    public func trend(groupedBy grouping: Grouping, from: String, to: String, context: AccessContext) async throws -> LanguageTrend {
        try await authoriser.require(.viewLanguageTrend, context, recordType: "language-trend")
        let column = grouping.rawValue
        return try await database.read { sql in
            let narratives = try await sql.select()
                .column(SQLColumn(column), as: "grp").column("month")
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("narratives").where("month", .greaterThanOrEqual, from).where("month", .lessThanOrEqual, to)
                .groupBy(SQLColumn(column)).groupBy("month").all()
                .map {
                    (
                        group: try $0.decode(column: "grp", as: String.self), month: try $0.decode(column: "month", as: String.self),
                        count: try $0.decode(column: "n", as: Int.self)
                    )
                }
            let findings = try await sql.select()
                .column(SQLColumn(column), as: "grp").column("month")
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .column(SQLFunction("COUNT", args: SQLColumn("acknowledged_by")), as: "ack")
                .from("language_findings").where("quotation", .equal, 0)
                .where("month", .greaterThanOrEqual, from).where("month", .lessThanOrEqual, to)
                .groupBy(SQLColumn(column)).groupBy("month").all()
                .map {
                    (
                        group: try $0.decode(column: "grp", as: String.self), month: try $0.decode(column: "month", as: String.self),
                        count: try $0.decode(column: "n", as: Int.self), acknowledged: try $0.decode(column: "ack", as: Int.self)
                    )
                }
            let terms = try await sql.select()
                .column("rule_id").column("term").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("language_findings").where("quotation", .equal, 0)
                .where("month", .greaterThanOrEqual, from).where("month", .lessThanOrEqual, to)
                .groupBy("rule_id").groupBy("term").all()
                .map {
                    (
                        ruleID: try $0.decode(column: "rule_id", as: String.self), term: try $0.decode(column: "term", as: String.self),
                        count: try $0.decode(column: "n", as: Int.self)
                    )
                }
            return LanguageTrend(narratives: narratives, findings: findings, terms: terms)
        }
    }

    /// Findings recorded for a record's latest narratives (shown beside the record).
    public func findings(forRecord recordID: String) async throws -> [(field: String, ruleID: String, phrase: String, acknowledged: Bool)] {
        try await database.read { sql in
            try await sql.select().column(SQLColumn("field", table: "narratives")).column(SQLColumn("rule_id", table: "language_findings"))
                .column(SQLColumn("phrase", table: "language_findings"))
                .column(SQLColumn("acknowledged_by", table: "language_findings"))
                .from("language_findings")
                .join("narratives", on: SQLColumn("narrative_id", table: "language_findings"), .equal, SQLColumn("id", table: "narratives"))
                .where(SQLColumn("record_id", table: "narratives"), .equal, SQLBind(recordID))
                .where(SQLColumn("quotation", table: "language_findings"), .equal, SQLBind(0))
                .orderBy(SQLColumn("at_ms", table: "narratives"), SQLDirection.descending).limit(50).all()
                .map {
                    (
                        field: try $0.decode(column: "field", as: String.self), ruleID: try $0.decode(column: "rule_id", as: String.self),
                        phrase: try $0.decode(column: "phrase", as: String.self),
                        acknowledged: try $0.decode(column: "acknowledged_by", as: String?.self) != nil
                    )
                }
        }
    }
}
