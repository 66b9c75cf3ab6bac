import Foundation
import LanternCore
import SQLKit

/// One episode with everything recorded on it, as its page and the API show it.
public struct EpisodeRecord: Sendable {
    public var episode: MissingEpisode
    public var child: Person
    public var profile: ChildProfile?
    public var philomena: PhilomenaProfile?
    public var assessments: [RecordedAssessment]
    public var reviews: [SupervisoryReview]
    public var contacts: [AgencyContact]
    public var sightings: [RecordedSighting]
    public var found: FoundRecord?
    public var tasks: [EpisodeTask]
    public var alerts: [EpisodeAlert]
    public var repeatMissing: RepeatMissingStatus
    /// The child's other episodes, newest first (the history shown on every view).
    public var history: [EpisodeSummary]
    /// Flags-register alerts raised on the child's other episodes: "previously found at / with a flagged
    /// person or place", shown on every later episode with its explanation.
    public var previouslyFlagged: [String] = []
    /// The alerts the request that returned this record raised (the found record's answer carries them).
    public var alertsRaised: [EpisodeAlert] = []

    public var preventionInterview: EpisodeTask? { tasks.first { $0.kind == .preventionInterview } }
    public var returnInterview: EpisodeTask? { tasks.first { $0.kind == .returnHomeInterview } }

    /// What closure still needs.
    public var unmetForClosure: [FieldError] {
        EpisodeClosure.unmet(
            status: episode.status, hasFoundRecord: found != nil, preventionInterview: preventionInterview,
            localAuthorityNotified: episode.localAuthorityNotifiedAt != nil || episode.subject == .adultAtRisk,
            unreviewedFlagAlerts: unreviewedFlagAlerts, afterReturn: afterReturn)
    }

    /// The return's part of closure: the supervisor's review of it and who was told the child is back.
    public var afterReturn: EpisodeClosure.AfterReturn {
        // Telling children's social care of the return is a duty to children; an adult's return is reviewed all the same.
        if episode.subject == .adultAtRisk { return EpisodeClosure.AfterReturn(returnReviewed: episode.returnReviewedAt != nil) }
        let foundAt = found?.foundAt ?? .distantFuture
        let told = contacts.filter { $0.agency.isLocalAuthority && $0.at >= foundAt }.map(\.organisation)
        var authorities: [String] = []
        if let profile, profile.lookedAfter {
            authorities.append(profile.responsibleAuthority)
            if profile.placedOutOfArea { authorities.append(profile.hostAuthority) }
        }
        return EpisodeClosure.AfterReturn(
            returnReviewed: episode.returnReviewedAt != nil, toldOfReturn: told, authorities: authorities,
            toldAtAll: contacts.filter { $0.agency.isLocalAuthority }.map(\.organisation))
    }

    /// Flags-register alerts still waiting for the supervisor's risk review they require.
    public var unreviewedFlagAlerts: Int {
        alerts.filter { EpisodeAlert.Kind.flagMatches.contains($0.kind) && $0.resolvedAt == nil }.count
    }
}

/// An episode in a list: enough to recognise it and see how urgent it is.
public struct EpisodeSummary: Sendable, Equatable {
    public var id: String
    public var reference: String
    public var childID: String
    public var childName: String
    public var status: EpisodeStatus
    public var grade: RiskGrade
    public var lastSeenAt: Date
    public var foundAt: Date?
    public var nextReview: ReviewDue
    public var repeatCount: Int
    public var localAuthorityNotified: Bool
    public var borough: String
    public var openAlerts: Int
}

extension MissingStore {
    /// Opens an episode: always a child's record, so a purpose is required; logged before it is returned.
    public func episode(_ id: String, purpose: AccessPurpose?, purposeNote: String = "", context: AccessContext) async throws -> EpisodeRecord {
        try await authoriser.require(.consultPersonRecord, context, recordType: Self.recordType)
        if purposeNote.unicodeScalars.count > maximumReferenceLength {
            throw ValidationFailure("purposeNote", "The reference must be \(maximumReferenceLength) characters or fewer")
        }
        let now = now()
        let rules = self.rules
        let outcome: Result<EpisodeRecord, any Error> = try await database.transaction { sql in
            guard let (episode, child) = try await Self.loadEpisode(id, in: sql) else {
                return .failure(RecordNotFound(recordType: "missing episode", id: id))
            }
            if case .deny(let reason) = policy.decide(context.actor, .consultPersonRecord, on: child.scope) {
                return .failure(AccessDenied(permission: .consultPersonRecord, reason: reason))
            }
            guard purpose != nil else { return .failure(PurposeRequired()) }
            var record = try await Self.assemble(episode, child: child, rules: rules, now: now, in: sql)
            let named = try await PersonMentions.render(&record, for: context.actor, policy: policy, in: sql)
            try await AccessLogStore.append(
                context.entry(
                    at: now, .consult, recordType: Self.recordType,
                    recordIDs: [id, child.id] + named.filter { $0 != child.id },
                    purpose: purpose, purposeNote: purposeNote), in: sql)
            return .success(record)
        }
        return try await settle(outcome, id: id, permission: .consultPersonRecord, context: context)
    }

    static func loadEpisode(_ id: String, forUpdate: Bool = false, in sql: any SQLDatabase) async throws -> (MissingEpisode, Person)? {
        guard id.count <= 64 else { return nil }
        var query = sql.select().columns(MissingRows.episodeColumns).from("missing_episodes").where("id", .equal, id)
        if forUpdate { query = query.for(.update) }
        guard let row = try await query.first() else { return nil }
        let episode = try MissingRows.episode(row)
        guard let child = try await PersonStore.load(sql, episode.childID) else { return nil }
        return (episode, child)
    }

    static func assemble(
        _ episode: MissingEpisode, child: Person, rules: MissingRules, now: Date,
        in sql: any SQLDatabase
    ) async throws -> EpisodeRecord {
        let id = episode.id
        let assessments = try await sql.select().column("*").from("risk_assessments").where("episode_id", .equal, id)
            .orderBy("assessed_at_ms").all().map(MissingRows.assessment)
        let reviews = try await sql.select().column("*").from("supervisory_reviews").where("episode_id", .equal, id)
            .orderBy("at_ms").all().map(MissingRows.review)
        let contacts = try await sql.select().column("*").from("agency_contacts").where("episode_id", .equal, id)
            .orderBy("at_ms").all().map(MissingRows.contact)
        let sightings = try await sql.select().column("*").from("sightings").where("episode_id", .equal, id)
            .orderBy("at_ms").all().map(MissingRows.sighting)
        let found = try await sql.select().column("*").from("found_records").where("episode_id", .equal, id).first().map(MissingRows.found)
        let tasks = try await sql.select().columns(MissingRows.taskColumns).from("episode_tasks").where("episode_id", .equal, id)
            .orderBy("due_at_ms").all().map(MissingRows.task)
        let alerts = try await sql.select().column("*").from("episode_alerts").where("episode_id", .equal, id)
            .orderBy("raised_at_ms", .descending).all().map(MissingRows.alert)
        let history = try await childEpisodes(child.id, name: child.displayName, in: sql)
        let repeatStatus = RepeatMissing.evaluate(lastSeen: history.map(\.lastSeenAt), at: now, rules: rules)
        return EpisodeRecord(
            episode: episode, child: child, profile: try await MissingRows.loadProfile(child.id, in: sql),
            philomena: try await MissingRows.latestPhilomena(child.id, in: sql), assessments: assessments, reviews: reviews,
            contacts: contacts, sightings: sightings, found: found, tasks: tasks, alerts: alerts, repeatMissing: repeatStatus,
            history: history, previouslyFlagged: try await RiskRecord.flaggedFinds(child.id, excludingEpisode: id, in: sql))
    }

    /// The child's episodes, newest first, each with its count of open alerts.
    static func childEpisodes(_ childID: String, name: String, in sql: any SQLDatabase) async throws -> [EpisodeSummary] {
        let open = try await openAlertCounts(child: childID, in: sql)
        return try await sql.select().columns(MissingRows.episodeColumns).from("missing_episodes").where("child_id", .equal, childID)
            .orderBy("last_seen_at_ms", .descending).limit(500).all()
            .map { row in
                let episode = try MissingRows.episode(row)
                return summary(episode, childName: name, openAlerts: open[episode.id] ?? 0)
            }
    }

    /// Open alerts per episode of one child, in one grouped query.
    static func openAlertCounts(child childID: String, in sql: any SQLDatabase) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try await sql.select().column(SQLColumn("episode_id", table: "episode_alerts"))
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("episode_alerts").join(
                "missing_episodes", on: SQLColumn("episode_id", table: "episode_alerts"), .equal,
                SQLColumn("id", table: "missing_episodes")
            )
            .where(SQLColumn("child_id", table: "missing_episodes"), .equal, SQLBind(childID))
            .where(SQLColumn("resolved_at_ms", table: "episode_alerts"), .is, SQLLiteral.null)
            .groupBy(SQLColumn("episode_id", table: "episode_alerts")).all()
        {
            counts[try row.decode(column: "episode_id", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    static func summary(_ e: MissingEpisode, childName: String, openAlerts: Int) -> EpisodeSummary {
        EpisodeSummary(
            id: e.id, reference: e.reference, childID: e.childID, childName: childName, status: e.status, grade: e.grade,
            lastSeenAt: e.report.lastSeenAt, foundAt: e.foundAt, nextReview: e.nextReview, repeatCount: e.repeatCount,
            localAuthorityNotified: e.localAuthorityNotifiedAt != nil, borough: e.borough, openAlerts: openAlerts)
    }
}
