import Foundation
import LanternCore
import LanternStore

/// Missing-children demo data: one child per situation an officer meets on a night shift, each
/// made through the same store calls the pages use (so every step is checked and logged).
/// - Amelia Hart: repeat missing (three episodes in the last 90 days), missing again now, medium risk,
///   her review overdue and no local-authority notification yet.
/// - Kai Mensah: looked after, high risk, a Philomena profile four months old.
/// - Leah Novak: found yesterday; prevention interview done, return home interview offered.
/// - Sofia Reyes: one closed episode last month; the local authority's return home interview was only
///   offered, so it is still tracked on the interview queue after closure.
/// - Amelia's current episode: the officer chose a grade below Lantern's recommendation, so it shows
///   "downgrade awaiting supervisor" and the review is due at once.
/// - Roy Baines (registered sex offender): the analyst links his car and phone; Kai is seen getting
///   into that car while missing, and the seen-with alert names Roy through the car.
/// - Edith Clarke, 84: an adult at risk with dementia, walked out of her care home an hour ago (the adult
///   checklist: high risk, an inspector's review, the same queues).
/// - Dean Wallace: entered by an officer, probably the Dean Wallis already on record (a suggested merge).
enum DemoMissing {
    static func seed(_ store: Store, clock: ManualClock, people: [String: Person]) async throws {
        let seeder = try await DemoMissingSeeder(store: store, clock: clock)
        if let amelia = people["Amelia Hart"] { try await seeder.amelia(amelia) }
        var kaiEpisode: MissingEpisode?
        if let kai = people["Kai Mensah"] { kaiEpisode = try await seeder.kai(kai) }
        try await seeder.flagsRegister()
        if let leah = people["Leah Novak"] { try await seeder.leah(leah) }
        try await seeder.roysCarAndPhone(seenWith: kaiEpisode)
        try await seeder.deanWallace()
        try await seeder.edith()
        if let sofia = people["Sofia Reyes"] { try await seeder.sofia(sofia) }
        clock.set(seeder.end)
    }
}

/// The demo's officers and the store calls they make, at times set back from the end of the demo's history.
struct DemoMissingSeeder {
    let store: Store
    let clock: ManualClock
    let end: Date
    let officer: AccessContext, supervisor: AccessContext, mash: AccessContext, coordinator: AccessContext, analyst: AccessContext

    init(store: Store, clock: ManualClock) async throws {
        func context(_ name: String) async throws -> AccessContext {
            guard let user = try await store.accounts.user(named: name) else { throw BundledRules.Missing(description: "demo user \(name)") }
            return AccessContext(actor: user.actor, requestID: "demo", clientAddress: "127.0.0.1")
        }
        self.store = store
        self.clock = clock
        self.end = clock.now()
        self.officer = try await context("officer")
        self.supervisor = try await context("supervisor")
        self.mash = try await context("mash")
        self.coordinator = try await context("coordinator")
        self.analyst = try await context("analyst")
    }

    func at(_ hoursAgo: Double) { clock.set(end.addingTimeInterval(-hoursAgo * 3_600)) }

    func answers(_ yes: [String], no: [String] = []) -> [RiskAnswer] {
        store.missing.rules.questions.map { q in
            RiskAnswer(questionID: q.id, value: yes.contains(q.id) ? .yes : (no.contains(q.id) || no == ["*"]) ? .no : .notKnown)
        }
    }

    /// A report as the officer makes it at the form.
    func report(
        _ child: Person, hoursAgo: Double, place: String, circumstances: String, reporter: String, relationship: String,
        yes: [String], grade: RiskGrade? = nil, rationale: String = "", by ctx: AccessContext
    ) async throws -> MissingEpisode {
        at(hoursAgo)
        let report = MissingReport(
            reportedAt: clock.now(), lastSeenAt: clock.now().addingTimeInterval(-5_400), lastSeenPlace: place,
            circumstances: circumstances, clothing: "Black puffer jacket, grey joggers, white trainers",
            reporterName: reporter, reporterRelationship: relationship, reporterContact: "07700 900" + String(Int(hoursAgo) % 1000))
        let answered = answers(yes, no: ["*"]).filter { answer in
            // Questions the record answers are left to it, as an officer at the form would.
            !["exploitation", "harm-when-missing-before", "risky-adult", "trafficking-or-uasc", "out-of-area-placement"]
                .contains(answer.questionID) || yes.contains(answer.questionID)
        }
        return try await store.missing.report(
            MissingStore.NewReport(
                childID: child.id, report: report, answers: answered, grade: grade,
                rationale: rationale), context: ctx
        ).episode
    }

    /// The call to the local authority's duty social worker that the child is missing.
    func notifyLA(_ episode: MissingEpisode, hoursAgo: Double, by ctx: AccessContext) async throws {
        at(hoursAgo)
        _ = try await store.missing.addContact(
            episode.id,
            AgencyContact(
                id: "", episodeID: episode.id, agency: .childrensSocialCare, organisation: "Lambeth Children's Services",
                personName: "Duty social worker", at: clock.now(), method: .phone,
                summary: "Told the duty social worker the child is missing; they will tell the allocated worker.",
                reference: "LCS-\(episode.reference.suffix(4))", notifiesLocalAuthority: true, recordedBy: "", recordedAt: clock.now()),
            context: ctx)
    }

    /// Found, interviewed, the local authority told, reviewed and closed: an episode's whole return.
    func foundAndClose(
        _ episode: MissingEpisode, hoursAgo: Double, place: String, said: String,
        returnInterview: TaskOutcome = .completed
    ) async throws {
        at(hoursAgo)
        let record = try await store.missing.recordFound(
            episode.id,
            FoundRecord(
                foundAt: clock.now(), place: place, withWhom: [], condition: "Tired and hungry; no injuries seen.",
                howFound: .returnedThemselves, childSaid: said), context: officer)
        at(hoursAgo - 6)
        if let interview = record.preventionInterview {
            _ = try await store.missing.recordTaskResult(
                episode.id, taskID: interview.id, outcome: .completed, result: "Safe and well check at home; no crime disclosed.",
                childSaid: said, conductedBy: "PC Sam Okafor", at: clock.now(), context: officer)
        }
        if let rhi = record.returnInterview {
            let done = returnInterview == .completed
            _ = try await store.missing.recordTaskResult(
                episode.id, taskID: rhi.id, outcome: returnInterview,
                result: done ? "Return home interview by the independent service." : "Offered by letter and phone; no answer yet.",
                childSaid: done ? "I want to talk to someone who is not from the home." : "", conductedBy: "Lambeth return interview service",
                at: clock.now(), context: mash)
        }
        // The return: the local authority told the child is back, and a supervisor's review of it.
        _ = try await store.missing.addContact(
            episode.id,
            AgencyContact(
                id: "", episodeID: episode.id, agency: .childrensSocialCare, organisation: "Lambeth Children's Services",
                personName: "Duty social worker", at: clock.now(), method: .phone, summary: "Told them the child is home and safe.",
                reference: "", notifiesLocalAuthority: false, recordedBy: "", recordedAt: clock.now()), context: officer)
        _ = try await store.missing.review(
            episode.id, grade: episode.grade, rationale: "",
            direction: "Return reviewed: safe and well; make sure the return home interview happens.",
            context: supervisor)
        _ = try await store.missing.close(episode.id, context: coordinator)
    }

    /// Amelia: three episodes in the last 90 days, then missing again tonight.
    func amelia(_ amelia: Person) async throws {
        at(24 * 80)
        _ = try await store.children.saveProfile(
            ChildProfile(
                personID: amelia.id, aliases: ["Millie", "Mills Hart"], sex: "Female", description: "Slim, long dark hair, brown eyes",
                homeAddress: "Flat 4, 12 Acre Lane, Brixton", homePostcode: "SW2 5SG", school: "Lambeth Academy",
                wishes: "I want my mum to stop shouting. I go to my friend's when it gets bad.", updatedAt: clock.now(), updatedBy: ""),
            context: officer)
        for (days, place) in [(75.0, "Brixton station"), (40.0, "Clapham Common"), (12.0, "Stockwell Park estate")] {
            let episode = try await report(
                amelia, hoursAgo: days * 24, place: place,
                circumstances: "Did not come home from school. Mother has called her friends.",
                reporter: "Maria Hart", relationship: "Mother", yes: ["family-school-problems"], by: officer)
            try await notifyLA(episode, hoursAgo: days * 24 - 0.5, by: officer)
            try await foundAndClose(
                episode, hoursAgo: days * 24 - 14, place: "A friend's flat, Stockwell",
                said: "I just needed to get away for a bit.")
        }
        _ = try await report(
            amelia, hoursAgo: 3, place: "Acre Lane bus stop, Brixton",
            circumstances:
                "Left home after an argument at 21:30 and has not answered her phone. "
                + "Her mother says an older man in a grey car has picked her up before.",
            reporter: "Maria Hart", relationship: "Mother", yes: ["family-school-problems", "harm-when-missing-before"],
            grade: .low, rationale: "She has texted her mother that she is at the same friend's flat in Stockwell as before.",
            by: officer)
    }

    /// Kai: looked after, high risk, an out-of-date Philomena profile. Returns his current episode.
    func kai(_ kai: Person) async throws -> MissingEpisode {
        at(24 * 130)
        _ = try await store.children.saveProfile(
            ChildProfile(
                personID: kai.id, sex: "Male", description: "Tall, short black hair, scar on left eyebrow",
                placementAddress: "Oak House, Streatham", placementPostcode: "SW16 1AA", school: "Streatham Park School",
                lookedAfter: true, responsibleAuthority: "Lambeth Children's Services", placement: "Residential children's home",
                exploitationFlags: [.criminal],
                updatedAt: clock.now(), updatedBy: ""), context: coordinator)
        at(24 * 120)
        _ = try await store.children.savePhilomena(
            PhilomenaProfile(
                personID: kai.id, version: 0, description: "6ft, slim build, scar on left eyebrow, usually wears a black North Face jacket",
                associates: "Two older boys known as 'T' and 'Ricky'", placesFrequented: "Croydon town centre, West Croydon bus station",
                previousMissing: "Four episodes last year; found in Croydon each time",
                vulnerabilities: "Concern that he is being criminally exploited to move drugs",
                phoneAndSocialMedia: "Snapchat kai.m10", completedBy: "Oak House key worker", updatedAt: clock.now(), updatedBy: ""),
            context: coordinator)
        let episode = try await report(
            kai, hoursAgo: 0.5, place: "Oak House children's home, Streatham",
            circumstances: "Did not return by the 22:00 curfew. Staff completed the agreed location checks; his phone is off.",
            reporter: "Oak House night staff", relationship: "Residential key worker",
            yes: ["exploitation", "out-of-character"], by: officer)
        try await notifyLA(episode, hoursAgo: 0.25, by: officer)
        return episode
    }

    /// The flags register: Leah is found at the address of a registered sex offender, and Lantern says so at once.
    func flagsRegister() async throws {
        guard let admin = try await store.accounts.user(named: "admin") else { return }
        _ = try await store.links.importFlags(
            csv: """
                reference,flag,kind,given_name,family_name,date_of_birth,address,postcode,details
                RSO-DEMO-1,registered-sex-offender,person,Roy,Baines,1968-03-14,"Flat 2, 140 London Road",CR0 2TB,\
                Managed by the offender management unit
                LOC-DEMO-1,exploitation-location,location,,,,"West Croydon bus station, 1 Station Road",CR0 2RD,\
                Children reported being approached here
                """, source: "demo register", context: AccessContext(actor: admin.actor, requestID: "demo", clientAddress: "127.0.0.1"))
    }

    /// Leah: found yesterday; the return home interview has been offered.
    func leah(_ leah: Person) async throws {
        let episode = try await report(
            leah, hoursAgo: 40, place: "Croydon bus garage",
            circumstances: "Left school at lunchtime with an adult male. Not seen since.",
            reporter: "Mr Novak", relationship: "Father", yes: ["crime-or-abduction"], by: officer)
        at(39.5)
        _ = try await store.missing.review(
            episode.id, grade: .high, rationale: "",
            direction: "Trace the adult seen with her; check Croydon CCTV; consider a Child Rescue Alert.",
            context: supervisor)
        try await notifyLA(episode, hoursAgo: 39, by: officer)
        at(20)
        let record = try await store.missing.recordFound(
            episode.id,
            FoundRecord(
                foundAt: clock.now(), place: "Flat 2, 140 London Road, Croydon", postcode: "cr0 2tb", withWhom: ["Dean Wallis"],
                condition: "Tired, cold and frightened; says she has not eaten since yesterday.", howFound: .foundByPolice,
                childSaid: "He said I could stay there. I didn't have anywhere else."), context: officer)
        at(18)
        if let interview = record.preventionInterview {
            _ = try await store.missing.recordTaskResult(
                episode.id, taskID: interview.id, outcome: .completed,
                result: "Spoken to at home with her father. Disclosed being given alcohol by the adult; referred to the exploitation team.",
                childSaid: "I don't want to go back there.", conductedBy: "PC Sam Okafor", at: clock.now(), context: officer)
        }
        at(10)
        if let rhi = record.returnInterview {
            _ = try await store.missing.recordTaskResult(
                episode.id, taskID: rhi.id, outcome: .offered, result: "Offered by phone; Leah will say tomorrow.", childSaid: "",
                conductedBy: "Lambeth return interview service", at: clock.now(), context: mash)
        }
    }

    /// Roy Baines's car and phone, linked by the analyst; Kai seen getting into the car.
    func roysCarAndPhone(seenWith kaiEpisode: MissingEpisode?) async throws {
        guard let roy = try await store.identity.matches(givenName: "Roy", familyName: "Baines", dateOfBirth: "1968-03-14", context: analyst).first
        else { return }
        at(3)
        let car = try await store.links.recordObject(.vehicle, "LX19 ABC", context: analyst)
        let phone = try await store.links.recordObject(.phone, "07700 900999", context: analyst)
        _ = try await store.links.add(
            LinkDraft(
                from: EntityRef(.person, roy.person.id), to: EntityRef(.object, car.id), type: .drives,
                at: clock.now(), note: "Registered keeper, DVLA check"), context: analyst)
        _ = try await store.links.add(
            LinkDraft(
                from: EntityRef(.person, roy.person.id), to: EntityRef(.object, phone.id), type: .usesPhone,
                at: clock.now(), note: "Offender management home visit"), context: analyst)
        if let kai = kaiEpisode {
            at(0.1)
            _ = try await store.missing.addSighting(
                kai.id,
                Sighting(
                    at: clock.now(), place: "West Croydon bus station, 1 Station Road", reportedBy: "Bus driver",
                    detail: "Saw a boy matching Kai's description get into a silver car.", postcode: "CR0 2RD", vehicles: ["lx19abc"]),
                context: officer)
        }
    }

    /// A second record of Dean Wallis, typed another way: the person page suggests the merge.
    func deanWallace() async throws {
        at(2)
        _ = try await store.people.create(
            PersonDraft(
                kind: .associate, givenName: "Dean", familyName: "Wallace", dateOfBirth: "1997-01-21",
                notes: "Named by a witness in Croydon."), context: officer)
    }

    /// Edith: an adult at risk missing from her care home tonight.
    func edith() async throws {
        at(1)
        let edithAnswers = store.missing.rules.adultQuestions.map { q in
            RiskAnswer(questionID: q.id, value: ["adult-dementia", "adult-environment", "adult-depends-on-carer"].contains(q.id) ? .yes : .no)
        }
        _ = try await store.missing.report(
            MissingStore.NewReport(
                newChild: MissingStore.NewChild(givenName: "Edith", familyName: "Clarke", dateOfBirth: "1941-06-30", sex: "Female"),
                report: MissingReport(
                    reportedAt: clock.now(), lastSeenAt: clock.now().addingTimeInterval(-2_700),
                    lastSeenPlace: "Elm Court care home, Norwood", lastSeenPostcode: "SE27 9AA",
                    circumstances:
                        "Walked out of the care home in her dressing gown and slippers. She has dementia, does not know the area and it is 3°C.",
                    clothing: "Blue dressing gown, pink slippers", reporterName: "Elm Court night manager",
                    reporterRelationship: "Care home manager", reporterContact: "020 7946 0999"),
                answers: edithAnswers, subject: .adultAtRisk), context: officer)
    }

    /// Sofia: one closed episode last month.
    func sofia(_ sofia: Person) async throws {
        let episode = try await report(
            sofia, hoursAgo: 24 * 30, place: "Brockwell Park", circumstances: "Did not come home after school.",
            reporter: "Ms Reyes", relationship: "Mother", yes: [], by: officer)
        try await notifyLA(episode, hoursAgo: 24 * 30 - 1, by: officer)
        try await foundAndClose(
            episode, hoursAgo: 24 * 30 - 5, place: "Her aunt's house, Herne Hill", said: "I was at my aunt's.",
            returnInterview: .offered)
    }
}
