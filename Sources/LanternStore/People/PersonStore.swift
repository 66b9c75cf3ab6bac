import Foundation
import LanternCore
import SQLKit

/// People records, each operation checked by the access policy and written to the
/// access log in the same transaction.
public struct PersonStore: Sendable {
    let database: LanternDatabase
    let clock: any WallClock
    let authoriser: Authoriser
    let checker: LanguageChecker
    var policy: AccessPolicy { authoriser.policy }

    public init(database: LanternDatabase, clock: any WallClock, authoriser: Authoriser, checker: LanguageChecker) {
        self.database = database
        self.clock = clock
        self.authoriser = authoriser
        self.checker = checker
    }

    package static let recordType = "person"

    /// Records a new person, owned by the actor's team and borough. The notes are checked for
    /// language that blames a child: each phrase must be changed or listed in `acknowledgedLanguage`
    /// (rule ids), and the check is recorded with the record.
    public func create(_ draft: PersonDraft, acknowledgedLanguage: Set<String> = [], context: AccessContext) async throws -> Person {
        try await authoriser.require(.createPersonRecord, context, recordType: Self.recordType)
        let now = clock.now()
        let clean = try draft.validated(today: now)
        let review = try NarrativeReview.review(clean.notes, field: "notes", acknowledged: acknowledgedLanguage, checker: checker)
        let packVersion = checker.pack.version
        let person = Person(
            id: UUID().uuidString.lowercased(), kind: clean.kind, givenName: clean.givenName,
            familyName: clean.familyName, dateOfBirth: clean.dateOfBirth, notes: clean.notes,
            team: context.actor.team, borough: context.actor.borough, restricted: clean.restricted,
            createdBy: context.actor.userID, createdAt: now, updatedAt: now, version: 1, erasedAt: nil)
        try await database.transaction { sql in
            try await Self.insert(person, in: sql)
            try await Self.recordChange(sql, person.id, version: 1, fields: ["created"], actor: context.actor, at: now)
            if !clean.notes.isEmpty {
                try await LanguageStore.record(
                    review,
                    of: .init(
                        recordType: Self.recordType, recordID: person.id, field: "notes",
                        recordVersion: 1),
                    by: context.actor, at: now, packVersion: packVersion, in: sql)
            }
            try await AccessLogStore.append(context.entry(at: now, .create, recordType: Self.recordType, recordIDs: [person.id]), in: sql)
        }
        return person
    }

    /// Opens one record. A child's record needs a purpose; the consultation is logged
    /// and committed before the record is returned.
    public func consult(_ id: String, purpose: AccessPurpose?, purposeNote: String = "", context: AccessContext) async throws -> Person {
        try await consult(id, purpose: purpose, purposeNote: purposeNote, withLinks: false, context: context).person
    }

    /// Opens one record with its links panel (none for an erased record): one log entry names the
    /// person and everyone the panel shows, and a panel that shows a child needs a purpose too.
    public func consult(
        _ id: String, purpose: AccessPurpose?, purposeNote: String = "", withLinks: Bool,
        context: AccessContext
    ) async throws -> (person: Person, links: LinkPanel?) {
        try await authoriser.require(.consultPersonRecord, context, recordType: Self.recordType)
        if purposeNote.unicodeScalars.count > maximumReferenceLength {
            throw ValidationFailure("purposeNote", "The reference must be \(maximumReferenceLength) characters or fewer")
        }
        let now = clock.now()
        let policy = self.policy
        let outcome: Result<(person: Person, links: LinkPanel?), any Error> = try await database.transaction { sql in
            guard let person = try await Self.load(sql, id) else {
                return .failure(RecordNotFound(recordType: Self.recordType, id: id))
            }
            if case .deny(let reason) = policy.decide(context.actor, .consultPersonRecord, on: person.scope) {
                return .failure(AccessDenied(permission: .consultPersonRecord, reason: reason))
            }
            let links =
                withLinks && person.erasedAt == nil
                ? try await LinkStore.panelView(of: EntityRef(.person, id), actor: context.actor, policy: policy, now: now, in: sql) : nil
            if purpose == nil && (person.isChild(on: now) || links?.showsChild == true) {
                return .failure(PurposeRequired())
            }
            try await AccessLogStore.append(
                context.entry(
                    at: now, .consult, recordType: Self.recordType,
                    recordIDs: ChildStore.distinct([person.id] + (links?.people ?? [])),
                    purpose: purpose, purposeNote: purposeNote), in: sql)
            return .success((person, links))
        }
        return try await settle(outcome, id: id, permission: .consultPersonRecord, context: context, at: now)
    }

    /// Finds people by name. The names returned are personal data, so the search is
    /// logged as a consultation of every record it shows.
    public func search(_ text: String, limit: Int = 50, context: AccessContext) async throws -> [Person] {
        try await authoriser.require(.consultPersonRecord, context, recordType: Self.recordType)
        let now = clock.now()
        let words = text.lowercased().split(whereSeparator: { $0.isWhitespace }).prefix(4).map(String.init)
        // Wildcards now match literally, but a search must still hold two real characters, so that
        // "%%" or "__" cannot list everyone.
        guard TextInput.searchCharacterCount(text) >= 2 else {
            throw ValidationFailure("q", "Give a name to search for: at least 2 letters or digits")
        }
        return try await database.transaction { sql in
            var query = sql.select().columns(Self.columns).from("people").where("erased_at_ms", .is, SQLLiteral.null)
            for word in words {
                query = query.where { group in
                    group.where(LikeContains.lowered("given_name", word)).orWhere(LikeContains.lowered("family_name", word))
                }
            }
            let found = try await query.orderBy("family_name").orderBy("given_name").limit(500).all().map(Self.decode)
            let visible = Array(
                found.filter { policy.decide(context.actor, .consultPersonRecord, on: $0.scope).isAllowed }
                    .prefix(max(1, min(limit, 200))))
            if !visible.isEmpty {
                try await AccessLogStore.append(
                    context.entry(
                        at: now, .consult, recordType: Self.recordType,
                        recordIDs: visible.map(\.id), detail: "search"), in: sql)
            }
            return visible
        }
    }

    /// Changes a record. `expectedVersion` is the version the user edited; if someone
    /// else changed it since, nothing is written and ``VersionConflict`` says what they changed.
    public func alter(
        _ id: String, expectedVersion: Int, patch: PersonPatch, acknowledgedLanguage: Set<String> = [],
        context: AccessContext
    ) async throws -> Person {
        try await authoriser.require(.alterPersonRecord, context, recordType: Self.recordType)
        let now = clock.now()
        let outcome: Result<Person, any Error> = try await database.transaction { sql in
            let person: Person
            switch try await Self.toChange(id, .alterPersonRecord, actor: context.actor, policy: policy, in: sql) {
            case .success(let found): person = found
            case .failure(let refused): return .failure(refused)
            }
            if person.version != expectedVersion {
                let fields = try await Self.changedFields(sql, id, after: expectedVersion)
                return .failure(
                    VersionConflict(
                        recordType: Self.recordType, id: id, expectedVersion: expectedVersion,
                        currentVersion: person.version, changedFields: fields))
            }
            let clean = try patch.applied(to: person).validated(today: now)
            let changed = PersonChanges.fields(from: person, to: clean)
            if changed.isEmpty { return .success(person) }
            let review =
                changed.contains("notes")
                ? try NarrativeReview.review(clean.notes, field: "notes", acknowledged: acknowledgedLanguage, checker: checker)
                : nil
            var updated = person
            updated.kind = clean.kind
            updated.givenName = clean.givenName
            updated.familyName = clean.familyName
            updated.dateOfBirth = clean.dateOfBirth
            updated.notes = clean.notes
            updated.restricted = clean.restricted
            updated.version = person.version + 1
            updated.updatedAt = now
            try await sql.update("people")
                .set("kind", to: updated.kind.rawValue).set("given_name", to: updated.givenName)
                .set("family_name", to: updated.familyName).set("family_key", to: Self.familyKey(updated.familyName))
                .set("date_of_birth", to: SQLBind(updated.dateOfBirth))
                .set("notes", to: updated.notes).set("restricted", to: updated.restricted ? 1 : 0)
                .set("version", to: updated.version).set("updated_at_ms", to: now.millisecondsSince1970)
                .where("id", .equal, id).where("version", .equal, person.version).run()
            try await Self.recordChange(sql, id, version: updated.version, fields: changed, actor: context.actor, at: now)
            if let review, !clean.notes.isEmpty {
                try await LanguageStore.record(
                    review,
                    of: .init(
                        recordType: Self.recordType, recordID: id, field: "notes",
                        recordVersion: updated.version),
                    by: context.actor, at: now, packVersion: checker.pack.version, in: sql)
            }
            try await AccessLogStore.append(
                context.entry(
                    at: now, .alter, recordType: Self.recordType, recordIDs: [id],
                    detail: "changed " + changed.joined(separator: ",")), in: sql)
            return .success(updated)
        }
        return try await settle(outcome, id: id, permission: .alterPersonRecord, context: context, at: now)
    }

    /// Hands a copy of the record to someone outside Lantern. The recipient and the
    /// justification are required (DPA 2018 s62(3)) and logged with the disclosure.
    public func disclose(
        _ id: String, recipient: String, purpose: AccessPurpose?, purposeNote: String,
        context: AccessContext
    ) async throws -> Person {
        try await authoriser.require(.disclosePersonRecord, context, recordType: Self.recordType)
        var errors = FieldErrorCollector()
        errors.require(recipient, "recipient", label: "who the record is being disclosed to", maxLength: 200)
        if purpose == nil { errors.add("purpose", "Choose the purpose of the disclosure") }
        if purposeNote.unicodeScalars.count > maximumReferenceLength {
            errors.add("purposeNote", "The reference must be \(maximumReferenceLength) characters or fewer")
        }
        try errors.throwIfAny()
        let now = clock.now()
        let outcome: Result<Person, any Error> = try await database.transaction { sql in
            guard let person = try await Self.load(sql, id), person.erasedAt == nil else {
                return .failure(RecordNotFound(recordType: Self.recordType, id: id))
            }
            if case .deny(let reason) = policy.decide(context.actor, .disclosePersonRecord, on: person.scope) {
                return .failure(AccessDenied(permission: .disclosePersonRecord, reason: reason))
            }
            try await AccessLogStore.append(
                context.entry(
                    at: now, .disclose, recordType: Self.recordType, recordIDs: [id], purpose: purpose, purposeNote: purposeNote,
                    recipient: recipient.trimmingCharacters(in: .whitespacesAndNewlines)), in: sql)
            return .success(person)
        }
        return try await settle(outcome, id: id, permission: .disclosePersonRecord, context: context, at: now)
    }

    /// Erases a person's personal data wherever Lantern holds it (MoPI disposal; see `PersonErasure.coverage`
    /// and docs/erasure.md). The row stays as a tombstone so links and the access log still resolve; the
    /// reason is logged.
    public func erase(_ id: String, reason: ErasureReason?, reference: String = "", context: AccessContext) async throws {
        try await authoriser.require(.erasePersonRecord, context, recordType: Self.recordType)
        var errors = FieldErrorCollector()
        if reason == nil { errors.add("reason", "Choose why the record is being erased") }
        if reference.unicodeScalars.count > maximumReferenceLength {
            errors.add("reference", "The reference must be \(maximumReferenceLength) characters or fewer")
        }
        try errors.throwIfAny()
        let now = clock.now()
        let outcome: Result<Person, any Error> = try await database.transaction { sql in
            let person: Person
            switch try await Self.toChange(id, .erasePersonRecord, actor: context.actor, policy: policy, in: sql) {
            case .success(let found): person = found
            case .failure(let refused): return .failure(refused)
            }
            try await PersonErasureSteps.run(person, at: now, in: sql)
            try await Self.recordChange(sql, id, version: person.version + 1, fields: ["erased"], actor: context.actor, at: now)
            try await AccessLogStore.append(
                context.entry(
                    at: now, .erase, recordType: Self.recordType, recordIDs: [id],
                    purposeNote: reference, detail: reason?.rawValue ?? ""), in: sql)
            return .success(person)
        }
        _ = try await settle(outcome, id: id, permission: .erasePersonRecord, context: context, at: now)
    }

    /// Reads every person's notes in pages for a bulk check (the language scan), logging each page
    /// read as a consultation with the given purpose before handing it on.
    public func scanNotes<T: Sendable>(
        context: AccessContext, purpose: AccessPurpose, pageSize: Int = 500,
        _ body: @Sendable (Person) -> T
    ) async throws -> [T] {
        var results: [T] = []
        var after = ""
        while true {
            let page: [Person] = try await database.transaction { [after] sql in
                let people = try await sql.select().columns(Self.columns).from("people").where("id", .greaterThan, after)
                    .where("erased_at_ms", .is, SQLLiteral.null).orderBy("id").limit(pageSize).all().map(Self.decode)
                if !people.isEmpty {
                    try await AccessLogStore.append(
                        context.entry(
                            at: clock.now(), .consult, recordType: Self.recordType,
                            recordIDs: people.map(\.id), purpose: purpose,
                            detail: "bulk scan"), in: sql)
                }
                return people
            }
            results += page.map(body)
            guard let last = page.last, page.count == pageSize else { break }
            after = last.id
        }
        return results
    }

    /// Number of records, erased included (health pages, demo summary).
    public func count() async throws -> Int {
        try await database.read { sql in
            try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("people")
                .first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    // MARK: Refusals

    /// Turns a transaction's outcome into a value or an error; a record-level refusal is
    /// logged, then reported as "not found" so the caller learns nothing about the record.
    private func settle<T>(
        _ outcome: Result<T, any Error>, id: String, permission: Permission, context: AccessContext,
        at now: Date
    ) async throws -> T {
        try await authoriser.settle(
            outcome, permission: permission, context: context, recordType: Self.recordType, id: id,
            shownAs: Self.recordType)
    }

    // MARK: Rows

    static let columns = [
        "id", "kind", "given_name", "family_name", "date_of_birth", "notes", "team", "borough", "restricted",
        "created_by", "created_at_ms", "updated_at_ms", "version", "erased_at_ms", "family_key",
    ]

    /// The phonetic key of a family name, stored so "Thomson" finds "Thompson" by index.
    static func familyKey(_ familyName: String) -> String { PersonMatching.phoneticKey(familyName) }

    /// The person `id`, locked until the transaction ends, when the actor may change their record with `permission`;
    /// someone erased or missing is not found.
    static func toChange(
        _ id: String, _ permission: Permission, actor: Actor, policy: AccessPolicy, in sql: any SQLDatabase
    ) async throws -> Result<Person, any Error> {
        guard let person = try await load(sql, id, forUpdate: true), person.erasedAt == nil else {
            return .failure(RecordNotFound(recordType: recordType, id: id))
        }
        if case .deny(let reason) = policy.decide(actor, permission, on: person.scope) {
            return .failure(AccessDenied(permission: permission, reason: reason))
        }
        return .success(person)
    }

    /// Loads one person; `forUpdate` locks the row until the transaction ends (PostgreSQL; SQLite's
    /// single writer already serialises), so two changes of one record queue instead of racing.
    static func load(_ sql: any SQLDatabase, _ id: String, forUpdate: Bool = false) async throws -> Person? {
        guard id.count <= 64 else { return nil }
        var query = sql.select().columns(columns).from("people").where("id", .equal, id)
        if forUpdate { query = query.for(.update) }
        return try await query.first().map(decode)
    }

    /// Loads many people in a few queries (400 ids each), for queues and lists.
    static func loadMany(_ sql: any SQLDatabase, _ ids: Set<String>) async throws -> [Person] {
        var people: [Person] = []
        for chunk in ids.sorted().chunked(400) {
            people += try await sql.select().columns(columns).from("people").where("id", .in, chunk).all().map(decode)
        }
        return people
    }

    static func decode(_ row: any SQLRow) throws -> Person {
        try row.decode(model: PersonRow.self, with: StoredRow.decoder).person()
    }

    /// Writes `person` as a new row.
    package static func insert(_ person: Person, in sql: any SQLDatabase) async throws {
        try await sql.insert(into: PersonRow.table).model(PersonRow(person), with: StoredRow.encoder).run()
    }

    static func recordChange(_ sql: any SQLDatabase, _ id: String, version: Int, fields: [String], actor: Actor, at now: Date) async throws {
        let row = PersonChangeRow(
            personId: id, version: version, fields: fields.joined(separator: ","), actorId: actor.userID, atMs: now.millisecondsSince1970)
        try await sql.insert(into: PersonChangeRow.table).model(row, with: StoredRow.encoder).run()
    }

    static func changedFields(_ sql: any SQLDatabase, _ id: String, after version: Int) async throws -> [String] {
        let rows = try await sql.select().column("*").from(PersonChangeRow.table).where("person_id", .equal, id)
            .where("version", .greaterThan, version).orderBy("version").all()
        var seen: [String] = []
        for row in try rows.map({ try $0.decode(model: PersonChangeRow.self, with: StoredRow.decoder) }) {
            for field in row.fields.split(separator: ",").map(String.init) where !seen.contains(field) { seen.append(field) }
        }
        return seen
    }
}
