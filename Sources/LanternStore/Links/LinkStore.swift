import Crypto
import Foundation
import LanternCore
import SQLKit

/// A link as stored, with who added it and from which record.
public struct LinkRecord: Sendable, Equatable {
    public var id: String
    public var from: EntityRef
    public var to: EntityRef
    public var type: LinkType
    public var at: Date
    public var sourceType: String
    public var sourceID: String
    public var addedBy: String
    /// Where a link added by hand comes from, in the words of the person who added it.
    public var note: String = ""
}

/// What a flags-register import changed.
public struct FlagImportReport: Sendable, Equatable, Codable {
    public var added = 0
    public var changed = 0
    public var unchanged = 0
    public var removed = 0
    /// Rows refused, each with its line, field and reason. A file with any is not imported.
    public var rejected: [String] = []

    public init(added: Int = 0, changed: Int = 0, unchanged: Int = 0, removed: Int = 0, rejected: [String] = []) {
        self.added = added
        self.changed = changed
        self.unchanged = unchanged
        self.removed = removed
        self.rejected = rejected
    }
}

/// Locations, links and the flags register: the layer that connects a found child to the
/// person or place that should worry us.
public struct LinkStore: Sendable {
    let database: LanternDatabase
    let clock: any WallClock
    let authoriser: Authoriser
    /// For the network trigger: a child newly linked near a child under an open concern is screened.
    let exploitation: ExploitationRules
    /// Notes and end reasons are written about people, children among them: they are language-checked.
    let checker: LanguageChecker

    public init(database: LanternDatabase, clock: any WallClock, authoriser: Authoriser, checker: LanguageChecker, exploitation: ExploitationRules) {
        self.exploitation = exploitation
        self.checker = checker
        self.database = database
        self.clock = clock
        self.authoriser = authoriser
    }

    // MARK: Inside other stores' transactions

    /// The Location for an address, created the first time it is seen (one row per AddressKey).
    package static func locate(_ address: String, postcode: String?, by actor: Actor, at now: Date, in sql: any SQLDatabase) async throws -> String? {
        guard let key = AddressKey.make(address, postcode: postcode) else { return nil }
        if let row = try await sql.select().column("id").from("locations").where("address_key", .equal, key.value).first() {
            return try row.decode(column: "id", as: String.self)
        }
        let row = LocationRow(id: StoredID.new(), address: address, key: key, createdBy: actor.userID, at: now)
        try await sql.insert(into: LocationRow.table).model(row, with: StoredRow.encoder).run()
        return row.id
    }

    @discardableResult
    package static func link(
        _ from: EntityRef, _ to: EntityRef, _ type: LinkType, at: Date, source: (String, String), by actor: Actor,
        now: Date, note: String? = nil, in sql: any SQLDatabase
    ) async throws -> String {
        let id = StoredID.new()
        let row = LinkRow(id: id, from, to, type, at: at, source: source, addedBy: actor.userID, now: now, note: note)
        try await sql.insert(into: LinkRow.table).model(row, with: StoredRow.encoder).run()
        return id
    }

    static func activeFlags(_ entityID: String, in sql: any SQLDatabase) async throws -> [(flag: FlagKind, reference: String)] {
        try await FlagEntryRow.active(on: [entityID], in: sql).map { (try $0.kind(), $0.reference) }
    }

    // MARK: Flags register

    /// Imports a flags-register CSV, all or nothing. Re-importing the same file changes nothing; a row
    /// whose reference is new is added, one whose content changed is updated, and a reference from the
    /// same `source` missing from the file is removed (ended, not deleted). Needs the administrator's
    /// or a supervisor's say-so at the command line; logged as one entry per person or place touched.
    public func importFlags(csv text: String, source: String, context: AccessContext) async throws -> FlagImportReport {
        let now = Date(millisecondsSince1970: clock.now().millisecondsSince1970)
        let (rows, references, refused) = Self.flagRows(csv: text, today: now)
        guard refused.rejected.isEmpty else { return refused }
        let actor = context.actor
        let frozen = rows
        let inFile = references
        return try await database.transaction { sql in
            var report = FlagImportReport()
            var touched: [String] = []
            for row in frozen {
                let hash = Self.contentHash(row)
                let existing = try await sql.select().columns("id", "entity_id", "row_hash").from("flags")
                    .where("source", .equal, source).where("reference", .equal, row.reference)
                    .where("removed_at_ms", .is, SQLLiteral.null).first()
                if let existing, try existing.decode(column: "row_hash", as: String.self) == hash {
                    report.unchanged += 1
                    continue
                }
                if let existing {
                    try await sql.update("flags").set("removed_at_ms", to: now.millisecondsSince1970)
                        .where("id", .equal, try existing.decode(column: "id", as: String.self)).run()
                    report.changed += 1
                } else {
                    report.added += 1
                }
                let entity = try await entity(for: row, actor: actor, now: now, in: sql)
                touched.append(entity.id)
                let flag = FlagEntryRow(
                    id: StoredID.new(), on: entity, row.flag, source: source, reference: row.reference, details: row.details, rowHash: hash,
                    at: now)
                try await sql.insert(into: FlagEntryRow.table).model(flag, with: StoredRow.encoder).run()
            }
            let stale = try await sql.select().columns("id", "entity_id", "reference").from("flags").where("source", .equal, source)
                .where("removed_at_ms", .is, SQLLiteral.null).all()
            for row in stale where !inFile.contains(try row.decode(column: "reference", as: String.self)) {
                try await sql.update("flags").set("removed_at_ms", to: now.millisecondsSince1970)
                    .where("id", .equal, try row.decode(column: "id", as: String.self)).run()
                touched.append(try row.decode(column: "entity_id", as: String.self))
                report.removed += 1
            }
            if !touched.isEmpty {
                try await AccessLogStore.append(
                    context.entry(
                        at: now, .alter, recordType: "flags", recordIDs: touched,
                        detail: "flags import from \(source): +\(report.added) ~\(report.changed) -\(report.removed)"),
                    in: sql)
            }
            return report
        }
    }

    /// The register's rows, or every line refused and why: the file's header, each row's fields, a reference twice.
    static func flagRows(csv text: String, today now: Date) -> (rows: [FlagRow], references: Set<String>, report: FlagImportReport) {
        var report = FlagImportReport()
        let records = CSV.records(text)
        guard let header = records.first else {
            report.rejected.append("line 1: the file is empty")
            return (rows: [], references: [], report: report)
        }
        guard header.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) == FlagRow.header else {
            report.rejected.append("line 1: the header must be " + FlagRow.header.joined(separator: ","))
            return (rows: [], references: [], report: report)
        }
        var rows: [FlagRow] = []
        var references: Set<String> = []
        for (index, fields) in records.dropFirst().enumerated() {
            switch FlagRow.parse(fields, today: now) {
            case .success(let row):
                if !references.insert(row.reference).inserted {
                    report.rejected.append("line \(index + 2), reference: '\(row.reference)' appears twice")
                } else {
                    rows.append(row)
                }
            case .failure(let error):
                report.rejected.append("line \(index + 2), \(error.field): \(error.message)")
            }
        }
        return (rows, references, report)
    }

    /// What a row says, hashed: an unchanged row is recognised on re-import.
    static func contentHash(_ row: FlagRow) -> String {
        SHA256.hash(
            data: Data(
                [
                    row.flag.rawValue, row.kind.rawValue, row.givenName, row.familyName,
                    row.dateOfBirth ?? "", row.address, row.postcode ?? "", row.details,
                ]
                .joined(separator: "\u{1F}").utf8)
        ).map { String(format: "%02x", $0) }.joined()
    }

    /// The person or location a register row is about: found by the same source's earlier row, else created.
    func entity(for row: FlagRow, actor: Actor, now: Date, in sql: any SQLDatabase) async throws -> EntityRef {
        let address = [row.address, row.postcode ?? ""].filter { !$0.isEmpty }.joined(separator: ", ")
        switch row.kind {
        case .location:
            return EntityRef(.location, try await Self.locate(row.address, postcode: row.postcode, by: actor, at: now, in: sql)!)
        default:
            if let earlier = try await sql.select().column("entity_id").from("flags").where("reference", .equal, row.reference)
                .where("entity_kind", .equal, EntityKind.person.rawValue).orderBy("added_at_ms", .descending).first()
            {
                let id = try earlier.decode(column: "entity_id", as: String.self)
                if let person = try await PersonStore.load(sql, id, forUpdate: true),
                    (person.givenName, person.familyName, person.dateOfBirth) != (row.givenName, row.familyName, row.dateOfBirth)
                {
                    try await sql.update("people").set("given_name", to: row.givenName).set("family_name", to: row.familyName)
                        .set("family_key", to: PersonStore.familyKey(row.familyName))
                        .set("date_of_birth", to: SQLBind(row.dateOfBirth)).set("version", to: person.version + 1)
                        .set("updated_at_ms", to: now.millisecondsSince1970).where("id", .equal, id).run()
                    try await PersonStore.recordChange(sql, id, version: person.version + 1, fields: ["flags register"], actor: actor, at: now)
                }
                return EntityRef(.person, id)
            }
            let person = Person(
                id: StoredID.new(), kind: row.flag == .registeredSexOffender ? .registeredSexOffender : .associate,
                givenName: row.givenName, familyName: row.familyName, dateOfBirth: row.dateOfBirth, notes: "",
                team: "Flags register", borough: "Force-wide", restricted: false, createdBy: actor.userID,
                createdAt: now, updatedAt: now, version: 1, erasedAt: nil)
            try await PersonStore.insert(person, in: sql)
            try await PersonStore.recordChange(sql, person.id, version: 1, fields: ["created"], actor: actor, at: now)
            if !row.address.isEmpty, let location = try await Self.locate(address, postcode: row.postcode, by: actor, at: now, in: sql) {
                try await Self.link(
                    EntityRef(.person, person.id), EntityRef(.location, location), .livesAt, at: now,
                    source: ("flags-register", row.reference), by: actor, now: now, in: sql)
            }
            return EntityRef(.person, person.id)
        }
    }
}
