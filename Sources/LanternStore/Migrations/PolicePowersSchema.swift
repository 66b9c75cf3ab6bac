import SQLKit

/// Migration 14: children in police protection (Children Act 1989 s46), one row each, with the s46 duties done.
/// Nothing is deleted: a protection is ended, never removed, so every use of the power can be audited.
enum PolicePowersSchema {
    @Sendable static func protection(_ sql: any SQLDatabase, _ engine: DatabaseEngine) async throws {
        try await sql.create(table: "police_protections")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("reference", type: .text, .notNull, .unique)
            .column("child_id", type: .text, .notNull, .references("people", "id"))
            .column("grounds", type: .text, .notNull)
            .column("power", type: .text, .notNull)
            .column("accommodation_kind", type: .text, .notNull)
            .column("accommodation_place", type: .text, .notNull)
            .column("exceptional_reason", type: .text)
            .column("taken_at_ms", type: .bigint, .notNull)
            .column("taken_by", type: .text, .notNull)
            .column("designated_officer", type: .text)
            .column("designated_rank", type: .text)
            .column("designated_at_ms", type: .bigint)
            .column("ending_code", type: .text)
            .column("ending_by", type: .text)
            .column("ending_at_ms", type: .bigint)
            .column("ending_note", type: .text)
            .column("team", type: .text, .notNull)
            .column("borough", type: .text, .notNull)
            .column("created_at_ms", type: .bigint, .notNull)
            .column("version", type: .bigint, .notNull)
            .run()
        try await sql.create(index: "police_protections_by_child").on("police_protections").column("child_id").column("taken_at_ms").run()
        // The "in police protection now" queue reads the open ones by start time.
        try await sql.create(index: "police_protections_open").on("police_protections").column("ending_code").column("taken_at_ms").run()
        try await sql.create(table: "police_protection_duties")
            .column("protection_id", type: .text, .notNull, .references("police_protections", "id"))
            .column("duty", type: .text, .notNull)
            .column("done_by", type: .text, .notNull)
            .column("done_at_ms", type: .bigint, .notNull)
            .column("note", type: .text, .notNull)
            .column("recorded_by", type: .text, .notNull)
            .column("recorded_at_ms", type: .bigint, .notNull)
            .primaryKey("protection_id", "duty")
            .run()
    }

    /// Migration 15: children detained in police custody (PACE Code C), one row a detention; the appropriate adult,
    /// the searches and the s38(6) transfer are small documents of the detention, kept as JSON.
    @Sendable static func custody(_ sql: any SQLDatabase, _ engine: DatabaseEngine) async throws {
        try await sql.create(table: "custody_detentions")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("reference", type: .text, .notNull, .unique)
            .column("child_id", type: .text, .notNull, .references("people", "id"))
            .column("custody_record", type: .text, .notNull)
            .column("detained_at_ms", type: .bigint, .notNull)
            .column("date_of_birth", type: .text)
            .column("appears_under18", type: .int, .notNull)
            .column("is_girl", type: .int, .notNull)
            .column("woman_in_care", type: .text)
            .column("welfare_person", type: .text)
            .column("welfare_informed_at_ms", type: .bigint)
            .column("appropriate_adult", type: .text)
            .column("searches", type: .text, .notNull)
            .column("transfer", type: .text)
            .column("released_at_ms", type: .bigint)
            .column("team", type: .text, .notNull)
            .column("borough", type: .text, .notNull)
            .column("created_by", type: .text, .notNull)
            .column("created_at_ms", type: .bigint, .notNull)
            .column("version", type: .bigint, .notNull)
            .run()
        try await sql.create(index: "custody_detentions_by_child").on("custody_detentions").column("child_id").column("detained_at_ms").run()
        try await sql.create(index: "custody_detentions_open").on("custody_detentions").column("released_at_ms").column("detained_at_ms").run()
    }
}
