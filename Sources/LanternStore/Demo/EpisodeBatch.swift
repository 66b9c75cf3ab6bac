import Foundation
import LanternCore
import SQLKit

/// One transaction's worth of generated episodes and everything recorded on them.
struct EpisodeBatch {
    var episodes: [MissingEpisode] = []
    var assessments: [RecordedAssessment] = []
    var contacts: [AgencyContact] = []
    var found: [(String, FoundRecord)] = []
    var tasks: [EpisodeTask] = []
    var narratives: [(id: String, episode: String, borough: String, team: String, at: Date, findings: [LanguageFinding])] = []

    func write(_ store: Store, system: Actor, now: Date, rules: MissingRules, nowMs: Int64) async throws {
        guard !episodes.isEmpty else { return }
        let packVersion = store.language.checker.pack.version
        try await store.database.transaction { sql in
            var insert = sql.insert(into: "missing_episodes").columns(MissingRows.episodeColumns)
            for episode in episodes { insert = insert.values(MissingRows.binds(episode)) }
            try await insert.run()
            for (episode, assessment) in zip(episodes, assessments) {
                try await MissingStore.insertAssessment(assessment, episodeID: episode.id, in: sql)
            }
            for chunk in stride(from: 0, to: contacts.count, by: 400) {
                var rows = sql.insert(into: "agency_contacts")
                    .columns("id", "episode_id", "agency", "organisation", "person_name", "at_ms", "method", "summary", "reference",
                             "notifies_la", "recorded_by", "recorded_at_ms")
                for c in contacts[chunk..<min(contacts.count, chunk + 400)] {
                    rows = rows.values(SQLBind(c.id), SQLBind(c.episodeID), SQLBind(c.agency.rawValue), SQLBind(c.organisation),
                                       SQLBind(c.personName), SQLBind(c.at.millisecondsSince1970), SQLBind(c.method.rawValue), SQLBind(c.summary),
                                       SQLBind(c.reference), SQLBind(c.notifiesLocalAuthority ? 1 : 0), SQLBind(c.recordedBy),
                                       SQLBind(c.recordedAt.millisecondsSince1970))
                }
                try await rows.run()
            }
            let childOf = Dictionary(uniqueKeysWithValues: episodes.map { ($0.id, $0.childID) })
            for (episodeID, f) in found {
                try await sql.insert(into: "found_records")
                    .columns("episode_id", "found_at_ms", "place", "postcode", "with_whom", "with_person_ids", "condition", "how_found",
                             "child_said", "recorded_by", "recorded_at_ms", "vehicles", "phones")
                    .values(SQLBind(episodeID), SQLBind(f.foundAt.millisecondsSince1970), SQLBind(f.place), SQLBind(f.postcode),
                            SQLBind(try MissingRows.json(f.withWhom)), SQLBind(try MissingRows.json(f.withPersonIDs)), SQLBind(f.condition),
                            SQLBind(f.howFound.rawValue), SQLBind(f.childSaid), SQLBind("Demo officer"),
                            SQLBind(f.foundAt.millisecondsSince1970), SQLBind(try MissingRows.json(f.vehicles)),
                            SQLBind(try MissingRows.json(f.phones))).run()
                // Planted finds become links, as a found record does: the network and hotspots are drawn from them.
                guard f.postcode != nil, let child = childOf[episodeID] else { continue }
                let childRef = EntityRef(.person, child)
                let source = ("missing-episode", episodeID)
                if let place = try await LinkStore.locate(f.place, postcode: f.postcode, by: system, at: now, in: sql) {
                    try await LinkStore.link(childRef, EntityRef(.location, place), .foundAt, at: f.foundAt, source: source, by: system, now: now, in: sql)
                }
                for adult in f.withPersonIDs {
                    try await LinkStore.link(childRef, EntityRef(.person, adult), .foundWith, at: f.foundAt, source: source, by: system, now: now, in: sql)
                }
                for key in ObjectList.keys(vehicles: f.vehicles, phones: f.phones) {
                    let object = try await LinkStore.locateObject(key, by: system, at: now, in: sql)
                    try await LinkStore.link(childRef, EntityRef(.object, object), .foundWith, at: f.foundAt, source: source, by: system, now: now, in: sql)
                }
            }
            for task in tasks { try await MissingRows.insertTask(task, createdBy: "demo", in: sql) }
            for n in narratives {
                try await sql.insert(into: "narratives")
                    .columns("id", "record_type", "record_id", "field", "record_version", "author_id", "team", "borough", "month",
                             "at_ms", "pack_version", "findings")
                    .values(SQLBind(n.id), SQLBind(MissingStore.recordType), SQLBind(n.episode), SQLBind("circumstances"),
                            SQLBind(1), SQLBind("demo"), SQLBind(n.team), SQLBind(n.borough), SQLBind(LanguageStore.month(of: n.at)),
                            SQLBind(n.at.millisecondsSince1970), SQLBind(packVersion), SQLBind(n.findings.count)).run()
            }
            // The clocks of episodes still open or awaiting interviews.
            for episode in episodes where episode.status == .open {
                try await ClockJobs.scheduleReview(episode, in: sql)
                if episode.localAuthorityNotifiedAt == nil {
                    try await ClockJobs.schedule(.localAuthorityNotification, episodeID: episode.id, subject: episode.id,
                                                 at: EpisodeClocks.localAuthorityAlertAt(reportedAt: episode.report.reportedAt, rules: rules),
                                                 basis: episode.report.reportedAt, in: sql)
                }
            }
            for task in tasks where task.isOpen && task.kind != .enquiry {
                try await ClockJobs.schedule(task.kind == .preventionInterview ? .preventionInterview : .returnInterview,
                                             episodeID: task.episodeID, subject: task.id, at: task.dueAt, basis: task.dueAt, in: sql)
            }
            try await AccessLogStore.append(AccessLogEntry(at: now, actor: system, action: .create, recordType: MissingStore.recordType,
                                                           detail: "demo generator: \(episodes.count) episodes"), in: sql)
        }
    }
}
