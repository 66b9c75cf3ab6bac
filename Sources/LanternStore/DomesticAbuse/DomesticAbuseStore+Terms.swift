import Foundation
import LanternCore
import SQLKit

/// A row of `school_calendars`: one version of the force's term dates.
struct SchoolCalendarRow: Codable, Equatable {
    static let table = "school_calendars"

    var version: Int
    var terms: String
    var setBy: String
    var setAtMs: Int64
}

/// The force's school-term calendar as set: version 0 is the pack's default, each change a new version.
public struct SchoolTermsSetting: Sendable, Equatable {
    public var terms: SchoolTerms
    public var version: Int
}

extension DomesticAbuseStore {
    /// The terms Operation Encompass deadlines are worked out from, and their version.
    public func schoolTerms() async throws -> SchoolTermsSetting {
        let rules = self.rules
        return try await database.read { sql in try await Self.currentTerms(rules: rules, in: sql) }
    }

    static func currentTerms(rules: DomesticAbuseRules, in sql: any SQLDatabase) async throws -> SchoolTermsSetting {
        guard
            let row = try await sql.select().column("*").from(SchoolCalendarRow.table).orderBy("version", .descending).first()?
                .decode(model: SchoolCalendarRow.self, with: StoredRow.decoder)
        else { return SchoolTermsSetting(terms: rules.terms, version: 0) }
        return SchoolTermsSetting(terms: try StoredJSON.decode(SchoolTerms.self, row.terms), version: row.version)
    }

    /// Sets the force's term dates as a new version: each term with real dates, in order, its closures inside it.
    /// Notifications already due keep their deadline; new incidents take the new calendar. Refused on a stale version.
    public func setSchoolTerms(_ periods: [SchoolTerms.Term], version: Int, context: AccessContext) async throws -> SchoolTermsSetting {
        try await authoriser.require(.setSchoolTerms, context, recordType: "school-calendar")
        let now = now()
        let terms = SchoolTerms(
            periods: periods, source: "Set by \(context.actor.displayName)", evidence: "L", checked: WorkingDays.ukDay(of: now).description)
        if periods.isEmpty { throw ValidationFailure("periods", "Enter at least one term") }
        if periods.count > 60 { throw ValidationFailure("periods", "Enter at most 60 terms (twenty years)") }
        do { try terms.check() } catch { throw ValidationFailure("periods", error.reason) }
        let rules = self.rules
        return try await database.transaction { sql in
            let current = try await Self.currentTerms(rules: rules, in: sql)
            if current.version != version {
                throw VersionConflict(
                    recordType: "school-term calendar", id: "school-terms", expectedVersion: version, currentVersion: current.version,
                    changedFields: ["periods"])
            }
            let row = SchoolCalendarRow(
                version: version + 1, terms: try StoredJSON.encode(terms), setBy: context.actor.userID, setAtMs: now.millisecondsSince1970)
            try await sql.insert(into: SchoolCalendarRow.table).model(row, with: StoredRow.encoder).run()
            try await AccessLogStore.append(
                context.entry(
                    at: now, .alter, recordType: "school-calendar", recordIDs: [],
                    detail: "school terms version \(version + 1): \(periods.count) terms"), in: sql)
            return SchoolTermsSetting(terms: terms, version: version + 1)
        }
    }
}
