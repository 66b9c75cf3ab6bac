import Foundation
import LanternCore
import SQLKit

/// Everything recorded on an episode after the report: re-assessments, supervisory reviews,
/// enquiries, sightings, agency contacts, the found record, interviews and closure.
extension MissingStore {
    /// Runs one change to an episode: locks it, checks the actor against the child's record, refuses
    /// a closed episode, bumps the version and writes the access-log entry, all in one transaction.
    func change<T: Sendable>(
        _ id: String, _ permission: Permission, context: AccessContext, allowClosed: Bool = false,
        _ body: @Sendable @escaping (any SQLDatabase, MissingEpisode, Person, Date) async throws -> (T, String)
    )
        async throws -> T
    {
        try await authoriser.require(permission, context, recordType: Self.recordType)
        let now = now()
        let outcome: Result<T, any Error> = try await database.transaction { sql in
            guard let (episode, child) = try await Self.loadEpisode(id, forUpdate: true, in: sql) else {
                return .failure(RecordNotFound(recordType: "missing episode", id: id))
            }
            if case .deny(let reason) = policy.decide(context.actor, permission, on: child.scope) {
                return .failure(AccessDenied(permission: permission, reason: reason))
            }
            // An erased child's episodes keep only what oversight needs; new text would undo the erasure.
            if child.erasedAt != nil {
                return .failure(RecordErased(recordType: "missing episode", reference: episode.reference))
            }
            if episode.status == .closed && !allowClosed {
                throw ValidationFailure("status", "Episode \(episode.reference) is closed; nothing more can be recorded on it")
            }
            let (value, detail) = try await body(sql, episode, child, now)
            try await sql.update("missing_episodes").set("version", to: episode.version + 1)
                .set("updated_at_ms", to: now.millisecondsSince1970).where("id", .equal, id).run()
            try await AccessLogStore.append(
                context.entry(
                    at: now, .alter, recordType: Self.recordType, recordIDs: [id, child.id],
                    detail: detail), in: sql)
            return .success(value)
        }
        return try await settle(outcome, id: id, permission: permission, context: context)
    }

    func factors(_ episode: MissingEpisode, child: Person, now: Date, in sql: any SQLDatabase) async throws -> ChildRiskFactors {
        try await riskFactors(child, excludingEpisode: episode.id, lastSeen: episode.report.lastSeenAt, now: now, in: sql)
    }

    // MARK: Risk

    /// A new risk assessment while the child is missing. Every assessment is kept; a changed grade
    /// restarts the supervision clock for the new grade.
    public func reassess(
        _ id: String, answers: [RiskAnswer], informantName: String, informantContact: String, grade: RiskGrade?,
        rationale: String, acknowledgedLanguage: Set<String> = [], context: AccessContext
    ) async throws -> RecordedAssessment {
        let rationaleReview = try NarrativeReview.review(rationale, field: "rationale", acknowledged: acknowledgedLanguage, checker: checker)
        let rules = self.rules
        return try await change(id, .workMissingEpisode, context: context) { sql, episode, child, now in
            guard episode.status == .open else {
                throw ValidationFailure("status", "The child has been found; risk is now managed through the interviews")
            }
            let clean = try RiskGrading.validate(
                answers, informantName: informantName, informantContact: informantContact,
                subject: episode.subject, rules: rules, now: now)
            let childFactors = try await factors(episode, child: child, now: now, in: sql)
            let checklist = try RiskGrading.merge(
                clean,
                record: RiskGrading.recordAnswers(
                    child: childFactors, subject: episode.subject,
                    rules: rules), rules: rules)
            let recommendation = RiskGrading.recommend(checklist, child: childFactors, subject: episode.subject, rules: rules)
            let decision = try RiskGrading.decide(
                recommendation, chosen: grade ?? recommendation.grade, rationale: rationale,
                child: childFactors, by: context.actor, rules: rules)
            let assessment = RecordedAssessment(
                id: StoredID.new(), kind: .reassessment, assessedBy: context.actor.userID,
                assessorName: context.actor.displayName, at: now, decision: decision, answers: checklist,
                rulesVersion: rules.version)
            try await insert(assessment, episodeID: id, in: sql)
            if decision.grade != episode.grade || decision.awaitingSupervisor {
                var regraded = episode
                regraded.grade = decision.grade
                regraded.nextReview = SupervisionClock.firstReview(for: decision, assessedAt: now, now: now, rules: rules)
                try await sql.update("missing_episodes").set("grade", to: decision.grade.rawValue)
                    .set("graded_at_ms", to: now.millisecondsSince1970)
                    .set("review_due_at_ms", to: regraded.nextReview.dueAt.millisecondsSince1970)
                    .set("review_rank", to: regraded.nextReview.rank.rawValue).set("escalation_level", to: 0)
                    .set("awaiting_downgrade_from", to: SQLBind(decision.awaitingSupervisor ? decision.recommended.rawValue : nil))
                    .where("id", .equal, id).run()
                try await ClockJobs.scheduleReview(regraded, in: sql)
                try await MissingRows.resolve([.reviewOverdue], on: id, at: now, in: sql)
                try await addSteps(for: decision.grade, subject: episode.subject, episode: id, from: now, actor: context.actor, now: now, in: sql)
            }
            try await recordLanguage(
                rationaleReview, text: decision.rationale, episode: id, version: episode.version + 1,
                actor: context.actor, at: now, in: sql)
            return (assessment, "reassessment; grade \(decision.grade.rawValue)")
        }
    }

    /// A supervisor's review: confirms or changes the grade, gives direction, and sets the next review.
    public func review(
        _ id: String, grade: RiskGrade, rationale: String, direction: String, acknowledgedLanguage: Set<String> = [],
        context: AccessContext
    ) async throws -> SupervisoryReview {
        let directionReview = try NarrativeReview.review(direction, field: "direction", acknowledged: acknowledgedLanguage, checker: checker)
        let rationaleReview = try NarrativeReview.review(rationale, field: "rationale", acknowledged: acknowledgedLanguage, checker: checker)
        let rules = self.rules
        return try await change(id, .reviewMissingEpisode, context: context) { sql, episode, child, now in
            // A found child still gets the review of their return, and the review a flags-register alert requires.
            let flagAlerts = try await MissingRows.openAlertCount(EpisodeAlert.Kind.flagMatches, on: id, in: sql)
            guard episode.needsReview || (episode.status == .found && flagAlerts > 0) else {
                throw ValidationFailure("status", "The return has been reviewed and no flag alert is open: no review is due on this episode")
            }
            let childFactors = try await factors(episode, child: child, now: now, in: sql)
            let (reason, directed) = try SupervisoryReview.validate(
                by: context.actor, due: episode.nextReview, currentGrade: episode.grade,
                newGrade: grade, rationale: rationale, direction: direction,
                child: childFactors, awaitingDowngradeFrom: episode.awaitingDowngradeFrom,
                rules: rules)
            let review = SupervisoryReview(
                id: StoredID.new(), episodeID: id, reviewerID: context.actor.userID,
                reviewerName: context.actor.displayName, reviewerRank: context.actor.rank, at: now,
                previousGrade: episode.grade, grade: grade, rationale: reason, direction: directed,
                late: now > episode.nextReview.dueAt)
            try await sql.insert(into: SupervisoryReviewRow.table).model(SupervisoryReviewRow(review), with: StoredRow.encoder).run()
            var reviewed = episode
            reviewed.grade = grade
            reviewed.nextReview = SupervisionClock.nextReview(grade: grade, reviewedAt: now, rules: rules)
            try await sql.update("missing_episodes").set("grade", to: grade.rawValue)
                .set("graded_at_ms", to: (review.regraded ? now : episode.gradedAt).millisecondsSince1970)
                .set("review_due_at_ms", to: reviewed.nextReview.dueAt.millisecondsSince1970)
                .set("review_rank", to: reviewed.nextReview.rank.rawValue).set("escalation_level", to: 0)
                .set("awaiting_downgrade_from", to: SQLBind(nil as String?))
                .where("id", .equal, id).run()
            if episode.status == .open && review.regraded {
                try await addSteps(for: grade, subject: episode.subject, episode: id, from: now, actor: context.actor, now: now, in: sql)
            }
            if episode.status == .found {
                // This review is the supervisory review of the return: closure waits for it.
                try await sql.update("missing_episodes").set("return_reviewed_at_ms", to: now.millisecondsSince1970)
                    .where("id", .equal, id).run()
                try await ClockJobs.cancel(.review, episodeID: id, in: sql)
            } else {
                try await ClockJobs.scheduleReview(reviewed, in: sql)
            }
            try await MissingRows.resolve([.reviewOverdue] + EpisodeAlert.Kind.flagMatches, on: id, at: now, in: sql)
            try await recordLanguage(
                directionReview, text: directed, episode: id, version: episode.version + 1, actor: context.actor,
                at: now, in: sql)
            try await recordLanguage(
                rationaleReview, text: reason, episode: id, version: episode.version + 1, actor: context.actor,
                at: now, in: sql)
            return (review, "supervisory review; grade \(grade.rawValue)\(review.late ? "; late" : "")")
        }
    }

    // MARK: During the episode

    /// An enquiry or action with an owner (a Lantern username) and a due time.
    public func addEnquiry(_ id: String, title: String, owner: String, dueAt: Date?, context: AccessContext) async throws -> EpisodeTask {
        try await change(id, .workMissingEpisode, context: context) { sql, episode, _, now in
            let (cleanTitle, cleanOwner, due) = try EpisodeTask.validateEnquiry(title: title, owner: owner, dueAt: dueAt, now: now)
            let user = try await sql.select().column("id").from("users").where("username", .equal, cleanOwner)
                .where("disabled_at_ms", .is, SQLLiteral.null).first()
            guard user != nil else { throw ValidationFailure("owner", "No active Lantern user is called '\(cleanOwner.prefix(100))'") }
            let task = EpisodeTask(
                id: StoredID.new(), episodeID: id, kind: .enquiry, title: cleanTitle, owner: cleanOwner,
                dueAt: due, createdAt: now)
            try await MissingRows.insertTask(task, createdBy: context.actor.userID, in: sql)
            return (task, "enquiry added")
        }
    }

    /// The result of an enquiry, a prevention interview or a return home interview. What the child
    /// said joins their record.
    public func recordTaskResult(
        _ id: String, taskID: String, outcome: TaskOutcome, result: String, childSaid: String,
        conductedBy: String, at: Date?, acknowledgedLanguage: Set<String> = [],
        context: AccessContext
    ) async throws -> EpisodeTask {
        let resultReview = try NarrativeReview.review(result, field: "result", acknowledged: acknowledgedLanguage, checker: checker)
        return try await change(id, .workMissingEpisode, context: context, allowClosed: true) { sql, episode, child, now in
            guard taskID.count <= 64,
                let row = try await sql.select().columns(MissingRows.taskColumns).from("episode_tasks")
                    .where("id", .equal, taskID).where("episode_id", .equal, id).first()
            else {
                throw RecordNotFound(recordType: "task", id: taskID)
            }
            var task = try MissingRows.task(row)
            // After closure only the local authority's return home interview is still tracked.
            if episode.status == .closed && task.kind != .returnHomeInterview {
                throw ValidationFailure(
                    "status", "Episode \(episode.reference) is closed; only the return home interview's outcome can still be recorded")
            }
            if task.kind == .preventionInterview && outcome == .notDone && !context.actor.isSupervisor {
                throw ValidationFailure(
                    "outcome",
                    "A prevention interview not done needs a supervisor's sign-off: a sergeant or above records "
                        + "it, with the reason")
            }
            let when = at ?? now
            if when < episode.report.lastSeenAt { throw ValidationFailure("at", "The time cannot be before the child was last seen") }
            let (text, words, by) = try task.validateResult(
                outcome: outcome, result: result, childSaid: childSaid, conductedBy: conductedBy,
                at: when, now: now)
            task.outcome = outcome
            task.result = text
            task.childSaid = words
            task.completedBy = by.isEmpty ? context.actor.displayName : by
            task.completedAt = outcome.closesTask ? when : nil
            try await sql.update("episode_tasks").set("outcome", to: outcome.rawValue).set("result", to: text)
                .set("child_said", to: words).set("completed_by", to: task.completedBy)
                .set("completed_at_ms", to: SQLBind(task.completedAt?.millisecondsSince1970)).where("id", .equal, taskID).run()
            if outcome.closesTask {
                let kind: ClockJobs.Kind? =
                    task.kind == .preventionInterview
                    ? .preventionInterview
                    : task.kind == .returnHomeInterview ? .returnInterview : nil
                if let kind { try await ClockJobs.cancel(kind, episodeID: id, subject: taskID, in: sql) }
                let alert: EpisodeAlert.Kind? =
                    task.kind == .preventionInterview
                    ? .preventionInterviewOverdue
                    : task.kind == .returnHomeInterview ? .returnInterviewOverdue : nil
                if let alert { try await MissingRows.resolve([alert], on: id, at: now, in: sql) }
            }
            try await MissingRows.addVoice(
                ChildVoice(
                    personID: child.id, at: when, context: task.kind.title, words: words,
                    recordedBy: context.actor.displayName), episodeID: id, in: sql)
            try await recordLanguage(
                resultReview, text: text, episode: id, version: episode.version + 1, actor: context.actor,
                at: now, in: sql)
            return (task, "\(task.kind.rawValue) \(outcome.rawValue)")
        }
    }

    public func addSighting(
        _ id: String, _ sighting: Sighting, acknowledgedLanguage: Set<String> = [],
        context: AccessContext
    ) async throws -> RecordedSighting {
        let detailReview = try NarrativeReview.review(sighting.detail, field: "detail", acknowledged: acknowledgedLanguage, checker: checker)
        return try await change(id, .workMissingEpisode, context: context) { sql, episode, child, now in
            let clean = try sighting.validated(now: now, lastSeenAt: episode.report.lastSeenAt)
            let withPeople = try await people(clean.withPersonIDs, context: context, in: sql)
            var recorded = RecordedSighting(id: StoredID.new(), sighting: clean, recordedBy: context.actor.displayName, recordedAt: now)
            try await sql.insert(into: SightingRow.table).model(try SightingRow(recorded, episodeId: id), with: StoredRow.encoder).run()
            try await MissingRows.addVoice(
                ChildVoice(
                    personID: child.id, at: clean.at, context: "Seen at \(clean.place) by \(clean.reportedBy)",
                    words: clean.childSaid, recordedBy: context.actor.displayName), episodeID: id, in: sql)
            let alertsBefore = try await MissingRows.alertIDs(on: id, in: sql)
            // A sighting is a lead, not a finding, but a flagged person or place in it matters at once.
            _ = try await LinkStore.recordEncounter(
                .seen, child: child.id, episode: episode, place: clean.place, postcode: clean.postcode,
                people: withPeople, vehicles: clean.vehicles, phones: clean.phones, at: clean.at,
                source: ("sighting", recorded.id), context: context, now: now, in: sql)
            try await ExploitationTriggers.narrative(
                clean.detail, field: "sighting", child: child.id, episode: episode, rules: exploitation,
                now: now, in: sql)
            try await recordLanguage(
                detailReview, text: clean.detail, episode: id, version: episode.version + 1, actor: context.actor,
                at: now, in: sql)
            recorded.alertsRaised = try await PersonMentions.render(
                try await MissingRows.alertsRaised(on: id, since: alertsBefore, in: sql),
                for: context.actor, policy: policy, in: sql)
            return (recorded, "sighting")
        }
    }

    /// The person records a found record or sighting names. A record the actor may not open is
    /// answered exactly like one that does not exist.
    func people(_ ids: [String], context: AccessContext, in sql: any SQLDatabase) async throws -> [Person] {
        var people: [Person] = []
        for personID in ids {
            guard let person = try await PersonStore.load(sql, personID), person.erasedAt == nil,
                policy.decide(context.actor, .consultPersonRecord, on: person.scope).isAllowed
            else {
                throw ValidationFailure("withPersonIds", "No person record with id '\(personID.prefix(64))' is available to you")
            }
            people.append(person)
        }
        return people
    }

    /// A communication with another agency. One with children's social care marked as the
    /// notification satisfies the local-authority requirement and clears its alert.
    public func addContact(
        _ id: String, _ contact: AgencyContact, acknowledgedLanguage: Set<String> = [],
        context: AccessContext
    ) async throws -> AgencyContact {
        let summaryReview = try NarrativeReview.review(contact.summary, field: "summary", acknowledged: acknowledgedLanguage, checker: checker)
        return try await change(id, .workMissingEpisode, context: context) { sql, episode, _, now in
            var clean = try contact.validated(now: now, lastSeenAt: episode.report.lastSeenAt)
            clean.id = StoredID.new()
            clean.episodeID = id
            clean.recordedBy = context.actor.displayName
            clean.recordedAt = now
            try await sql.insert(into: AgencyContactRow.table).model(AgencyContactRow(clean), with: StoredRow.encoder).run()
            if clean.notifiesLocalAuthority && episode.localAuthorityNotifiedAt == nil {
                try await sql.update("missing_episodes").set("la_notified_at_ms", to: clean.at.millisecondsSince1970)
                    .where("id", .equal, id).run()
                try await ClockJobs.cancel(.localAuthorityNotification, episodeID: id, in: sql)
                try await MissingRows.resolve([.localAuthorityNotMissing], on: id, at: now, in: sql)
            }
            try await recordLanguage(
                summaryReview, text: clean.summary, episode: id, version: episode.version + 1,
                actor: context.actor, at: now, in: sql)
            return (clean, "agency contact \(clean.agency.rawValue)\(clean.notifiesLocalAuthority ? "; LA notification" : "")")
        }
    }

    /// The child is found: records where, when, with whom and how, and starts the prevention
    /// interview and return home interview clocks.
    public func recordFound(
        _ id: String, _ found: FoundRecord, acknowledgedLanguage: Set<String> = [],
        context: AccessContext
    ) async throws -> EpisodeRecord {
        let conditionReview = try NarrativeReview.review(
            found.condition, field: "condition", acknowledged: acknowledgedLanguage,
            checker: checker)
        let rules = self.rules
        return try await change(id, .workMissingEpisode, context: context) { sql, episode, child, now in
            if let at = episode.foundAt {
                throw ValidationFailure("foundAt", "The child was already recorded as found at \(ISO8601DateFormatter().string(from: at))")
            }
            let clean = try found.validated(now: now, lastSeenAt: episode.report.lastSeenAt)
            let withPeople = try await people(clean.withPersonIDs, context: context, in: sql)
            let row = try FoundRecordRow(clean, episodeId: id, recordedBy: context.actor.displayName, at: now)
            try await sql.insert(into: FoundRecordRow.table).model(row, with: StoredRow.encoder).run()
            try await sql.update("missing_episodes").set("status", to: EpisodeStatus.found.rawValue)
                .set("found_at_ms", to: clean.foundAt.millisecondsSince1970).where("id", .equal, id).run()
            // Finding the child does not cancel supervision: the review of the return is due, by the same rank.
            var returned = episode
            returned.status = .found
            returned.nextReview = SupervisionClock.returnReview(current: episode.nextReview, foundAt: clean.foundAt, rules: rules)
            if returned.nextReview != episode.nextReview {
                try await sql.update("missing_episodes").set("review_due_at_ms", to: returned.nextReview.dueAt.millisecondsSince1970)
                    .set("escalation_level", to: 0).where("id", .equal, id).run()
                try await ClockJobs.scheduleReview(returned, in: sql)
            }
            let profile = try await MissingRows.loadProfile(child.id, in: sql)
            let authority = profile.map(\.responsibleAuthority).flatMap { $0.isEmpty ? nil : $0 } ?? "\(episode.borough) children's services"
            let prevention = EpisodeTask(
                id: StoredID.new(), episodeID: id, kind: .preventionInterview,
                title: "Prevention interview (safe and well check)", owner: context.actor.username,
                dueAt: EpisodeClocks.preventionInterviewDue(foundAt: clean.foundAt, grade: episode.grade, rules: rules),
                createdAt: now)
            let returnInterview = EpisodeTask(
                id: StoredID.new(), episodeID: id, kind: .returnHomeInterview,
                title: "Return home interview referral to \(authority)", owner: "local-authority",
                dueAt: EpisodeClocks.returnInterviewDue(foundAt: clean.foundAt, rules: rules), createdAt: now)
            // The return home interview is the local authority's duty to children; an adult at risk has the prevention interview.
            for task in episode.subject == .child ? [prevention, returnInterview] : [prevention] {
                try await MissingRows.insertTask(task, createdBy: context.actor.userID, in: sql)
                try await ClockJobs.schedule(
                    task.kind == .preventionInterview ? .preventionInterview : .returnInterview,
                    episodeID: id, subject: task.id, at: task.dueAt, basis: task.dueAt, in: sql)
            }
            let alertsBefore = try await MissingRows.alertIDs(on: id, in: sql)
            // The found record becomes links (child found at the Location, found with each person, vehicle and
            // phone), checked at once against the flags register: the failure this exists for is a child found at a
            // registered sex offender's address with nothing linking the two. Alerts are raised in this same request.
            _ = try await LinkStore.recordEncounter(
                .found, child: child.id, episode: episode, place: clean.place, postcode: clean.postcode,
                people: withPeople, vehicles: clean.vehicles, phones: clean.phones, at: clean.foundAt,
                source: ("missing-episode", id), context: context, now: now, in: sql)
            let named = try await NamedFlagCheck.matches(names: clean.withWhom, excluding: Set(withPeople.map(\.id)), rules: identity, in: sql)
            try await NamedFlagCheck.raise(named, child: child.id, episode: episode, context: context, now: now, in: sql)
            if episode.subject == .child {
                try await ExploitationTriggers.narrative(
                    clean.condition + "\n" + clean.childSaid, field: "found record", child: child.id,
                    episode: episode, rules: exploitation, now: now, in: sql)
            }
            try await MissingRows.addVoice(
                ChildVoice(
                    personID: child.id, at: clean.foundAt, context: "When found", words: clean.childSaid,
                    recordedBy: context.actor.displayName), episodeID: id, in: sql)
            try await recordLanguage(
                conditionReview, text: clean.condition, episode: id, version: episode.version + 1,
                actor: context.actor, at: now, in: sql)
            var updated = returned
            updated.foundAt = clean.foundAt
            updated.version += 1
            updated.updatedAt = now
            var record = try await Self.assemble(updated, child: child, rules: rules, now: now, in: sql)
            record.alertsRaised = record.alerts.filter { !alertsBefore.contains($0.id) }
            _ = try await PersonMentions.render(&record, for: context.actor, policy: policy, in: sql)
            return (record, "found")
        }
    }

    /// Closes the episode once it has a found record, a prevention interview (or the reason there
    /// was none) and the local-authority notification. Otherwise says what is missing.
    public func close(_ id: String, context: AccessContext) async throws -> MissingEpisode {
        let rules = self.rules
        return try await change(id, .closeMissingEpisode, context: context) { sql, episode, child, now in
            let record = try await Self.assemble(episode, child: child, rules: rules, now: now, in: sql)
            let unmet = record.unmetForClosure
            if !unmet.isEmpty { throw ValidationFailure(unmet) }
            try await sql.update("missing_episodes").set("status", to: EpisodeStatus.closed.rawValue)
                .set("closed_at_ms", to: now.millisecondsSince1970).where("id", .equal, id).run()
            // The return home interview is the local authority's, and is tracked past closure until its outcome is in.
            for kind in ClockJobs.Kind.allCases where kind != .returnInterview {
                try await ClockJobs.cancel(kind, episodeID: id, in: sql)
            }
            var closed = episode
            closed.status = .closed
            closed.closedAt = now
            closed.version += 1
            closed.updatedAt = now
            return (closed, "closed")
        }
    }
}
