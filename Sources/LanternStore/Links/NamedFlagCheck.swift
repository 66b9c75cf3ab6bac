import Foundation
import LanternCore
import SQLKit

/// "Found with" written as a name only: the name is matched by Lantern's identity rules against
/// every flagged person (a flag on the register, or a person recorded as a registered sex offender),
/// so a child found with "Roy Baines" raises the alert even when no one picked his record.
enum NamedFlagCheck {
    struct PossibleMatch {
        var name: String
        var person: Person
        var flag: FlagCheck.FlagRow
        var match: IdentityMatch
    }

    static func matches(
        names: [String], excluding given: Set<String>, rules: IdentityRules,
        in sql: any SQLDatabase
    ) async throws -> [PossibleMatch] {
        var found: [PossibleMatch] = []
        for name in names.prefix(20) {
            let parts = name.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            guard parts.count >= 2, let family = parts.last, name.unicodeScalars.count <= 200 else { continue }
            let typed = IdentityFacts(givenName: parts[0], familyName: family)
            let candidates = try await sql.select().columns(PersonStore.columns).from("people")
                .where("family_key", .equal, PersonStore.familyKey(family)).where("erased_at_ms", .is, SQLLiteral.null)
                .where("merged_into", .is, SQLLiteral.null).limit(200).all().map(PersonStore.decode)
                .filter { !given.contains($0.id) }
            let flags = try await flagRows(candidates.map(\.id), in: sql)
            for person in candidates {
                let rows = flags[person.id] ?? (person.kind == .registeredSexOffender ? [(FlagKind.registeredSexOffender, "")] : [])
                guard let row = rows.first,
                    let match = PersonMatching.score(
                        typed,
                        against: IdentityFacts(
                            givenName: person.givenName, familyName: person.familyName,
                            dateOfBirth: person.dateOfBirth), rules: rules),
                    match.score >= rules.suggestAtLeast.value
                else { continue }
                found.append(PossibleMatch(name: name, person: person, flag: row, match: match))
            }
        }
        return found
    }

    static func flagRows(_ ids: [String], in sql: any SQLDatabase) async throws -> [String: [FlagCheck.FlagRow]] {
        guard !ids.isEmpty else { return [:] }
        var flags: [String: [FlagCheck.FlagRow]] = [:]
        for row in try await FlagEntryRow.active(on: ids, in: sql) {
            flags[row.entityId, default: []].append((try row.kind(), row.reference))
        }
        return flags
    }

    /// Raises a "found with a flagged person" alert for each possible match, marked as possible, and
    /// puts the child on the screening queue. Naming the flagged person is a consultation of their record.
    static func raise(
        _ matches: [PossibleMatch], child: String, episode: MissingEpisode, context: AccessContext, now: Date,
        in sql: any SQLDatabase
    ) async throws {
        guard !matches.isEmpty else { return }
        try await AccessLogStore.append(
            context.entry(
                at: now, .consult, recordType: PersonStore.recordType,
                recordIDs: Array(Set(matches.map(\.person.id))).sorted(), purpose: .missingEpisode,
                detail: "flag check of names on the found record of \(episode.reference)"), in: sql)
        for m in matches {
            let explanation =
                "Found with “\(m.name)”, a possible match for \(PersonMention.token(m.person.id)): \(FlagCheck.describe(m.flag))"
                + " (\(m.match.reasons.joined(separator: ", ")))"
            try await MissingRows.raise(
                .foundWithFlaggedPerson, on: episode.id,
                detail: explanation + ". Possible match: confirm who they were with, and review the risk now.",
                at: now, in: sql)
            try await MissingRows.queueForScreening(child, episode: episode.id, reason: explanation + " (\(episode.reference))", at: now, in: sql)
        }
    }
}
