import Foundation
import LanternCore
import SQLKit

/// The episode clocks as rows: each is a moment something must happen. A runner claims the due
/// rows and fires each in the transaction that marks it fired, so a clock survives a restart and
/// never fires twice, even with several servers sharing one PostgreSQL.
public enum ClockJobs {
    public enum Kind: String, Sendable, CaseIterable {
        /// The supervisory review is due; firing escalates it one rank.
        case review
        /// The local-authority notification should have been recorded by now.
        case localAuthorityNotification = "la-notification"
        /// The prevention interview's deadline.
        case preventionInterview = "prevention-interview"
        /// The return home interview's 72-hour deadline.
        case returnInterview = "return-interview"
        /// Still missing this long after last seen: the long-term missing escalation.
        case longTermMissing = "long-term-missing"
    }

    package static func schedule(
        _ kind: Kind, episodeID: String, subject: String, level: Int = 1, at due: Date, basis: Date,
        in sql: any SQLDatabase
    ) async throws {
        let row = ClockJobRow(id: StoredID.new(), kind, episodeID: episodeID, subject: subject, level: level, at: due, basis: basis)
        try await sql.insert(into: ClockJobRow.table).model(row, with: StoredRow.encoder).run()
    }

    /// A new review clock for the episode's current due time (and any older one cancelled).
    package static func scheduleReview(_ episode: MissingEpisode, in sql: any SQLDatabase) async throws {
        try await cancel(.review, episodeID: episode.id, in: sql)
        try await schedule(
            .review, episodeID: episode.id, subject: episode.id, at: episode.nextReview.dueAt,
            basis: episode.nextReview.dueAt, in: sql)
    }

    static func cancel(_ kind: Kind?, episodeID: String, subject: String? = nil, in sql: any SQLDatabase) async throws {
        var update = sql.update("clock_jobs").set("state", to: "cancelled").where("episode_id", .equal, episodeID)
            .where("state", .equal, "pending")
        if let kind { update = update.where("kind", .equal, kind.rawValue) }
        if let subject { update = update.where("subject_id", .equal, subject) }
        try await update.run()
    }

    /// Fires every job due at `now` (at most `limit`), each in its own transaction. Returns how many fired.
    ///
    /// A job of a kind this Lantern does not know is set aside (state `unknown`) so it cannot hold up the jobs
    /// behind it, and then reported: the run stops with its ``StoredValueUnknown``.
    public static func runDue(database: LanternDatabase, rules: MissingRules, now: Date, limit: Int = 200) async throws -> Int {
        var fired = 0
        while fired < limit {
            let outcome: RunOutcome = try await database.transaction { sql in
                guard
                    let job = try await sql.select().column("*").from(ClockJobRow.table).where("state", .equal, "pending")
                        .where("due_at_ms", .lessThanOrEqual, now.millisecondsSince1970).orderBy("due_at_ms").limit(1)
                        .lockingClause(SkipLockedUpdate()).first(decoding: ClockJobRow.self, with: StoredRow.decoder)
                else { return .noneDue }
                let kind: Kind
                do {
                    kind = try job.jobKind()
                } catch let unknown as StoredValueUnknown {
                    try await mark(job.id, "unknown", at: now, in: sql)
                    return .unknown(unknown)
                }
                let effect = try await fire(
                    kind, episodeID: job.episodeId, subject: job.subjectId, level: job.level,
                    basis: Date(millisecondsSince1970: job.basisMs), rules: rules, now: now, in: sql)
                try await mark(job.id, effect == "stale" ? "stale" : "fired", at: now, in: sql)
                return .fired
            }
            switch outcome {
            case .noneDue: return fired
            case .unknown(let unknown): throw unknown
            case .fired: fired += 1
            }
        }
        return fired
    }

    private enum RunOutcome: Sendable {
        case noneDue, fired
        case unknown(StoredValueUnknown)
    }

    /// Ends a pending job in `state` ("fired", "stale" or "unknown").
    private static func mark(_ id: String, _ state: String, at now: Date, in sql: any SQLDatabase) async throws {
        try await sql.update(ClockJobRow.table).set("state", to: state).set("fired_at_ms", to: now.millisecondsSince1970)
            .where("id", .equal, id).where("state", .equal, "pending").run()
    }

    /// What a clock does when it fires. Returns "stale" when the thing it watched already happened.
    static func fire(
        _ kind: Kind, episodeID: String, subject: String, level: Int, basis: Date, rules: MissingRules, now: Date,
        in sql: any SQLDatabase
    ) async throws -> String {
        guard
            let row = try await sql.select().columns(MissingRows.episodeColumns).from("missing_episodes")
                .where("id", .equal, episodeID).for(.update).first()
        else { return "stale" }
        let episode = try MissingRows.episode(row)
        switch kind {
        case .review:
            // A review since the clock was set moved the due time: this clock is stale.
            guard episode.needsReview, episode.nextReview.dueAt == basis else { return "stale" }
            let rank = SupervisionClock.escalatedRank(from: episode.nextReview.rank, level: level, rules: rules)
            try await sql.update("missing_episodes").set("escalation_level", to: level).where("id", .equal, episodeID).run()
            try await MissingRows.raise(
                .reviewOverdue, level: level, on: episodeID,
                detail: "The \(episode.nextReview.rank.title.lowercased()) review due "
                    + "\(ISO8601DateFormatter().string(from: episode.nextReview.dueAt)) is overdue: "
                    + "escalated to \(rank.title.lowercased())", at: now, in: sql)
            let next = SupervisionClock.escalatedRank(from: episode.nextReview.rank, level: level + 1, rules: rules)
            if next != rank {
                try await schedule(
                    .review, episodeID: episodeID, subject: episodeID, level: level + 1,
                    at: SupervisionClock.escalationTime(of: episode.nextReview, level: level + 1, rules: rules),
                    basis: basis, in: sql)
            }
            return "fired"
        case .localAuthorityNotification:
            guard episode.localAuthorityNotifiedAt == nil, episode.status != .closed else { return "stale" }
            try await MissingRows.raise(
                .localAuthorityNotMissing, on: episodeID,
                detail:
                    "No notification to the local authority recorded \(rules.localAuthorityNotification.alertAfterMinutes) minutes after the report",
                at: now, in: sql)
            return "fired"
        case .longTermMissing:
            guard episode.status == .open else { return "stale" }
            let owner =
                try await sql.select().column("username").from("users").where("id", .equal, episode.createdBy).first()
                .map { try $0.decode(column: "username", as: String.self) } ?? "coordinator"
            try await MissingRows.insertTask(
                EpisodeTask(
                    id: StoredID.new(), episodeID: episodeID, kind: .longTermMissing,
                    title: rules.longTermMissing.title, owner: owner,
                    dueAt: now.addingTimeInterval(Double(rules.longTermMissing.dueMinutes) * 60),
                    createdAt: now), createdBy: episode.createdBy, in: sql)
            try await MissingRows.raise(
                .longTermMissing, on: episodeID,
                detail: "Still missing \(rules.longTermMissing.afterDays) days after last seen", at: now, in: sql)
            return "fired"
        case .preventionInterview, .returnInterview:
            guard
                let taskRow = try await sql.select().columns(MissingRows.taskColumns).from("episode_tasks")
                    .where("id", .equal, subject).first()
            else { return "stale" }
            let task = try MissingRows.task(taskRow)
            // The return home interview is tracked past closure; the other clocks end with the episode.
            guard task.isOpen, episode.status != .closed || kind == .returnInterview else { return "stale" }
            try await MissingRows.raise(
                kind == .preventionInterview ? .preventionInterviewOverdue : .returnInterviewOverdue,
                on: episodeID, detail: "\(task.kind.title) was due \(ISO8601DateFormatter().string(from: task.dueAt))",
                at: now, in: sql)
            return "fired"
        }
    }

    /// Pending clocks, for the health page and tests.
    public static func pending(database: LanternDatabase) async throws -> Int {
        try await database.read { sql in
            try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("clock_jobs")
                .where("state", .equal, "pending").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }
}
