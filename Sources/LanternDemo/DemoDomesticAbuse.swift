import Foundation
import LanternCore
import LanternStore

/// Domestic abuse demo data, made through the same store calls the pages use (every step checked and logged):
/// - Amelia Hart's home, Flat 3, 41 Acre Lane: two incidents six weeks apart between her mother Maria and her
///   father Craig Dunn (a repeat address and a repeat pair). The first was graded medium; the second, with Amelia
///   saying what she saw, is graded high, so a MARAC referral is due within a day. Her school was told each time.
/// - Leah Novak: police attended her mother's home on the most recent Friday evening whose next school day is the
///   Monday; the notification to her school is due at 08:30 that Monday and has not been sent. Not yet assessed,
///   so it is also on the DASH queue.
/// - Sofia Reyes and her brother Mateo: two children at one incident. Sofia's school was told the next morning;
///   Mateo is home educated, so his notification is recorded as not sent, with that exception and a note.
enum DemoDomesticAbuse {
    static func seed(_ store: Store, clock: ManualClock, people: [String: Person]) async throws {
        let seeder = try await DemoDomesticAbuseSeeder(store: store, clock: clock)
        guard let amelia = people["Amelia Hart"], let maria = people["Maria Hart"], let leah = people["Leah Novak"],
            let sofia = people["Sofia Reyes"]
        else { return }
        let schools = try await seeder.schools()
        try await seeder.hart(amelia: amelia, maria: maria, school: schools.lambeth)
        try await seeder.novak(leah: leah, school: schools.norwood)
        try await seeder.reyes(sofia: sofia, school: schools.brixtonHill)
        clock.set(seeder.end)
    }
}

/// The officers and the store calls they make, at times set back from the end of the demo's history.
struct DemoDomesticAbuseSeeder {
    let store: Store
    let clock: ManualClock
    let end: Date
    let officer: AccessContext, mash: AccessContext

    init(store: Store, clock: ManualClock) async throws {
        self.store = store
        self.clock = clock
        self.end = clock.now()
        self.officer = try await Self.context("officer", store)
        self.mash = try await Self.context("mash", store)
    }

    /// The demo user `name` acting, as the demo's requests do.
    static func context(_ name: String, _ store: Store) async throws -> AccessContext {
        guard let user = try await store.accounts.user(named: name) else { throw BundledRules.Missing(description: "demo user \(name)") }
        return AccessContext(actor: user.actor, requestID: "demo", clientAddress: "127.0.0.1")
    }

    func context(_ name: String) async throws -> AccessContext { try await Self.context(name, store) }

    func at(_ hoursAgo: Double) { clock.set(end.addingTimeInterval(-hoursAgo * 3_600)) }

    /// Three schools the MASH keeps on record, with their key adults.
    func schools() async throws -> (lambeth: School, norwood: School, brixtonHill: School) {
        at(24 * 60)
        let lambeth = try await store.domesticAbuse.addSchool(
            name: "Lambeth Academy", keyAdult: "Claire Donovan", contact: "dsl@lambeth-academy.demo.sch.uk", context: mash)
        let norwood = try await store.domesticAbuse.addSchool(
            name: "Norwood Park School", keyAdult: "Samuel Adebayo", contact: "020 7946 0102 (safeguarding line)", context: mash)
        let brixtonHill = try await store.domesticAbuse.addSchool(
            name: "Brixton Hill School", keyAdult: "Rachel Kim", contact: "safeguarding@brixton-hill.demo.sch.uk", context: mash)
        return (lambeth, norwood, brixtonHill)
    }

    /// A person the officer adds at the incident, as the form's "add a person" does.
    func person(_ kind: PersonKind, _ given: String, _ family: String, born: String, notes: String) async throws -> Person {
        try await store.people.create(
            PersonDraft(kind: kind, givenName: given, familyName: family, dateOfBirth: born, notes: notes), context: officer)
    }

    /// DASH answers: the named questions "yes", every other question "no".
    func answers(yes: [String]) -> [String: DashAnswer] {
        Dictionary(uniqueKeysWithValues: store.domesticAbuse.rules.questions.map { ($0.id, yes.contains($0.id) ? .yes : .no) })
    }

    /// Reports an incident at `hoursAgo` (the report written 40 minutes after it) and returns it.
    func report(_ hoursAgo: Double, _ report: (Date) -> IncidentReport) async throws -> IncidentRecord {
        at(hoursAgo)
        let occurredAt = clock.now()
        clock.set(occurredAt.addingTimeInterval(40 * 60))
        return try await store.domesticAbuse.report(report(occurredAt), context: officer)
    }

    /// The child referred to Lambeth children's social care by phone `hoursAfter` the incident.
    func referToSocialCare(_ child: Person, on record: IncidentRecord, hoursAfter: Double) async throws {
        let at = record.incident.report.occurredAt.addingTimeInterval(hoursAfter * 3_600)
        clock.set(at.addingTimeInterval(600))
        _ = try await store.domesticAbuse.recordSocialCareContact(
            record.incident.id,
            ChildSocialCareContact(
                childID: child.id, kind: .referral, agency: .childrensSocialCare, organisation: "Lambeth Children's Services",
                personName: "MASH duty social worker", at: at, method: .phone,
                summary: "Police attended a domestic abuse incident at the family home; \(child.givenName) heard it from her bedroom."),
            context: officer)
    }

    /// The school told by secure email `hoursAfter` the incident, or half an hour before the school day starts if that
    /// is sooner (never sooner than ten minutes after the incident), with what the pack says is shared.
    func tell(_ notification: EncompassNotification, school: School, hoursAfter: Double, incident: Date) async throws {
        let sentAt = max(
            incident.addingTimeInterval(600), min(incident.addingTimeInterval(hoursAfter * 3_600), notification.dueAt.addingTimeInterval(-1_800)))
        clock.set(sentAt.addingTimeInterval(600))
        _ = try await store.domesticAbuse.encompassSent(
            notification.id, keyAdult: school.keyAdult, shared: store.domesticAbuse.rules.encompass.shared.value, sentAt: sentAt,
            version: notification.version, context: officer)
    }
}

extension DemoDomesticAbuseSeeder {
    /// Two incidents at Amelia's home: medium risk six weeks ago, high risk yesterday (a MARAC referral), her school told both times.
    func hart(amelia: Person, maria: Person, school: School) async throws {
        try await store.domesticAbuse.setSchool(of: amelia.id, schoolID: school.id, context: mash)
        let craig = try await person(.suspect, "Craig", "Dunn", born: "1980-11-02", notes: "Amelia Hart's father; does not live with the family.")
        let adults = [IncidentAdult(personID: maria.id, role: .victim), IncidentAdult(personID: craig.id, role: .suspect)]
        let first = try await report(24 * 42 + 3) { at in
            IncidentReport(
                occurredAt: at, address: "Flat 3, 41 Acre Lane", postcode: "SW2 5TN",
                whatHappened: "Maria Hart called 999: Craig Dunn came to the flat, shouted at her and pushed her into the door frame. "
                    + "He left before officers arrived. Amelia was in her bedroom and heard it.",
                attendedBy: ["PC 4417 Sam Okafor"], adults: adults, children: [IncidentChild(childID: amelia.id, presence: .witnessed)])
        }
        at(24 * 42)
        let medium = [
            "frightened", "afraid-of", "separation", "child-contact-conflict", "stalking", "more-often", "controlling-or-jealous",
            "drugs-alcohol-mental-health", "criminal-history", "isolated", "financial",
        ]
        _ = try await store.domesticAbuse.assess(
            first.incident.id, victimID: maria.id, submission: DashSubmission(answers: answers(yes: medium)), context: officer)
        try await referToSocialCare(amelia, on: first, hoursAfter: 3.5)
        for notification in first.encompass {
            try await tell(notification, school: school, hoursAfter: 9, incident: first.incident.report.occurredAt)
        }
        let second = try await report(22) { at in
            IncidentReport(
                occurredAt: at, address: "Flat 3, 41 Acre Lane", postcode: "SW2 5TN",
                whatHappened: "Craig Dunn forced his way into the flat and held Maria Hart by the throat until she could not breathe. "
                    + "Amelia ran to a neighbour and called 999. Officers arrested Craig Dunn in the street.",
                attendedBy: ["PC 4417 Sam Okafor", "PC 5120 Ruth Mayer"], adults: adults,
                children: [
                    IncidentChild(
                        childID: amelia.id, presence: .present,
                        voice: "Said she saw her dad's hands on her mum's neck and thought her mum was going to die. She asked to sleep at her nan's."
                    )
                ])
        }
        for notification in second.encompass {
            try await tell(notification, school: school, hoursAfter: 1.5, incident: second.incident.report.occurredAt)
        }
        at(20)
        _ = try await store.domesticAbuse.assess(
            second.incident.id, victimID: maria.id,
            submission: DashSubmission(answers: answers(yes: medium + ["injury", "getting-worse", "threats-to-kill", "strangulation"])),
            context: officer)
    }

    /// An incident at Leah's home on a Friday evening: her school is to be told by 08:30 on the Monday.
    func novak(leah: Person, school: School) async throws {
        at(24 * 30)
        try await store.domesticAbuse.setSchool(of: leah.id, schoolID: school.id, context: mash)
        let irena = try await person(.parentOrCarer, "Irena", "Novak", born: "1979-05-23", notes: "Leah Novak's mother.")
        let mark = try await person(.suspect, "Mark", "Ellis", born: "1975-02-09", notes: "Lives with Irena Novak and Leah.")
        let evening = fridayEvening()
        _ = try await report(end.timeIntervalSince(evening) / 3_600) { at in
            IncidentReport(
                occurredAt: at, address: "22 Knights Hill", postcode: "SE27 0HY",
                whatHappened: "Irena Novak called police after Mark Ellis threw a glass at her and broke the kitchen door. "
                    + "He had left when officers arrived. Leah was at home and saw it.",
                attendedBy: ["PC 3308 Dev Sharma"],
                adults: [IncidentAdult(personID: irena.id, role: .victim), IncidentAdult(personID: mark.id, role: .suspect)],
                children: [
                    IncidentChild(childID: leah.id, presence: .witnessed, voice: "Said she locked herself in the bathroom and phoned her aunt.")
                ])
        }
    }

    /// Two children at one incident: Sofia's school told the next morning; Mateo home educated, so his is not sent, with the reason.
    func reyes(sofia: Person, school: School) async throws {
        at(24 * 20)
        try await store.domesticAbuse.setSchool(of: sofia.id, schoolID: school.id, context: mash)
        let mateo = try await person(.child, "Mateo", "Reyes", born: "2018-03-14", notes: "Sofia Reyes's brother; home educated since September.")
        let lucia = try await person(.parentOrCarer, "Lucia", "Reyes", born: "1986-10-12", notes: "Sofia and Mateo's mother.")
        let daniel = try await person(.suspect, "Daniel", "Reyes", born: "1983-01-30", notes: "Sofia and Mateo's father.")
        let record = try await report(76) { at in
            IncidentReport(
                occurredAt: at, address: "27 Tulse Hill", postcode: "SW2 2TH",
                whatHappened: "Lucia Reyes called police after Daniel Reyes smashed plates and threatened her in the kitchen. "
                    + "Sofia took Mateo to her room. Daniel Reyes was arrested for criminal damage.",
                attendedBy: ["PC 4417 Sam Okafor"],
                adults: [IncidentAdult(personID: lucia.id, role: .victim), IncidentAdult(personID: daniel.id, role: .suspect)],
                children: [
                    IncidentChild(childID: sofia.id, presence: .present, voice: "Said she put her headphones on Mateo so he would not hear."),
                    IncidentChild(childID: mateo.id, presence: .present),
                ])
        }
        let occurredAt = record.incident.report.occurredAt
        at(74)
        _ = try await store.domesticAbuse.assess(
            record.incident.id, victimID: lucia.id,
            submission: DashSubmission(answers: answers(yes: ["frightened", "afraid-of", "financial", "criminal-history"])), context: officer)
        for notification in record.encompass where notification.childID == sofia.id {
            try await tell(notification, school: school, hoursAfter: 10, incident: occurredAt)
        }
        for notification in record.encompass where notification.childID == mateo.id {
            clock.set(occurredAt.addingTimeInterval(11 * 3_600))
            _ = try await store.domesticAbuse.encompassNotSent(
                notification.id, reason: "not-in-education",
                note: "Mateo has been home educated since September; the local authority's elective home education team was told the same morning.",
                version: notification.version, context: officer)
        }
    }

    /// The latest Friday evening at least an hour before the end whose next school day is the Monday after it (so not
    /// before a half term or a bank holiday Monday), in the ten weeks before; otherwise the latest Friday evening.
    func fridayEvening() -> Date {
        let rules = store.domesticAbuse.rules
        let school = SchoolCalendar(
            terms: rules.terms, dayStarts: SchoolDayTime(rules.encompass.schoolDayStarts.value)!, bankHolidays: store.exploitation.rules.bankHolidays)
        var london = Calendar(identifier: .gregorian)
        london.timeZone = TimeZone(identifier: "Europe/London")!
        var day = london.startOfDay(for: end)
        var latest: Date?
        for _ in 0..<70 {
            if london.component(.weekday, from: day) == 6, let evening = london.date(bySettingHour: 21, minute: 10, second: 0, of: day),
                evening < end.addingTimeInterval(-3_600)
            {
                latest = latest ?? evening
                let due = school.nextSchoolDayStart(after: evening)
                if london.component(.weekday, from: due) == 2 && due.timeIntervalSince(evening) < 3 * 86_400 { return evening }
            }
            day = london.date(byAdding: .day, value: -1, to: day) ?? day
        }
        return latest ?? end.addingTimeInterval(-7 * 86_400)
    }
}
