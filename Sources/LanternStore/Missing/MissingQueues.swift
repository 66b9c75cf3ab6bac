import Foundation
import LanternCore
import SQLKit

/// A review waiting for a supervisor, with where its clock stands.
public struct ReviewQueueItem: Sendable {
    public var episode: EpisodeSummary
    public var state: ReviewState
    /// The rank now responsible: the required one, or the one it has escalated to.
    public var responsibleRank: Rank
    /// Overdue and escalated to the reader's own rank: theirs now, at the top of their queue.
    public var escalatedToYou: Bool
}

/// An interview or enquiry waiting to be done.
public struct TaskQueueItem: Sendable {
    public var task: EpisodeTask
    public var episode: EpisodeSummary
    public var overdue: Bool
}

/// An episode with a data-quality alert still open: what is missing and since when.
public struct DataQualityItem: Sendable {
    public var episode: EpisodeSummary
    public var alert: EpisodeAlert
}

/// The live queues. Each shows names from children's records, so each read is logged as a
/// consultation of the records shown (without a purpose, like a search).
extension MissingStore {
    /// Children missing now: highest grade first, then longest missing.
    public func openEpisodes(context: AccessContext, limit: Int = 500) async throws -> [EpisodeSummary] {
        try await authoriser.require(.consultPersonRecord, context, recordType: Self.recordType)
        let now = now()
        return try await database.transaction { sql in
            let shown = Array(try await openItems(context: context, in: sql).prefix(limit))
            try await logQueue(shown.map(\.childID), name: "open missing", context: context, at: now, in: sql)
            return shown
        }
    }

    func openItems(context: AccessContext, in sql: any SQLDatabase) async throws -> [EpisodeSummary] {
        let rows = try await sql.select().columns(MissingRows.summaryColumns).from("missing_episodes")
            .where("status", .equal, EpisodeStatus.open.rawValue).limit(5_000).all()
        return try await visible(try rows.map(MissingRows.summary), context: context, in: sql)
            .sorted { a, b in a.grade != b.grade ? a.grade > b.grade : a.lastSeenAt < b.lastSeenAt }
    }

    /// Reviews the actor's rank may do: those escalated to their rank first, then overdue (most overdue
    /// first), then soonest due. A review stays open to the rank it was set for after it escalates; the
    /// escalation hands it to the next rank as well, at the top of that rank's queue.
    /// Below superintendent, a supervisor sees their own borough's episodes.
    public func reviewQueue(context: AccessContext, limit: Int = 500) async throws -> [ReviewQueueItem] {
        try await authoriser.require(.reviewMissingEpisode, context, recordType: Self.recordType)
        let now = now()
        return try await database.transaction { sql in
            let shown = Array(try await reviewItems(context: context, at: now, in: sql).prefix(limit))
            try await logQueue(shown.map(\.episode.childID), name: "reviews", context: context, at: now, in: sql)
            return shown
        }
    }

    func reviewItems(context: AccessContext, at now: Date, in sql: any SQLDatabase) async throws -> [ReviewQueueItem] {
        let actor = context.actor
        var query = Self.needingReview(sql.select().columns(MissingRows.summaryColumns).from("missing_episodes"))
        if actor.rank < .superintendent { query = query.where("borough", .equal, actor.borough) }
        let summaries = try await visible(try await query.limit(5_000).all().map(MissingRows.summary), context: context, in: sql)
        var items = summaries.compactMap { Self.reviewItem($0, for: actor, at: now, rules: rules) }
        items.sort { a, b in
            a.escalatedToYou != b.escalatedToYou ? a.escalatedToYou : a.episode.nextReview.dueAt < b.episode.nextReview.dueAt
        }
        return items
    }

    /// Episodes owing a supervisory review: missing now, or found with the return not yet reviewed.
    static func needingReview(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
        query.where { group in
            group.where("status", .equal, EpisodeStatus.open.rawValue).orWhere { found in
                found.where("status", .equal, EpisodeStatus.found.rawValue).where("return_reviewed_at_ms", .is, SQLLiteral.null)
            }
        }
    }

    /// The queue row for one open episode, or nil when the actor's rank may not do its review.
    static func reviewItem(_ summary: EpisodeSummary, for actor: Actor, at now: Date, rules: MissingRules) -> ReviewQueueItem? {
        let state = SupervisionClock.state(of: summary.nextReview, at: now, rules: rules)
        var responsible = summary.nextReview.rank
        var escalated = false
        if case .overdue(_, let level, let rank) = state {
            responsible = rank
            escalated = level >= 1 && rank > summary.nextReview.rank
        }
        guard summary.nextReview.rank <= actor.rank || responsible <= actor.rank else { return nil }
        return ReviewQueueItem(episode: summary, state: state, responsibleRank: responsible, escalatedToYou: escalated && responsible == actor.rank)
    }

    /// Episodes not yet closed whose local authority has not been told the child is missing, past the
    /// configured time: the data-quality alert the clock raised, oldest first. Closure is blocked until
    /// a notification is recorded, and recording one clears the alert and the row.
    public func dataQualityQueue(context: AccessContext, limit: Int = 500) async throws -> [DataQualityItem] {
        try await authoriser.require(.consultPersonRecord, context, recordType: Self.recordType)
        let now = now()
        return try await database.transaction { sql in
            let shown = Array(try await dataQualityItems(context: context, in: sql).prefix(limit))
            try await logQueue(shown.map(\.episode.childID), name: "data quality", context: context, at: now, in: sql)
            return shown
        }
    }

    func dataQualityItems(context: AccessContext, in sql: any SQLDatabase) async throws -> [DataQualityItem] {
        let alerts = try await sql.select().column("*").from("episode_alerts")
            .where("kind", .equal, EpisodeAlert.Kind.localAuthorityNotMissing.rawValue).where("resolved_at_ms", .is, SQLLiteral.null)
            .orderBy("raised_at_ms").limit(5_000).all().map(MissingRows.alert)
        var byEpisode: [String: EpisodeAlert] = [:]
        for alert in alerts where byEpisode[alert.episodeID] == nil { byEpisode[alert.episodeID] = alert }
        let ids = Array(byEpisode.keys)
        var episodes: [EpisodeSummary] = []
        for chunk in stride(from: 0, to: ids.count, by: 500) {
            episodes += try await sql.select().columns(MissingRows.summaryColumns).from("missing_episodes")
                .where("id", .in, Array(ids[chunk..<min(ids.count, chunk + 500)]))
                .where("status", .notEqual, EpisodeStatus.closed.rawValue).all().map(MissingRows.summary)
        }
        return try await visible(episodes, context: context, in: sql).compactMap { summary in
            byEpisode[summary.id].map { DataQualityItem(episode: summary, alert: $0) }
        }.sorted { $0.alert.raisedAt < $1.alert.raisedAt }
    }

    static let interviewKinds = [EpisodeTaskKind.preventionInterview.rawValue, EpisodeTaskKind.returnHomeInterview.rawValue]

    /// Prevention interviews and return home interviews not yet done, soonest due first. A return home
    /// interview stays here after its episode closes, until the local authority's outcome is recorded.
    public func interviewQueue(context: AccessContext, limit: Int = 500) async throws -> [TaskQueueItem] {
        try await authoriser.require(.consultPersonRecord, context, recordType: Self.recordType)
        return try await taskQueue(context: context, name: "interviews", limit: limit) { query in
            query.where("kind", .in, Self.interviewKinds)
        }
    }

    /// Tasks owned by the actor.
    public func myTasks(context: AccessContext, limit: Int = 500) async throws -> [TaskQueueItem] {
        try await authoriser.require(.consultPersonRecord, context, recordType: Self.recordType)
        let username = context.actor.username
        return try await taskQueue(context: context, name: "my tasks", limit: limit) { query in
            query.where("owner", .equal, username)
        }
    }

    func taskQueue(
        context: AccessContext, name: String, limit: Int,
        _ filter: @Sendable @escaping (SQLSelectBuilder) -> SQLSelectBuilder
    ) async throws -> [TaskQueueItem] {
        let now = now()
        return try await database.transaction { sql in
            let shown = Array(try await taskItems(context: context, at: now, in: sql, filter).prefix(limit))
            try await logQueue(shown.map(\.episode.childID), name: name, context: context, at: now, in: sql)
            return shown
        }
    }

    func taskItems(
        context: AccessContext, at now: Date, in sql: any SQLDatabase,
        _ filter: (SQLSelectBuilder) -> SQLSelectBuilder
    ) async throws -> [TaskQueueItem] {
        let query = sql.select().columns(MissingRows.taskColumns).from("episode_tasks")
            .where("completed_at_ms", .is, SQLLiteral.null)
        let tasks = try await filter(query).orderBy("due_at_ms").limit(2_000).all().map(MissingRows.task).filter(\.isOpen)
        let ids = Array(Set(tasks.map(\.episodeID)))
        var episodes: [EpisodeSummary] = []
        for chunk in stride(from: 0, to: ids.count, by: 500) {
            let part = Array(ids[chunk..<min(ids.count, chunk + 500)])
            episodes += try await sql.select().columns(MissingRows.summaryColumns).from("missing_episodes")
                .where("id", .in, part).all().map(MissingRows.summary)
        }
        let summaries = Dictionary(
            try await visible(episodes, context: context, in: sql).map { ($0.id, $0) },
            uniquingKeysWith: { a, _ in a })
        return tasks.compactMap { task -> TaskQueueItem? in
            guard let summary = summaries[task.episodeID],
                summary.status != .closed || task.kind == .returnHomeInterview
            else { return nil }
            return TaskQueueItem(task: task, episode: summary, overdue: task.isOverdue(at: now))
        }
    }

    /// Summaries of the episodes whose child the actor may see, with names and open-alert counts.
    func visible(_ episodes: [EpisodeSummary], context: AccessContext, in sql: any SQLDatabase) async throws -> [EpisodeSummary] {
        guard !episodes.isEmpty else { return [] }
        var people: [String: Person] = [:]
        var alerts: [String: Int] = [:]
        let childIDs = Array(Set(episodes.map(\.childID)))
        for chunk in stride(from: 0, to: childIDs.count, by: 500) {
            let part = Array(childIDs[chunk..<min(childIDs.count, chunk + 500)])
            for row in try await sql.select().columns(MissingRows.scopeColumns).from("people").where("id", .in, part).all() {
                let person = try MissingRows.scopedPerson(row)
                people[person.id] = person
            }
        }
        let episodeIDs = episodes.map(\.id)
        for chunk in stride(from: 0, to: episodeIDs.count, by: 500) {
            let part = Array(episodeIDs[chunk..<min(episodeIDs.count, chunk + 500)])
            for row in try await sql.select().column("episode_id").from("episode_alerts").where("episode_id", .in, part)
                .where("resolved_at_ms", .is, SQLLiteral.null).all()
            {
                alerts[try row.decode(column: "episode_id", as: String.self), default: 0] += 1
            }
        }
        return episodes.compactMap { episode in
            guard let child = people[episode.childID],
                policy.decide(context.actor, .consultPersonRecord, on: child.scope).isAllowed
            else { return nil }
            var summary = episode
            summary.childName = child.displayName
            summary.openAlerts = alerts[episode.id] ?? 0
            return summary
        }
    }

    func logQueue(_ childIDs: [String], name: String, context: AccessContext, at now: Date, in sql: any SQLDatabase) async throws {
        guard !childIDs.isEmpty else { return }
        var unique: [String] = []
        var seen: Set<String> = []
        for id in childIDs where seen.insert(id).inserted { unique.append(id) }
        try await AccessLogStore.append(
            context.entry(
                at: now, .consult, recordType: PersonStore.recordType, recordIDs: unique,
                detail: "queue: \(name)"), in: sql)
    }

    /// Counts for the home page: how much is waiting, without showing any record. Each counts the
    /// same visible items its queue shows, so a restricted record the reader cannot open is not counted.
    public func counts(context: AccessContext) async throws -> [String: Int] {
        let now = now()
        let username = context.actor.username
        return try await database.read { sql in
            let reviews = try await reviewItems(context: context, at: now, in: sql).filter { $0.state.isOverdue }
            let interviews = try await taskItems(context: context, at: now, in: sql) { $0.where("kind", .in, Self.interviewKinds) }
            return [
                "open": try await openItems(context: context, in: sql).count,
                "reviewsOverdue": reviews.count,
                "localAuthorityNotNotified": try await dataQualityItems(context: context, in: sql).count,
                "reviewsEscalatedToYou": reviews.filter(\.escalatedToYou).count,
                "interviewsOverdue": interviews.filter(\.overdue).count,
                "myTasks": try await taskItems(context: context, at: now, in: sql) { $0.where("owner", .equal, username) }.count,
            ]
        }
    }
}
