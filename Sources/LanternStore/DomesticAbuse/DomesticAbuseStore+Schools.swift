import Foundation
import LanternCore
import SQLKit

extension DomesticAbuseStore {
    /// Adds a school or college with its key adult and how to reach them.
    public func addSchool(name: String, keyAdult: String, contact: String, context: AccessContext) async throws -> School {
        try await authoriser.require(.workDomesticAbuse, context, recordType: "school")
        let trim = { (s: String) in s.trimmingCharacters(in: .whitespacesAndNewlines) }
        var errors = FieldErrorCollector()
        errors.require(name, "name", label: "the school's name")
        errors.require(keyAdult, "keyAdult", label: "the key adult (designated safeguarding lead)")
        errors.require(contact, "contact", label: "how to reach the key adult (a phone number or secure email)")
        try errors.throwIfAny()
        let now = now()
        let row = SchoolRow(
            id: StoredID.new(), name: trim(name), keyAdult: trim(keyAdult), contact: trim(contact), borough: context.actor.borough,
            createdAtMs: now.millisecondsSince1970, version: 1)
        try await database.transaction { sql in
            try await sql.insert(into: SchoolRow.table).model(row, with: StoredRow.encoder).run()
            try await AccessLogStore.append(
                context.entry(at: now, .create, recordType: "school", recordIDs: [row.id], detail: "school \(row.name) added"), in: sql)
        }
        return row.school
    }

    public func schools() async throws -> [School] {
        try await database.read { sql in
            try await sql.select().column("*").from(SchoolRow.table).orderBy("name").limit(2_000)
                .all(decoding: SchoolRow.self, with: StoredRow.decoder).map(\.school)
        }
    }

    /// Records the school a child attends; open notifications for the child without a school take it.
    public func setSchool(of childID: String, schoolID: String, context: AccessContext) async throws {
        try await authoriser.require(.workDomesticAbuse, context, recordType: PersonStore.recordType)
        let now = now()
        let policy = self.policy
        try await database.transaction { sql in
            guard let child = try await PersonStore.load(sql, childID), child.erasedAt == nil,
                policy.decide(context.actor, .workDomesticAbuse, on: child.scope).isAllowed
            else {
                throw RecordNotFound(recordType: "child", id: childID)
            }
            guard schoolID.count <= 64, try await sql.select().column("id").from(SchoolRow.table).where("id", .equal, schoolID).first() != nil
            else {
                throw ValidationFailure("schoolId", "No school with id '\(schoolID.prefix(64))'")
            }
            try await sql.delete(from: ChildSchoolRow.table).where("child_id", .equal, childID).run()
            let row = ChildSchoolRow(childId: childID, schoolId: schoolID, recordedBy: context.actor.userID, recordedAtMs: now.millisecondsSince1970)
            try await sql.insert(into: ChildSchoolRow.table).model(row, with: StoredRow.encoder).run()
            try await sql.update(EncompassNotificationRow.table).set("school_id", to: schoolID).where("child_id", .equal, childID)
                .where("school_id", .is, SQLLiteral.null).where("sent_at_ms", .is, SQLLiteral.null)
                .where("not_sent_reason", .is, SQLLiteral.null).run()
            try await AccessLogStore.append(
                context.entry(at: now, .alter, recordType: PersonStore.recordType, recordIDs: [childID], detail: "school recorded"), in: sql)
        }
    }
}
