import Foundation
import LanternCore
import SQLKit

/// An existing person who may be the one being entered, with the score and the reasons.
public struct PersonCandidate: Sendable {
    public var person: Person
    public var match: IdentityMatch
}

/// What a merge moved from the duplicate to the survivor, so undoing it moves each one back.
public struct MergeMoves: Sendable, Equatable, Codable {
    /// The duplicate's links (ended) and the survivor's copies of them, in pairs.
    public var links: [[String]] = []
    public var episodes: [String] = []
    public var flags: [String] = []
    /// Every other area's case records, by "table.column" (``MergeCaseRecords``); absent from merges made before them.
    public var rows: [String: [String]] = [:]

    public init() {}

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        links = try container.decode([[String]].self, forKey: .links)
        episodes = try container.decode([String].self, forKey: .episodes)
        flags = try container.decode([String].self, forKey: .flags)
        rows = try container.decodeIfPresent([String: [String]].self, forKey: .rows) ?? [:]
    }

    /// How many case records moved, for the access log.
    public var caseRecords: Int { rows.values.map(\.count).reduce(0, +) }
}

/// Two person records found to be one person, joined; reversible, and nothing is lost.
public struct PersonMerge: Sendable, Equatable, Codable {
    public var id: String
    public var survivorID: String
    public var duplicateID: String
    public var moved: MergeMoves
    public var reason: String
    public var mergedBy: String
    public var mergedAt: Date
    public var undoneBy: String?
    public var undoneAt: Date?
    public var undoReason: String?
}

/// Identity resolution: suggesting that a person being entered is already on record, and merging
/// records a person has confirmed are one (and undoing that).
public struct IdentityStore: Sendable {
    let database: LanternDatabase
    let clock: any WallClock
    let authoriser: Authoriser
    public let rules: IdentityRules
    /// Merge and undo reasons are written about people: they are language-checked.
    let checker: LanguageChecker
    var policy: AccessPolicy { authoriser.policy }

    public init(database: LanternDatabase, clock: any WallClock, authoriser: Authoriser, checker: LanguageChecker, rules: IdentityRules) {
        self.checker = checker
        self.database = database
        self.clock = clock
        self.authoriser = authoriser
        self.rules = rules
    }

    func now() -> Date { clock.now().roundedUpToMillisecond }

    // MARK: Suggestions

    /// Existing people who may be the one being entered, best first: by family name or its sound,
    /// given name or any of its nicknames, aliases, and people linked to the same address. Only
    /// records the actor may open are considered; the names shown are logged as a consultation.
    /// `excluding`: the record the matches are for (a person page's own record, logged by its own entry);
    /// `purpose`: the reader's, kept on the entry.
    public func matches(
        givenName: String, familyName: String, dateOfBirth: String?, address: String? = nil, postcode: String? = nil,
        childrenOnly: Bool = false, excluding: String? = nil, purpose: AccessPurpose? = nil,
        context: AccessContext
    ) async throws -> [PersonCandidate] {
        try await authoriser.require(.consultPersonRecord, context, recordType: PersonStore.recordType)
        let given = PersonMatching.fold(givenName)
        let family = PersonMatching.fold(familyName)
        guard !(given.isEmpty && family.isEmpty) else {
            throw ValidationFailure("givenName", "Enter at least a given name or a family name to look for matches")
        }
        if givenName.unicodeScalars.count > 100 || familyName.unicodeScalars.count > 100 {
            throw ValidationFailure("givenName", "Names must be 100 characters or fewer")
        }
        var addressKeys: Set<String> = []
        if let address, !address.trimmingCharacters(in: .whitespaces).isEmpty {
            guard address.unicodeScalars.count <= 500 else { throw ValidationFailure("address", "The address must be 500 characters or fewer") }
            var errors = FieldErrorCollector()
            let canonical = Postcode.validate(postcode, into: &errors)
            try errors.throwIfAny()
            if let key = AddressKey.make(address, postcode: canonical) { addressKeys.insert(key.value) }
        }
        let now = now()
        let rules = self.rules
        let typedKeys = addressKeys
        let forms = Array(rules.nicknames.filter { $0.contains(given) }.flatMap { $0 } + [given]).filter { !$0.isEmpty }
        return try await database.transaction { sql in
            var rows = try await sql.select().columns(PersonStore.columns).from("people").where("erased_at_ms", .is, SQLLiteral.null)
                .where("merged_into", .is, SQLLiteral.null)
                .where { group in
                    var g = group
                    if !family.isEmpty { g = g.orWhere("family_key", .equal, PersonMatching.phoneticKey(family)) }
                    if !forms.isEmpty { g = g.orWhere(SQLFunction("LOWER", args: SQLColumn("given_name")), .in, SQLBind.group(forms)) }
                    return g
                }
                .limit(500).all().map(PersonStore.decode)
            // Aliases live on the child's profile; residents of a typed address are candidates too.
            let aliasHits = try await sql.select().column("person_id").from("child_profiles")
                .where(LikeContains.lowered("aliases", given.isEmpty ? family : given))
                .limit(100).all().map { try $0.decode(column: "person_id", as: String.self) }
            let residents = try await Self.residentsOf(typedKeys, in: sql)
            let known = Set(rows.map(\.id))
            let extra = Array(Set(aliasHits + residents).subtracting(known))
            if !extra.isEmpty {
                rows += try await sql.select().columns(PersonStore.columns).from("people").where("id", .in, extra)
                    .where("erased_at_ms", .is, SQLLiteral.null).where("merged_into", .is, SQLLiteral.null).all().map(PersonStore.decode)
            }
            rows = rows.filter {
                $0.id != excluding && (!childrenOnly || $0.isChild(on: now))
                    && policy.decide(context.actor, .consultPersonRecord, on: $0.scope).isAllowed
            }
            let ids = rows.map(\.id)
            let aliases = try await Self.aliases(of: ids, in: sql)
            let addresses = typedKeys.isEmpty ? [:] : try await Self.addressKeys(of: ids, in: sql)
            let typed = IdentityFacts(givenName: givenName, familyName: familyName, dateOfBirth: dateOfBirth, addressKeys: typedKeys)
            var candidates: [PersonCandidate] = []
            for person in rows {
                let facts = IdentityFacts(
                    givenName: person.givenName, familyName: person.familyName, dateOfBirth: person.dateOfBirth,
                    aliases: aliases[person.id] ?? [], addressKeys: addresses[person.id] ?? [])
                if var match = PersonMatching.score(typed, against: facts, rules: rules) {
                    match.personID = person.id
                    candidates.append(PersonCandidate(person: person, match: match))
                }
            }
            let best = Array(candidates.sorted { ($0.match.score, $0.person.id) > ($1.match.score, $1.person.id) }.prefix(10))
            if !best.isEmpty {
                try await AccessLogStore.append(
                    context.entry(
                        at: now, .consult, recordType: PersonStore.recordType,
                        recordIDs: best.map(\.person.id), purpose: purpose, detail: "identity match"), in: sql)
            }
            return best
        }
    }

    /// Aliases of many children in one query.
    static func aliases(of ids: [String], in sql: any SQLDatabase) async throws -> [String: [String]] {
        guard !ids.isEmpty else { return [:] }
        var result: [String: [String]] = [:]
        for row in try await sql.select().columns("person_id", "aliases").from("child_profiles").where("person_id", .in, ids).all() {
            result[try row.decode(column: "person_id", as: String.self)] =
                try StoredJSON.decode([String].self, try row.decode(column: "aliases", as: String.self))
        }
        return result
    }

    /// The AddressKeys of the places each person lives at, in one query.
    static func addressKeys(of ids: [String], in sql: any SQLDatabase) async throws -> [String: Set<String>] {
        guard !ids.isEmpty else { return [:] }
        var result: [String: Set<String>] = [:]
        let rows = try await sql.select().column(SQLColumn("from_id", table: "links")).column(SQLColumn("address_key", table: "locations"))
            .from("links").join("locations", on: SQLColumn("to_id", table: "links"), .equal, SQLColumn("id", table: "locations"))
            .where(SQLColumn("from_id", table: "links"), .in, SQLBind.group(ids))
            .where(SQLColumn("type", table: "links"), .equal, SQLBind(LinkType.livesAt.rawValue))
            .where(SQLColumn("ended_at_ms", table: "links"), .is, SQLLiteral.null).all()
        for row in rows {
            result[try row.decode(column: "from_id", as: String.self), default: []].insert(try row.decode(column: "address_key", as: String.self))
        }
        return result
    }

    static func residentsOf(_ keys: Set<String>, in sql: any SQLDatabase) async throws -> [String] {
        guard !keys.isEmpty else { return [] }
        return try await sql.select().column(SQLColumn("from_id", table: "links")).from("links")
            .join("locations", on: SQLColumn("to_id", table: "links"), .equal, SQLColumn("id", table: "locations"))
            .where(SQLColumn("address_key", table: "locations"), .in, SQLBind.group(Array(keys)))
            .where(SQLColumn("type", table: "links"), .equal, SQLBind(LinkType.livesAt.rawValue))
            .where(SQLColumn("ended_at_ms", table: "links"), .is, SQLLiteral.null).limit(100).all()
            .map { try $0.decode(column: "from_id", as: String.self) }
    }

    // MARK: Merges

    /// Joins `duplicate` into `survivor`: the duplicate's links are ended and re-made on the survivor,
    /// its missing episodes and flags move across, and it is marked merged (kept, never deleted).
    /// Both records must be open to the actor. Undo with ``undoMerge(_:reason:context:)``.
    public func merge(
        _ duplicate: String, into survivor: String, reason: String, acknowledgedLanguage: Set<String> = [],
        context: AccessContext
    ) async throws -> PersonMerge {
        try await authoriser.require(.mergePersonRecords, context, recordType: PersonStore.recordType, recordIDs: [duplicate, survivor])
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FieldErrorCollector()
        errors.require(reason, "reason", label: "why these records are the same person", maxLength: 2_000)
        if duplicate == survivor { errors.add("survivorId", "A record cannot be merged into itself") }
        try errors.throwIfAny()
        let reasonReview = try NarrativeReview.review(reason, field: "reason", acknowledged: acknowledgedLanguage, checker: checker)
        let now = now()
        let packVersion = checker.pack.version
        let outcome: Result<PersonMerge, any Error> = try await database.transaction { sql in
            var people: [Person] = []
            for (field, id) in [("duplicateId", duplicate), ("survivorId", survivor)] {
                guard let person = try await PersonStore.load(sql, id, forUpdate: true), person.erasedAt == nil else {
                    throw ValidationFailure(field, "No person record with id '\(id.prefix(64))'")
                }
                if case .deny(let why) = policy.decide(context.actor, .mergePersonRecords, on: person.scope) {
                    return .failure(AccessDenied(permission: .mergePersonRecords, reason: why))
                }
                if let row = try await sql.select().column("merged_into").from("people").where("id", .equal, id).first(),
                    let into = try row.decode(column: "merged_into", as: String?.self)
                {
                    throw ValidationFailure(field, "That record was already merged into \(into); undo that merge first")
                }
                people.append(person)
            }
            let mergeID = StoredID.new()
            let moved = try await moveRecords(of: duplicate, to: survivor, merge: mergeID, by: context.actor, at: now, in: sql)
            try await sql.update("people").set("merged_into", to: survivor).where("id", .equal, duplicate).run()
            let merge = PersonMerge(
                id: mergeID, survivorID: survivor, duplicateID: duplicate, moved: moved, reason: reason,
                mergedBy: context.actor.displayName, mergedAt: now)
            try await sql.insert(into: PersonMergeRow.table).model(try PersonMergeRow(merge), with: StoredRow.encoder).run()
            for person in people {
                try await Self.bumpVersion(person, change: "merge \(mergeID)", actor: context.actor, at: now, in: sql)
            }
            try await LanguageStore.record(
                reasonReview, of: .init(recordType: "person-merge", recordID: mergeID, field: "reason", recordVersion: 1),
                by: context.actor, at: now, packVersion: packVersion, in: sql)
            try await AccessLogStore.append(
                context.entry(
                    at: now, .alter, recordType: PersonStore.recordType, recordIDs: [duplicate, survivor],
                    detail: "merge \(mergeID): \(moved.links.count) links, \(moved.episodes.count) episodes, \(moved.flags.count) flags, "
                        + "\(moved.caseRecords) other case records moved"),
                in: sql)
            return .success(merge)
        }
        return try await authoriser.settle(
            outcome, permission: .mergePersonRecords, context: context, recordType: PersonStore.recordType,
            id: duplicate, shownAs: "person")
    }

    /// Moves the duplicate's open links (each ended and copied to the survivor), its episodes and its flags to
    /// the survivor, and says what moved so the merge can be undone.
    private func moveRecords(
        of duplicate: String, to survivor: String, merge mergeID: String, by actor: Actor, at now: Date, in sql: any SQLDatabase
    ) async throws -> MergeMoves {
        var moved = MergeMoves()
        let links = try await sql.select().column("*").from(LinkRow.table)
            .where { $0.where("from_id", .equal, duplicate).orWhere("to_id", .equal, duplicate) }
            .where("ended_at_ms", .is, SQLLiteral.null).all(decoding: LinkRow.self, with: StoredRow.decoder)
        for old in links {
            var copy = old
            copy.id = StoredID.new()
            if old.fromId == duplicate { copy.fromId = survivor }
            if old.toId == duplicate { copy.toId = survivor }
            (copy.sourceType, copy.sourceId, copy.addedBy, copy.addedAtMs) = ("merge", mergeID, actor.userID, now.millisecondsSince1970)
            try await sql.insert(into: LinkRow.table).model(copy, with: StoredRow.encoder).run()
            try await endLink(old.id, reason: "merged into \(survivor)", by: actor, at: now, in: sql)
            moved.links.append([old.id, copy.id])
        }
        moved.episodes = try await sql.select().column("id").from("missing_episodes").where("child_id", .equal, duplicate).all()
            .map { try $0.decode(column: "id", as: String.self) }
        if !moved.episodes.isEmpty {
            try await sql.update("missing_episodes").set("child_id", to: survivor).where("id", .in, moved.episodes).run()
        }
        moved.flags = try await sql.select().column("id").from("flags").where("entity_id", .equal, duplicate).all()
            .map { try $0.decode(column: "id", as: String.self) }
        if !moved.flags.isEmpty {
            try await sql.update("flags").set("entity_id", to: survivor).where("id", .in, moved.flags).run()
        }
        moved.rows = try await MergeCaseRecords.move(from: duplicate, to: survivor, in: sql)
        return moved
    }

    /// Undoes a merge: the survivor's copies are ended, the duplicate's links re-opened, its
    /// episodes and flags moved back. The merge stays on record, marked undone, with who and why.
    public func undoMerge(
        _ mergeID: String, reason: String, acknowledgedLanguage: Set<String> = [],
        context: AccessContext
    ) async throws -> PersonMerge {
        try await authoriser.require(.mergePersonRecords, context, recordType: PersonStore.recordType)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FieldErrorCollector()
        errors.require(reason, "reason", label: "why the merge is being undone", maxLength: 2_000)
        try errors.throwIfAny()
        let reasonReview = try NarrativeReview.review(reason, field: "reason", acknowledged: acknowledgedLanguage, checker: checker)
        let now = now()
        let packVersion = checker.pack.version
        let outcome: Result<PersonMerge, any Error> = try await database.transaction { sql in
            guard mergeID.count <= 64, let row = try await sql.select().column("*").from("person_merges").where("id", .equal, mergeID).first() else {
                return .failure(RecordNotFound(recordType: "merge", id: mergeID))
            }
            var merge = try Self.merge(row)
            if merge.undoneAt != nil { throw ValidationFailure("mergeId", "This merge was already undone") }
            var people: [Person] = []
            for id in [merge.duplicateID, merge.survivorID] {
                guard let person = try await PersonStore.load(sql, id, forUpdate: true) else { continue }
                if case .deny(let why) = policy.decide(context.actor, .mergePersonRecords, on: person.scope) {
                    return .failure(AccessDenied(permission: .mergePersonRecords, reason: why))
                }
                people.append(person)
            }
            for person in people {
                try await Self.bumpVersion(person, change: "merge \(mergeID) undone", actor: context.actor, at: now, in: sql)
            }
            for pair in merge.moved.links where pair.count == 2 {
                try await endLink(pair[1], reason: "merge \(mergeID) undone", by: context.actor, at: now, in: sql)
                try await sql.update("links").set("ended_at_ms", to: SQLLiteral.null).set("ended_by", to: SQLLiteral.null)
                    .set("end_reason", to: SQLLiteral.null).where("id", .equal, pair[0]).run()
            }
            if !merge.moved.episodes.isEmpty {
                try await sql.update("missing_episodes").set("child_id", to: merge.duplicateID).where("id", .in, merge.moved.episodes).run()
            }
            if !merge.moved.flags.isEmpty {
                try await sql.update("flags").set("entity_id", to: merge.duplicateID).where("id", .in, merge.moved.flags).run()
            }
            try await MergeCaseRecords.moveBack(merge.moved.rows, from: merge.survivorID, to: merge.duplicateID, in: sql)
            try await sql.update("people").set("merged_into", to: SQLLiteral.null).where("id", .equal, merge.duplicateID).run()
            try await sql.update("person_merges").set("undone_by", to: context.actor.displayName)
                .set("undone_at_ms", to: now.millisecondsSince1970).set("undo_reason", to: reason).where("id", .equal, mergeID).run()
            merge.undoneBy = context.actor.displayName
            merge.undoneAt = now
            merge.undoReason = reason
            try await LanguageStore.record(
                reasonReview, of: .init(recordType: "person-merge", recordID: mergeID, field: "reason", recordVersion: 2),
                by: context.actor, at: now, packVersion: packVersion, in: sql)
            try await AccessLogStore.append(
                context.entry(
                    at: now, .alter, recordType: PersonStore.recordType,
                    recordIDs: [merge.duplicateID, merge.survivorID], detail: "merge \(mergeID) undone"),
                in: sql)
            return .success(merge)
        }
        return try await authoriser.settle(
            outcome, permission: .mergePersonRecords, context: context, recordType: "merge",
            id: mergeID, shownAs: "merge")
    }

    /// The merges a person took part in, newest first (shown on their page; the page's own
    /// consultation is the logged read).
    public func history(of personID: String, context: AccessContext) async throws -> [PersonMerge] {
        try await authoriser.require(.consultPersonRecord, context, recordType: PersonStore.recordType)
        return try await database.transaction { sql in try await Self.merges(of: personID, in: sql) }
    }

    /// The merges a person took part in, newest first.
    static func merges(of personID: String, in sql: any SQLDatabase) async throws -> [PersonMerge] {
        try await sql.select().column("*").from("person_merges")
            .where { $0.where("survivor_id", .equal, personID).orWhere("duplicate_id", .equal, personID) }
            .orderBy("merged_at_ms", .descending).all().map(merge)
    }

    static func merge(_ row: any SQLRow) throws -> PersonMerge {
        try row.decode(model: PersonMergeRow.self, with: StoredRow.decoder).merge()
    }

    /// A merge changes both records: each gets a new version and a line in its change history.
    static func bumpVersion(_ person: Person, change: String, actor: Actor, at now: Date, in sql: any SQLDatabase) async throws {
        try await sql.update("people").set("version", to: person.version + 1).set("updated_at_ms", to: now.millisecondsSince1970)
            .where("id", .equal, person.id).run()
        try await PersonStore.recordChange(sql, person.id, version: person.version + 1, fields: [change], actor: actor, at: now)
    }

    func endLink(_ id: String, reason: String, by actor: Actor, at now: Date, in sql: any SQLDatabase) async throws {
        try await LinkStore.end(id, reason: reason, by: actor, at: now, in: sql)
    }
}
