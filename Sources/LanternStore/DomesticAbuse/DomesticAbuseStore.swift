import Foundation
import LanternCore
import SQLKit

/// Domestic abuse incidents with children: the report, the DASH assessment and MARAC, Operation Encompass.
/// Every change checks who may make it and is one transaction with its access-log entry; an incident answers
/// to the scope of every person in it, so a restricted child keeps the incident to their team.
public struct DomesticAbuseStore: Sendable {
    let database: LanternDatabase
    let clock: any WallClock
    let authoriser: Authoriser
    let checker: LanguageChecker
    public let rules: DomesticAbuseRules
    let bankHolidays: ExploitationRules.BankHolidayRules
    var policy: AccessPolicy { authoriser.policy }

    public static let recordType = "domestic-abuse-incident"

    public init(
        database: LanternDatabase, clock: any WallClock, authoriser: Authoriser, checker: LanguageChecker, rules: DomesticAbuseRules,
        bankHolidays: ExploitationRules.BankHolidayRules
    ) {
        self.database = database
        self.clock = clock
        self.authoriser = authoriser
        self.checker = checker
        self.rules = rules
        self.bankHolidays = bankHolidays
    }

    func now() -> Date { clock.now().roundedUpToMillisecond }

    /// Keeps what the language check found in a narrative written on an incident (every narrative here is required,
    /// so never empty).
    func recordLanguage(_ review: NarrativeReview, record: String, actor: Actor, at now: Date, in sql: any SQLDatabase) async throws {
        try await LanguageStore.record(
            review, of: .init(recordType: Self.recordType, recordID: record, field: review.field, recordVersion: 1),
            by: actor, at: now, packVersion: checker.pack.version, in: sql)
    }

    /// Records an incident with its adults and children, finds earlier incidents at the address or between the
    /// same adults, and sets an Operation Encompass notification due before the next school day for each child
    /// of school age (or whose age is not known).
    public func report(_ report: IncidentReport, acknowledgedLanguage: Set<String> = [], context: AccessContext) async throws -> IncidentRecord {
        try await authoriser.require(.recordDomesticAbuse, context, recordType: Self.recordType)
        let now = now()
        let clean = report.trimmed()
        try clean.check(now: now)
        var reviews = [try NarrativeReview.review(clean.whatHappened, field: "whatHappened", acknowledged: acknowledgedLanguage, checker: checker)]
        for (index, child) in clean.children.enumerated() where !child.voice.isEmpty {
            reviews.append(
                try NarrativeReview.review(child.voice, field: "children[\(index)].voice", acknowledged: acknowledgedLanguage, checker: checker))
        }
        let narratives = reviews
        let incidentID = try await database.transaction { sql in
            let people = try await people(in: clean, actor: context.actor, in: sql)
            let incident = DomesticAbuseIncident(
                id: StoredID.new(), reference: try await MissingStore.nextReference("DA", counter: "domestic-abuse-incident", now, in: sql),
                report: clean, team: context.actor.team, borough: context.actor.borough, createdBy: context.actor.userID, createdAt: now)
            try await sql.insert(into: IncidentRow.table).model(try IncidentRow(incident), with: StoredRow.encoder).run()
            try await sql.insert(into: IncidentPersonRow.table).models(IncidentPersonRow.rows(for: incident), with: StoredRow.encoder).run()
            try await notifySchools(of: incident, people: people, in: sql)
            // A repeat MARAC case goes back to MARAC whatever its level, before anyone runs the checklist.
            for victim in clean.adults where victim.role == .victim {
                _ = try await referToMarac(incident, victimID: victim.personID, grade: nil, now: now, in: sql)
            }
            for review in narratives {
                try await recordLanguage(review, record: incident.id, actor: context.actor, at: now, in: sql)
            }
            try await AccessLogStore.append(
                context.entry(
                    at: now, .create, recordType: Self.recordType, recordIDs: [incident.id] + people.keys.sorted(),
                    detail: "domestic abuse incident \(incident.reference) recorded"), in: sql)
            return incident.id
        }
        return try await record(incidentID, context: context, logged: false)
    }

    /// Each person the report names, checked: on record, not erased, open to the actor; each child a child
    /// on the day of the incident, and each adult party 16 or over (domestic abuse is between people aged 16 or
    /// over, Domestic Abuse Act 2021 s1; a younger child is a victim in their own right, as a child).
    func people(in report: IncidentReport, actor: Actor, in sql: any SQLDatabase) async throws -> [String: Person] {
        var found: [String: Person] = [:]
        let named = report.adults.map { ($0.personID, "adults", false) } + report.children.map { ($0.childID, "children", true) }
        for (id, field, mustBeChild) in named {
            guard let person = try await PersonStore.load(sql, id), person.erasedAt == nil,
                policy.decide(actor, .consultPersonRecord, on: person.scope).isAllowed
            else {
                throw ValidationFailure(field, "No record with id '\(id.prefix(64))' is available to you")
            }
            if mustBeChild && !person.isChild(on: report.occurredAt) {
                throw ValidationFailure(field, "\(person.displayName) was not a child on the day of the incident; add them as an adult")
            }
            if !mustBeChild, let born = person.dateOfBirth, let age = PersonDraft.age(ofBirthDate: born, on: report.occurredAt),
                age < rules.adultPartyFromAge
            {
                throw ValidationFailure(field, "\(person.displayName) was \(age) on the day of the incident; add them as a child")
            }
            found[id] = person
        }
        return found
    }

    /// The force's school-term calendar: the latest one it set, or the pack's default.
    func schoolCalendar(in sql: any SQLDatabase) async throws -> SchoolCalendar {
        SchoolCalendar(
            terms: try await Self.currentTerms(rules: rules, in: sql).terms, dayStarts: SchoolDayTime(rules.encompass.schoolDayStarts.value)!,
            bankHolidays: bankHolidays)
    }

    func notifySchools(of incident: DomesticAbuseIncident, people: [String: Person], in sql: any SQLDatabase) async throws {
        let calendar = try await schoolCalendar(in: sql)
        let dueAt = calendar.nextSchoolDayStart(after: incident.report.occurredAt)
        // School age on the day the school is told: a child starting reception in September is told about in August.
        let day = WorkingDays.ukDay(of: dueAt)
        // Every child at the incident, and any adult party still under 18 (a 16- or 17-year-old victim or suspect is
        // still at school or college).
        let underEighteen = incident.report.adults.map(\.personID).filter { id in
            guard let born = people[id]?.dateOfBirth, let age = PersonDraft.age(ofBirthDate: born, on: dueAt) else { return false }
            return age < 18
        }
        for childID in incident.report.children.map(\.childID) + underEighteen {
            let born = people[childID]?.dateOfBirth.flatMap(CivilDay.init)
            // An unknown age is not a reason to stay silent: the officer finds out and tells the school, or records why not.
            if let born, !Encompass.isSchoolAge(born: born, on: day, rules: rules.encompass) { continue }
            let school = try await sql.select().column("school_id").from("child_schools").where("child_id", .equal, childID).first()
                .map { try $0.decode(column: "school_id", as: String.self) }
            let notification = EncompassNotification(
                id: StoredID.new(), incidentID: incident.id, childID: childID, schoolID: school, dueAt: dueAt)
            try await sql.insert(into: EncompassNotificationRow.table).model(EncompassNotificationRow(notification), with: StoredRow.encoder)
                .run()
        }
    }
}

extension IncidentReport {
    /// The report as saved: text trimmed, blank officers dropped.
    func trimmed() -> IncidentReport {
        let trim = { (s: String) in s.trimmingCharacters(in: .whitespacesAndNewlines) }
        var copy = self
        copy.address = trim(address)
        copy.postcode = postcode.map(trim).flatMap { $0.isEmpty ? nil : $0.uppercased() }
        copy.whatHappened = trim(whatHappened)
        copy.attendedBy = attendedBy.map(trim).filter { !$0.isEmpty }
        copy.children = children.map { IncidentChild(childID: $0.childID, presence: $0.presence, voice: trim($0.voice)) }
        return copy
    }
}
