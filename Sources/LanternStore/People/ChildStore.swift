import Foundation
import LanternCore
import SQLKit

/// A child's whole record: the person, their profile, Philomena profile, their own words,
/// and every missing episode (the repeat-missing picture, across every borough).
public struct ChildRecord: Sendable {
    public var person: Person
    public var profile: ChildProfile?
    public var philomena: PhilomenaProfile?
    public var philomenaVersions: Int
    public var voices: [ChildVoice]
    public var episodes: [EpisodeSummary]
    /// Every prevention and return home interview after the child came back, newest first, with its
    /// outcome (offered, declined, completed), who did it and what it found: part of the child's record,
    /// not only the episode's.
    public var interviews: [EpisodeTask]
    public var repeatMissing: RepeatMissingStatus
    public var awaitingScreening: String?
    /// Flags-register alerts from any of the child's episodes: "previously found at / with a flagged person or place".
    public var previouslyFlagged: [String] = []
    /// The child's links panel, when asked for: read and logged with the record, in one entry.
    public var links: LinkPanel?
}

/// A suggested existing child for a report, with the person and why they may match.

/// Children's records: matching before a report creates a new child, the profile, the
/// Philomena profile (versioned), and the child's record as one view.
public struct ChildStore: Sendable {
    let database: LanternDatabase
    let clock: any WallClock
    let authoriser: Authoriser
    let checker: LanguageChecker
    let rules: MissingRules
    let identity: IdentityStore
    var policy: AccessPolicy { authoriser.policy }

    public init(
        database: LanternDatabase, clock: any WallClock, authoriser: Authoriser, checker: LanguageChecker, rules: MissingRules,
        identity: IdentityStore
    ) {
        self.identity = identity
        self.database = database
        self.clock = clock
        self.authoriser = authoriser
        self.checker = checker
        self.rules = rules
    }

    /// Checks each narrative for language that blames the child; throws for the first that needs a decision.
    func review(_ fields: [(String, String)], acknowledged: Set<String>) throws -> [(NarrativeReview, String)] {
        try fields.filter { !$0.1.isEmpty }.map {
            (try NarrativeReview.review($0.1, field: $0.0, acknowledged: acknowledged, checker: checker), $0.1)
        }
    }

    func record(
        _ reviews: [(NarrativeReview, String)], person: String, version: Int, by actor: Actor, at now: Date, in sql: any SQLDatabase
    ) async throws {
        for (review, _) in reviews {
            try await LanguageStore.record(
                review,
                of: .init(
                    recordType: PersonStore.recordType, recordID: person, field: review.field,
                    recordVersion: version),
                by: actor, at: now, packVersion: checker.pack.version, in: sql)
        }
    }

    func now() -> Date { clock.now().roundedUpToMillisecond }

    /// Existing children who may be the one being reported: by name, nickname, alias, the sound of
    /// the family name and date of birth, best first. The names shown are logged as a consultation.
    public func matches(givenName: String, familyName: String, dateOfBirth: String?, context: AccessContext) async throws -> [PersonCandidate] {
        try await identity.matches(givenName: givenName, familyName: familyName, dateOfBirth: dateOfBirth, childrenOnly: true, context: context)
    }

    /// The child's record; a purpose is required, and the consultation is logged first. Earlier versions
    /// of the Philomena profile are kept; `philomenaVersion` shows one of them instead of the latest.
    /// `withLinks`: the links panel too, so a page that shows both logs every person it shows once.
    public func record(
        _ id: String, purpose: AccessPurpose?, purposeNote: String = "", philomenaVersion: Int? = nil,
        withLinks: Bool = false, context: AccessContext
    ) async throws -> ChildRecord {
        try await authoriser.require(.consultPersonRecord, context, recordType: PersonStore.recordType)
        if purposeNote.unicodeScalars.count > maximumReferenceLength {
            throw ValidationFailure("purposeNote", "The reference must be \(maximumReferenceLength) characters or fewer")
        }
        let now = now()
        let rules = self.rules
        let outcome: Result<ChildRecord, any Error> = try await database.transaction { sql in
            guard let person = try await PersonStore.load(sql, id), person.erasedAt == nil, person.isChild(on: now) else {
                return .failure(RecordNotFound(recordType: "child", id: id))
            }
            if case .deny(let reason) = policy.decide(context.actor, .consultPersonRecord, on: person.scope) {
                return .failure(AccessDenied(permission: .consultPersonRecord, reason: reason))
            }
            guard purpose != nil else { return .failure(PurposeRequired()) }
            if let version = philomenaVersion, try await MissingRows.philomena(id, version: version, in: sql) == nil {
                throw ValidationFailure("philomenaVersion", "This child has no Philomena profile version \(version)")
            }
            let episodes = try await MissingStore.childEpisodes(id, name: person.displayName, in: sql)
            let versions =
                try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("philomena_profiles")
                .where("person_id", .equal, id).first()?.decode(column: "n", as: Int.self) ?? 0
            let waiting = try await sql.select().column("reason").from("screening_queue").where("child_id", .equal, id)
                .where("screened_at_ms", .is, SQLLiteral.null).first().map { try $0.decode(column: "reason", as: String.self) }
            var screening: PersonMentions.Rendered?
            if let waiting { screening = try await PersonMentions.render(waiting, for: context.actor, policy: policy, in: sql) }
            let flagged = try await PersonMentions.render(
                try await RiskRecord.flaggedFinds(id, excludingEpisode: nil, in: sql),
                for: context.actor, policy: policy, in: sql)
            let links =
                withLinks
                ? try await LinkStore.panelView(of: EntityRef(.person, id), actor: context.actor, policy: policy, now: now, in: sql) : nil
            let record = ChildRecord(
                person: person, profile: try await MissingRows.loadProfile(id, in: sql),
                philomena: try await MissingRows.philomena(id, version: philomenaVersion, in: sql), philomenaVersions: versions,
                voices: try await MissingRows.voices(id, in: sql), episodes: episodes,
                interviews: try await Self.interviews(of: episodes.map(\.id), in: sql),
                repeatMissing: RepeatMissing.evaluate(lastSeen: episodes.map(\.lastSeenAt), at: now, rules: rules),
                awaitingScreening: screening?.texts.first,
                previouslyFlagged: flagged.texts, links: links)
            let named = (screening?.named ?? []) + flagged.named + (links?.people ?? [])
            try await AccessLogStore.append(
                context.entry(
                    at: now, .consult, recordType: PersonStore.recordType,
                    recordIDs: Self.distinct([id] + named),
                    purpose: purpose, purposeNote: purposeNote, detail: "child record"), in: sql)
            return .success(record)
        }
        return try await authoriser.settle(
            outcome, permission: .consultPersonRecord, context: context, recordType: PersonStore.recordType, id: id, shownAs: "child")
    }

    /// The child `id`, locked until the transaction ends, when the actor may alter their record; someone erased,
    /// missing or not a child is not found.
    static func childToAlter(
        _ id: String, actor: Actor, policy: AccessPolicy, now: Date, in sql: any SQLDatabase
    ) async throws -> Result<Person, any Error> {
        guard let person = try await PersonStore.load(sql, id, forUpdate: true), person.erasedAt == nil, person.isChild(on: now) else {
            return .failure(RecordNotFound(recordType: "child", id: id))
        }
        if case .deny(let reason) = policy.decide(actor, .alterPersonRecord, on: person.scope) {
            return .failure(AccessDenied(permission: .alterPersonRecord, reason: reason))
        }
        return .success(person)
    }

    static func distinct(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }

    static func interviews(of episodeIDs: [String], in sql: any SQLDatabase) async throws -> [EpisodeTask] {
        var tasks: [EpisodeTask] = []
        for chunk in stride(from: 0, to: episodeIDs.count, by: 500) {
            // By episode only, the kind checked here: with the kind in the query too, SQLite prefers the
            // kind index and reads every interview in the force (30 ms at London scale instead of 1).
            tasks += try await sql.select().columns(MissingRows.taskColumns).from("episode_tasks")
                .where("episode_id", .in, Array(episodeIDs[chunk..<min(episodeIDs.count, chunk + 500)])).all()
                .map(MissingRows.task).filter { $0.kind == .preventionInterview || $0.kind == .returnHomeInterview }
        }
        return tasks.sorted { $0.createdAt > $1.createdAt }
    }

    /// Saves the child's profile (a whole replacement; the change is logged with the fields it touched).
    /// The profile's details count as the child's record: a change adds a version of the person record.
    /// `expectedVersion` is the record version the editor read; if another change came since, nothing
    /// is written and ``VersionConflict`` names what changed. Only the demo and store tests, which
    /// write on the latest version by design, leave it out; every route passes it.
    public func saveProfile(
        _ profile: ChildProfile, expectedVersion: Int? = nil, acknowledgedLanguage: Set<String> = [],
        context: AccessContext
    ) async throws -> (profile: ChildProfile, version: Int) {
        try await authoriser.require(.alterPersonRecord, context, recordType: PersonStore.recordType)
        let now = now()
        var clean = try profile.validated()
        let reviews = try review([("description", clean.description), ("placement", clean.placement)], acknowledged: acknowledgedLanguage)
        clean.updatedAt = now
        clean.updatedBy = context.actor.userID
        if clean.estimatedAge != nil && clean.estimatedAgeAt == nil { clean.estimatedAgeAt = now }
        let saved = clean
        let outcome: Result<(profile: ChildProfile, version: Int), any Error> = try await database.transaction { sql in
            let person: Person
            switch try await Self.childToAlter(profile.personID, actor: context.actor, policy: policy, now: now, in: sql) {
            case .success(let child): person = child
            case .failure(let refused): return .failure(refused)
            }
            if let expectedVersion, person.version != expectedVersion {
                return .failure(
                    VersionConflict(
                        recordType: "child", id: person.id, expectedVersion: expectedVersion, currentVersion: person.version,
                        changedFields: try await PersonStore.changedFields(sql, person.id, after: expectedVersion)))
            }
            let before = try await MissingRows.loadProfile(person.id, in: sql)
            let changed = ChildProfile.changedFields(from: before, to: saved)
            let version = changed.isEmpty ? person.version : person.version + 1
            if !changed.isEmpty {
                try await sql.update("people").set("version", to: version).set("updated_at_ms", to: now.millisecondsSince1970)
                    .where("id", .equal, person.id).run()
                try await PersonStore.recordChange(sql, person.id, version: version, fields: changed, actor: context.actor, at: now)
            }
            if let old = before, old.estimatedAge == saved.estimatedAge, saved.estimatedAgeAt == nil {
                var kept = saved
                kept.estimatedAgeAt = old.estimatedAgeAt
                try await MissingRows.saveProfile(kept, in: sql)
            } else {
                try await MissingRows.saveProfile(saved, in: sql)
            }
            try await LinkStore.recordResidence(
                of: person.id, address: saved.homeAddress, postcode: saved.homePostcode, role: "home",
                by: context.actor, at: now, in: sql)
            try await LinkStore.recordResidence(
                of: person.id, address: saved.placementAddress, postcode: saved.placementPostcode,
                role: "placement", by: context.actor, at: now, in: sql)
            if !saved.wishes.isEmpty && saved.wishes != before?.wishes {
                try await MissingRows.addVoice(
                    ChildVoice(
                        personID: person.id, at: now, context: "Wishes and feelings (profile)",
                        words: saved.wishes, recordedBy: context.actor.displayName),
                    episodeID: nil, in: sql)
            }
            try await record(reviews, person: person.id, version: person.version, by: context.actor, at: now, in: sql)
            let flagsAdded = saved.exploitationFlags.subtracting(before?.exploitationFlags ?? [])
            if !flagsAdded.isEmpty {
                try await MissingRows.queueForScreening(
                    person.id, episode: nil,
                    reason: "Exploitation concern recorded: "
                        + flagsAdded.map(\.title).sorted().joined(separator: ", "), at: now, in: sql)
            }
            try await AccessLogStore.append(
                context.entry(
                    at: now, .alter, recordType: PersonStore.recordType, recordIDs: [person.id],
                    detail: "child profile" + (changed.isEmpty ? "" : ": " + changed.joined(separator: ", "))), in: sql)
            return .success((profile: saved, version: version))
        }
        return try await authoriser.settle(
            outcome, permission: .alterPersonRecord, context: context, recordType: PersonStore.recordType, id: profile.personID, shownAs: "child")
    }

    /// Saves a new version of the child's Philomena profile; earlier versions are kept.
    public func savePhilomena(
        _ profile: PhilomenaProfile, acknowledgedLanguage: Set<String> = [],
        context: AccessContext
    ) async throws -> PhilomenaProfile {
        try await authoriser.require(.alterPersonRecord, context, recordType: PersonStore.recordType)
        let now = now()
        _ = try profile.validated()
        let reviews = try review(
            [
                ("associates", profile.associates), ("placesFrequented", profile.placesFrequented),
                ("previousMissing", profile.previousMissing), ("vulnerabilities", profile.vulnerabilities),
            ],
            acknowledged: acknowledgedLanguage)
        let outcome: Result<PhilomenaProfile, any Error> = try await database.transaction { sql in
            let person: Person
            switch try await Self.childToAlter(profile.personID, actor: context.actor, policy: policy, now: now, in: sql) {
            case .success(let child): person = child
            case .failure(let refused): return .failure(refused)
            }
            let latest =
                try await sql.select().column(SQLFunction("MAX", args: SQLColumn("version")), as: "v").from("philomena_profiles")
                .where("person_id", .equal, person.id).first()?.decode(column: "v", as: Int?.self) ?? 0
            var saved = profile
            saved.version = latest + 1
            saved.updatedAt = now
            saved.updatedBy = context.actor.userID
            try await sql.insert(into: PhilomenaProfileRow.table).model(try PhilomenaProfileRow(saved, personID: person.id), with: StoredRow.encoder)
                .run()
            try await record(reviews, person: person.id, version: person.version, by: context.actor, at: now, in: sql)
            try await AccessLogStore.append(
                context.entry(
                    at: now, .alter, recordType: PersonStore.recordType, recordIDs: [person.id],
                    detail: "Philomena profile v\(saved.version)"), in: sql)
            return .success(saved)
        }
        return try await authoriser.settle(
            outcome, permission: .alterPersonRecord, context: context, recordType: PersonStore.recordType, id: profile.personID, shownAs: "child")
    }

    /// Children waiting for exploitation screening, oldest first, each with why they arrived.
    public func screeningQueue(context: AccessContext) async throws -> [(Person, String, Date)] {
        try await authoriser.require(.consultPersonRecord, context, recordType: PersonStore.recordType)
        let now = now()
        return try await database.transaction { sql in
            let rows = try await sql.select().columns("child_id", "reason", "at_ms").from("screening_queue")
                .where("screened_at_ms", .is, SQLLiteral.null).orderBy("at_ms").limit(500).all()
            var items: [(Person, String, Date)] = []
            for row in rows {
                guard let person = try await PersonStore.load(sql, try row.decode(column: "child_id", as: String.self)),
                    person.erasedAt == nil, policy.decide(context.actor, .consultPersonRecord, on: person.scope).isAllowed
                else { continue }
                items.append((person, try row.decode(column: "reason", as: String.self), try StoredDate.required(row, "at_ms")))
            }
            let rendered = try await PersonMentions.render(items.map(\.1), for: context.actor, policy: policy, in: sql)
            for (i, text) in rendered.texts.enumerated() { items[i].1 = text }
            let listed = items.map(\.0.id)
            if !items.isEmpty {
                try await AccessLogStore.append(
                    context.entry(
                        at: now, .consult, recordType: PersonStore.recordType,
                        recordIDs: listed + rendered.named.filter { !listed.contains($0) }, detail: "queue: screening"), in: sql)
            }
            return items
        }
    }
}
