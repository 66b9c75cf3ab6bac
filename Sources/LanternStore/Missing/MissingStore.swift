import Foundation
import LanternCore
import SQLKit

/// Missing children: the report and its risk assessment, everything recorded while the child is
/// missing, the found record and interviews, closure, and the queues. Each operation is checked by
/// the access policy (against the child's record) and logged in the same transaction as its change.
///
/// ```swift
/// let outcome = try await store.missing.report(newReport, context: context)
/// let record = try await store.missing.episode(outcome.episode.id, purpose: .missingEpisode, context: context)
/// ```
public struct MissingStore: Sendable {
    let database: LanternDatabase
    let clock: any WallClock
    let authoriser: Authoriser
    let checker: LanguageChecker
    public let rules: MissingRules
    /// For the narrative indicators that put a child on the exploitation-screening queue.
    let exploitation: ExploitationRules
    /// For matching a name typed as who the child was with against flagged people.
    let identity: IdentityRules
    var policy: AccessPolicy { authoriser.policy }

    package static let recordType = "missing-episode"

    public init(
        database: LanternDatabase, clock: any WallClock, authoriser: Authoriser, checker: LanguageChecker,
        rules: MissingRules, exploitation: ExploitationRules, identity: IdentityRules
    ) {
        self.exploitation = exploitation
        self.identity = identity
        self.database = database
        self.clock = clock
        self.authoriser = authoriser
        self.checker = checker
        self.rules = rules
    }

    /// The clock read once per operation, to the millisecond the database keeps.
    func now() -> Date { clock.now().roundedUpToMillisecond }

    // MARK: Report

    /// A child not yet known to Lantern, entered with the report.
    public struct NewChild: Sendable, Equatable {
        public var givenName: String
        public var familyName: String
        public var dateOfBirth: String?
        public var estimatedAge: Int?
        public var sex: String

        public init(givenName: String, familyName: String, dateOfBirth: String? = nil, estimatedAge: Int? = nil, sex: String = "") {
            self.givenName = givenName
            self.familyName = familyName
            self.dateOfBirth = dateOfBirth
            self.estimatedAge = estimatedAge
            self.sex = sex
        }
    }

    /// Everything the report form sends: the child (known or new), the report, the checklist and the grade.
    public struct NewReport: Sendable {
        public var childID: String?
        public var newChild: NewChild?
        public var report: MissingReport
        public var answers: [RiskAnswer]
        /// Who gave the checklist answers, when an answer does not say (usually the person reporting).
        public var informantName: String
        public var informantContact: String
        /// The officer's grade; nil accepts Lantern's recommendation.
        public var grade: RiskGrade?
        public var rationale: String
        public var acknowledgedLanguage: Set<String>
        /// A child, or an adult at risk (the adult checklist; `childID` and `newChild` then name the adult).
        public var subject: MissingSubject

        public init(
            childID: String? = nil, newChild: NewChild? = nil, report: MissingReport, answers: [RiskAnswer],
            informantName: String = "", informantContact: String = "", grade: RiskGrade? = nil, rationale: String = "",
            acknowledgedLanguage: Set<String> = [], subject: MissingSubject = .child
        ) {
            self.subject = subject
            self.childID = childID
            self.newChild = newChild
            self.report = report
            self.answers = answers
            self.informantName = informantName
            self.informantContact = informantContact
            self.grade = grade
            self.rationale = rationale
            self.acknowledgedLanguage = acknowledgedLanguage
        }
    }

    public struct ReportOutcome: Sendable {
        public var episode: MissingEpisode
        public var child: Person
        public var assessment: RecordedAssessment
        public var repeatMissing: RepeatMissingStatus
        /// How old the child's Philomena profile is, in days, when they have one: every report shows it.
        public var philomenaAgeDays: Int?
    }

    /// What Lantern would recommend for this report, computed exactly as saving it would (the child's
    /// profile, age and every earlier episode), for the form to show when an override is refused. Reading
    /// a known child's profile for it is logged.
    public func recommendation(for new: NewReport, context: AccessContext) async throws -> RiskRecommendation {
        try await authoriser.require(.reportMissing, context, recordType: Self.recordType)
        let now = now()
        let rules = self.rules
        let lastSeen = min(new.report.lastSeenAt, now)
        let policy = self.policy
        return try await database.transaction { sql in
            var factors = ChildRiskFactors(
                ageYears: new.newChild.flatMap { child in
                    child.dateOfBirth.flatMap { PersonDraft.age(ofBirthDate: $0, on: now) } ?? child.estimatedAge
                })
            if let id = new.childID, let child = try await PersonStore.load(sql, id), child.erasedAt == nil,
                policy.decide(context.actor, .consultPersonRecord, on: child.scope).isAllowed
            {
                factors = try await riskFactors(child, excludingEpisode: nil, lastSeen: lastSeen, now: now, in: sql)
                try await AccessLogStore.append(
                    context.entry(
                        at: now, .consult, recordType: PersonStore.recordType, recordIDs: [id],
                        detail: "risk recommendation for a report"), in: sql)
            }
            let record = RiskGrading.recordAnswers(child: factors, subject: new.subject, rules: rules)
            let given = Set(new.answers.map(\.questionID))
            return RiskGrading.recommend(
                new.answers + record.filter { !given.contains($0.questionID) }, child: factors, subject: new.subject,
                rules: rules)
        }
    }

    /// What Lantern's record says about a child before a report is graded: the known facts and the
    /// checklist answers they give, for the report form to pre-answer. Reading it is logged.
    public func riskRecord(
        child id: String, lastSeen: Date?, context: AccessContext
    ) async throws -> (factors: ChildRiskFactors, answers: [RiskAnswer]) {
        try await authoriser.require(.reportMissing, context, recordType: Self.recordType)
        let now = now()
        let rules = self.rules
        let policy = self.policy
        let outcome: Result<(factors: ChildRiskFactors, answers: [RiskAnswer]), any Error> = try await database.transaction { sql in
            guard id.count <= 64, let child = try await PersonStore.load(sql, id), child.erasedAt == nil else {
                return .failure(RecordNotFound(recordType: "child", id: id))
            }
            if case .deny(let reason) = policy.decide(context.actor, .consultPersonRecord, on: child.scope) {
                return .failure(AccessDenied(permission: .consultPersonRecord, reason: reason))
            }
            var factors = try await riskFactors(child, excludingEpisode: nil, lastSeen: min(lastSeen ?? now, now), now: now, in: sql)
            var answers = RiskGrading.recordAnswers(child: factors, rules: rules)
            // The facts name flagged people by token; each reader sees only the names they may open.
            let kinds = Array(factors.known.keys)
            let rendered = try await PersonMentions.render(
                kinds.map { factors.known[$0]! } + answers.map(\.detail), for: context.actor,
                policy: policy, in: sql)
            for (kind, text) in zip(kinds, rendered.texts) { factors.known[kind] = text }
            for (i, text) in rendered.texts.dropFirst(kinds.count).enumerated() { answers[i].detail = text }
            try await AccessLogStore.append(
                context.entry(
                    at: now, .consult, recordType: PersonStore.recordType,
                    recordIDs: [id] + rendered.named.filter { $0 != id },
                    detail: "risk record for a report"), in: sql)
            return .success((factors: factors, answers: answers))
        }
        return try await settle(outcome, id: id, permission: .consultPersonRecord, context: context, recordType: "child")
    }

    /// The factors Lantern's record gives for an episode of `child` last seen at `lastSeen`.
    func riskFactors(
        _ child: Person, excludingEpisode: String?, lastSeen: Date, now: Date,
        in sql: any SQLDatabase
    ) async throws -> ChildRiskFactors {
        let facts = try await RiskRecord.facts(
            child: child, excludingEpisode: excludingEpisode, lastSeen: lastSeen, rules: rules,
            exploitation: exploitation, in: sql)
        return ChildRiskFactors.gather(facts, lastSeen: lastSeen, now: now, rules: rules)
    }

    /// Records a report and its first risk assessment in one transaction: the child (new or
    /// existing), the episode, the grade with its reasons, the clocks, the repeat-missing check,
    /// the language check and the access log. Any refusal changes nothing.
    public func report(_ new: NewReport, context: AccessContext) async throws -> ReportOutcome {
        try await authoriser.require(.reportMissing, context, recordType: Self.recordType)
        let now = now()
        let actor = context.actor
        let (report, answers, childDraft) = try validated(new, now: now)
        let circumstancesReview = try NarrativeReview.review(
            report.circumstances, field: "circumstances",
            acknowledged: new.acknowledgedLanguage, checker: checker)
        let rationaleReview = try NarrativeReview.review(
            new.rationale, field: "rationale", acknowledged: new.acknowledgedLanguage,
            checker: checker)
        let rules = self.rules
        let frozen = (report: report, answers: answers, childDraft: childDraft)
        let outcome: Result<ReportOutcome, any Error> = try await database.transaction { sql in
            let (report, answers, childDraft) = (frozen.report, frozen.answers, frozen.childDraft)
            let child: Person
            switch try await reportedPerson(new, draft: childDraft, context: context, now: now, in: sql) {
            case .success(let person): child = person
            case .failure(let refusal): return .failure(refusal)
            }
            // Repeat missing counts this episode with every earlier one, in every borough.
            let windowStart = report.lastSeenAt.addingTimeInterval(-Double(rules.repeatMissing.withinDays) * 86_400)
            let earlier = try await MissingRows.lastSeenTimes(child: child.id, since: windowStart, in: sql)
            let repeatStatus = RepeatMissing.evaluate(lastSeen: earlier + [report.lastSeenAt], at: max(now, report.lastSeenAt), rules: rules)
            let factors = try await riskFactors(child, excludingEpisode: nil, lastSeen: report.lastSeenAt, now: now, in: sql)
            let checklist = try RiskGrading.merge(
                answers, record: RiskGrading.recordAnswers(child: factors, subject: new.subject, rules: rules),
                rules: rules)
            let recommendation = RiskGrading.recommend(checklist, child: factors, subject: new.subject, rules: rules)
            let decision = try RiskGrading.decide(
                recommendation, chosen: new.grade ?? recommendation.grade, rationale: new.rationale,
                child: factors, by: actor, rules: rules)
            let episode = MissingEpisode(
                id: StoredID.new(), reference: try await nextReference(now, in: sql), childID: child.id, status: .open,
                report: report, grade: decision.grade, gradedAt: now,
                // The clocks run from when the report was received, not from when the form was saved.
                nextReview: SupervisionClock.firstReview(for: decision, assessedAt: report.reportedAt, now: now, rules: rules),
                repeatCount: repeatStatus.count, rulesVersion: rules.version, team: actor.team, borough: actor.borough,
                createdBy: actor.userID, createdAt: now, updatedAt: now, version: 1,
                awaitingDowngradeFrom: decision.awaitingSupervisor ? decision.recommended : nil, subject: new.subject)
            try await sql.insert(into: MissingEpisodeRow.table).model(MissingEpisodeRow(episode), with: StoredRow.encoder).run()
            let assessment = RecordedAssessment(
                id: StoredID.new(), kind: .initial, assessedBy: actor.userID,
                assessorName: actor.displayName, at: now, decision: decision, answers: checklist,
                rulesVersion: rules.version)
            try await insert(assessment, episodeID: episode.id, in: sql)
            try await startClocks(episode, repeatStatus: repeatStatus, actor: actor, now: now, in: sql)
            try await recordLanguage(
                circumstancesReview, text: report.circumstances, episode: episode.id, version: 1, actor: actor,
                at: now, in: sql)
            if episode.subject == .child {
                try await ExploitationTriggers.narrative(
                    report.circumstances, field: "report", child: child.id, episode: episode,
                    rules: exploitation, now: now, in: sql)
            }
            try await recordLanguage(
                rationaleReview, text: decision.rationale, episode: episode.id, version: 1, actor: actor,
                at: now, in: sql)
            try await AccessLogStore.append(
                context.entry(
                    at: now, .create, recordType: Self.recordType,
                    recordIDs: [episode.id, child.id],
                    detail: "report; grade \(decision.grade.rawValue)"), in: sql)
            let philomena = try await MissingRows.latestPhilomena(child.id, in: sql)
            return .success(
                ReportOutcome(
                    episode: episode, child: child, assessment: assessment, repeatMissing: repeatStatus,
                    philomenaAgeDays: philomena?.ageInDays(at: now)))
        }
        return try await settle(outcome, id: new.childID ?? "", permission: .consultPersonRecord, context: context, recordType: "child")
    }

    /// The report, the answers and any new person checked together, so every problem is named at once.
    private func validated(_ new: NewReport, now: Date) throws -> (MissingReport, [RiskAnswer], PersonDraft?) {
        var errors = FieldErrorCollector()
        var report = new.report
        do { report = try new.report.validated(now: now) } catch { errors = collect(errors, error) }
        var answers = new.answers
        do {
            answers = try RiskGrading.validate(
                new.answers, informantName: new.informantName.isEmpty ? new.report.reporterName : new.informantName,
                informantContact: new.informantContact.isEmpty ? new.report.reporterContact : new.informantContact,
                subject: new.subject, rules: rules, now: now)
        } catch { errors = collect(errors, error) }
        var childDraft: PersonDraft?
        switch (new.childID, new.newChild) {
        case (nil, nil):
            errors.add("child", "Choose the child from the suggested records, or enter them as a new child")
        case (.some, .some):
            errors.add("child", "Send either an existing child's id or a new child, not both")
        case (nil, .some(let child)):
            do { childDraft = try Self.newPersonDraft(child, subject: new.subject, now: now) } catch { errors = collect(errors, error) }
        case (.some, nil):
            break
        }
        try errors.throwIfAny()
        return (report, answers, childDraft)
    }

    // MARK: Shared steps

    /// The person a report is for: an existing record the reporter may see (not missing already), or a
    /// new one owned by their team. A refusal is returned, so the transaction records nothing.
    func reportedPerson(
        _ new: NewReport, draft: PersonDraft?, context: AccessContext, now: Date,
        in sql: any SQLDatabase
    ) async throws -> Result<Person, any Error> {
        let actor = context.actor
        if let id = new.childID {
            guard let found = try await PersonStore.load(sql, id), found.erasedAt == nil,
                found.isChild(on: now) == (new.subject == .child)
            else {
                return .failure(RecordNotFound(recordType: new.subject == .child ? "child" : "adult", id: id))
            }
            if case .deny(let reason) = policy.decide(actor, .consultPersonRecord, on: found.scope) {
                return .failure(AccessDenied(permission: .consultPersonRecord, reason: reason))
            }
            if let open = try await Self.openEpisode(of: id, in: sql) { return .failure(open) }
            return .success(found)
        }
        let draft = draft!
        let person = Person(
            id: StoredID.new(), kind: draft.kind, givenName: draft.givenName, familyName: draft.familyName,
            dateOfBirth: draft.dateOfBirth, notes: "", team: actor.team, borough: actor.borough, restricted: false,
            createdBy: actor.userID, createdAt: now, updatedAt: now, version: 1, erasedAt: nil)
        try await PersonStore.insert(person, in: sql)
        try await PersonStore.recordChange(sql, person.id, version: 1, fields: ["created"], actor: actor, at: now)
        try await AccessLogStore.append(
            context.entry(
                at: now, .create, recordType: PersonStore.recordType,
                recordIDs: [person.id], detail: "missing report"), in: sql)
        if let extra = new.newChild, extra.estimatedAge != nil || !extra.sex.isEmpty {
            let created = ChildProfile(
                personID: person.id, estimatedAge: extra.estimatedAge, estimatedAgeAt: extra.estimatedAge == nil ? nil : now,
                sex: extra.sex.trimmingCharacters(in: .whitespaces), updatedAt: now, updatedBy: actor.userID)
            try await MissingRows.saveProfile(created, in: sql)
        }
        return .success(person)
    }

    /// What a new report starts: the review clock, the local-authority notification clock (children),
    /// the pack's steps, the long-term missing clock, and for repeat missing a multi-agency meeting,
    /// an alert and (children) the exploitation-screening queue.
    func startClocks(
        _ episode: MissingEpisode, repeatStatus: RepeatMissingStatus, actor: Actor, now: Date,
        in sql: any SQLDatabase
    ) async throws {
        let report = episode.report
        try await ClockJobs.scheduleReview(episode, in: sql)
        if episode.subject == .child {
            try await ClockJobs.schedule(
                .localAuthorityNotification, episodeID: episode.id, subject: episode.id,
                at: EpisodeClocks.localAuthorityAlertAt(reportedAt: report.reportedAt, rules: rules),
                basis: report.reportedAt, in: sql)
        }
        try await addSteps(
            for: episode.grade, subject: episode.subject, episode: episode.id, from: report.reportedAt, actor: actor, now: now,
            in: sql)
        try await ClockJobs.schedule(
            .longTermMissing, episodeID: episode.id, subject: episode.id,
            at: report.lastSeenAt.addingTimeInterval(Double(rules.longTermMissing.afterDays) * 86_400),
            basis: report.lastSeenAt, in: sql)
        guard repeatStatus.flagged else { return }
        let meeting = rules.repeatMissingMeeting
        try await MissingRows.insertTask(
            EpisodeTask(
                id: StoredID.new(), episodeID: episode.id, kind: .multiAgencyMeeting,
                title: meeting.title, owner: actor.username,
                dueAt: now.addingTimeInterval(Double(meeting.withinDays) * 86_400), createdAt: now),
            createdBy: actor.userID, in: sql)
        try await MissingRows.raise(
            .repeatMissing, on: episode.id,
            detail: "\(repeatStatus.count) episodes in \(repeatStatus.withinDays) days", at: now, in: sql)
        if episode.subject == .child {
            try await MissingRows.queueForScreening(
                episode.childID, episode: episode.id,
                trigger: .repeatMissing(episodes: repeatStatus.count, withinDays: repeatStatus.withinDays),
                rules: exploitation, at: now, in: sql)
        }
    }

    /// The person a report enters: a child under 18, or an adult at risk 18 or over, each with the
    /// message that sends the officer to the right process.
    static func newPersonDraft(_ person: NewChild, subject: MissingSubject, now: Date) throws(ValidationFailure) -> PersonDraft {
        var errors = FieldErrorCollector()
        var draft: PersonDraft?
        do {
            draft = try PersonDraft(
                kind: subject == .child ? .child : .adultAtRisk, givenName: person.givenName,
                familyName: person.familyName, dateOfBirth: person.dateOfBirth
            ).validated(today: now)
        } catch { for e in error.errors { errors.add(e.field, e.message) } }
        let age = draft?.dateOfBirth.flatMap { PersonDraft.age(ofBirthDate: $0, on: now) }
        if subject == .child, let age, age >= 18 {
            errors.add("dateOfBirth", "This date of birth makes the person 18 or over: report them as a missing adult at risk")
        }
        if subject == .adultAtRisk, let age, age < 18 {
            errors.add("dateOfBirth", "This date of birth makes the person a child: report them as a missing child")
        }
        let ages = subject == .child ? 0...17 : 18...130
        if let estimate = person.estimatedAge, !ages.contains(estimate) {
            errors.add("estimatedAge", "An estimated age must be a whole number from \(ages.lowerBound) to \(ages.upperBound)")
        }
        if person.sex.unicodeScalars.count > 50 { errors.add("sex", "Must be 50 characters or fewer") }
        try errors.throwIfAny()
        return draft!
    }

    /// The pack's recorded steps for `grade` (PNC circulation; a Child Rescue Alert decision when high)
    /// that the episode does not have yet, each owned by the officer and due from `from`.
    func addSteps(
        for grade: RiskGrade, subject: MissingSubject, episode: String, from: Date, actor: Actor, now: Date,
        in sql: any SQLDatabase
    ) async throws {
        let existing = Set(
            try await sql.select().column("kind").from("episode_tasks").where("episode_id", .equal, episode).all()
                .map { try $0.decode(column: "kind", as: String.self) })
        for step in rules.steps(for: grade, subject: subject, from: from) where !existing.contains(step.kind.rawValue) {
            try await MissingRows.insertTask(
                EpisodeTask(
                    id: StoredID.new(), episodeID: episode, kind: step.kind, title: step.title,
                    owner: actor.username, dueAt: max(step.dueAt, now), createdAt: now),
                createdBy: actor.userID, in: sql)
        }
    }

    /// The child's episode still open (missing now), if any: a second report is refused and points to it.
    static func openEpisode(of childID: String, in sql: any SQLDatabase) async throws -> AlreadyMissing? {
        guard
            let row = try await sql.select().columns("id", "reference").from("missing_episodes").where("child_id", .equal, childID)
                .where("status", .equal, EpisodeStatus.open.rawValue).limit(1).first()
        else { return nil }
        return AlreadyMissing(
            episodeID: try row.decode(column: "id", as: String.self),
            reference: try row.decode(column: "reference", as: String.self))
    }

    func collect(_ collector: FieldErrorCollector, _ error: ValidationFailure) -> FieldErrorCollector {
        var merged = collector
        for e in error.errors { merged.add(e.field, e.message) }
        return merged
    }

    /// "MP-2026-000123": a per-year counter, incremented under the writer's lock.
    func nextReference(_ now: Date, in sql: any SQLDatabase) async throws -> String {
        try await Self.nextReference("MP", counter: "missing-episode", now, in: sql)
    }

    /// "PREFIX-2026-000123" from the per-year counter `counter`.
    package static func nextReference(_ prefix: String, counter: String, _ now: Date, in sql: any SQLDatabase) async throws -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let year = calendar.component(.year, from: now)
        let name = "\(counter)-\(year)"
        let current = try await sql.select().column("*").from(CounterRow.table).where("name", .equal, name).for(.update)
            .first(decoding: CounterRow.self, with: StoredRow.decoder)
        let next = (current?.value ?? 0) + 1
        if current == nil {
            try await sql.insert(into: CounterRow.table).model(CounterRow(name: name, value: next), with: StoredRow.encoder).run()
        } else {
            try await sql.update(CounterRow.table).set("value", to: next).where("name", .equal, name).run()
        }
        let digits = String(next)
        return "\(prefix)-\(year)-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    func insert(_ a: RecordedAssessment, episodeID: String, in sql: any SQLDatabase) async throws {
        try await Self.insertAssessment(a, episodeID: episodeID, in: sql)
    }

    package static func insertAssessment(_ a: RecordedAssessment, episodeID: String, in sql: any SQLDatabase) async throws {
        try await sql.insert(into: RiskAssessmentRow.table).model(try RiskAssessmentRow(a, episodeId: episodeID), with: StoredRow.encoder).run()
    }

    func recordLanguage(
        _ review: NarrativeReview, text: String, episode: String, version: Int, actor: Actor, at now: Date,
        in sql: any SQLDatabase
    ) async throws {
        guard !text.isEmpty else { return }
        try await LanguageStore.record(
            review,
            of: .init(
                recordType: Self.recordType, recordID: episode, field: review.field,
                recordVersion: version),
            by: actor, at: now, packVersion: checker.pack.version, in: sql)
    }

    func settle<T>(
        _ outcome: Result<T, any Error>, id: String, permission: Permission, context: AccessContext,
        recordType: String = MissingStore.recordType
    ) async throws -> T {
        try await authoriser.settle(
            outcome, permission: permission, context: context, recordType: recordType, id: id,
            shownAs: recordType == "child" ? "child" : "missing episode")
    }
}
