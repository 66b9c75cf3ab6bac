import Foundation
import LanternCore
import LanternStore
import SQLKit

/// One transaction's worth of generated domestic abuse incidents and everything recorded on them.
struct DomesticAbuseBatch {
    var incidents: [DomesticAbuseIncident] = []
    var assessments: [RecordedDashAssessment] = []
    var referrals: [(referral: MaracReferral, createdAt: Date)] = []
    var notifications: [EncompassNotification] = []
    var socialCare: [ChildSocialCareContact] = []
    var narratives: [(id: String, incident: String, borough: String, team: String, at: Date, findings: Int)] = []

    /// Writes the batch in one transaction through the store's row types, with one access-log entry naming how many
    /// incidents it holds.
    func write(_ store: Store, system: Actor, assessor: String, now: Date) async throws {
        guard !incidents.isEmpty else { return }
        let packVersion = store.language.checker.pack.version
        try await store.database.transaction { [self] sql in
            try await Self.insert(try incidents.map(IncidentRow.init), into: IncidentRow.table, in: sql)
            try await Self.insert(incidents.flatMap(IncidentPersonRow.rows(for:)), into: IncidentPersonRow.table, in: sql)
            let assessmentRows = try assessments.map { try DashAssessmentRow($0, assessorID: assessor) }
            try await Self.insert(assessmentRows, into: DashAssessmentRow.table, chunk: 100, in: sql)
            try await Self.insert(referrals.map { MaracReferralRow($0.referral, createdAt: $0.createdAt) }, into: MaracReferralRow.table, in: sql)
            try await Self.insert(notifications.map(EncompassNotificationRow.init), into: EncompassNotificationRow.table, in: sql)
            try await Self.insert(socialCare.map(ChildContactRow.init), into: ChildContactRow.table, chunk: 200, in: sql)
            let narrativeRows = narratives.map { n in
                NarrativeRow(
                    id: n.id,
                    LanguageStore.Narrative(recordType: DomesticAbuseStore.recordType, recordID: n.incident, field: "whatHappened", recordVersion: 1),
                    authorID: "demo", team: n.team, borough: n.borough, at: n.at, packVersion: packVersion, findings: n.findings)
            }
            try await Self.insert(narrativeRows, into: NarrativeRow.table, in: sql)
            try await AccessLogStore.append(
                AccessLogEntry(
                    at: now, actor: system, action: .create, recordType: DomesticAbuseStore.recordType,
                    detail: "demo generator: \(incidents.count) domestic abuse incidents"), in: sql)
        }
    }

    /// Many rows to a statement, within the bound-parameter limits of SQLite and PostgreSQL.
    static func insert<Row: Encodable>(_ rows: [Row], into table: String, chunk: Int = 400, in sql: any SQLDatabase) async throws {
        for start in stride(from: 0, to: rows.count, by: chunk) {
            try await sql.insert(into: table).models(Array(rows[start..<min(rows.count, start + chunk)]), with: StoredRow.encoder).run()
        }
    }
}
