import Foundation
import LanternCore
import SQLKit

/// Past episodes loaded as history: the child's record and the grading see them, nothing else runs.
extension MissingStore {
    /// Records a past episode of a child already in Lantern, closed, with its found record when a place
    /// is given. No clock starts and no task is made. The same last-seen time twice is refused.
    public func recordHistory(child id: String, _ past: HistoricEpisode, context: AccessContext) async throws -> MissingEpisode {
        try await authoriser.require(.reportMissing, context, recordType: Self.recordType)
        let now = now()
        let clean = try past.validated(now: now)
        let rules = self.rules
        let policy = self.policy
        let actor = context.actor
        let outcome: Result<MissingEpisode, any Error> = try await database.transaction { sql in
            guard id.count <= 64, let child = try await PersonStore.load(sql, id), child.erasedAt == nil else {
                return .failure(RecordNotFound(recordType: "child", id: id))
            }
            if case .deny(let reason) = policy.decide(actor, .consultPersonRecord, on: child.scope) {
                return .failure(AccessDenied(permission: .consultPersonRecord, reason: reason))
            }
            let same = try await sql.select().column("reference").from("missing_episodes").where("child_id", .equal, id)
                .where("last_seen_at_ms", .equal, clean.lastSeenAt.millisecondsSince1970).first()
            if let same {
                throw ValidationFailure(
                    "lastSeenAt",
                    "An episode last seen at that time is already recorded: "
                        + (try same.decode(column: "reference", as: String.self)))
            }
            let since = clean.lastSeenAt.addingTimeInterval(-Double(rules.repeatMissing.withinDays) * 86_400)
            let earlier = try await MissingRows.lastSeenTimes(child: id, since: since, in: sql).filter { $0 < clean.lastSeenAt }
            let repeatStatus = RepeatMissing.evaluate(lastSeen: earlier + [clean.lastSeenAt], at: clean.lastSeenAt, rules: rules)
            let episode = MissingEpisode(
                id: StoredID.new(), reference: try await Self.nextReference("MPH", counter: "missing-history", now, in: sql),
                childID: id, status: .closed,
                report: MissingReport(
                    reportedAt: clean.lastSeenAt, lastSeenAt: clean.lastSeenAt, lastSeenPlace: "",
                    circumstances: Self.historySummary(clean), reporterName: "", reporterContact: ""),
                grade: clean.grade, gradedAt: clean.lastSeenAt, nextReview: ReviewDue(dueAt: clean.lastSeenAt, rank: .sergeant),
                foundAt: clean.foundAt, closedAt: now, repeatCount: repeatStatus.count, rulesVersion: rules.version, team: actor.team,
                borough: clean.borough, createdBy: actor.userID, createdAt: now, updatedAt: now, version: 1, returnReviewedAt: clean.foundAt,
                recordedAsHistory: true)
            try await sql.insert(into: MissingEpisodeRow.table).model(MissingEpisodeRow(episode), with: StoredRow.encoder).run()
            if !clean.foundPlace.isEmpty {
                let found = FoundRecord(
                    foundAt: clean.foundAt, place: clean.foundPlace, postcode: clean.foundPostcode, condition: "",
                    howFound: .other, childSaid: "")
                let row = try FoundRecordRow(found, episodeId: episode.id, recordedBy: actor.displayName, at: now)
                try await sql.insert(into: FoundRecordRow.table).model(row, with: StoredRow.encoder).run()
            }
            try await AccessLogStore.append(
                context.entry(
                    at: now, .create, recordType: Self.recordType, recordIDs: [episode.id, id],
                    detail: "history loaded; grade \(clean.grade.rawValue)"), in: sql)
            return .success(episode)
        }
        return try await settle(outcome, id: id, permission: .consultPersonRecord, context: context, recordType: "child")
    }

    /// The history entry's own words, with where it came from, as the episode's circumstances.
    static func historySummary(_ past: HistoricEpisode) -> String {
        var parts = ["Loaded as history" + (past.sourceReference.isEmpty ? "" : " from \(past.sourceReference)") + "."]
        if !past.summary.isEmpty { parts.append(past.summary) }
        return parts.joined(separator: " ")
    }
}
