import Foundation
import LanternCore
import SQLKit

/// What an import did: entities and links added, changed or already there, or why nothing was.
public struct ImportReport: Sendable, Equatable, Codable {
    public var entitiesAdded = 0
    public var entitiesChanged = 0
    public var entitiesUnchanged = 0
    public var linksAdded = 0
    public var linksUnchanged = 0
    /// Every refused row. A file with any is not imported at all.
    public var rejected: [ImportRejection] = []

    public init() {}
}

/// A row a transaction refused (a ref that resolves to nothing); the transaction rolls back.
struct ImportRefused: Error {
    var rejected: [ImportRejection]
}

extension LinkStore {
    /// Imports people, locations, objects and links from a checked file, all or nothing. Refs are the
    /// file's names for its entities, kept per `source`: re-importing the same file changes nothing,
    /// and a person whose details changed under the same ref is updated (with change history), not duplicated.
    /// Run from the command line as the operator; logged as one access-log entry per thousand people touched.
    public func importRecords(_ file: ImportFile, source: String, context: AccessContext) async throws -> ImportReport {
        var report = ImportReport()
        guard file.rejected.isEmpty else {
            report.rejected = file.rejected
            return report
        }
        let source = source.trimmingCharacters(in: .whitespaces)
        guard !source.isEmpty, source.count <= 100 else {
            report.rejected = [ImportRejection(line: 0, field: "source", reason: "Name the source in 1 to 100 characters")]
            return report
        }
        let now = clock.now().roundedUpToMillisecond
        let actor = context.actor
        do {
            return try await database.transaction { sql in
                try await Self.write(file, source: source, actor: actor, context: context, now: now, in: sql)
            }
        } catch let refused as ImportRefused {
            report.rejected = refused.rejected
            return report
        }
    }

    /// An import's entries in `import_refs`: the file's ref, the entity it names and the row's fingerprint.
    typealias KnownRef = (kind: String, id: String, hash: String)
    typealias NewRef = (ref: String, kind: String, id: String, hash: String)

    /// What the file's entities come to: people to insert, refs to record, people touched and refs that changed.
    struct EntityPlan {
        var newPeople: [Person] = []
        var newRefs: [NewRef] = []
        var touchedPeople: [String] = []
        var changedRefs: [String] = []
    }

    static func write(
        _ file: ImportFile, source: String, actor: Actor, context: AccessContext, now: Date,
        in sql: any SQLDatabase
    ) async throws -> ImportReport {
        var report = ImportReport()
        var known = try await knownRefs(source, in: sql)
        let plan = try await planEntities(file, source: source, actor: actor, now: now, known: &known, report: &report, in: sql)
        let newLinks = try planLinks(file, source: source, known: &known, report: &report)
        // New rows go in several hundred at a time: a force's intelligence export is hundreds of thousands of rows.
        try await insertPeople(plan.newPeople, source: source, actor: actor, now: now, in: sql)
        let linkRefs = try await insertLinks(newLinks, source: source, actor: actor, now: now, in: sql)
        report.linksAdded = newLinks.count
        for chunk in chunks(plan.changedRefs, of: 500) {
            // A changed ref points at its entity afresh.
            try await sql.delete(from: "import_refs").where("source", .equal, source).where("reference", .in, Array(chunk)).run()
        }
        for chunk in chunks(plan.newRefs + linkRefs, of: 500) {
            let rows = chunk.map { ref in
                ImportRefRow(
                    source: source, reference: ref.ref, entityKind: ref.kind, entityId: ref.id, rowHash: ref.hash,
                    importedAtMs: now.millisecondsSince1970)
            }
            try await sql.insert(into: ImportRefRow.table).models(rows, with: StoredRow.encoder).run()
        }
        try await logImport(report, touchedPeople: plan.touchedPeople, source: source, context: context, now: now, in: sql)
        return report
    }

    /// The refs earlier imports from `source` recorded.
    static func knownRefs(_ source: String, in sql: any SQLDatabase) async throws -> [String: KnownRef] {
        var known: [String: KnownRef] = [:]
        for row in try await sql.select().column("*").from(ImportRefRow.table).where("source", .equal, source)
            .all(decoding: ImportRefRow.self, with: StoredRow.decoder)
        {
            known[row.reference] = (row.entityKind, row.entityId, row.rowHash)
        }
        return known
    }

    /// Each entity of the file: unchanged (its fingerprint is known), a person updated in place, a location or
    /// object found or added, or a new person to insert.
    static func planEntities(
        _ file: ImportFile, source: String, actor: Actor, now: Date, known: inout [String: KnownRef],
        report: inout ImportReport, in sql: any SQLDatabase
    ) async throws -> EntityPlan {
        var plan = EntityPlan()
        for entity in file.entities {
            let hash = entity.fingerprint
            if let existing = known[entity.ref], existing.hash == hash {
                report.entitiesUnchanged += 1
                continue
            }
            let previous = known[entity.ref]
            let kind: EntityKind
            let id: String
            switch entity.body {
            case .person(let personKind, let given, let family, let dob):
                kind = .person
                if let previous, previous.kind == EntityKind.person.rawValue,
                    let person = try await PersonStore.load(sql, previous.id, forUpdate: true)
                {
                    id = person.id
                    try await sql.update("people").set("kind", to: personKind.rawValue).set("given_name", to: given).set("family_name", to: family)
                        .set("family_key", to: PersonStore.familyKey(family)).set("date_of_birth", to: SQLBind(dob))
                        .set("version", to: person.version + 1).set("updated_at_ms", to: now.millisecondsSince1970).where("id", .equal, id).run()
                    try await PersonStore.recordChange(sql, id, version: person.version + 1, fields: ["import \(source)"], actor: actor, at: now)
                } else {
                    id = StoredID.new()
                    plan.newPeople.append(
                        Person(
                            id: id, kind: personKind, givenName: given, familyName: family, dateOfBirth: dob, notes: "",
                            team: "Import: \(source)", borough: "Force-wide", restricted: false, createdBy: actor.userID,
                            createdAt: now, updatedAt: now, version: 1, erasedAt: nil))
                }
                plan.touchedPeople.append(id)
            case .location(let address, let postcode):
                kind = .location
                id = try await locate(address, postcode: postcode, by: actor, at: now, in: sql)!
            case .object(let key):
                kind = .object
                id = try await locateObject(key, by: actor, at: now, in: sql)
            }
            if previous == nil {
                report.entitiesAdded += 1
            } else {
                report.entitiesChanged += 1
                plan.changedRefs.append(entity.ref)
            }
            known[entity.ref] = (kind.rawValue, id, hash)
            plan.newRefs.append((entity.ref, kind.rawValue, id, hash))
        }
        return plan
    }

    /// The file's new links with their ends; a link whose ends resolve to nothing, or that cannot join
    /// them, refuses the whole import.
    static func planLinks(
        _ file: ImportFile, source: String, known: inout [String: KnownRef],
        report: inout ImportReport
    ) throws -> [(ImportLink, EntityRef, EntityRef)] {
        var rejected: [ImportRejection] = []
        var newLinks: [(ImportLink, EntityRef, EntityRef)] = []
        for link in file.links {
            if known[link.ref] != nil {
                report.linksUnchanged += 1
                continue
            }
            var ends: [EntityRef] = []
            for (field, ref) in [("from", link.from), ("to", link.to)] {
                guard let entry = known[ref], let kind = EntityKind(rawValue: entry.kind) else {
                    rejected.append(
                        ImportRejection(
                            line: link.line, field: field,
                            reason: "No entity with ref '\(ref.prefix(100))' in this file or an earlier import from '\(source)'"))
                    continue
                }
                ends.append(EntityRef(kind, entry.id))
            }
            guard ends.count == 2 else { continue }
            let allowed = link.type.allowedEnds
            if !allowed.from.contains(ends[0].kind) || !allowed.to.contains(ends[1].kind) {
                rejected.append(
                    ImportRejection(
                        line: link.line, field: "type",
                        reason: "A '\(link.type.rawValue)' link cannot join a \(ends[0].kind.rawValue) to a \(ends[1].kind.rawValue)"))
                continue
            }
            newLinks.append((link, ends[0], ends[1]))
            known[link.ref] = ("link", "", "")
        }
        if !rejected.isEmpty { throw ImportRefused(rejected: rejected) }
        return newLinks
    }

    static func insertPeople(_ newPeople: [Person], source: String, actor: Actor, now: Date, in sql: any SQLDatabase) async throws {
        for chunk in chunks(newPeople, of: 500) {
            try await sql.insert(into: PersonRow.table).models(chunk.map(PersonRow.init), with: StoredRow.encoder).run()
            let changes = chunk.map { person in
                PersonChangeRow(
                    personId: person.id, version: 1, fields: "created by import \(source)", actorId: actor.userID,
                    atMs: now.millisecondsSince1970)
            }
            try await sql.insert(into: PersonChangeRow.table).models(changes, with: StoredRow.encoder).run()
        }
    }

    /// Inserts the new links and returns the refs to record for them.
    static func insertLinks(
        _ newLinks: [(ImportLink, EntityRef, EntityRef)], source: String, actor: Actor, now: Date,
        in sql: any SQLDatabase
    ) async throws -> [NewRef] {
        var linkRefs: [NewRef] = []
        for chunk in chunks(newLinks, of: 500) {
            var rows: [LinkRow] = []
            for (link, from, to) in chunk {
                let id = StoredID.new()
                rows.append(
                    LinkRow(
                        id: id, from, to, link.type, at: link.at, source: ("import", source), addedBy: actor.userID, now: now,
                        note: link.note))
                linkRefs.append((link.ref, "link", id, ""))
            }
            try await sql.insert(into: LinkRow.table).models(rows, with: StoredRow.encoder).run()
        }
        return linkRefs
    }

    /// One access-log entry per thousand people touched, or one for the import when it touched no one.
    static func logImport(
        _ report: ImportReport, touchedPeople: [String], source: String, context: AccessContext, now: Date,
        in sql: any SQLDatabase
    ) async throws {
        let summary = "import \(source): entities +\(report.entitiesAdded) ~\(report.entitiesChanged), links +\(report.linksAdded)"
        if touchedPeople.isEmpty && (report.entitiesAdded + report.entitiesChanged + report.linksAdded) > 0 {
            try await AccessLogStore.append(context.entry(at: now, .create, recordType: "import", recordIDs: [], detail: summary), in: sql)
        }
        for chunk in chunks(touchedPeople, of: 1_000) {
            try await AccessLogStore.append(
                context.entry(at: now, .create, recordType: PersonStore.recordType, recordIDs: Array(chunk), detail: summary),
                in: sql)
        }
    }

    static func chunks<T>(_ items: [T], of size: Int) -> [ArraySlice<T>] {
        stride(from: 0, to: items.count, by: size).map { items[$0..<min(items.count, $0 + size)] }
    }
}
