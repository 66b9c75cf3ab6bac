import Foundation
import LanternCore
import SQLKit

/// The steps of erasing one person, one per area of the schema (see `PersonErasure.coverage`).
/// `PersonStore.erase` runs them all in one transaction, so an erasure is complete or not done.
enum PersonErasureSteps {
    /// Who is being erased, and what is needed to find their data elsewhere.
    struct Subject: Sendable {
        let person: Person
        let episodeIDs: [String]
        /// The forms of the person's name that other records' free text may use.
        let names: [String]
        let now: Date
        var id: String { person.id }
    }

    static func run(_ person: Person, at now: Date, in sql: any SQLDatabase) async throws {
        let episodes = try await sql.select().column("id").from("missing_episodes").where("child_id", .equal, person.id).all()
            .map { try $0.decode(column: "id", as: String.self) }
        let aliases =
            try await sql.select().column("aliases").from("child_profiles").where("person_id", .equal, person.id).first()
            .map { try StoredJSON.decode([String].self, try $0.decode(column: "aliases", as: String.self)) } ?? []
        let subject = Subject(person: person, episodeIDs: episodes, names: nameForms(person, aliases: aliases), now: now)
        try await replaceNames(subject, in: sql)
        try await profile(subject, in: sql)
        try await episodeText(subject, in: sql)
        try await riskAssessments(subject, in: sql)
        try await episodeRecords(subject, in: sql)
        try await foundAndSightings(subject, in: sql)
        try await placesAndObjects(subject, in: sql)
        try await linksAndFlags(subject, in: sql)
        try await exploitation(subject, in: sql)
        try await domesticAbuse(subject, in: sql)
        try await policePowers(subject, in: sql)
        try await identity(subject, in: sql)
        try await tombstone(subject, in: sql)
    }

    // MARK: Names in other records

    /// The ways other records write the person's name: "Given Family", "Family, Given", and each alias with the family name.
    static func nameForms(_ person: Person, aliases: [String]) -> [String] {
        let given = person.givenName.trimmingCharacters(in: .whitespaces)
        let family = person.familyName.trimmingCharacters(in: .whitespaces)
        guard !family.isEmpty else { return [] }
        let firsts = ([given] + aliases.map { $0.trimmingCharacters(in: .whitespaces) }).filter { !$0.isEmpty }
        let forms = firsts.flatMap { ["\($0) \(family)", "\(family), \($0)"] }
        return Array(Set(forms)).sorted { $0.count > $1.count }
    }

    /// Text with every form of the name replaced by the placeholder.
    static func replacingNames(_ text: String, _ names: [String]) -> String {
        names.reduce(text) { $0.replacingOccurrences(of: $1, with: PersonErasure.placeholder, options: .caseInsensitive) }
    }

    /// Replaces the person's name in every free-text column the coverage table lists, whoever's record it is.
    /// Rows are matched by their old text, so tables with composite keys need no special case.
    static func replaceNames(_ subject: Subject, in sql: any SQLDatabase) async throws {
        for entry in PersonErasure.coverage {
            for column in entry.namesReplacedIn {
                try await replace(subject.names, in: entry.table, column: column, sql)
            }
        }
    }

    /// Replaces each of `words` by the placeholder wherever `column` of `table` contains it.
    static func replace(_ words: [String], in table: String, column: String, _ sql: any SQLDatabase) async throws {
        for word in words where !word.isEmpty {
            let pattern = "%" + word.lowercased().replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
            let found = try await sql.select().distinct().column(column).from(table)
                .where(SQLFunction("LOWER", args: SQLColumn(column)), .like, SQLBind(pattern)).all()
                .compactMap { try $0.decode(column: column, as: String?.self) }
            for old in found {
                let new = replacingNames(old, words)
                if new != old {
                    try await sql.update(table).set(column, to: new).where(column, .equal, old).run()
                }
            }
        }
    }

    // MARK: The child's own records

    /// The child's profile, every Philomena version, the child's words and the screening queue go entirely.
    static func profile(_ subject: Subject, in sql: any SQLDatabase) async throws {
        for table in ["child_profiles", "philomena_profiles", "child_voice"] {
            try await sql.delete(from: table).where("person_id", .equal, subject.id).run()
        }
        try await sql.delete(from: "screening_queue").where("child_id", .equal, subject.id).run()
    }

    /// The episodes stay (references, grades and times are needed for oversight statistics); what they say goes.
    static func episodeText(_ subject: Subject, in sql: any SQLDatabase) async throws {
        try await sql.update("missing_episodes").set("last_seen_place", to: "").set("last_seen_postcode", to: SQLLiteral.null)
            .set("circumstances", to: "").set("description", to: "").set("clothing", to: "").set("phone", to: "")
            .set("social_media", to: "").set("reporter_name", to: "").set("reporter_relationship", to: "")
            .set("reporter_contact", to: "").where("child_id", .equal, subject.id).run()
        guard !subject.episodeIDs.isEmpty else { return }
        try await sql.update("clock_jobs").set("state", to: "cancelled").where("episode_id", .in, subject.episodeIDs)
            .where("state", .equal, "pending").run()
    }

    struct AssessmentRow: Codable {
        var id: String
        var answers: String
    }

    /// The grade and the yes/no answers stay; what informants said, who they were and why goes.
    static func riskAssessments(_ subject: Subject, in sql: any SQLDatabase) async throws {
        guard !subject.episodeIDs.isEmpty else { return }
        let rows = try await sql.select().columns("id", "answers").from("risk_assessments").where("episode_id", .in, subject.episodeIDs)
            .all().map { try $0.decode(model: AssessmentRow.self) }
        for row in rows {
            let answers = try StoredJSON.decode([RiskAnswer].self, row.answers).map(redacted)
            try await sql.update("risk_assessments").set("answers", to: try StoredJSON.encode(answers)).set("rationale", to: "")
                .where("id", .equal, row.id).run()
        }
    }

    static func redacted(_ answer: RiskAnswer) -> RiskAnswer {
        var clean = answer
        clean.detail = ""
        clean.sourceName = ""
        clean.sourceContact = ""
        clean.changeReason = ""
        return clean
    }

    /// Reviews, contacts, tasks and alerts keep when and by whom; their text goes.
    static func episodeRecords(_ subject: Subject, in sql: any SQLDatabase) async throws {
        guard !subject.episodeIDs.isEmpty else { return }
        let ids = subject.episodeIDs
        try await sql.update("supervisory_reviews").set("rationale", to: "").set("direction", to: "").where("episode_id", .in, ids).run()
        try await sql.update("agency_contacts").set("person_name", to: "").set("summary", to: "").set("reference", to: "")
            .where("episode_id", .in, ids).run()
        try await sql.update("episode_tasks").set("result", to: "").set("child_said", to: "").set("completed_by", to: "")
            .where("episode_id", .in, ids).run()
        try await sql.update("episode_tasks").set("title", to: PersonErasure.placeholder).where("episode_id", .in, ids)
            .where("kind", .equal, EpisodeTaskKind.enquiry.rawValue).run()
        try await sql.update("episode_alerts").set("detail", to: "").where("episode_id", .in, ids).run()
    }

    /// Where the child was seen and found, with whom, and what they said.
    static func foundAndSightings(_ subject: Subject, in sql: any SQLDatabase) async throws {
        guard !subject.episodeIDs.isEmpty else { return }
        let ids = subject.episodeIDs
        try await sql.update("sightings").set("place", to: "").set("postcode", to: SQLLiteral.null).set("reported_by", to: "")
            .set("detail", to: "").set("child_said", to: "").set("with_person_ids", to: SQLLiteral.null)
            .set("vehicles", to: SQLLiteral.null).set("phones", to: SQLLiteral.null).where("episode_id", .in, ids).run()
        try await sql.update("found_records").set("place", to: "").set("postcode", to: SQLLiteral.null).set("with_whom", to: "[]")
            .set("with_person_ids", to: "[]").set("condition", to: "").set("child_said", to: "")
            .set("vehicles", to: SQLLiteral.null).set("phones", to: SQLLiteral.null).where("episode_id", .in, ids).run()
    }

    // MARK: Links, places and objects

    /// Addresses and objects only this person is linked to (their home, their phone) are personal data: they are
    /// blanked. Those shared with anyone else, or flagged, stay for the others' records.
    static func placesAndObjects(_ subject: Subject, in sql: any SQLDatabase) async throws {
        let own = Set([subject.id] + subject.episodeIDs)
        for (kind, table) in [(EntityKind.location, "locations"), (EntityKind.object, "objects")] {
            for entity in try await linked(subject.id, kind: kind, in: sql) {
                let ends = try await sql.select().columns("from_id", "to_id").from("links")
                    .where { $0.where("from_id", .equal, entity).orWhere("to_id", .equal, entity) }.all()
                    .flatMap { [try $0.decode(column: "from_id", as: String.self), try $0.decode(column: "to_id", as: String.self)] }
                let flagged =
                    try await sql.select().column("id").from("flags").where("entity_id", .equal, entity)
                    .where("removed_at_ms", .is, SQLLiteral.null).first() != nil
                guard !flagged, Set(ends).subtracting(own.union([entity])).isEmpty else { continue }
                var update = sql.update(table)
                update =
                    kind == .location
                    ? update.set("address", to: PersonErasure.placeholder).set("postcode", to: SQLLiteral.null)
                        .set("uprn", to: SQLLiteral.null).set("address_key", to: "erased:" + entity)
                    : update.set("value", to: PersonErasure.placeholder).set("display", to: PersonErasure.placeholder)
                        .set("object_key", to: "erased:" + entity)
                try await update.where("id", .equal, entity).run()
            }
        }
    }

    static func linked(_ id: String, kind: EntityKind, in sql: any SQLDatabase) async throws -> Set<String> {
        let from = try await sql.select().column("to_id").from("links").where("from_id", .equal, id)
            .where("to_kind", .equal, kind.rawValue).all().map { try $0.decode(column: "to_id", as: String.self) }
        let to = try await sql.select().column("from_id").from("links").where("to_id", .equal, id)
            .where("from_kind", .equal, kind.rawValue).all().map { try $0.decode(column: "from_id", as: String.self) }
        return Set(from + to)
    }

    /// Links stay as edges to the tombstone (other people's networks depend on them); their notes go. Flags on the
    /// person are removed and their source details blanked.
    static func linksAndFlags(_ subject: Subject, in sql: any SQLDatabase) async throws {
        let own = [subject.id] + subject.episodeIDs
        try await sql.update("links").set("note", to: SQLLiteral.null).set("end_reason", to: SQLLiteral.null)
            .where { $0.where("from_id", .in, own).orWhere("to_id", .in, own).orWhere("source_id", .in, own) }.run()
        try await sql.update("flags").set("reference", to: "").set("details", to: "").set("row_hash", to: "")
            .where("entity_id", .equal, subject.id).run()
        try await sql.update("flags").set("removed_at_ms", to: subject.now.millisecondsSince1970)
            .where("entity_id", .equal, subject.id).where("removed_at_ms", .is, SQLLiteral.null).run()
    }

    // MARK: Exploitation

    struct ScreeningRow: Codable {
        var id: String
        var answers: String
    }

    struct NoticeRow: Codable {
        var id: String
        var breaches: String
    }

    /// Screenings keep their score and band; the evidence and rationale go. Notices naming the person keep their
    /// basis and dates; who consented, the breaches' detail and the child's status go. NRM references go.
    static func exploitation(_ subject: Subject, in sql: any SQLDatabase) async throws {
        let screenings = try await sql.select().columns("id", "answers").from("screenings").where("child_id", .equal, subject.id)
            .all().map { try $0.decode(model: ScreeningRow.self) }
        for row in screenings {
            let answers = try StoredJSON.decode([ScreeningAnswer].self, row.answers).map { answer in
                var clean = answer
                clean.evidence = ""
                return clean
            }
            try await sql.update("screenings").set("answers", to: try StoredJSON.encode(answers)).set("rationale", to: "")
                .where("id", .equal, row.id).run()
        }
        let notices = try await sql.select().columns("id", "breaches").from("warning_notices")
            .where { $0.where("child_id", .equal, subject.id).orWhere("adult_id", .equal, subject.id) }.all()
            .map { try $0.decode(model: NoticeRow.self) }
        for row in notices {
            let breaches = try StoredJSON.decode([WarningNotice.Breach].self, row.breaches).map { breach in
                var clean = breach
                clean.detail = ""
                return clean
            }
            try await sql.update("warning_notices").set("breaches", to: try StoredJSON.encode(breaches)).set("consent_from", to: "")
                .set("withdrawn_reason", to: "").set("child_status", to: "[]").where("id", .equal, row.id).run()
        }
        // The concern's history quotes the NRM reference, an identifier of the child.
        let references = try await sql.select().column("reference").from("nrm_referrals").where("child_id", .equal, subject.id).all()
            .map { try $0.decode(column: "reference", as: String.self) }
        try await replace(references, in: "concern_history", column: "change", sql)
        try await sql.update("nrm_referrals").set("reference", to: "").where("child_id", .equal, subject.id).run()
    }

    /// What the child said, the victim's answers and judgement, and what a school was told about the child.
    static func domesticAbuse(_ subject: Subject, in sql: any SQLDatabase) async throws {
        try await sql.update("da_incident_people").set("voice", to: "").where("person_id", .equal, subject.id).run()
        // The level and its counts stay for the record; the reasons quote the judgement and name what was disclosed.
        for row in try await sql.select().columns("id", "result").from("dash_assessments").where("victim_id", .equal, subject.id).all() {
            var result = try StoredJSON.decode(DashResult.self, try row.decode(column: "result", as: String.self))
            result.reasons = [PersonErasure.placeholder]
            result.prompts = []
            try await sql.update("dash_assessments").set("answers", to: "{}").set("judgement", to: SQLLiteral.null)
                .set("result", to: try StoredJSON.encode(result)).where("id", .equal, try row.decode(column: "id", as: String.self)).run()
        }
        try await sql.update("encompass_notifications").set("shared", to: SQLLiteral.null).set("not_sent_note", to: SQLLiteral.null)
            .where("child_id", .equal, subject.id).run()
        try await sql.delete(from: "child_schools").where("child_id", .equal, subject.id).run()
        try await sql.update("da_child_contacts").set("summary", to: PersonErasure.placeholder).set("reference", to: "")
            .where("child_id", .equal, subject.id).run()
    }

    /// Why the child was taken, where they were kept and what they said; the power's times, codes and officers stay,
    /// so its use can still be audited.
    static func policePowers(_ subject: Subject, in sql: any SQLDatabase) async throws {
        let placeholder = PersonErasure.placeholder
        try await sql.update("police_protections").set("grounds", to: placeholder).set("accommodation_place", to: placeholder)
            .set("ending_note", to: "").where("child_id", .equal, subject.id).run()
        try await sql.update("police_protections").set("exceptional_reason", to: placeholder).where("child_id", .equal, subject.id)
            .where("exceptional_reason", .isNot, SQLLiteral.null).run()
        let ids = try await sql.select().column("id").from("police_protections").where("child_id", .equal, subject.id).all()
            .map { try $0.decode(column: "id", as: String.self) }
        if !ids.isEmpty {
            try await sql.update("police_protection_duties").set("note", to: "").where("protection_id", .in, ids).run()
        }
        try await custody(subject, in: sql)
        try await sql.update("welfare_calls").set("reason", to: PersonErasure.placeholder).where("subject_id", .equal, subject.id).run()
        try await sql.update("welfare_calls").set("taken_up_note", to: PersonErasure.placeholder).where("subject_id", .equal, subject.id)
            .where("taken_up_note", .isNot, SQLLiteral.null).run()
    }

    /// Who the child's adults were and the reasons written about the child; the times, searches' kinds and the
    /// transfer's clock stay, so the detention can still be audited.
    static func custody(_ subject: Subject, in sql: any SQLDatabase) async throws {
        let rows = try await sql.select().column("*").from(CustodyDetentionRow.table).where("child_id", .equal, subject.id)
            .all(decoding: CustodyDetentionRow.self, with: StoredRow.decoder)
        for row in rows {
            var detention = try row.detention()
            detention.dateOfBirth = nil
            detention.womanInCare = detention.womanInCare.map { _ in PersonErasure.placeholder }
            detention.welfarePerson = detention.welfarePerson.map { _ in PersonErasure.placeholder }
            detention.appropriateAdult?.name = PersonErasure.placeholder
            detention.searches = detention.searches.map { search in
                var clean = search
                clean.urgentException?.reason = PersonErasure.placeholder
                return clean
            }
            detention.transfer?.justification = ""
            detention.transfer?.certificate?.reasons = PersonErasure.placeholder
            let blanked = try CustodyDetentionRow(
                detention, reference: row.reference, team: row.team, borough: row.borough, createdBy: row.createdBy,
                createdAt: Date(millisecondsSince1970: row.createdAtMs))
            try await sql.update(CustodyDetentionRow.table).set(model: blanked, with: StoredRow.encoder).where("id", .equal, row.id).run()
        }
    }

    // MARK: Identity

    /// Why records were merged may describe the person; the import references are identifiers from another system.
    static func identity(_ subject: Subject, in sql: any SQLDatabase) async throws {
        try await sql.update("person_merges").set("reason", to: "").set("undo_reason", to: SQLLiteral.null)
            .where { $0.where("survivor_id", .equal, subject.id).orWhere("duplicate_id", .equal, subject.id) }.run()
        try await sql.delete(from: "import_refs").where("entity_id", .equal, subject.id).run()
    }

    /// The person's row stays, blanked, so links, episodes and the access log still resolve to something.
    static func tombstone(_ subject: Subject, in sql: any SQLDatabase) async throws {
        try await sql.update("people").set("given_name", to: "").set("family_name", to: "").set("family_key", to: "")
            .set("date_of_birth", to: SQLLiteral.null).set("notes", to: "")
            .set("erased_at_ms", to: subject.now.millisecondsSince1970).set("version", to: subject.person.version + 1)
            .set("updated_at_ms", to: subject.now.millisecondsSince1970).where("id", .equal, subject.id).run()
    }
}
