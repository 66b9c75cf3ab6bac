import Foundation
import LanternCore
import SQLKit

/// Row encoding for the missing-children tables.
package enum MissingRows {
    // MARK: Episodes

    static let episodeColumns = [
        "id", "reference", "child_id", "status", "reported_at_ms", "last_seen_at_ms", "last_seen_place",
        "last_seen_postcode", "circumstances", "description", "clothing", "phone", "social_media",
        "reporter_name", "reporter_relationship", "reporter_contact", "grade", "graded_at_ms",
        "review_due_at_ms", "review_rank", "escalation_level", "found_at_ms", "closed_at_ms",
        "la_notified_at_ms", "repeat_count", "rules_version", "team", "borough", "created_by",
        "created_at_ms", "updated_at_ms", "version", "awaiting_downgrade_from",
        "return_reviewed_at_ms", "recorded_as_history", "subject",
    ]

    static func episode(_ row: any SQLRow) throws -> MissingEpisode {
        try row.decode(model: MissingEpisodeRow.self, with: StoredRow.decoder).episode()
    }

    // MARK: Lists (only the columns a queue row shows, so long narratives are never read for a list)

    static let summaryColumns = [
        "id", "reference", "child_id", "status", "grade", "last_seen_at_ms", "found_at_ms", "review_due_at_ms",
        "review_rank", "repeat_count", "la_notified_at_ms", "borough",
    ]

    static func summary(_ row: any SQLRow) throws -> EpisodeSummary {
        EpisodeSummary(
            id: try row.decode(column: "id", as: String.self), reference: try row.decode(column: "reference", as: String.self),
            childID: try row.decode(column: "child_id", as: String.self), childName: "",
            status: try StoredCode.known(EpisodeStatus.self, row, "status", table: "missing_episodes"),
            grade: try StoredCode.known(RiskGrade.self, row, "grade", table: "missing_episodes"),
            lastSeenAt: try StoredDate.required(row, "last_seen_at_ms"), foundAt: try StoredDate.optional(row, "found_at_ms"),
            nextReview: ReviewDue(
                dueAt: try StoredDate.required(row, "review_due_at_ms"),
                rank: try StoredCode.known(Rank.self, row, "review_rank", table: "missing_episodes")),
            repeatCount: try row.decode(column: "repeat_count", as: Int.self),
            localAuthorityNotified: try row.decode(column: "la_notified_at_ms", as: Int64?.self) != nil,
            borough: try row.decode(column: "borough", as: String.self), openAlerts: 0)
    }

    /// The fields of a person that decide who may see them and what a list shows (no notes).
    static let scopeColumns = [
        "id", "kind", "given_name", "family_name", "date_of_birth", "team", "borough", "restricted", "created_by",
        "erased_at_ms",
    ]

    static func scopedPerson(_ row: any SQLRow) throws -> Person {
        Person(
            id: try row.decode(column: "id", as: String.self),
            kind: try StoredCode.known(PersonKind.self, row, "kind", table: "people"),
            givenName: try row.decode(column: "given_name", as: String.self),
            familyName: try row.decode(column: "family_name", as: String.self),
            dateOfBirth: try row.decode(column: "date_of_birth", as: String?.self), notes: "",
            team: try row.decode(column: "team", as: String.self), borough: try row.decode(column: "borough", as: String.self),
            restricted: try row.decode(column: "restricted", as: Int.self) != 0,
            createdBy: try row.decode(column: "created_by", as: String.self), createdAt: Date(timeIntervalSince1970: 0),
            updatedAt: Date(timeIntervalSince1970: 0), version: 0,
            erasedAt: try StoredDate.optional(row, "erased_at_ms"))
    }

    // MARK: Everything recorded on an episode

    static func assessment(_ row: any SQLRow) throws -> RecordedAssessment {
        try row.decode(model: RiskAssessmentRow.self, with: StoredRow.decoder).assessment()
    }

    static func review(_ row: any SQLRow) throws -> SupervisoryReview {
        try row.decode(model: SupervisoryReviewRow.self, with: StoredRow.decoder).review()
    }

    static func contact(_ row: any SQLRow) throws -> AgencyContact {
        try row.decode(model: AgencyContactRow.self, with: StoredRow.decoder).contact()
    }

    static func sighting(_ row: any SQLRow) throws -> RecordedSighting {
        try row.decode(model: SightingRow.self, with: StoredRow.decoder).sighting()
    }

    static func found(_ row: any SQLRow) throws -> FoundRecord {
        try row.decode(model: FoundRecordRow.self, with: StoredRow.decoder).found()
    }

    static let taskColumns = [
        "id", "episode_id", "kind", "title", "owner", "due_at_ms", "outcome", "result", "child_said",
        "completed_by", "completed_at_ms", "created_by", "created_at_ms",
    ]

    static func task(_ row: any SQLRow) throws -> EpisodeTask {
        try row.decode(model: EpisodeTaskRow.self, with: StoredRow.decoder).task()
    }

    package static func insertTask(_ task: EpisodeTask, createdBy: String, in sql: any SQLDatabase) async throws {
        try await sql.insert(into: EpisodeTaskRow.table).model(EpisodeTaskRow(task, createdBy: createdBy), with: StoredRow.encoder).run()
    }

    static func alert(_ row: any SQLRow) throws -> EpisodeAlert {
        try row.decode(model: EpisodeAlertRow.self, with: StoredRow.decoder).alert()
    }

    static func raise(
        _ kind: EpisodeAlert.Kind, level: Int = 1, on episodeID: String, detail: String, at now: Date,
        in sql: any SQLDatabase
    ) async throws {
        let row = EpisodeAlertRow(id: StoredID.new(), episodeId: episodeID, kind: kind, level: level, detail: detail, raisedAt: now)
        try await sql.insert(into: EpisodeAlertRow.table).model(row, with: StoredRow.encoder).run()
    }

    static func openAlertCount(_ kinds: [EpisodeAlert.Kind], on episodeID: String, in sql: any SQLDatabase) async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("episode_alerts")
            .where("episode_id", .equal, episodeID).where("kind", .in, kinds.map(\.rawValue))
            .where("resolved_at_ms", .is, SQLLiteral.null).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The ids of every alert on the episode, to tell afterwards which ones a request raised.
    static func alertIDs(on episodeID: String, in sql: any SQLDatabase) async throws -> Set<String> {
        Set(
            try await sql.select().column("id").from("episode_alerts").where("episode_id", .equal, episodeID).all()
                .map { try $0.decode(column: "id", as: String.self) })
    }

    /// The alerts on the episode that are not among `before`: what the current request raised.
    static func alertsRaised(on episodeID: String, since before: Set<String>, in sql: any SQLDatabase) async throws -> [EpisodeAlert] {
        try await sql.select().column("*").from("episode_alerts").where("episode_id", .equal, episodeID)
            .orderBy("raised_at_ms").all().map(alert).filter { !before.contains($0.id) }
    }

    static func resolve(_ kinds: [EpisodeAlert.Kind], on episodeID: String, at now: Date, in sql: any SQLDatabase) async throws {
        try await sql.update("episode_alerts").set("resolved_at_ms", to: now.millisecondsSince1970)
            .where("episode_id", .equal, episodeID).where("kind", .in, kinds.map(\.rawValue))
            .where("resolved_at_ms", .is, SQLLiteral.null).run()
    }

    // MARK: Children

    static func profile(_ row: any SQLRow) throws -> ChildProfile {
        try row.decode(model: ChildProfileRow.self, with: StoredRow.decoder).profile()
    }

    package static func saveProfile(_ p: ChildProfile, in sql: any SQLDatabase) async throws {
        try await sql.delete(from: ChildProfileRow.table).where("person_id", .equal, p.personID).run()
        try await sql.insert(into: ChildProfileRow.table).model(try ChildProfileRow(p), with: StoredRow.encoder).run()
    }

    static func loadProfile(_ personID: String, in sql: any SQLDatabase) async throws -> ChildProfile? {
        try await sql.select().column("*").from("child_profiles").where("person_id", .equal, personID).first().map(profile)
    }

    static func latestPhilomena(_ personID: String, in sql: any SQLDatabase) async throws -> PhilomenaProfile? {
        try await philomena(personID, version: nil, in: sql)
    }

    /// One version of the child's Philomena profile, or the latest when `version` is nil.
    static func philomena(_ personID: String, version: Int?, in sql: any SQLDatabase) async throws -> PhilomenaProfile? {
        var query = sql.select().column("*").from(PhilomenaProfileRow.table).where("person_id", .equal, personID)
        if let version { query = query.where("version", .equal, version) }
        return try await query.orderBy("version", .descending).limit(1).first(decoding: PhilomenaProfileRow.self, with: StoredRow.decoder)?
            .profile()
    }

    static func addVoice(_ voice: ChildVoice, episodeID: String?, in sql: any SQLDatabase) async throws {
        guard !voice.words.isEmpty else { return }
        try await sql.insert(into: "child_voice").model(ChildVoiceRow(id: StoredID.new(), voice, episodeId: episodeID), with: StoredRow.encoder)
            .run()
    }

    static func voices(_ personID: String, in sql: any SQLDatabase) async throws -> [ChildVoice] {
        try await sql.select().column("*").from("child_voice").where("person_id", .equal, personID)
            .orderBy("at_ms", .descending).limit(200).all(decoding: ChildVoiceRow.self, with: StoredRow.decoder).map(\.voice)
    }

    /// Puts a child on the exploitation-screening queue for `trigger`, keeping one waiting reason per trigger
    /// kind and subject (``ScreeningTrigger/change(waiting:rules:)``): a new key adds a reason; the same kind about
    /// the same thing replaces the waiting reason ("4 episodes in 90 days" in place of "3 episodes"), which keeps
    /// its place in the queue (when it first arrived) and points at the newer episode; the same words again are one arrival.
    package static func queueForScreening(
        _ childID: String, episode: String?, trigger: ScreeningTrigger, rules: ExploitationRules, at now: Date,
        in sql: any SQLDatabase
    ) async throws {
        let waiting = try await sql.select().column("reason").from("screening_queue").where("child_id", .equal, childID)
            .where("screened_at_ms", .is, SQLLiteral.null).orderBy("at_ms").all()
            .map { try $0.decode(column: "reason", as: String.self) }
        switch trigger.change(waiting: waiting, rules: rules) {
        case .none:
            return
        case .replace(let old):
            try await sql.update("screening_queue").set("reason", to: trigger.reason).set("source_episode_id", to: SQLBind(episode))
                .where("child_id", .equal, childID).where("reason", .equal, old).where("screened_at_ms", .is, SQLLiteral.null).run()
        case .add:
            try await queueForScreening(childID, episode: episode, reason: trigger.reason, at: now, in: sql)
        }
    }

    /// Puts a child on the exploitation-screening queue with a reason of no particular trigger kind (an alert's
    /// explanation, a concern recorded on the child's profile): each new reason is kept beside the others; the same
    /// reason twice while waiting is one arrival (what ``ScreeningTrigger`` does for its `other` kind).
    static func queueForScreening(_ childID: String, episode: String?, reason: String, at now: Date, in sql: any SQLDatabase) async throws {
        let waiting = try await sql.select().column("id").from("screening_queue").where("child_id", .equal, childID)
            .where("reason", .equal, reason).where("screened_at_ms", .is, SQLLiteral.null).first()
        guard waiting == nil else { return }
        let row = ScreeningQueueRow(
            id: StoredID.new(), childId: childID, reason: reason, sourceEpisodeId: episode,
            atMs: now.millisecondsSince1970, screenedAtMs: nil)
        try await sql.insert(into: "screening_queue").model(row, with: StoredRow.encoder).run()
    }

    /// Last-seen times of the child's episodes since `since`, across every borough.
    static func lastSeenTimes(child: String, since: Date, in sql: any SQLDatabase) async throws -> [Date] {
        try await sql.select().column("last_seen_at_ms").from("missing_episodes").where("child_id", .equal, child)
            .where("last_seen_at_ms", .greaterThan, since.millisecondsSince1970).all()
            .map { try StoredDate.required($0, "last_seen_at_ms") }
    }
}

/// `FOR UPDATE SKIP LOCKED` where the engine has it (PostgreSQL), so several Lantern servers can
/// share the clock work; SQLite's single writer already serialises, and gets no clause.
struct SkipLockedUpdate: SQLExpression {
    func serialize(to serializer: inout SQLSerializer) {
        guard serializer.dialect.name == "postgresql" else { return }
        serializer.write("FOR UPDATE SKIP LOCKED")
    }
}
