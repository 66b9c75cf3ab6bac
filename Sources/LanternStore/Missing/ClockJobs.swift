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
        try await sql.insert(into: "clock_jobs")
            .columns("id", "kind", "episode_id", "subject_id", "level", "due_at_ms", "basis_ms", "state", "fired_at_ms")
            .values(
                SQLBind(StoredID.new()), SQLBind(kind.rawValue), SQLBind(episodeID), SQLBind(subject), SQLBind(level),
                SQLBind(due.millisecondsSince1970), SQLBind(basis.millisecondsSince1970), SQLBind("pending"),
                SQLBind(nil as Int64?)
            )
            .run()
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
    public static func runDue(database: LanternDatabase, rules: MissingRules, now: Date, limit: Int = 200) async throws -> Int {
        var fired = 0
        while fired < limit {
            let done: Bool = try await database.transaction { sql in
                guard
                    let row = try await sql.select().columns("id", "kind", "episode_id", "subject_id", "level", "due_at_ms", "basis_ms")
                        .from("clock_jobs").where("state", .equal, "pending").where("due_at_ms", .lessThanOrEqual, now.millisecondsSince1970)
                        .orderBy("due_at_ms").limit(1).lockingClause(SkipLockedUpdate()).first()
                else { return true }
                let id = try row.decode(column: "id", as: String.self)
                let kind = Kind(rawValue: try row.decode(column: "kind", as: String.self))
                let episodeID = try row.decode(column: "episode_id", as: String.self)
                let effect: String
                if let kind {
                    effect = try await fire(
                        kind, episodeID: episodeID, subject: try row.decode(column: "subject_id", as: String.self),
                        level: try row.decode(column: "level", as: Int.self),
                        basis: StoredDate.required(row, "basis_ms"), rules: rules, now: now, in: sql)
                } else {
                    effect = "unknown"
                }
                try await sql.update("clock_jobs").set("state", to: effect == "stale" ? "stale" : "fired")
                    .set("fired_at_ms", to: now.millisecondsSince1970).where("id", .equal, id).where("state", .equal, "pending").run()
                return false
            }
            if done { break }
            fired += 1
        }
        return fired
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
