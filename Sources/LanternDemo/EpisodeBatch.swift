import Foundation
import LanternCore
import LanternStore
import SQLKit

/// One transaction's worth of generated episodes and everything recorded on them.
struct EpisodeBatch {
    var episodes: [MissingEpisode] = []
    var assessments: [RecordedAssessment] = []
    var contacts: [AgencyContact] = []
    var found: [(String, FoundRecord)] = []
    var tasks: [EpisodeTask] = []
    var narratives: [(id: String, episode: String, borough: String, team: String, at: Date, findings: [LanguageFinding])] = []

    /// Writes the batch in one transaction, with one access-log entry naming how many episodes it holds.
    func write(_ store: Store, system: Actor, now: Date, rules: MissingRules) async throws {
        guard !episodes.isEmpty else { return }
        let packVersion = store.language.checker.pack.version
        try await store.database.transaction { sql in
            try await writeEpisodes(in: sql)
            try await writeFinds(system: system, now: now, in: sql)
            try await writeNarratives(packVersion: packVersion, in: sql)
            try await scheduleClocks(rules: rules, in: sql)
            try await AccessLogStore.append(
                AccessLogEntry(
                    at: now, actor: system, action: .create, recordType: MissingStore.recordType,
                    detail: "demo generator: \(episodes.count) episodes"), in: sql)
        }
    }

    /// The episodes, their first assessments, agency contacts and interview tasks.
    private func writeEpisodes(in sql: any SQLDatabase) async throws {
        try await sql.insert(into: MissingEpisodeRow.table).models(episodes.map(MissingEpisodeRow.init), with: StoredRow.encoder).run()
        for (episode, assessment) in zip(episodes, assessments) {
            try await MissingStore.insertAssessment(assessment, episodeID: episode.id, in: sql)
        }
        for chunk in stride(from: 0, to: contacts.count, by: 400) {
            let rows = contacts[chunk..<min(contacts.count, chunk + 400)].map(AgencyContactRow.init)
            try await sql.insert(into: AgencyContactRow.table).models(rows, with: StoredRow.encoder).run()
        }
        for task in tasks { try await MissingRows.insertTask(task, createdBy: "demo", in: sql) }
    }

    /// Found records, each also made links as a found record does: the network and hotspots are drawn from them.
    private func writeFinds(system: Actor, now: Date, in sql: any SQLDatabase) async throws {
        let childOf = Dictionary(uniqueKeysWithValues: episodes.map { ($0.id, $0.childID) })
        for (episodeID, f) in found {
            let row = try FoundRecordRow(f, episodeId: episodeID, recordedBy: "Demo officer", at: f.foundAt)
            try await sql.insert(into: FoundRecordRow.table).model(row, with: StoredRow.encoder).run()
            guard f.postcode != nil, let child = childOf[episodeID] else { continue }
            let childRef = EntityRef(.person, child)
            let source = ("missing-episode", episodeID)
            if let place = try await LinkStore.locate(f.place, postcode: f.postcode, by: system, at: now, in: sql) {
                try await LinkStore.link(
                    childRef, EntityRef(.location, place), .foundAt, at: f.foundAt, source: source, by: system, now: now, in: sql)
            }
            for adult in f.withPersonIDs {
                try await LinkStore.link(
                    childRef, EntityRef(.person, adult), .foundWith, at: f.foundAt, source: source, by: system, now: now, in: sql)
            }
            for key in ObjectList.keys(vehicles: f.vehicles, phones: f.phones) {
                let object = try await LinkStore.locateObject(key, by: system, at: now, in: sql)
                try await LinkStore.link(
                    childRef, EntityRef(.object, object), .foundWith, at: f.foundAt, source: source, by: system, now: now, in: sql)
            }
        }
    }

    /// The language check's record of each circumstances narrative (its findings counted for the trends).
    private func writeNarratives(packVersion: Int, in sql: any SQLDatabase) async throws {
        for n in narratives {
            let narrative = LanguageStore.Narrative(
                recordType: MissingStore.recordType, recordID: n.episode, field: "circumstances", recordVersion: 1)
            let row = NarrativeRow(
                id: n.id, narrative, authorID: "demo", team: n.team, borough: n.borough, at: n.at, packVersion: packVersion,
                findings: n.findings.count)
            try await sql.insert(into: NarrativeRow.table).model(row, with: StoredRow.encoder).run()
        }
    }

    /// The clocks of episodes still open or awaiting interviews.
    private func scheduleClocks(rules: MissingRules, in sql: any SQLDatabase) async throws {
        for episode in episodes where episode.status == .open {
            try await ClockJobs.scheduleReview(episode, in: sql)
            if episode.localAuthorityNotifiedAt == nil {
                try await ClockJobs.schedule(
                    .localAuthorityNotification, episodeID: episode.id, subject: episode.id,
                    at: EpisodeClocks.localAuthorityAlertAt(reportedAt: episode.report.reportedAt, rules: rules),
                    basis: episode.report.reportedAt, in: sql)
            }
        }
        for task in tasks where task.isOpen && task.kind != .enquiry {
            try await ClockJobs.schedule(
                task.kind == .preventionInterview ? .preventionInterview : .returnInterview,
                episodeID: task.episodeID, subject: task.id, at: task.dueAt, basis: task.dueAt, in: sql)
        }
    }
}
