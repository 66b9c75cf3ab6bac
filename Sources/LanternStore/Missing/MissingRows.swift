import Foundation
import LanternCore
import SQLKit

/// Row encoding for the missing-children tables. JSON columns hold small lists (answers,
/// reasons, aliases) with dates as milliseconds, so both engines store the same bytes.
enum MissingRows {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()

    static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func value<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try decoder.decode(type, from: Data(text.utf8))
    }

    static func newID() -> String { UUID().uuidString.lowercased() }

    // MARK: Episodes

    static let episodeColumns = ["id", "reference", "child_id", "status", "reported_at_ms", "last_seen_at_ms", "last_seen_place",
                                 "last_seen_postcode", "circumstances", "description", "clothing", "phone", "social_media",
                                 "reporter_name", "reporter_relationship", "reporter_contact", "grade", "graded_at_ms",
                                 "review_due_at_ms", "review_rank", "escalation_level", "found_at_ms", "closed_at_ms",
                                 "la_notified_at_ms", "repeat_count", "rules_version", "team", "borough", "created_by",
                                 "created_at_ms", "updated_at_ms", "version", "awaiting_downgrade_from",
                                 "return_reviewed_at_ms", "recorded_as_history", "subject"]

    static func binds(_ e: MissingEpisode) -> [any SQLExpression] {
        let r = e.report
        return [SQLBind(e.id), SQLBind(e.reference), SQLBind(e.childID), SQLBind(e.status.rawValue),
                SQLBind(r.reportedAt.millisecondsSince1970), SQLBind(r.lastSeenAt.millisecondsSince1970), SQLBind(r.lastSeenPlace),
                SQLBind(r.lastSeenPostcode), SQLBind(r.circumstances), SQLBind(r.description), SQLBind(r.clothing), SQLBind(r.phone),
                SQLBind(r.socialMedia), SQLBind(r.reporterName), SQLBind(r.reporterRelationship), SQLBind(r.reporterContact),
                SQLBind(e.grade.rawValue), SQLBind(e.gradedAt.millisecondsSince1970), SQLBind(e.nextReview.dueAt.millisecondsSince1970),
                SQLBind(e.nextReview.rank.rawValue), SQLBind(0), SQLBind(e.foundAt?.millisecondsSince1970),
                SQLBind(e.closedAt?.millisecondsSince1970), SQLBind(e.localAuthorityNotifiedAt?.millisecondsSince1970),
                SQLBind(e.repeatCount), SQLBind(e.rulesVersion), SQLBind(e.team), SQLBind(e.borough), SQLBind(e.createdBy),
                SQLBind(e.createdAt.millisecondsSince1970), SQLBind(e.updatedAt.millisecondsSince1970), SQLBind(e.version),
                SQLBind(e.awaitingDowngradeFrom?.rawValue), SQLBind(e.returnReviewedAt?.millisecondsSince1970),
                SQLBind(e.recordedAsHistory ? 1 : 0), SQLBind(e.subject.rawValue)]
    }

    static func date(_ row: any SQLRow, _ column: String) throws -> Date {
        Date(millisecondsSince1970: try row.decode(column: column, as: Int64.self))
    }

    static func optionalDate(_ row: any SQLRow, _ column: String) throws -> Date? {
        try row.decode(column: column, as: Int64?.self).map(Date.init(millisecondsSince1970:))
    }

    static func episode(_ row: any SQLRow) throws -> MissingEpisode {
        let report = MissingReport(
            reportedAt: try date(row, "reported_at_ms"), lastSeenAt: try date(row, "last_seen_at_ms"),
            lastSeenPlace: try row.decode(column: "last_seen_place", as: String.self),
            lastSeenPostcode: try row.decode(column: "last_seen_postcode", as: String?.self),
            circumstances: try row.decode(column: "circumstances", as: String.self),
            description: try row.decode(column: "description", as: String.self),
            clothing: try row.decode(column: "clothing", as: String.self), phone: try row.decode(column: "phone", as: String.self),
            socialMedia: try row.decode(column: "social_media", as: String.self),
            reporterName: try row.decode(column: "reporter_name", as: String.self),
            reporterRelationship: try row.decode(column: "reporter_relationship", as: String.self),
            reporterContact: try row.decode(column: "reporter_contact", as: String.self))
        return MissingEpisode(
            id: try row.decode(column: "id", as: String.self), reference: try row.decode(column: "reference", as: String.self),
            childID: try row.decode(column: "child_id", as: String.self),
            status: EpisodeStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .open, report: report,
            grade: RiskGrade(rawValue: try row.decode(column: "grade", as: String.self)) ?? .high,
            gradedAt: try date(row, "graded_at_ms"),
            nextReview: ReviewDue(dueAt: try date(row, "review_due_at_ms"),
                                  rank: Rank(rawValue: try row.decode(column: "review_rank", as: String.self)) ?? .inspector),
            foundAt: try optionalDate(row, "found_at_ms"), closedAt: try optionalDate(row, "closed_at_ms"),
            localAuthorityNotifiedAt: try optionalDate(row, "la_notified_at_ms"),
            repeatCount: try row.decode(column: "repeat_count", as: Int.self),
            rulesVersion: try row.decode(column: "rules_version", as: Int.self), team: try row.decode(column: "team", as: String.self),
            borough: try row.decode(column: "borough", as: String.self), createdBy: try row.decode(column: "created_by", as: String.self),
            createdAt: try date(row, "created_at_ms"), updatedAt: try date(row, "updated_at_ms"),
            version: try row.decode(column: "version", as: Int.self),
            awaitingDowngradeFrom: try optionalGrade(row, "awaiting_downgrade_from"),
            returnReviewedAt: try optionalDate(row, "return_reviewed_at_ms"),
            recordedAsHistory: try row.decode(column: "recorded_as_history", as: Int.self) != 0,
            subject: try subject(row))
    }

    static func subject(_ row: any SQLRow) throws -> MissingSubject {
        let text = try row.decode(column: "subject", as: String.self)
        guard let subject = MissingSubject(rawValue: text) else { throw StoredValueUnknown(table: "missing_episodes", column: "subject", value: text) }
        return subject
    }

    /// A nullable grade column: NULL is none; any other value must be a grade this binary knows.
    static func optionalGrade(_ row: any SQLRow, _ column: String) throws -> RiskGrade? {
        guard let text = try row.decode(column: column, as: String?.self) else { return nil }
        guard let grade = RiskGrade(rawValue: text) else { throw StoredValueUnknown(table: "missing_episodes", column: column, value: text) }
        return grade
    }

    // MARK: Lists (only the columns a queue row shows, so long narratives are never read for a list)

    static let summaryColumns = ["id", "reference", "child_id", "status", "grade", "last_seen_at_ms", "found_at_ms", "review_due_at_ms",
                                 "review_rank", "repeat_count", "la_notified_at_ms", "borough"]

    static func summary(_ row: any SQLRow) throws -> EpisodeSummary {
        EpisodeSummary(
            id: try row.decode(column: "id", as: String.self), reference: try row.decode(column: "reference", as: String.self),
            childID: try row.decode(column: "child_id", as: String.self), childName: "",
            status: EpisodeStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .open,
            grade: RiskGrade(rawValue: try row.decode(column: "grade", as: String.self)) ?? .high,
            lastSeenAt: try date(row, "last_seen_at_ms"), foundAt: try optionalDate(row, "found_at_ms"),
            nextReview: ReviewDue(dueAt: try date(row, "review_due_at_ms"),
                                  rank: Rank(rawValue: try row.decode(column: "review_rank", as: String.self)) ?? .inspector),
            repeatCount: try row.decode(column: "repeat_count", as: Int.self),
            localAuthorityNotified: try row.decode(column: "la_notified_at_ms", as: Int64?.self) != nil,
            borough: try row.decode(column: "borough", as: String.self), openAlerts: 0)
    }

    /// The fields of a person that decide who may see them and what a list shows (no notes).
    static let scopeColumns = ["id", "kind", "given_name", "family_name", "date_of_birth", "team", "borough", "restricted", "created_by",
                               "erased_at_ms"]

    static func scopedPerson(_ row: any SQLRow) throws -> Person {
        Person(id: try row.decode(column: "id", as: String.self),
               kind: PersonKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .associate,
               givenName: try row.decode(column: "given_name", as: String.self),
               familyName: try row.decode(column: "family_name", as: String.self),
               dateOfBirth: try row.decode(column: "date_of_birth", as: String?.self), notes: "",
               team: try row.decode(column: "team", as: String.self), borough: try row.decode(column: "borough", as: String.self),
               restricted: try row.decode(column: "restricted", as: Int.self) != 0,
               createdBy: try row.decode(column: "created_by", as: String.self), createdAt: Date(timeIntervalSince1970: 0),
               updatedAt: Date(timeIntervalSince1970: 0), version: 0,
               erasedAt: try optionalDate(row, "erased_at_ms"))
    }

    // MARK: Everything recorded on an episode

    static func assessment(_ row: any SQLRow) throws -> RecordedAssessment {
        let decision = GradeDecision(
            grade: RiskGrade(rawValue: try row.decode(column: "grade", as: String.self)) ?? .high,
            recommended: RiskGrade(rawValue: try row.decode(column: "recommended", as: String.self)) ?? .high,
            reasons: try value([RiskReason].self, try row.decode(column: "reasons", as: String.self)),
            rationale: try row.decode(column: "rationale", as: String.self))
        return RecordedAssessment(
            id: try row.decode(column: "id", as: String.self),
            kind: RecordedAssessment.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .reassessment,
            assessedBy: try row.decode(column: "assessed_by", as: String.self),
            assessorName: try row.decode(column: "assessor_name", as: String.self), at: try date(row, "assessed_at_ms"),
            decision: decision, answers: try value([RiskAnswer].self, try row.decode(column: "answers", as: String.self)),
            rulesVersion: try row.decode(column: "rules_version", as: Int.self))
    }

    static func review(_ row: any SQLRow) throws -> SupervisoryReview {
        SupervisoryReview(
            id: try row.decode(column: "id", as: String.self), episodeID: try row.decode(column: "episode_id", as: String.self),
            reviewerID: try row.decode(column: "reviewer_id", as: String.self),
            reviewerName: try row.decode(column: "reviewer_name", as: String.self),
            reviewerRank: Rank(rawValue: try row.decode(column: "reviewer_rank", as: String.self)) ?? .sergeant,
            at: try date(row, "at_ms"), previousGrade: RiskGrade(rawValue: try row.decode(column: "previous_grade", as: String.self)) ?? .high,
            grade: RiskGrade(rawValue: try row.decode(column: "grade", as: String.self)) ?? .high,
            rationale: try row.decode(column: "rationale", as: String.self), direction: try row.decode(column: "direction", as: String.self),
            late: try row.decode(column: "late", as: Int.self) != 0)
    }

    static func contact(_ row: any SQLRow) throws -> AgencyContact {
        AgencyContact(
            id: try row.decode(column: "id", as: String.self), episodeID: try row.decode(column: "episode_id", as: String.self),
            agency: Agency(rawValue: try row.decode(column: "agency", as: String.self)) ?? .other,
            organisation: try row.decode(column: "organisation", as: String.self),
            personName: try row.decode(column: "person_name", as: String.self), at: try date(row, "at_ms"),
            method: ContactMethod(rawValue: try row.decode(column: "method", as: String.self)) ?? .phone,
            summary: try row.decode(column: "summary", as: String.self), reference: try row.decode(column: "reference", as: String.self),
            notifiesLocalAuthority: try row.decode(column: "notifies_la", as: Int.self) != 0,
            recordedBy: try row.decode(column: "recorded_by", as: String.self), recordedAt: try date(row, "recorded_at_ms"))
    }

    static func sighting(_ row: any SQLRow) throws -> RecordedSighting {
        RecordedSighting(
            id: try row.decode(column: "id", as: String.self),
            sighting: Sighting(at: try date(row, "at_ms"), place: try row.decode(column: "place", as: String.self),
                               reportedBy: try row.decode(column: "reported_by", as: String.self),
                               detail: try row.decode(column: "detail", as: String.self),
                               postcode: try row.decode(column: "postcode", as: String?.self),
                               withPersonIDs: try list(row, "with_person_ids"), vehicles: try list(row, "vehicles"),
                               phones: try list(row, "phones"), childSaid: try row.decode(column: "child_said", as: String?.self) ?? ""),
            recordedBy: try row.decode(column: "recorded_by", as: String.self), recordedAt: try date(row, "recorded_at_ms"))
    }

    static func found(_ row: any SQLRow) throws -> FoundRecord {
        FoundRecord(
            foundAt: try date(row, "found_at_ms"), place: try row.decode(column: "place", as: String.self),
            postcode: try row.decode(column: "postcode", as: String?.self),
            withWhom: try value([String].self, try row.decode(column: "with_whom", as: String.self)),
            withPersonIDs: try value([String].self, try row.decode(column: "with_person_ids", as: String.self)),
            condition: try row.decode(column: "condition", as: String.self),
            howFound: HowFound(rawValue: try row.decode(column: "how_found", as: String.self)) ?? .other,
            childSaid: try row.decode(column: "child_said", as: String.self),
            vehicles: try list(row, "vehicles"), phones: try list(row, "phones"))
    }

    /// A JSON list column added after the table (NULL on rows written before it).
    static func list(_ row: any SQLRow, _ column: String) throws -> [String] {
        guard let text = try row.decode(column: column, as: String?.self) else { return [] }
        return try value([String].self, text)
    }

    static let taskColumns = ["id", "episode_id", "kind", "title", "owner", "due_at_ms", "outcome", "result", "child_said",
                              "completed_by", "completed_at_ms", "created_by", "created_at_ms"]

    static func task(_ row: any SQLRow) throws -> EpisodeTask {
        EpisodeTask(
            id: try row.decode(column: "id", as: String.self), episodeID: try row.decode(column: "episode_id", as: String.self),
            kind: EpisodeTaskKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .enquiry,
            title: try row.decode(column: "title", as: String.self), owner: try row.decode(column: "owner", as: String.self),
            dueAt: try date(row, "due_at_ms"),
            outcome: try row.decode(column: "outcome", as: String?.self).flatMap(TaskOutcome.init(rawValue:)),
            result: try row.decode(column: "result", as: String.self), childSaid: try row.decode(column: "child_said", as: String.self),
            completedBy: try row.decode(column: "completed_by", as: String.self),
            completedAt: try optionalDate(row, "completed_at_ms"), createdAt: try date(row, "created_at_ms"))
    }

    static func insertTask(_ task: EpisodeTask, createdBy: String, in sql: any SQLDatabase) async throws {
        try await sql.insert(into: "episode_tasks").columns(taskColumns)
            .values(SQLBind(task.id), SQLBind(task.episodeID), SQLBind(task.kind.rawValue), SQLBind(task.title), SQLBind(task.owner),
                    SQLBind(task.dueAt.millisecondsSince1970), SQLBind(task.outcome?.rawValue), SQLBind(task.result),
                    SQLBind(task.childSaid), SQLBind(task.completedBy), SQLBind(task.completedAt?.millisecondsSince1970),
                    SQLBind(createdBy), SQLBind(task.createdAt.millisecondsSince1970))
            .run()
    }

    static func alert(_ row: any SQLRow) throws -> EpisodeAlert {
        EpisodeAlert(
            id: try row.decode(column: "id", as: String.self), episodeID: try row.decode(column: "episode_id", as: String.self),
            kind: EpisodeAlert.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .reviewOverdue,
            level: try row.decode(column: "level", as: Int.self), detail: try row.decode(column: "detail", as: String.self),
            raisedAt: try date(row, "raised_at_ms"), resolvedAt: try optionalDate(row, "resolved_at_ms"))
    }

    static func raise(_ kind: EpisodeAlert.Kind, level: Int = 1, on episodeID: String, detail: String, at now: Date,
                      in sql: any SQLDatabase) async throws {
        try await sql.insert(into: "episode_alerts")
            .columns("id", "episode_id", "kind", "level", "detail", "raised_at_ms", "resolved_at_ms")
            .values(SQLBind(newID()), SQLBind(episodeID), SQLBind(kind.rawValue), SQLBind(level), SQLBind(detail),
                    SQLBind(now.millisecondsSince1970), SQLBind(nil as Int64?))
            .run()
    }

    static func openAlertCount(_ kinds: [EpisodeAlert.Kind], on episodeID: String, in sql: any SQLDatabase) async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("episode_alerts")
            .where("episode_id", .equal, episodeID).where("kind", .in, kinds.map(\.rawValue))
            .where("resolved_at_ms", .is, SQLLiteral.null).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The ids of every alert on the episode, to tell afterwards which ones a request raised.
    static func alertIDs(on episodeID: String, in sql: any SQLDatabase) async throws -> Set<String> {
        Set(try await sql.select().column("id").from("episode_alerts").where("episode_id", .equal, episodeID).all()
            .map { try $0.decode(column: "id", as: String.self) })
    }

    /// The alerts on the episode that are not among `before`: what the current request raised.
    static func alertsRaised(on episodeID: String, since before: Set<String>, in sql: any SQLDatabase) async throws -> [EpisodeAlert] {
        try await sql.select().column("*").from("episode_alerts").where("episode_id", .equal, episodeID)
            .orderBy("raised_at_ms").all().map(alert).filter { !before.contains($0.id) }
    }

    static func resolve(_ kinds: [EpisodeAlert.Kind], on episodeID: String, at now: Date, in sql: any SQLDatabase) async throws {
        try await sql.update("episode_alerts").set("resolved_at_ms", to: now.millisecondsSince1970)
            .where("episode_id", .equal, episodeID).where("kind", .in, kinds.map(\.rawValue))
            .where("resolved_at_ms", .is, SQLLiteral.null).run()
    }

    // MARK: Children

    static func profile(_ row: any SQLRow) throws -> ChildProfile {
        ChildProfile(
            personID: try row.decode(column: "person_id", as: String.self),
            aliases: try value([String].self, try row.decode(column: "aliases", as: String.self)),
            estimatedAge: try row.decode(column: "estimated_age", as: Int?.self),
            estimatedAgeAt: try optionalDate(row, "estimated_age_at_ms"), sex: try row.decode(column: "sex", as: String.self),
            description: try row.decode(column: "description", as: String.self),
            homeAddress: try row.decode(column: "home_address", as: String.self),
            homePostcode: try row.decode(column: "home_postcode", as: String?.self),
            placementAddress: try row.decode(column: "placement_address", as: String.self),
            placementPostcode: try row.decode(column: "placement_postcode", as: String?.self),
            school: try row.decode(column: "school", as: String.self),
            lookedAfter: try row.decode(column: "looked_after", as: Int.self) != 0,
            responsibleAuthority: try row.decode(column: "responsible_authority", as: String.self),
            placement: try row.decode(column: "placement", as: String.self),
            placedOutOfArea: try row.decode(column: "placed_out_of_area", as: Int.self) != 0,
            hostAuthority: try row.decode(column: "host_authority", as: String.self),
            childProtectionPlan: try row.decode(column: "cp_plan", as: Int.self) != 0,
            exploitationFlags: Set(try row.decode(column: "exploitation_flags", as: String.self).split(separator: ",")
                .compactMap { ExploitationFlag(rawValue: String($0)) }),
            wishes: try row.decode(column: "wishes", as: String.self), updatedAt: try date(row, "updated_at_ms"),
            updatedBy: try row.decode(column: "updated_by", as: String.self))
    }

    static func saveProfile(_ p: ChildProfile, in sql: any SQLDatabase) async throws {
        try await sql.delete(from: "child_profiles").where("person_id", .equal, p.personID).run()
        try await sql.insert(into: "child_profiles")
            .columns("person_id", "aliases", "estimated_age", "estimated_age_at_ms", "sex", "description", "home_address",
                     "home_postcode", "placement_address", "placement_postcode", "school", "looked_after", "responsible_authority",
                     "placement", "cp_plan", "exploitation_flags", "wishes", "updated_at_ms", "updated_by", "placed_out_of_area",
                     "host_authority")
            .values(SQLBind(p.personID), SQLBind(try json(p.aliases)), SQLBind(p.estimatedAge),
                    SQLBind(p.estimatedAgeAt?.millisecondsSince1970), SQLBind(p.sex), SQLBind(p.description), SQLBind(p.homeAddress),
                    SQLBind(p.homePostcode), SQLBind(p.placementAddress), SQLBind(p.placementPostcode), SQLBind(p.school),
                    SQLBind(p.lookedAfter ? 1 : 0), SQLBind(p.responsibleAuthority), SQLBind(p.placement),
                    SQLBind(p.childProtectionPlan ? 1 : 0), SQLBind(p.exploitationFlags.map(\.rawValue).sorted().joined(separator: ",")),
                    SQLBind(p.wishes), SQLBind(p.updatedAt.millisecondsSince1970), SQLBind(p.updatedBy),
                    SQLBind(p.placedOutOfArea ? 1 : 0), SQLBind(p.hostAuthority))
            .run()
    }

    static func loadProfile(_ personID: String, in sql: any SQLDatabase) async throws -> ChildProfile? {
        try await sql.select().column("*").from("child_profiles").where("person_id", .equal, personID).first().map(profile)
    }

    static func latestPhilomena(_ personID: String, in sql: any SQLDatabase) async throws -> PhilomenaProfile? {
        try await philomena(personID, version: nil, in: sql)
    }

    /// One version of the child's Philomena profile, or the latest when `version` is nil.
    static func philomena(_ personID: String, version: Int?, in sql: any SQLDatabase) async throws -> PhilomenaProfile? {
        var query = sql.select().columns("body").from("philomena_profiles").where("person_id", .equal, personID)
        if let version { query = query.where("version", .equal, version) }
        guard let row = try await query.orderBy("version", .descending).limit(1).first() else { return nil }
        return try value(PhilomenaProfile.self, try row.decode(column: "body", as: String.self))
    }

    static func addVoice(_ voice: ChildVoice, episodeID: String?, in sql: any SQLDatabase) async throws {
        guard !voice.words.isEmpty else { return }
        try await sql.insert(into: "child_voice").columns("id", "person_id", "episode_id", "at_ms", "context", "words", "recorded_by")
            .values(SQLBind(newID()), SQLBind(voice.personID), SQLBind(episodeID), SQLBind(voice.at.millisecondsSince1970),
                    SQLBind(voice.context), SQLBind(voice.words), SQLBind(voice.recordedBy))
            .run()
    }

    static func voices(_ personID: String, in sql: any SQLDatabase) async throws -> [ChildVoice] {
        try await sql.select().column("*").from("child_voice").where("person_id", .equal, personID)
            .orderBy("at_ms", .descending).limit(200).all().map { row in
                ChildVoice(personID: personID, at: try date(row, "at_ms"), context: try row.decode(column: "context", as: String.self),
                           words: try row.decode(column: "words", as: String.self),
                           recordedBy: try row.decode(column: "recorded_by", as: String.self))
            }
    }

    /// Puts a child on the exploitation-screening queue for `trigger`, keeping one waiting reason per trigger
    /// kind and subject (``ScreeningTrigger/change(waiting:rules:)``): a new key adds a reason; the same kind about
    /// the same thing replaces the waiting reason ("4 episodes in 90 days" in place of "3 episodes"), which keeps
    /// its place in the queue (when it first arrived) and points at the newer episode; the same words again are one arrival.
    static func queueForScreening(_ childID: String, episode: String?, trigger: ScreeningTrigger, rules: ExploitationRules, at now: Date,
                                  in sql: any SQLDatabase) async throws {
        let waiting = try await sql.select().column("reason").from("screening_queue").where("child_id", .equal, childID)
            .where("screened_at_ms", .is, SQLLiteral.null).orderBy("at_ms").all()
            .map { try $0.decode(column: "reason", as: String.self) }
        switch trigger.change(waiting: waiting, rules: rules) {
        case .none:
            return
        case .replace(let old):
            try await sql.update("screening_queue").set("reason", to: trigger.reason).set("source_episode_id", to: SQLBind(episode))
                .where("child_id", .equal, childID).where("reason", .equal, old).where("screened_at_ms", .is, SQLLiteral.null).run()
        case .add:
            try await queueForScreening(childID, episode: episode, reason: trigger.reason, at: now, in: sql)
        }
    }

    /// Puts a child on the exploitation-screening queue with a reason of no particular trigger kind (an alert's
    /// explanation, a concern recorded on the child's profile): each new reason is kept beside the others; the same
    /// reason twice while waiting is one arrival (what ``ScreeningTrigger`` does for its `other` kind).
    static func queueForScreening(_ childID: String, episode: String?, reason: String, at now: Date, in sql: any SQLDatabase) async throws {
        let waiting = try await sql.select().column("id").from("screening_queue").where("child_id", .equal, childID)
            .where("reason", .equal, reason).where("screened_at_ms", .is, SQLLiteral.null).first()
        guard waiting == nil else { return }
        try await sql.insert(into: "screening_queue").columns("id", "child_id", "reason", "source_episode_id", "at_ms", "screened_at_ms")
            .values(SQLBind(newID()), SQLBind(childID), SQLBind(reason), SQLBind(episode), SQLBind(now.millisecondsSince1970),
                    SQLBind(nil as Int64?))
            .run()
    }

    /// Last-seen times of the child's episodes since `since`, across every borough.
    static func lastSeenTimes(child: String, since: Date, in sql: any SQLDatabase) async throws -> [Date] {
        try await sql.select().column("last_seen_at_ms").from("missing_episodes").where("child_id", .equal, child)
            .where("last_seen_at_ms", .greaterThan, since.millisecondsSince1970).all()
            .map { try date($0, "last_seen_at_ms") }
    }
}

/// `FOR UPDATE SKIP LOCKED` where the engine has it (PostgreSQL), so several Lantern servers can
/// share the clock work; SQLite's single writer already serialises, and gets no clause.
struct SkipLockedUpdate: SQLExpression {
    func serialize(to serializer: inout SQLSerializer) {
        guard serializer.dialect.name == "postgresql" else { return }
        serializer.write("FOR UPDATE SKIP LOCKED")
    }
}
