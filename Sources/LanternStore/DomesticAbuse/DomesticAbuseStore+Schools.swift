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

    /// Records the school a child attends. Open notifications for the child without a school take it, on the
    /// incidents the actor may work; each such change is a new version, and the log names the incidents.
    public func setSchool(of childID: String, schoolID: String, context: AccessContext) async throws {
        try await authoriser.require(.workDomesticAbuse, context, recordType: PersonStore.recordType)
        let now = now()
        let policy = self.policy
        let outcome: Result<Void, any Error> = try await database.transaction { sql in
            guard let child = try await PersonStore.load(sql, childID), child.erasedAt == nil, child.isChild(on: now) else {
                return .failure(RecordNotFound(recordType: "child", id: childID))
            }
            if case .deny(let reason) = policy.decide(context.actor, .workDomesticAbuse, on: child.scope) {
                return .failure(AccessDenied(permission: .workDomesticAbuse, reason: reason))
            }
            guard schoolID.count <= 64, try await sql.select().column("id").from(SchoolRow.table).where("id", .equal, schoolID).first() != nil
            else {
                throw ValidationFailure("schoolId", "No school with id '\(schoolID.prefix(64))'")
            }
            try await sql.delete(from: ChildSchoolRow.table).where("child_id", .equal, childID).run()
            let row = ChildSchoolRow(childId: childID, schoolId: schoolID, recordedBy: context.actor.userID, recordedAtMs: now.millisecondsSince1970)
            try await sql.insert(into: ChildSchoolRow.table).model(row, with: StoredRow.encoder).run()
            let incidents = try await fillSchool(schoolID, for: childID, actor: context.actor, in: sql)
            try await AccessLogStore.append(
                context.entry(
                    at: now, .alter, recordType: PersonStore.recordType, recordIDs: [childID] + incidents, purpose: .domesticAbuse,
                    detail: "school recorded"), in: sql)
            return .success(())
        }
        try await authoriser.settle(
            outcome, permission: .workDomesticAbuse, context: context, recordType: PersonStore.recordType, id: childID, shownAs: "child")
    }

    /// The child's open notifications with no school, on incidents the actor may work, given the school; their incidents.
    private func fillSchool(_ schoolID: String, for childID: String, actor: Actor, in sql: any SQLDatabase) async throws -> [String] {
        let open = try await sql.select().column("*").from(EncompassNotificationRow.table).where("child_id", .equal, childID)
            .where("school_id", .is, SQLLiteral.null).where("sent_at_ms", .is, SQLLiteral.null).where("not_sent_reason", .is, SQLLiteral.null)
            .all(decoding: EncompassNotificationRow.self, with: StoredRow.decoder)
        var incidents: [String] = []
        for row in open {
            guard let (_, people) = try await Self.load(row.incidentId, in: sql),
                policy.decide(actor, .workDomesticAbuse, onAll: people.values.map(\.scope)).isAllowed
            else { continue }
            var notification = row.notification
            notification.schoolID = schoolID
            notification.version += 1
            try await sql.update(EncompassNotificationRow.table).set(model: EncompassNotificationRow(notification), with: StoredRow.encoder)
                .where("id", .equal, row.id).run()
            incidents.append(row.incidentId)
        }
        return incidents
    }
}
