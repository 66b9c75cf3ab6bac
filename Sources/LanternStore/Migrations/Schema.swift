import SQLKit

/// Lantern's schema, in order. Append new steps; never edit a released one.
///
/// Instants are stored as milliseconds since 1970 UTC (`*_ms` columns, BIGINT) so
/// both engines store, compare and hash them identically.
public enum Schema {
    public static let migrations: [Migration] = [
        Migration(version: 1, name: "accounts and sessions", apply: accountsAndSessions),
        Migration(version: 2, name: "access log", apply: accessLog),
        Migration(version: 3, name: "people", apply: people),
        Migration(version: 4, name: "language findings", apply: languageFindings),
        Migration(version: 5, name: "missing children", apply: MissingSchema.apply),
        Migration(version: 6, name: "locations, links and flags", apply: LinksSchema.apply),
        Migration(version: 7, name: "objects, merges and imports", apply: IdentitySchema.apply),
        Migration(version: 8, name: "exploitation", apply: ExploitationSchema.apply),
        Migration(version: 9, name: "the child's words when seen", apply: childWordsWhenSeen),
        Migration(version: 10, name: "risk grading version 2", apply: MissingSchema.riskGradingV2),
        Migration(version: 11, name: "exploitation pack version 3", apply: ExploitationSchema.packVersion3),
        Migration(version: 12, name: "domestic abuse", apply: DomesticAbuseSchema.apply),
        Migration(version: 13, name: "children's social care told of domestic abuse", apply: DomesticAbuseSchema.childContacts),
        Migration(version: 14, name: "police protection", apply: PolicePowersSchema.protection),
        Migration(version: 15, name: "children in custody", apply: PolicePowersSchema.custody),
        Migration(version: 16, name: "welfare calls", apply: PolicePowersSchema.welfareCalls),
    ]

    /// Migration 9: a sighting keeps what the child said to whoever saw them (older rows have none).
    @Sendable static func childWordsWhenSeen(_ sql: any SQLDatabase, _ engine: DatabaseEngine) async throws {
        try await sql.alter(table: "sightings").column("child_said", type: .text).run()
    }

    @Sendable static func accountsAndSessions(_ sql: any SQLDatabase, _ engine: DatabaseEngine) async throws {
        try await sql.create(table: "users")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("username", type: .text, .notNull, .unique)
            .column("display_name", type: .text, .notNull)
            .column("role", type: .text, .notNull)
            .column("rank", type: .text, .notNull)
            .column("team", type: .text, .notNull)
            .column("borough", type: .text, .notNull)
            .column("password_hash", type: .text, .notNull)
            .column("created_at_ms", type: .bigint, .notNull)
            .column("password_changed_at_ms", type: .bigint, .notNull)
            .column("disabled_at_ms", type: .bigint)
            .run()
        try await sql.create(table: "sessions")
            .column("id_hash", type: .text, .primaryKey(autoIncrement: false))
            .column("user_id", type: .text, .notNull, .references("users", "id"))
            .column("kind", type: .text, .notNull)
            .column("csrf_token", type: .text, .notNull)
            .column("created_at_ms", type: .bigint, .notNull)
            .column("last_seen_at_ms", type: .bigint, .notNull)
            .column("ended_at_ms", type: .bigint)
            .column("end_reason", type: .text)
            .column("client_address", type: .text, .notNull)
            .run()
        try await sql.create(index: "sessions_by_user").on("sessions").column("user_id").run()
        try await sql.create(table: "login_attempts")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("username", type: .text, .notNull)
            .column("client_address", type: .text, .notNull)
            .column("at_ms", type: .bigint, .notNull)
            .column("succeeded", type: .bigint, .notNull)
            .run()
        try await sql.create(index: "login_attempts_by_username").on("login_attempts").column("username").column("at_ms").run()
        try await sql.create(index: "login_attempts_by_address").on("login_attempts").column("client_address").column("at_ms").run()
    }

    @Sendable static func accessLog(_ sql: any SQLDatabase, _ engine: DatabaseEngine) async throws {
        try await sql.create(table: "access_log")
            .column("seq", type: .bigint, .primaryKey(autoIncrement: false))
            .column("at_ms", type: .bigint, .notNull)
            .column("actor_id", type: .text, .notNull)
            .column("actor_username", type: .text, .notNull)
            .column("actor_role", type: .text, .notNull)
            .column("action", type: .text, .notNull)
            .column("record_type", type: .text, .notNull)
            .column("record_ids", type: .text, .notNull)
            .column("purpose", type: .text, .notNull)
            .column("purpose_note", type: .text, .notNull)
            .column("recipient", type: .text, .notNull)
            .column("outcome", type: .text, .notNull)
            .column("request_id", type: .text, .notNull)
            .column("client_address", type: .text, .notNull)
            .column("detail", type: .text, .notNull)
            .column("previous_hash", type: .text, .notNull)
            .column("entry_hash", type: .text, .notNull)
            .run()
        try await sql.create(index: "access_log_by_actor").on("access_log").column("actor_id").column("seq").run()
        try await sql.create(index: "access_log_by_time").on("access_log").column("at_ms").run()
        // One row naming the chain's last entry; writers lock it to append in order.
        try await sql.create(table: "access_log_head")
            .column("id", type: .bigint, .primaryKey(autoIncrement: false))
            .column("seq", type: .bigint, .notNull)
            .column("hash", type: .text, .notNull)
            .run()
        try await sql.insert(into: "access_log_head").columns("id", "seq", "hash")
            .values(SQLBind(1), SQLBind(0), SQLBind(String(repeating: "0", count: 64))).run()
        try await sql.create(table: "access_log_checkpoints")
            .column("seq", type: .bigint, .primaryKey(autoIncrement: false))
            .column("hash", type: .text, .notNull)
            .column("at_ms", type: .bigint, .notNull)
            .column("signature", type: .text, .notNull)
            .run()
        // The log is append-only at the database too: updates and deletes are refused.
        switch engine {
        case .sqlite:
            try await sql.raw(
                """
                CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
                BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
                BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END
                """
            ).run()
        case .postgres:
            try await sql.raw(
                """
                CREATE OR REPLACE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the access log is append-only'; END $$
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON access_log
                FOR EACH ROW EXECUTE FUNCTION access_log_append_only()
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
                FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only()
                """
            ).run()
        }
    }

    @Sendable static func people(_ sql: any SQLDatabase, _ engine: DatabaseEngine) async throws {
        try await sql.create(table: "people")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("kind", type: .text, .notNull)
            .column("given_name", type: .text, .notNull)
            .column("family_name", type: .text, .notNull)
            .column("date_of_birth", type: .text)
            .column("notes", type: .text, .notNull)
            .column("team", type: .text, .notNull)
            .column("borough", type: .text, .notNull)
            .column("restricted", type: .bigint, .notNull)
            .column("created_by", type: .text, .notNull)
            .column("created_at_ms", type: .bigint, .notNull)
            .column("updated_at_ms", type: .bigint, .notNull)
            .column("version", type: .bigint, .notNull)
            .column("erased_at_ms", type: .bigint)
            .run()
        try await sql.create(index: "people_by_family_name").on("people").column("family_name").column("given_name").run()
        // Which fields each version changed, and who changed them: enough to explain a conflict
        // without keeping copies of personal data that erasure would have to chase.
        try await sql.create(table: "people_changes")
            .column("person_id", type: .text, .notNull, .references("people", "id"))
            .column("version", type: .bigint, .notNull)
            .column("fields", type: .text, .notNull)
            .column("actor_id", type: .text, .notNull)
            .column("at_ms", type: .bigint, .notNull)
            .primaryKey("person_id", "version")
            .run()
    }

    @Sendable static func languageFindings(_ sql: any SQLDatabase, _ engine: DatabaseEngine) async throws {
        // One row per narrative saved: the denominator of "findings per 1,000 narratives".
        try await sql.create(table: "narratives")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("record_type", type: .text, .notNull)
            .column("record_id", type: .text, .notNull)
            .column("field", type: .text, .notNull)
            .column("record_version", type: .bigint, .notNull)
            .column("author_id", type: .text, .notNull)
            .column("team", type: .text, .notNull)
            .column("borough", type: .text, .notNull)
            .column("month", type: .text, .notNull)
            .column("at_ms", type: .bigint, .notNull)
            .column("pack_version", type: .bigint, .notNull)
            .column("findings", type: .bigint, .notNull)
            .run()
        try await sql.create(index: "narratives_by_month").on("narratives").column("month").column("team").run()
        try await sql.create(index: "narratives_by_record").on("narratives").column("record_id").run()
        // Each phrase found, with who acknowledged keeping it and when. The phrase is the listed
        // wording only (no surrounding text), so this table holds no case detail.
        try await sql.create(table: "language_findings")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("narrative_id", type: .text, .notNull, .references("narratives", "id"))
            .column("rule_id", type: .text, .notNull)
            .column("term", type: .text, .notNull)
            .column("phrase", type: .text, .notNull)
            .column("start_byte", type: .bigint, .notNull)
            .column("end_byte", type: .bigint, .notNull)
            .column("quotation", type: .bigint, .notNull)
            .column("severity", type: .text, .notNull)
            .column("acknowledged_by", type: .text)
            .column("acknowledged_at_ms", type: .bigint)
            .column("team", type: .text, .notNull)
            .column("borough", type: .text, .notNull)
            .column("month", type: .text, .notNull)
            .run()
        try await sql.create(index: "language_findings_by_month").on("language_findings").column("month").column("rule_id").run()
        try await sql.create(index: "language_findings_by_narrative").on("language_findings").column("narrative_id").run()
    }
}
