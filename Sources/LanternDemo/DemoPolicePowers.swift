import Foundation
import LanternCore
import LanternStore

/// Police protection demo data, made through the same store calls the pages use (every step checked and logged):
/// - Leah Novak, taken into police protection 30 hours ago when found alone at night; in a foster placement; her
///   wishes and feelings recorded in her words, the local authority where she was found told, the designated officer
///   appointed; her parents not yet told, so that duty is outstanding. About 42 hours left.
/// - Kai Mensah, taken 64 hours ago from Flat 12, Tulse House, where Dean Wallis and other adults were using drugs, and
///   held at a police station for want of a placement (the exceptional reason is recorded); no designated officer yet.
///   Eight hours left: the clock is escalating.
/// - Sofia Reyes, in police protection last month for 20 hours, every duty done, released by the designated officer.
/// - Jayden Cole (restricted to the exploitation team, whose investigator records it), detained five hours ago: his
///   mother told, his grandmother the appropriate adult after a wait, charged with bail refused two hours ago; the local
///   authority asked and not yet answered, so the transfer clock is escalating.
/// - Kai Mensah, detained three weeks ago after his arrest with Dean Wallis at Tulse House, transferred to local authority
///   accommodation three hours after bail was refused.
/// - Amelia Hart, detained ten days ago and held overnight: bail refused at 22:00, the authority had no placement, and the
///   custody officer certified that transfer was impracticable; the certificate went to court the next morning.
/// - Two welfare calls: one about Sofia Reyes handed to the ambulance service (on the MASH's queue), one about Amelia Hart
///   attended under the child carve-out.
/// - Amelia Hart, missing tonight, seen an hour ago going into Tulse House: her episode carries the police powers alert
///   (a child was taken into police protection and arrested there).
enum DemoPolicePowers {
    /// The drugs address Kai was taken from, and arrested at before.
    static let tulseHouse = (place: "Flat 12, Tulse House, Tulse Hill", postcode: "SW2 2EX")

    static func seed(_ store: Store, clock: ManualClock, people: [String: Person]) async throws {
        guard let leah = people["Leah Novak"], let kai = people["Kai Mensah"], let sofia = people["Sofia Reyes"] else { return }
        let scene = PlaceAndPeople(place: tulseHouse.place, postcode: tulseHouse.postcode, withPersonIDs: people["Dean Wallis"].map { [$0.id] } ?? [])
        let seeder = try await DemoDomesticAbuseSeeder(store: store, clock: clock)
        let supervisor = try await seeder.context("supervisor")
        try await leahInProtection(seeder, leah, supervisor: supervisor)
        try await kaiAtAStation(seeder, kai, from: scene)
        try await sofiaReleased(seeder, sofia, supervisor: supervisor)
        if let jayden = people["Jayden Cole"] { try await jaydenInCustody(seeder, jayden, investigator: try await seeder.context("investigator")) }
        try await kaiTransferred(seeder, kai, arrest: scene)
        if let amelia = people["Amelia Hart"] { try await ameliaCertified(seeder, amelia) }
        if let amelia = people["Amelia Hart"] {
            try await welfareCalls(seeder, sofia: sofia, amelia: amelia)
            try await ameliaSeenAtTulseHouse(seeder, amelia)
        }
        clock.set(seeder.end)
    }

    static func take(
        _ s: DemoDomesticAbuseSeeder, _ child: Person, hoursAgo: Double, grounds: String, accommodation: PoliceProtection.Accommodation,
        from scene: PlaceAndPeople = .none
    ) async throws -> PoliceProtectionRecord {
        s.at(hoursAgo)
        return try await s.store.policePowers.take(
            ProtectionTaken(
                childID: child.id, grounds: grounds, power: .removed, accommodation: accommodation, takenAt: s.clock.now(), takenFrom: scene),
            context: s.officer)
    }

    static func leahInProtection(_ s: DemoDomesticAbuseSeeder, _ leah: Person, supervisor: AccessContext) async throws {
        let record = try await take(
            s, leah, hoursAgo: 30,
            grounds: "Found alone at 01:10 in the stairwell of Brixton Hill Court, cold and without a coat; no adult at home and her "
                + "carer could not be reached for two hours. Reasonable cause to believe she would suffer significant harm if left.",
            accommodation: .init(kind: .localAuthority, place: "Emergency foster placement arranged by Lambeth EDT, Streatham"))
        let powers = s.store.policePowers
        let id = record.protection.id
        s.at(29)
        var version = try await powers.recordDuty(
            id, duty: "la-where-found", by: "PC Sam Okafor", at: s.clock.now(), note: "Lambeth emergency duty team told, ref EDT-88213.",
            version: 1, context: s.officer
        ).protection.version
        version = try await powers.recordDuty(
            id, duty: "child-told-wishes", by: "PC Sam Okafor", at: s.clock.now(),
            note: "Told why she could not stay at the flat. Leah said: \"I want to go to my nan's, not strangers.\"", version: version,
            context: s.officer
        ).protection.version
        s.at(28)
        _ = try await powers.appointDesignatedOfficer(id, username: "supervisor", at: s.clock.now(), version: version, context: supervisor)
    }

    static func kaiAtAStation(_ s: DemoDomesticAbuseSeeder, _ kai: Person, from scene: PlaceAndPeople) async throws {
        _ = try await take(
            s, kai, hoursAgo: 64,
            grounds: "Found at 23:40 at an address where adults were using drugs, with no responsible adult; he had been missing "
                + "from his placement for two days. Reasonable cause to believe he would suffer significant harm if left there.",
            accommodation: .init(
                kind: .policeStation, place: "Brixton police station, juvenile detention room (not a cell)",
                exceptionalReason: "No emergency placement could be found overnight; EDT asked to keep looking and call back by 07:00."),
            from: scene)
    }

    static func sofiaReleased(_ s: DemoDomesticAbuseSeeder, _ sofia: Person, supervisor: AccessContext) async throws {
        let taken = 40 * 24.0
        let record = try await take(
            s, sofia, hoursAgo: taken,
            grounds: "Found at home with her brother after their mother was taken to hospital; no other adult could care for them overnight.",
            accommodation: .init(kind: .localAuthority, place: "Lambeth emergency foster placement, Kennington"))
        let powers = s.store.policePowers
        let id = record.protection.id
        var version = record.protection.version
        s.at(taken - 1)
        let notes = [
            "la-where-found": "Lambeth EDT told.", "la-where-lives": "Lambeth children's services given the placement's details.",
            "child-told-wishes": "Sofia said she wanted to stay with her brother and see her mum.",
            "parents-informed": "Her mother told on the ward.",
        ]
        for duty in ["la-where-found", "la-where-lives", "child-told-wishes", "parents-informed"] {
            version = try await powers.recordDuty(
                id, duty: duty, by: "PC Sam Okafor", at: s.clock.now(), note: notes[duty] ?? "", version: version, context: s.officer
            ).protection.version
        }
        s.at(taken - 2)
        version = try await powers.appointDesignatedOfficer(id, username: "supervisor", at: s.clock.now(), version: version, context: supervisor)
            .protection.version
        s.at(taken - 19)
        version = try await powers.recordDuty(
            id, duty: "inquiry", by: "Insp. Alan Marsh", at: s.clock.now(),
            note: "Her aunt arrived from Leeds and can care for both children; no continuing cause for police protection.", version: version,
            context: supervisor
        ).protection.version
        s.at(taken - 20)
        _ = try await powers.end(
            id, code: "released", at: s.clock.now(), note: "Released to her aunt, with children's services' agreement.", version: version,
            context: supervisor)
    }

    static func jaydenInCustody(_ s: DemoDomesticAbuseSeeder, _ jayden: Person, investigator: AccessContext) async throws {
        s.at(5)
        let detained = s.clock.now()
        let powers = s.store.policePowers
        let record = try await powers.detain(
            ChildDetained(
                childID: jayden.id, custodyRecord: "01LB/7730/26", detainedAt: detained, welfarePerson: "Denise Cole (mother)",
                welfareInformedAt: detained.addingTimeInterval(900)), context: investigator)
        let id = record.detention.id
        s.at(4.8)
        var version = try await powers.appropriateAdult(
            id, AppropriateAdult(name: "Irene Cole", relationship: .guardian, requestedAt: s.clock.now()), version: 1, context: investigator
        ).detention.version
        s.at(2.1)
        version = try await powers.appropriateAdult(
            id,
            AppropriateAdult(name: "Irene Cole", relationship: .guardian, requestedAt: detained.addingTimeInterval(720), arrivedAt: s.clock.now()),
            version: version, context: investigator
        ).detention.version
        s.at(2)
        version = try await powers.recordTransfer(
            id, TransferRequest(chargedAt: detained.addingTimeInterval(9000), bailRefusedAt: s.clock.now()), version: version, context: investigator
        ).detention.version
        s.at(1.5)
        _ = try await powers.changeTransfer(id, version: version, detail: "local authority asked", context: investigator) { transfer in
            transfer?.requestedAt = detained.addingTimeInterval(12_600)
        }
    }

    static func kaiTransferred(_ s: DemoDomesticAbuseSeeder, _ kai: Person, arrest: PlaceAndPeople) async throws {
        let hoursAgo = 21 * 24.0
        s.at(hoursAgo)
        let detained = s.clock.now()
        let powers = s.store.policePowers
        let record = try await powers.detain(
            ChildDetained(
                childID: kai.id, custodyRecord: "01LB/6120/26", detainedAt: detained, welfarePerson: "Lambeth children's home manager",
                welfareInformedAt: detained.addingTimeInterval(600), arrest: arrest), context: s.officer)
        let id = record.detention.id
        s.at(hoursAgo - 6)
        let at = { (hours: Double) in detained.addingTimeInterval(hours * 3600) }
        var version = try await powers.appropriateAdult(
            id, AppropriateAdult(name: "Joel Baptiste", relationship: .socialWorker, requestedAt: at(0.2), arrivedAt: at(1.1)), version: 1,
            context: s.officer
        ).detention.version
        version = try await powers.recordTransfer(
            id,
            TransferRequest(
                chargedAt: at(2), bailRefusedAt: at(2.2), requestedAt: at(2.5), answer: .accepted, answeredAt: at(3), transferredAt: at(5.2)),
            version: version, context: s.officer
        ).detention.version
        _ = try await powers.release(id, at: at(5.2), version: version, context: s.officer)
    }

    static func ameliaCertified(_ s: DemoDomesticAbuseSeeder, _ amelia: Person) async throws {
        // 19:00 UK time ten days before the end of the demo's history.
        var uk = Calendar(identifier: .gregorian)
        uk.timeZone = TimeZone(identifier: "Europe/London")!
        let day = uk.startOfDay(for: s.end.addingTimeInterval(-10 * 86_400))
        let detained = day.addingTimeInterval(19 * 3600)
        s.clock.set(detained)
        let powers = s.store.policePowers
        let record = try await powers.detain(
            ChildDetained(
                childID: amelia.id, custodyRecord: "01LB/5904/26", detainedAt: detained, isGirl: true, womanInCare: "PS Anna Kowal",
                welfarePerson: "Maria Hart (mother)", welfareInformedAt: detained.addingTimeInterval(600)), context: s.officer)
        let id = record.detention.id
        let at = { (hours: Double) in detained.addingTimeInterval(hours * 3600) }
        s.clock.set(at(14))
        var version = try await powers.appropriateAdult(
            id, AppropriateAdult(name: "Maria Hart", relationship: .parent, requestedAt: at(0.2), arrivedAt: at(1)), version: 1, context: s.officer
        ).detention.version
        version = try await powers.recordTransfer(
            id,
            TransferRequest(
                chargedAt: at(2.5), bailRefusedAt: at(3), requestedAt: at(3.2), answer: .declined, answeredAt: at(4.5),
                certificate: .init(
                    ground: .impracticable,
                    reasons: "The emergency duty team searched until 01:30 and found no placement of any kind in or near London; "
                        + "the duty manager confirmed in writing. Not a matter of convenience: there was nowhere for her to go.",
                    custodyOfficer: "PS Anna Kowal", at: at(6.5))), version: version, context: s.officer
        ).detention.version
        _ = try await powers.release(id, at: at(14), version: version, context: s.officer)
    }

    static func welfareCalls(_ s: DemoDomesticAbuseSeeder, sofia: Person, amelia: Person) async throws {
        let handler = try await s.context("supervisor")
        s.at(3)
        _ = try await s.store.policePowers.triage(
            WelfareCall(
                id: "", kind: "transport-to-health-setting", receivedAt: s.clock.now(), subjectID: sofia.id, subjectIsChild: true,
                thresholdMet: false,
                decision: .notAttend, reason: "Her school nurse asked for transport to A&E for a sprained wrist; no risk to life or of serious harm.",
                partnerAgency: "London Ambulance Service", decidedBy: ""), context: handler)
        s.at(1)
        _ = try await s.store.policePowers.triage(
            WelfareCall(
                id: "", kind: "concern-for-welfare", receivedAt: s.clock.now(), subjectID: amelia.id, subjectIsChild: true, thresholdMet: false,
                decision: .attend, reason: "A neighbour heard her crying alone in the stairwell; attended under the child carve-out.", decidedBy: ""),
            context: handler)
    }

    /// Amelia, missing tonight, seen going into Tulse House: the sighting raises the police powers alert on her episode.
    static func ameliaSeenAtTulseHouse(_ s: DemoDomesticAbuseSeeder, _ amelia: Person) async throws {
        guard let episode = try await s.store.missing.openEpisodes(context: s.officer).first(where: { $0.childID == amelia.id }) else { return }
        s.at(0.5)
        _ = try await s.store.missing.addSighting(
            episode.id,
            Sighting(
                at: s.clock.now().addingTimeInterval(-1800), place: tulseHouse.place, reportedBy: "A neighbour on the fourth floor",
                detail: "Saw a girl matching the appeal photograph go into flat 12 with two older teenagers.", postcode: tulseHouse.postcode),
            context: s.officer)
    }
}
