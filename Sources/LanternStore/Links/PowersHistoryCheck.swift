import Foundation
import LanternCore
import SQLKit

/// A missing child found or seen where police powers were used on a child, or with an adult from such a record.
struct PowersMatch: Equatable {
    /// How the encounter reaches the record, in words: "Found at 14 Acre Lane, where a child was taken into police
    /// protection on 3 Mar 2026 (PP-2026-0004)".
    var explanation: String
    /// The adult the match goes through, when it goes through one: the alert names them.
    var person: String?
    /// The police powers record the alert cites, when the link came from one.
    var recordType: String?
    var recordID: String?
}

/// Every way an encounter touches a police powers record: the place is one a child was taken into police protection
/// from or arrested at, or a person the child is with is one a child was taken from or arrested with. The records
/// are found through their links (``PolicePowersLinks``), so one added by hand counts the same.
enum PowersHistoryCheck {
    static let linkTypes: [LinkType] = [.protectedFrom, .arrestedAt, .arrestedWith]
    /// The newest links an encounter reports on; a place with a long history is one alert per record, up to this.
    static let newestReported = 10

    /// Two or three queries whatever the encounter: the links, the children they start at (an erased child's leave no
    /// trace), and the references of the records cited.
    static func matches(_ encounter: Encounter, child: String, in sql: any SQLDatabase) async throws -> [PowersMatch] {
        let targets = (encounter.location.map { [$0] } ?? []) + encounter.people.map(\.id)
        guard !targets.isEmpty else { return [] }
        let links = try await sql.select().column("*").from(LinkRow.table).where("to_id", .in, targets)
            .where("type", .in, linkTypes.map(\.rawValue)).where("ended_at_ms", .is, SQLLiteral.null)
            .orderBy("at_ms", .descending).limit(newestReported * 4)
            .all(decoding: LinkRow.self, with: StoredRow.decoder).map { try $0.record() }
        guard !links.isEmpty else { return [] }
        let erased = Set(
            try await sql.select().column("id").from("people").where("id", .in, Array(Set(links.map(\.from.id))))
                .where("erased_at_ms", .isNot, SQLLiteral.null).all().map { try $0.decode(column: "id", as: String.self) })
        let standing = links.filter { !erased.contains($0.from.id) }.prefix(newestReported)
        let references = try await self.references(Array(standing), in: sql)
        return standing.compactMap { link in
            match(link, encounter: encounter, child: child, reference: references[link.sourceID])
        }
    }

    /// The reference of each police protection and custody record the links come from, by record id.
    static func references(_ links: [LinkRecord], in sql: any SQLDatabase) async throws -> [String: String] {
        var references: [String: String] = [:]
        for (type, table) in [
            (PolicePowersStore.recordType, PoliceProtectionRow.table), (PolicePowersStore.custodyRecordType, CustodyDetentionRow.table),
        ] {
            let ids = links.filter { $0.sourceType == type }.map(\.sourceID)
            guard !ids.isEmpty else { continue }
            for row in try await sql.select().columns("id", "reference").from(table).where("id", .in, ids).all() {
                references[try row.decode(column: "id", as: String.self)] = try row.decode(column: "reference", as: String.self)
            }
        }
        return references
    }

    /// The match one link makes, explained; nil for a link that reaches neither the place nor a person with the child.
    static func match(_ link: LinkRecord, encounter: Encounter, child: String, reference: String?) -> PowersMatch? {
        let who = link.from.id == child ? "this child" : "a child"
        let day = UKCalendar.day(link.at)
        let cited = reference.map { " (\($0))" } ?? (link.note.isEmpty ? "" : " (linked by hand: \(link.note.prefix(80)))")
        let verb = encounter.verb.rawValue
        let what: String
        switch (link.type, link.to.kind) {
        case (.protectedFrom, .location), (.arrestedAt, .location):
            guard link.to.id == encounter.location else { return nil }
            let done = link.type == .protectedFrom ? "was taken into police protection" : "was arrested"
            what = "\(verb) at \(encounter.address), where \(who) \(done) on \(day)\(cited)"
        case (.protectedFrom, .person):
            what = "\(verb) with \(PersonMention.token(link.to.id)), from whom \(who) was taken into police protection on \(day)\(cited)"
        case (.arrestedWith, .person):
            what = "\(verb) with \(PersonMention.token(link.to.id)), who was arrested with \(who) on \(day)\(cited)"
        default:
            return nil
        }
        return PowersMatch(
            explanation: what, person: link.to.kind == .person ? link.to.id : nil,
            recordType: reference == nil ? nil : link.sourceType, recordID: reference == nil ? nil : link.sourceID)
    }
}

extension LinkStore {
    /// Raises the police powers history alert for each match on the episode, puts the child on the screening queue,
    /// and logs the records the alerts cite and the adults they name as consulted for the episode.
    static func raisePowersHistory(
        _ matches: [PowersMatch], child: String, episode: MissingEpisode, saying suffix: String, context: AccessContext, now: Date,
        in sql: any SQLDatabase
    ) async throws {
        guard !matches.isEmpty else { return }
        let people = Array(Set(matches.compactMap(\.person))).sorted()
        if !people.isEmpty {
            try await AccessLogStore.append(
                context.entry(
                    at: now, .consult, recordType: PersonStore.recordType, recordIDs: people, purpose: .missingEpisode,
                    detail: "police powers check on episode \(episode.reference)"), in: sql)
        }
        for (type, cited) in Dictionary(grouping: matches.filter { $0.recordID != nil }, by: { $0.recordType! }).sorted(by: { $0.key < $1.key }) {
            try await AccessLogStore.append(
                context.entry(
                    at: now, .consult, recordType: type, recordIDs: Array(Set(cited.compactMap(\.recordID))).sorted(), purpose: .missingEpisode,
                    detail: "cited by a police powers alert on episode \(episode.reference)"), in: sql)
        }
        for match in matches {
            try await MissingRows.raise(.policePowersHistory, on: episode.id, detail: match.explanation + suffix, at: now, in: sql)
            try await MissingRows.queueForScreening(
                child, episode: episode.id, reason: match.explanation + " (\(episode.reference))", at: now, in: sql)
        }
    }
}
