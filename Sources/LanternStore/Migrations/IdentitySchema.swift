import LanternCore
import SQLKit

/// Migration 7: objects (vehicles, phones, email addresses, handles), reversible person merges,
/// the phonetic key that finds "Thomson" when "Thompson" is typed, who ended a link and why,
/// and the references that make a generic import idempotent.
enum IdentitySchema {
    @Sendable static func apply(_ sql: any SQLDatabase, _ engine: DatabaseEngine) async throws {
        try await sql.create(table: "objects")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("kind", type: .text, .notNull)
            .column("value", type: .text, .notNull)
            .column("display", type: .text, .notNull)
            .column("object_key", type: .text, .notNull, .unique)
            .column("created_by", type: .text, .notNull)
            .column("created_at_ms", type: .bigint, .notNull)
            .run()
        try await sql.alter(table: "people").column("family_key", type: .text).run()
        try await sql.alter(table: "people").column("merged_into", type: .text).run()
        try await sql.create(index: "people_by_family_key").on("people").column("family_key").run()
        for row in try await sql.select().columns("id", "family_name").from("people").all() {
            let name = try row.decode(column: "family_name", as: String.self)
            try await sql.update("people").set("family_key", to: PersonMatching.phoneticKey(name))
                .where("id", .equal, try row.decode(column: "id", as: String.self)).run()
        }
        try await sql.alter(table: "links").column("note", type: .text).run()
        try await sql.alter(table: "links").column("ended_by", type: .text).run()
        try await sql.alter(table: "links").column("end_reason", type: .text).run()
        // Vehicles and phones a child was found or seen with; who they were seen with.
        try await sql.alter(table: "found_records").column("vehicles", type: .text).run()
        try await sql.alter(table: "found_records").column("phones", type: .text).run()
        try await sql.alter(table: "sightings").column("postcode", type: .text).run()
        try await sql.alter(table: "sightings").column("with_person_ids", type: .text).run()
        try await sql.alter(table: "sightings").column("vehicles", type: .text).run()
        try await sql.alter(table: "sightings").column("phones", type: .text).run()
        // A merge moves the duplicate's links, episodes and flags to the survivor and remembers each
        // one moved, so undoing it puts every one back.
        try await sql.create(table: "person_merges")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("survivor_id", type: .text, .notNull, .references("people", "id"))
            .column("duplicate_id", type: .text, .notNull, .references("people", "id"))
            .column("moved", type: .text, .notNull)
            .column("reason", type: .text, .notNull)
            .column("merged_by", type: .text, .notNull)
            .column("merged_at_ms", type: .bigint, .notNull)
            .column("undone_by", type: .text)
            .column("undone_at_ms", type: .bigint)
            .column("undo_reason", type: .text)
            .run()
        try await sql.create(index: "person_merges_by_survivor").on("person_merges").column("survivor_id").run()
        try await sql.create(index: "person_merges_by_duplicate").on("person_merges").column("duplicate_id").run()
        try await sql.create(table: "import_refs")
            .column("source", type: .text, .notNull)
            .column("reference", type: .text, .notNull)
            .column("entity_kind", type: .text, .notNull)
            .column("entity_id", type: .text, .notNull)
            .column("row_hash", type: .text, .notNull)
            .column("imported_at_ms", type: .bigint, .notNull)
            .primaryKey("source", "reference")
            .run()
    }
}
