/// What erasing a person does to each table of the schema. Every table is named here, so a new table
/// cannot be added without deciding what erasure does to it (`ErasureTests` compares this list with
/// the live schema). The steps themselves are in `PersonErasureSteps`.
public enum PersonErasure {
    /// What happens to one table's rows when a person is erased.
    public enum Action: Sendable, Equatable {
        /// The person's own row stays as a tombstone with these columns blanked.
        case tombstone(blanked: [String])
        /// Rows that belong to the person (matched by `on`) are deleted.
        case deleted(on: String)
        /// Rows that belong to the person (or their episodes) keep their structure; these columns are blanked.
        case redacted(on: String, columns: [String])
        /// Kept as they are, because the law requires it.
        case kept(why: String)
        /// The table holds no personal data about the people Lantern records.
        case noPersonalData(why: String)
    }

    public struct Coverage: Sendable, Equatable {
        public let table: String
        public let action: Action
        /// Free-text columns of other people's records in which the erased person's name is replaced by "[erased]".
        public let namesReplacedIn: [String]

        init(_ table: String, _ action: Action, namesReplacedIn: [String] = []) {
            self.table = table
            self.action = action
            self.namesReplacedIn = namesReplacedIn
        }
    }

    /// The words that stand where an erased name was.
    public static let placeholder = "[erased]"

    public static let coverage: [Coverage] = accounts + people + missing + links + exploitation + domesticAbuse + policePowers

    static let accounts: [Coverage] = [
        Coverage("users", .noPersonalData(why: "staff accounts, not the people Lantern records")),
        Coverage("sessions", .noPersonalData(why: "staff sessions")),
        Coverage("login_attempts", .noPersonalData(why: "staff sign-in attempts")),
        Coverage(
            "access_log",
            .kept(why: "DPA 2018 s62: the log of who consulted, altered, disclosed and erased the record is kept; it holds ids, not content")),
        Coverage("access_log_head", .kept(why: "the hash chain's head")),
        Coverage("access_log_checkpoints", .kept(why: "signed checkpoints of the hash chain")),
        Coverage("schema_migrations", .noPersonalData(why: "migration bookkeeping")),
        Coverage("counters", .noPersonalData(why: "reference number counters")),
    ]

    static let people: [Coverage] = [
        Coverage(
            "people", .tombstone(blanked: ["given_name", "family_name", "family_key", "date_of_birth", "notes"]),
            namesReplacedIn: ["notes"]),
        Coverage("people_changes", .kept(why: "which fields changed and who changed them; field names only, no values")),
        Coverage("narratives", .noPersonalData(why: "counts of narratives checked for language: ids, team and month, no text")),
        Coverage("language_findings", .noPersonalData(why: "the listed phrase only, never the text around it")),
        Coverage("child_profiles", .deleted(on: "person_id"), namesReplacedIn: ["description", "wishes"]),
        Coverage("philomena_profiles", .deleted(on: "person_id"), namesReplacedIn: ["body"]),
        Coverage("child_voice", .deleted(on: "person_id"), namesReplacedIn: ["words"]),
        Coverage(
            "person_merges", .redacted(on: "survivor_id|duplicate_id", columns: ["reason", "undo_reason"]),
            namesReplacedIn: ["reason", "undo_reason"]),
        Coverage("import_refs", .deleted(on: "entity_id")),
    ]

    static let missing: [Coverage] = [
        Coverage(
            "missing_episodes", .redacted(on: "child_id", columns: episodeColumns),
            namesReplacedIn: ["circumstances", "description", "last_seen_place"]),
        Coverage(
            "risk_assessments", .redacted(on: "episode_id", columns: ["rationale", "answers (detail, source, reason)"]),
            namesReplacedIn: ["rationale"]),
        Coverage(
            "supervisory_reviews", .redacted(on: "episode_id", columns: ["rationale", "direction"]),
            namesReplacedIn: ["rationale", "direction"]),
        Coverage(
            "agency_contacts", .redacted(on: "episode_id", columns: ["person_name", "summary", "reference"]),
            namesReplacedIn: ["summary"]),
        Coverage(
            "sightings",
            .redacted(
                on: "episode_id",
                columns: [
                    "place", "postcode", "reported_by", "detail", "child_said",
                    "with_person_ids", "vehicles", "phones",
                ]),
            namesReplacedIn: ["detail", "child_said"]),
        Coverage(
            "found_records",
            .redacted(
                on: "episode_id",
                columns: [
                    "place", "postcode", "with_whom", "with_person_ids", "condition",
                    "child_said", "vehicles", "phones",
                ]),
            namesReplacedIn: ["with_whom", "condition", "child_said"]),
        Coverage(
            "episode_tasks", .redacted(on: "episode_id", columns: ["title (enquiries)", "result", "child_said", "completed_by"]),
            namesReplacedIn: ["title", "result", "child_said"]),
        Coverage("episode_alerts", .redacted(on: "episode_id", columns: ["detail"]), namesReplacedIn: ["detail"]),
        Coverage("clock_jobs", .noPersonalData(why: "ids and times; the erased child's pending clocks are cancelled")),
        Coverage("screening_queue", .deleted(on: "child_id"), namesReplacedIn: ["reason"]),
    ]

    static let links: [Coverage] = [
        Coverage("locations", .redacted(on: "linked to the person and to no one else", columns: ["address", "postcode", "address_key", "uprn"])),
        Coverage("links", .redacted(on: "from_id|to_id", columns: ["note", "end_reason"]), namesReplacedIn: ["note", "end_reason"]),
        Coverage("flags", .redacted(on: "entity_id", columns: ["reference", "details", "row_hash"])),
        Coverage("objects", .redacted(on: "linked to the person and to no one else", columns: ["value", "display", "object_key"])),
    ]

    static let exploitation: [Coverage] = [
        Coverage("screenings", .redacted(on: "child_id", columns: ["answers (evidence)", "rationale"]), namesReplacedIn: ["rationale"]),
        Coverage(
            "concerns", .noPersonalData(why: "shared by every child in the concern; the erased name is replaced"),
            namesReplacedIn: ["summary", "outcome_reason"]),
        Coverage("concern_history", .noPersonalData(why: "a concern's versions; the erased name is replaced"), namesReplacedIn: ["change"]),
        Coverage("concern_entities", .noPersonalData(why: "ids only; the entry now points at the tombstone")),
        Coverage("plan_actions", .noPersonalData(why: "a concern's actions; the erased name is replaced"), namesReplacedIn: ["title", "result"]),
        Coverage(
            "strategy_meetings", .noPersonalData(why: "a concern's meetings; the erased name is replaced"),
            namesReplacedIn: ["attendees", "decisions"]),
        Coverage(
            "warning_notices",
            .redacted(
                on: "child_id|adult_id",
                columns: [
                    "consent_from", "breaches (detail)", "withdrawn_reason",
                    "child_status",
                ]),
            namesReplacedIn: ["breaches", "withdrawn_reason"]),
        Coverage("nrm_referrals", .redacted(on: "child_id", columns: ["reference (and where concern_history quotes it)"])),
    ]

    static let domesticAbuse: [Coverage] = [
        Coverage(
            "da_incidents", .noPersonalData(why: "shared by every person at the incident; the erased name is replaced"),
            namesReplacedIn: ["what_happened"]),
        Coverage("da_incident_people", .redacted(on: "person_id", columns: ["voice"]), namesReplacedIn: ["voice"]),
        Coverage(
            "dash_assessments", .redacted(on: "victim_id", columns: ["answers", "judgement", "result (reasons, prompts)"]),
            namesReplacedIn: ["judgement", "result"]),
        Coverage("marac_referrals", .noPersonalData(why: "ids, times and the pack's reason for the referral")),
        Coverage("marac_actions", .noPersonalData(why: "a MARAC's actions; the erased name is replaced"), namesReplacedIn: ["action", "owner"]),
        Coverage("schools", .noPersonalData(why: "schools and their key adults: staff contacts, not the people Lantern records")),
        Coverage("child_schools", .deleted(on: "child_id")),
        Coverage(
            "encompass_notifications", .redacted(on: "child_id", columns: ["shared", "not_sent_note"]),
            namesReplacedIn: ["shared", "not_sent_note"]),
        Coverage("school_calendars", .noPersonalData(why: "a force's term dates")),
        Coverage("da_child_contacts", .redacted(on: "child_id", columns: ["summary", "reference"]), namesReplacedIn: ["summary"]),
    ]

    static let policePowers: [Coverage] = [
        Coverage(
            "police_protections", .redacted(on: "child_id", columns: ["grounds", "accommodation_place", "exceptional_reason", "ending_note"])),
        Coverage("police_protection_duties", .redacted(on: "the child's police protections", columns: ["note"])),
        Coverage("welfare_calls", .redacted(on: "subject_id", columns: ["reason", "taken_up_note"])),
        Coverage(
            "custody_detentions",
            .redacted(
                on: "child_id",
                columns: [
                    "date_of_birth", "woman_in_care", "welfare_person", "appropriate_adult (name)", "searches (urgent reason)",
                    "transfer (justification, certificate reasons)",
                ])),
    ]

    static let episodeColumns = [
        "last_seen_place", "last_seen_postcode", "circumstances", "description", "clothing", "phone",
        "social_media", "reporter_name", "reporter_relationship", "reporter_contact",
    ]
}
