import Foundation
import LanternCore
import SQLKit

/// Police powers over children: police protection under Children Act 1989 s46, on its 72-hour clock. Every change
/// checks who may make it and is one transaction with its access-log entry; a protection answers to its child's
/// scope, so a restricted child keeps it to their team.
public struct PolicePowersStore: Sendable {
    let database: LanternDatabase
    let clock: any WallClock
    let authoriser: Authoriser
    let checker: LanguageChecker
    public let rules: PolicePowersRules
    var policy: AccessPolicy { authoriser.policy }

    public static let recordType = "police-protection"

    public init(database: LanternDatabase, clock: any WallClock, authoriser: Authoriser, checker: LanguageChecker, rules: PolicePowersRules) {
        self.database = database
        self.clock = clock
        self.authoriser = authoriser
        self.checker = checker
        self.rules = rules
    }

    func now() -> Date { clock.now().roundedUpToMillisecond }

    /// Records a child taken into police protection: the child on record, open to the officer and under 18 when
    /// taken, and not already in police protection. The grounds and any exceptional reason are language-checked; the clock starts at `takenAt`.
    public func take(_ taken: ProtectionTaken, acknowledgedLanguage: Set<String> = [], context: AccessContext) async throws -> PoliceProtectionRecord
    {
        try await authoriser.require(.usePolicePowers, context, recordType: Self.recordType)
        let now = now()
        let protection = taken.protection(id: StoredID.new(), takenBy: context.actor.userID)
        try protection.check(now: now, rules: rules)
        let scene = try taken.takenFrom.validated(field: "takenFrom", childID: protection.childID)
        let review = try NarrativeReview.review(protection.grounds, field: "grounds", acknowledged: acknowledgedLanguage, checker: checker)
        let exceptional = try protection.accommodation.exceptionalReason.map {
            try NarrativeReview.review($0, field: "accommodation.exceptionalReason", acknowledged: acknowledgedLanguage, checker: checker)
        }
        let policy = self.policy
        let actor = context.actor
        let outcome: Result<String, any Error> = try await database.transaction { sql in
            guard let child = try await PersonStore.load(sql, protection.childID), child.erasedAt == nil else {
                return .failure(ValidationFailure("childId", "No record with id '\(protection.childID.prefix(64))' is available to you"))
            }
            if case .deny(let reason) = policy.decide(actor, .usePolicePowers, on: child.scope) {
                return .failure(AccessDenied(permission: .usePolicePowers, reason: reason))
            }
            if !child.isChild(on: protection.takenAt) {
                return .failure(ValidationFailure("childId", "\(child.displayName) was not a child when taken: police protection is for under-18s"))
            }
            if let open = try await Self.openProtection(ofChild: child.id, in: sql) {
                return .failure(
                    ValidationFailure("childId", "\(child.displayName) is already in police protection (\(open.reference)); end that one first"))
            }
            let reference = try await MissingStore.nextReference("PP", counter: "police-protection", now, in: sql)
            let row = PoliceProtectionRow(protection, reference: reference, team: actor.team, borough: actor.borough, createdAt: now)
            try await sql.insert(into: PoliceProtectionRow.table).model(row, with: StoredRow.encoder).run()
            try await PolicePowersLinks.record(
                scene, field: "takenFrom", child: child.id, placeType: .protectedFrom, personType: .protectedFrom, at: protection.takenAt,
                source: (Self.recordType, protection.id), actor: actor, policy: policy, now: now, in: sql)
            for narrative in [review] + (exceptional.map { [$0] } ?? []) {
                try await recordLanguage(narrative, record: protection.id, actor: actor, at: now, in: sql)
            }
            try await AccessLogStore.append(
                context.entry(
                    at: now, .create, recordType: Self.recordType, recordIDs: [protection.id, child.id] + scene.withPersonIDs,
                    purpose: .policePowers,
                    detail: "police protection \(reference) started"), in: sql)
            return .success(protection.id)
        }
        let id = try await authoriser.settle(
            outcome, permission: .usePolicePowers, context: context, recordType: Self.recordType, id: taken.childID, shownAs: "child")
        return try await record(id, context: context, logged: false)
    }

    /// Keeps what the language check found in a narrative written on a police powers record (a protection unless said).
    func recordLanguage(
        _ review: NarrativeReview, recordType: String = Self.recordType, record: String, version: Int = 1, actor: Actor, at now: Date,
        in sql: any SQLDatabase
    ) async throws {
        try await LanguageStore.record(
            review, of: .init(recordType: recordType, recordID: record, field: review.field, recordVersion: version),
            by: actor, at: now, packVersion: checker.pack.version, in: sql)
    }

    /// The child's protection that has not ended, if any.
    static func openProtection(ofChild childID: String, in sql: any SQLDatabase) async throws -> PoliceProtectionRow? {
        try await sql.select().column("*").from(PoliceProtectionRow.table).where("child_id", .equal, childID).where(
            "ending_code", .is, SQLLiteral.null
        )
        .first(decoding: PoliceProtectionRow.self, with: StoredRow.decoder)
    }
}
