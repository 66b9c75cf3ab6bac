import Foundation
import LanternCore
import SQLKit

/// The case records of every area that name a person in one column, moved to the survivor by a merge and back by its
/// undo, so the survivor's record shows all that happened to the child under either record. A new area whose rows
/// name a person adds its column here.
enum MergeCaseRecords {
    /// Tables keyed by `id`, each with the column that holds the person.
    static let byID: [(table: String, column: String)] = [
        ("screenings", "child_id"), ("screening_queue", "child_id"), ("nrm_referrals", "child_id"), ("warning_notices", "child_id"),
        ("warning_notices", "adult_id"), ("dash_assessments", "victim_id"), ("marac_referrals", "victim_id"),
        ("encompass_notifications", "child_id"), ("da_child_contacts", "child_id"), ("police_protections", "child_id"),
        ("custody_detentions", "child_id"), ("welfare_calls", "subject_id"),
    ]

    /// The key `MergeMoves.rows` keeps the moved ids under.
    static func key(_ table: String, _ column: String) -> String { "\(table).\(column)" }

    /// A person at an incident is keyed by the incident: moved only where the survivor is not already on it.
    static let incidentPeople = key("da_incident_people", "person_id")
    /// A person in a concern: moved only where the survivor is not already in that concern.
    static let concernPeople = key("concern_entities", "entity_id")
    /// The school a child attends (one row per child): moved only when the survivor has none.
    static let school = key("child_schools", "child_id")

    /// Moves the duplicate's case records to the survivor; returns the ids moved, by table and column.
    static func move(from duplicate: String, to survivor: String, in sql: any SQLDatabase) async throws -> [String: [String]] {
        var moved: [String: [String]] = [:]
        for (table, column) in byID {
            let ids = try await sql.select().column("id").from(table).where(SQLColumn(column), .equal, SQLBind(duplicate)).all()
                .map { try $0.decode(column: "id", as: String.self) }
            guard !ids.isEmpty else { continue }
            try await sql.update(table).set(SQLColumn(column), to: SQLBind(survivor)).where("id", .in, ids).run()
            moved[key(table, column)] = ids
        }
        let alreadyThere = Set(
            try await sql.select().column("incident_id").from("da_incident_people").where("person_id", .equal, survivor).all()
                .map { try $0.decode(column: "incident_id", as: String.self) })
        let incidents = try await sql.select().column("incident_id").from("da_incident_people").where("person_id", .equal, duplicate).all()
            .map { try $0.decode(column: "incident_id", as: String.self) }.filter { !alreadyThere.contains($0) }
        if !incidents.isEmpty {
            try await sql.update("da_incident_people").set("person_id", to: survivor).where("person_id", .equal, duplicate)
                .where("incident_id", .in, incidents).run()
            moved[incidentPeople] = incidents
        }
        moved[concernPeople] = try await moveConcernMembership(from: duplicate, to: survivor, in: sql)
        if try await sql.select().column("child_id").from("child_schools").where("child_id", .equal, survivor).first() == nil,
            try await sql.select().column("child_id").from("child_schools").where("child_id", .equal, duplicate).first() != nil
        {
            try await sql.update("child_schools").set("child_id", to: survivor).where("child_id", .equal, duplicate).run()
            moved[school] = [duplicate]
        }
        return moved.filter { !$0.value.isEmpty }
    }

    /// The duplicate's places in concerns the survivor is not already in; returns the entries moved.
    static func moveConcernMembership(from duplicate: String, to survivor: String, in sql: any SQLDatabase) async throws -> [String] {
        let survivorsConcerns = Set(
            try await sql.select().column("concern_id").from("concern_entities").where("entity_id", .equal, survivor)
                .where("removed_at_ms", .is, SQLLiteral.null).all().map { try $0.decode(column: "concern_id", as: String.self) })
        let entries = try await sql.select().columns("id", "concern_id").from("concern_entities").where("entity_id", .equal, duplicate).all()
            .filter { !survivorsConcerns.contains(try $0.decode(column: "concern_id", as: String.self)) }
            .map { try $0.decode(column: "id", as: String.self) }
        if !entries.isEmpty {
            try await sql.update("concern_entities").set("entity_id", to: survivor).where("id", .in, entries).run()
        }
        return entries
    }

    /// Moves back what `move` moved.
    static func moveBack(_ moved: [String: [String]], from survivor: String, to duplicate: String, in sql: any SQLDatabase) async throws {
        for (table, column) in byID {
            guard let ids = moved[key(table, column)], !ids.isEmpty else { continue }
            try await sql.update(table).set(SQLColumn(column), to: SQLBind(duplicate)).where("id", .in, ids).run()
        }
        if let incidents = moved[incidentPeople], !incidents.isEmpty {
            try await sql.update("da_incident_people").set("person_id", to: duplicate).where("person_id", .equal, survivor)
                .where("incident_id", .in, incidents).run()
        }
        if let entries = moved[concernPeople], !entries.isEmpty {
            try await sql.update("concern_entities").set("entity_id", to: duplicate).where("id", .in, entries).run()
        }
        if moved[school] != nil {
            try await sql.update("child_schools").set("child_id", to: duplicate).where("child_id", .equal, survivor).run()
        }
    }
}
