import Foundation
import LanternCore
import SQLKit

extension PolicePowersStore {
    public static let welfareRecordType = "welfare-call"

    /// Records a call triaged under Right Care Right Person. Whether the person is a child comes from their record when
    /// they are on it (their age on the day), else from the call handler. Not attending a call that meets the threshold,
    /// or one the child carve-out keeps, is refused; the reason is language-checked.
    public func triage(_ call: WelfareCall, acknowledgedLanguage: Set<String> = [], context: AccessContext) async throws -> WelfareCallRecord {
        try await authoriser.require(.triageWelfareCall, context, recordType: Self.welfareRecordType)
        let now = now()
        let rules = self.rules
        let policy = self.policy
        let actor = context.actor
        let review = try NarrativeReview.review(call.reason, field: "reason", acknowledged: acknowledgedLanguage, checker: checker)
        let outcome: Result<String, any Error> = try await database.transaction { sql in
            var call = call
            call.id = StoredID.new()
            call.decidedBy = actor.displayName
            call.reason = call.reason.trimmingCharacters(in: .whitespacesAndNewlines)
            if let subjectID = call.subjectID {
                guard let person = try await PersonStore.load(sql, subjectID), person.erasedAt == nil else {
                    return .failure(ValidationFailure("subjectId", "No record with id '\(subjectID.prefix(64))' is available to you"))
                }
                if case .deny(let reason) = policy.decide(actor, .consultPersonRecord, on: person.scope) {
                    return .failure(AccessDenied(permission: .consultPersonRecord, reason: reason))
                }
                if person.dateOfBirth != nil || person.kind == .child { call.subjectIsChild = person.isChild(on: call.receivedAt) }
            }
            try WelfareCallTriage.check(call, now: now, rules: rules)
            let reference = try await MissingStore.nextReference("WC", counter: "welfare-call", now, in: sql)
            try await sql.insert(into: WelfareCallRow.table)
                .model(WelfareCallRow(call, reference: reference, team: actor.team, borough: actor.borough, createdAt: now), with: StoredRow.encoder)
                .run()
            try await recordLanguage(review, recordType: Self.welfareRecordType, record: call.id, actor: actor, at: now, in: sql)
            try await AccessLogStore.append(
                context.entry(
                    at: now, .create, recordType: Self.welfareRecordType, recordIDs: [call.id] + (call.subjectID.map { [$0] } ?? []),
                    purpose: .policePowers, detail: "welfare call \(reference): \(call.decision.rawValue)"), in: sql)
            return .success(call.id)
        }
        let id = try await authoriser.settle(
            outcome, permission: .triageWelfareCall, context: context, recordType: Self.welfareRecordType, id: call.subjectID ?? "", shownAs: "person"
        )
        return try await database.read { sql in try await Self.welfareRecords([try Self.welfareRow(id, in: sql)!], rules: rules, in: sql)[0] }
    }

    /// The MASH's queue: children's calls police did not attend and nobody has taken up, oldest first, only those the
    /// reader may open (a call about nobody on record is open to all who may see the queue).
    public func mashWelfareQueue(context: AccessContext) async throws -> [WelfareCallRecord] {
        try await authoriser.require(.consultPersonRecord, context, recordType: Self.welfareRecordType)
        let rules = self.rules
        let policy = self.policy
        return try await database.read { sql in
            let rows = try await sql.select().column("*").from(WelfareCallRow.table).where(
                "decision", .equal, WelfareCall.Decision.notAttend.rawValue
            )
            .where("subject_is_child", .equal, 1).where("taken_up_at_ms", .is, SQLLiteral.null).orderBy("received_at_ms")
            .all(decoding: WelfareCallRow.self, with: StoredRow.decoder)
            var people: [String: Person] = [:]
            for person in try await PersonStore.loadMany(sql, Set(rows.compactMap(\.subjectId))) { people[person.id] = person }
            let open = rows.filter { row in
                guard let id = row.subjectId else { return true }
                guard let person = people[id] else { return false }
                return policy.decide(context.actor, .consultPersonRecord, on: person.scope).isAllowed
            }
            return try await Self.welfareRecords(open, rules: rules, in: sql).filter(\.goesToMASH)
        }
    }

    /// The MASH took the call up: who, when, and what it did (language-checked).
    public func takeUpWelfareCall(
        _ id: String, note: String, acknowledgedLanguage: Set<String> = [], context: AccessContext
    ) async throws -> WelfareCallRecord {
        try await authoriser.require(.takeUpWelfareReferral, context, recordType: Self.welfareRecordType)
        let now = now()
        let rules = self.rules
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        let review = note.isEmpty ? nil : try NarrativeReview.review(note, field: "note", acknowledged: acknowledgedLanguage, checker: checker)
        let outcome: Result<Void, any Error> = try await database.transaction { sql in
            guard let row = try await Self.welfareRow(id, forUpdate: true, in: sql) else {
                return .failure(RecordNotFound(recordType: "welfare call", id: id))
            }
            if let subject = row.subjectId, let person = try await PersonStore.load(sql, subject),
                case .deny(let reason) = policy.decide(context.actor, .takeUpWelfareReferral, on: person.scope)
            {
                return .failure(AccessDenied(permission: .takeUpWelfareReferral, reason: reason))
            }
            if row.takenUpAtMs != nil { throw ValidationFailure("note", "This call was already taken up") }
            if note.isEmpty { throw ValidationFailure("note", "Say what the MASH did with the call") }
            if note.count > 2000 { throw ValidationFailure("note", "Keep what the MASH did to 2000 characters") }
            try await sql.update(WelfareCallRow.table).set("taken_up_by", to: context.actor.displayName).set(
                "taken_up_at_ms", to: now.millisecondsSince1970
            )
            .set("taken_up_note", to: note).where("id", .equal, id).run()
            if let review {
                try await recordLanguage(review, recordType: Self.welfareRecordType, record: id, version: 2, actor: context.actor, at: now, in: sql)
            }
            try await AccessLogStore.append(
                context.entry(
                    at: now, .alter, recordType: Self.welfareRecordType, recordIDs: [id] + (row.subjectId.map { [$0] } ?? []),
                    purpose: .multiAgencySafeguarding, detail: "welfare call \(row.reference) taken up by the MASH"), in: sql)
            return .success(())
        }
        try await authoriser.settle(
            outcome, permission: .takeUpWelfareReferral, context: context, recordType: Self.welfareRecordType, id: id, shownAs: "welfare call")
        return try await database.read { sql in try await Self.welfareRecords([try Self.welfareRow(id, in: sql)!], rules: rules, in: sql)[0] }
    }

    static func welfareRow(_ id: String, forUpdate: Bool = false, in sql: any SQLDatabase) async throws -> WelfareCallRow? {
        guard id.count <= 64 else { return nil }
        var query = sql.select().column("*").from(WelfareCallRow.table).where("id", .equal, id)
        if forUpdate { query = query.for(.update) }
        return try await query.first()?.decode(model: WelfareCallRow.self, with: StoredRow.decoder)
    }

    static func welfareRecords(_ rows: [WelfareCallRow], rules: PolicePowersRules, in sql: any SQLDatabase) async throws -> [WelfareCallRecord] {
        var names: [String: String] = [:]
        for person in try await PersonStore.loadMany(sql, Set(rows.compactMap(\.subjectId))) { names[person.id] = person.displayName }
        return try rows.map { row in
            let call = try row.call()
            return WelfareCallRecord(
                call: call, reference: row.reference, subjectName: row.subjectId.flatMap { names[$0] },
                goesToMASH: WelfareCallTriage.goesToMASH(call, rules: rules),
                takenUp: row.takenUpAtMs.map { .init(by: row.takenUpBy ?? "", at: Date(millisecondsSince1970: $0), note: row.takenUpNote ?? "") })
        }
    }
}
