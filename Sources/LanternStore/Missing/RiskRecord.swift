import Foundation
import LanternCore
import SQLKit

/// Reads what Lantern already holds about a child that bears on a missing-episode grade: the profile,
/// every other episode in the history window, open exploitation concerns, the latest screening and
/// earlier finds with flagged people or places. Core turns it into factors by the rule pack.
enum RiskRecord {
    static func facts(
        child: Person, excludingEpisode: String?, lastSeen: Date, rules: MissingRules, exploitation: ExploitationRules,
        in sql: any SQLDatabase
    ) async throws -> ChildRecordFacts {
        let since = lastSeen.addingTimeInterval(-Double(max(rules.history.withinDays, rules.repeatMissing.withinDays)) * 86_400)
        var episodes = sql.select().column("last_seen_at_ms").from("missing_episodes").where("child_id", .equal, child.id)
            .where("last_seen_at_ms", .greaterThan, since.millisecondsSince1970)
        if let excludingEpisode { episodes = episodes.where("id", .notEqual, excludingEpisode) }
        let earlier = try await episodes.all().map { try StoredDate.required($0, "last_seen_at_ms") }
        return ChildRecordFacts(
            profile: try await MissingRows.loadProfile(child.id, in: sql), dateOfBirth: child.dateOfBirth,
            earlierLastSeen: earlier, openConcerns: try await openConcerns(child.id, in: sql),
            latestScreening: try await latestScreening(child.id, exploitation: exploitation, in: sql),
            flaggedFinds: try await flaggedFinds(child.id, excludingEpisode: excludingEpisode, in: sql),
            domesticAbuseIncidents: try await domesticAbuseIncidents(
                child.id, from: lastSeen.addingTimeInterval(-Double(rules.history.withinDays) * 86_400), to: lastSeen, in: sql))
    }

    /// The domestic abuse incidents the child was at in the window, each with its reference, day and how the child was there.
    static func domesticAbuseIncidents(_ childID: String, from: Date, to: Date, in sql: any SQLDatabase) async throws -> [String] {
        try await sql.select().column(SQLColumn("reference", table: "da_incidents")).column(SQLColumn("occurred_at_ms", table: "da_incidents"))
            .column(SQLColumn("role", table: "da_incident_people"))
            .from("da_incident_people").join(
                "da_incidents", on: SQLColumn("incident_id", table: "da_incident_people"), .equal, SQLColumn("id", table: "da_incidents")
            )
            .where(SQLColumn("person_id", table: "da_incident_people"), .equal, SQLBind(childID))
            .where(SQLColumn("part", table: "da_incident_people"), .equal, SQLBind(IncidentPersonRow.child))
            .where(SQLColumn("occurred_at_ms", table: "da_incidents"), .greaterThan, SQLBind(from.millisecondsSince1970))
            .where(SQLColumn("occurred_at_ms", table: "da_incidents"), .lessThanOrEqual, SQLBind(to.millisecondsSince1970))
            .orderBy(SQLColumn("occurred_at_ms", table: "da_incidents")).limit(20).all().map { row in
                let presence = try StoredCode.known(
                    ChildPresence.self, try row.decode(column: "role", as: String.self), table: "da_incident_people", column: "role")
                let day = WorkingDays.ukDay(of: Date(millisecondsSince1970: try row.decode(column: "occurred_at_ms", as: Int64.self)))
                return "\(try row.decode(column: "reference", as: String.self)) on \(day) (\(presence.title.lowercased()))"
            }
    }

    /// References of the open exploitation concerns the child is on as a child (not removed from).
    static func openConcerns(_ childID: String, in sql: any SQLDatabase) async throws -> [String] {
        try await sql.select().column(SQLColumn("reference", table: "concerns"))
            .from("concern_entities").join(
                "concerns", on: SQLColumn("concern_id", table: "concern_entities"), .equal, SQLColumn("id", table: "concerns")
            )
            .where(SQLColumn("entity_id", table: "concern_entities"), .equal, SQLBind(childID))
            .where(SQLColumn("role", table: "concern_entities"), .equal, SQLBind(ConcernEntity.Role.child.rawValue))
            .where(SQLColumn("removed_at_ms", table: "concern_entities"), .is, SQLLiteral.null)
            .where(SQLColumn("status", table: "concerns"), .equal, SQLBind(ConcernStatus.open.rawValue))
            .orderBy(SQLColumn("reference", table: "concerns")).all()
            .map { try $0.decode(column: "reference", as: String.self) }
    }

    static func latestScreening(
        _ childID: String, exploitation: ExploitationRules,
        in sql: any SQLDatabase
    ) async throws -> (band: String, title: String)? {
        guard
            let row = try await sql.select().column("band").from("screenings").where("child_id", .equal, childID)
                .orderBy("screened_at_ms", .descending).limit(1).first()
        else { return nil }
        let band = try row.decode(column: "band", as: String.self)
        guard let known = exploitation.bands.first(where: { $0.code == band }) else {
            throw StoredValueUnknown(table: "screenings", column: "band", value: band)
        }
        return (band: band, title: known.title)
    }

    /// Each flags-register alert raised on another of the child's episodes, with that episode's reference.
    static func flaggedFinds(_ childID: String, excludingEpisode: String?, in sql: any SQLDatabase) async throws -> [String] {
        var query = sql.select().column(SQLColumn("detail", table: "episode_alerts")).column(SQLColumn("reference", table: "missing_episodes"))
            .column(SQLColumn("raised_at_ms", table: "episode_alerts"))
            .from("episode_alerts").join(
                "missing_episodes", on: SQLColumn("episode_id", table: "episode_alerts"), .equal,
                SQLColumn("id", table: "missing_episodes")
            )
            .where(SQLColumn("child_id", table: "missing_episodes"), .equal, SQLBind(childID))
            .where(SQLColumn("kind", table: "episode_alerts"), .in, SQLBind.group(EpisodeAlert.Kind.flagMatches.map(\.rawValue)))
        if let excludingEpisode {
            query = query.where(SQLColumn("id", table: "missing_episodes"), .notEqual, SQLBind(excludingEpisode))
        }
        return try await query.orderBy(SQLColumn("raised_at_ms", table: "episode_alerts")).limit(20).all().map { row in
            "\(try row.decode(column: "detail", as: String.self)) (\(try row.decode(column: "reference", as: String.self)))"
        }
    }
}
