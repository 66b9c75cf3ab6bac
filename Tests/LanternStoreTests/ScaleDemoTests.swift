import Foundation
import LanternCore
import LanternDemo
import LanternStore
import LanternTestSupport
import SQLKit
import Testing

/// The generated demo at a small shape: the same seed and `now` give the same data, ids included,
/// and the shares the demo promises (heavy tail, looked-after children, missing notifications,
/// blaming narratives, offenders at home, exploitation work) hold.
@Suite("Scale demo: reproducible data with realistic shares")
struct ScaleDemoTests {
    static let shape = DemoScale.Shape(children: 300, episodes: 1_500, days: 365, networks: 6, offenders: 60, incidents: 1_200)
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    struct Episode: Equatable {
        var id, reference, grade, status, child: String
        var notified: Bool
    }

    struct Generated {
        var summary: ScaleDemo.Summary
        var truth: Data
        var episodes: [Episode]
        var lookedAfter: Int
        var offendersAtHome: Int
        var queued: Int
        var screenings: Int
        var concerns: Int
        var concernEntities: Int
        var detection: NetworkDetection.Result
        /// Domestic abuse incidents by reference, with their ids and address keys.
        var incidents: [String]
        var domesticAbuse: DomesticAbuseRows
        var policePowers: PolicePowersRows
    }

    /// Generates `shape` on a fresh store (after the hand-written demo, whose accounts it needs) and reads back what it wrote.
    static func generate(_ backend: TestBackend, seed: UInt64) async throws -> Generated {
        try await TestStore.with(backend) { test in
            _ = try await DemoData.seed(test.store, history: test.clock)
            test.clock.set(now)
            let path = test.folder + "/ground-truth.json"
            let summary = try await ScaleDemo(store: test.store, shape: shape, seed: seed).generate(now: now, groundTruthPath: path)
            let truth = try #require(FileManager.default.contents(atPath: path))
            let detection = try await test.store.links.detectNetworks(actor: .system("test"))
            let policePowers = try await PolicePowersRows.read(test.store, as: try await test.signedIn("sup9", role: .supervisor, rank: .inspector))
            return try await test.store.database.read { sql in
                // The hand-written episodes (random ids, made through the store) are left out by their reporter.
                let episodes = try await sql.select().columns("id", "reference", "grade", "status", "child_id", "la_notified_at_ms")
                    .from("missing_episodes").where("reporter_name", .equal, "Demo reporter").orderBy("reference").all().map { row in
                        Episode(
                            id: try row.decode(column: "id", as: String.self), reference: try row.decode(column: "reference", as: String.self),
                            grade: try row.decode(column: "grade", as: String.self), status: try row.decode(column: "status", as: String.self),
                            child: try row.decode(column: "child_id", as: String.self),
                            notified: try row.decode(column: "la_notified_at_ms", as: Int64?.self) != nil)
                    }
                func count(_ query: SQLSelectBuilder) async throws -> Int {
                    try await query.column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").first()?.decode(column: "n", as: Int.self) ?? 0
                }
                let children = Set(episodes.map(\.child))
                let lookedAfter = try await sql.select().columns("person_id", "looked_after").from("child_profiles").all()
                    .filter { children.contains(try $0.decode(column: "person_id", as: String.self)) }
                    .filter { try $0.decode(column: "looked_after", as: Int.self) == 1 }.count
                return Generated(
                    summary: summary, truth: truth, episodes: episodes, lookedAfter: lookedAfter,
                    offendersAtHome: try await count(
                        sql.select().from("links").where("type", .equal, LinkType.livesAt.rawValue)
                            .where("source_id", .equal, "offender register")),
                    queued: try await count(sql.select().from("screening_queue").where("reason", .like, "Repeat missing:%")),
                    screenings: try await count(sql.select().from("screenings")),
                    concerns: try await count(sql.select().from("concerns").where("summary", .like, "Several children%")),
                    concernEntities: try await count(sql.select().from("concern_entities")), detection: detection,
                    // The hand-written incidents (random ids, made through the store) carry the demo officer's own team.
                    incidents: try await sql.select().columns("reference", "id", "address_key").from("da_incidents")
                        .where("team", .notEqual, "Lambeth response team 2").orderBy("reference").all()
                        .map { row in
                            try ["reference", "id", "address_key"].map { try row.decode(column: $0, as: String.self) }.joined(separator: " ")
                        },
                    domesticAbuse: try await DomesticAbuseRows.read(sql), policePowers: policePowers)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func theSameSeedAndNowGiveTheSameData(backend: TestBackend) async throws {
        let first = try await Self.generate(backend, seed: 7)
        let second = try await Self.generate(backend, seed: 7)
        #expect(first.episodes.count == Self.shape.episodes)
        #expect(first.truth == second.truth, "the ground truth is byte for byte the same")
        #expect(first.episodes == second.episodes, "ids, references, grades, statuses and children are the same")
        #expect(first.summary.offenderHomeFinds == second.summary.offenderHomeFinds)
        #expect(first.summary.concerns == second.summary.concerns)
        #expect(first.incidents == second.incidents, "domestic abuse references, ids and addresses are the same")
        #expect(first.summary.domesticAbuse == second.summary.domesticAbuse)
        #expect(first.summary.policePowers == second.summary.policePowers)
        #expect(first.policePowers.references == second.policePowers.references, "police powers references and ids are the same")
        let other = try await Self.generate(backend, seed: 8)
        #expect(other.truth != first.truth)
        #expect(Set(other.episodes.map(\.id)).isDisjoint(with: first.episodes.map(\.id)))

        // The ground truth names what was planted.
        let truth = try #require(try JSONSerialization.jsonObject(with: first.truth) as? [String: Any])
        #expect((truth["networks"] as? [Any])?.count == Self.shape.networks)
        #expect((truth["foundAtOffenderHome"] as? [Any])?.count == first.summary.offenderHomeFinds)
        #expect(truth["now"] as? String == ISO8601DateFormatter().string(from: Self.now))

        // Heavy tail: the tenth of children who go missing most account for well over a third of episodes.
        let perChild = Dictionary(grouping: first.episodes, by: \.child).values.map(\.count).sorted(by: >)
        let top = perChild.prefix(Self.shape.children / 10).reduce(0, +)
        #expect(Double(top) > 0.4 * Double(first.episodes.count), "top 10% of children: \(top) of \(first.episodes.count) episodes")
        // About a fifth looked after (of the children who went missing, who lean the same way).
        let missingChildren = perChild.count
        #expect((0.1...0.35).contains(Double(first.lookedAfter) / Double(missingChildren)), "\(first.lookedAfter) of \(missingChildren) looked after")
        // Some local-authority notifications missing on purpose, most made.
        let unnotified = first.episodes.filter { !$0.notified }.count
        #expect(unnotified > 0)
        #expect(Double(unnotified) < 0.2 * Double(first.episodes.count))
        #expect(first.summary.blamingNarratives > 0)
        #expect(first.summary.blamingNarratives < first.episodes.count / 4)
        // Offenders live somewhere; repeat-missing children are queued, some screened; half the networks have a concern.
        #expect(first.offendersAtHome == Self.shape.offenders)
        #expect(first.queued >= first.summary.queuedForScreening, "\(first.queued) queued")
        #expect(first.summary.queuedForScreening > 0, "\(first.queued) queued")
        #expect(first.screenings >= first.summary.screenings)
        #expect(first.summary.screenings > 0)
        #expect(first.summary.screenings < first.queued)
        #expect(first.concerns == first.summary.concerns)

        // Lantern's own rule finds what was planted, knowing nothing of it.
        let planted = try #require(truth["foundAtOffenderHome"] as? [[String: Any]]).map { "\($0["child"]!) \($0["offender"]!)" }
        let found = Set(first.detection.offenderHomeFinds.map { "\($0.child) \($0.offender)" })
        #expect(Set(planted).isSubset(of: found), "every planted find at an offender's home is detected")
        let adults = Set(try #require(truth["networks"] as? [[String: Any]]).compactMap { $0["adult"] as? String })
        #expect(!adults.isDisjoint(with: first.detection.adults.map(\.adult)), "planted adults are flagged")
    }

    @Test(arguments: TestBackend.available)
    func generatedDomesticAbuseIsConsistentWithRealisticShares(backend: TestBackend) async throws {
        let generated = try await Self.generate(backend, seed: 11)
        let rows = generated.domesticAbuse
        let summary = generated.summary.domesticAbuse
        #expect(summary.incidents == Self.shape.incidents)
        #expect(generated.incidents.count == Self.shape.incidents)
        // Every incident has a victim, a suspect and a child, each a child on the day; every notification and
        // assessment points at someone the incident names in that part.
        #expect(rows.withoutVictim == 0)
        #expect(rows.withoutSuspect == 0)
        #expect(rows.withoutChild == 0)
        #expect(rows.childrenNotChildren == 0)
        #expect(rows.notificationsNotForAChildThere == 0)
        #expect(rows.assessmentsNotOfTheVictim == 0)
        #expect(rows.referralsNotOfAVictim == 0)
        // A minority of households call again; most incidents assessed, about a tenth high, each high one referred.
        #expect(summary.repeatIncidents > Self.shape.incidents / 20, "\(summary.repeatIncidents) repeats")
        #expect(summary.repeatIncidents < Self.shape.incidents / 2, "\(summary.repeatIncidents) repeats")
        #expect(summary.assessments > Self.shape.incidents * 8 / 10)
        #expect((0.04...0.25).contains(Double(summary.highRisk) / Double(summary.assessments)), "\(summary.highRisk) high")
        #expect(rows.highWithoutReferral == 0)
        // Schools told for most school-age children; some open (the queue's volume), some not sent with a reason.
        #expect(summary.notifications > Self.shape.incidents / 2)
        #expect(Double(rows.sent) > 0.8 * Double(rows.notifications), "\(rows.sent) of \(rows.notifications) sent")
        #expect(rows.open > 0)
        #expect(rows.sentWithoutKeyAdult == 0)
        // Nearly every child referred or notified to children's social care; a few forgotten for the data-quality queue.
        #expect(rows.contactsNotForAChildThere == 0)
        // Every generated child is either told or counted as not; the few left are the hand-written demo's children.
        let unaccounted = rows.childrenAtIncidents - rows.childrenToldBySocialCare - summary.childrenNotReferred
        #expect((0...10).contains(unaccounted), "\(unaccounted) children neither told nor counted")
        #expect(Double(rows.childrenToldBySocialCare) > 0.9 * Double(rows.childrenAtIncidents))
        #expect(summary.childrenNotReferred > 0)
    }

    @Test(arguments: TestBackend.available)
    func generatedPolicePowersFollowTheRulesAndAreLinked(backend: TestBackend) async throws {
        let generated = try await Self.generate(backend, seed: 11)
        let rows = generated.policePowers
        let summary = generated.summary.policePowers
        // Every record was checked by the Core rules when made and reads back through the store's own queues.
        #expect(summary.protections == Self.shape.protections)
        #expect(rows.protections == summary.protections)
        #expect(rows.detentions == summary.detentions)
        #expect(summary.detentions > Self.shape.detentions * 8 / 10, "children under 10 are never detained")
        #expect(rows.calls == Self.shape.welfareCalls)
        // Each protection is linked to where the child was taken from, and each detention to where the child was arrested.
        #expect(rows.protectionsWithoutPlace == 0)
        #expect(rows.detentionsWithoutPlace == 0)
        // A minority refused bail, each transferred or certified or still waiting; a share of protections lack a duty.
        #expect((0.03...0.15).contains(Double(summary.bailRefused) / Double(summary.detentions)), "\(summary.bailRefused) refused bail")
        #expect(summary.transferred + summary.certified <= summary.bailRefused)
        #expect(rows.certifiedInQueue >= summary.certified)
        #expect(summary.dutiesOutstanding > 0 && summary.dutiesOutstanding < summary.protections / 4)
        #expect(rows.inProtectionNow >= summary.inProtectionNow)
        #expect(rows.inCustodyNow >= summary.inCustodyNow)
        // Calls not attended reach the MASH, which has taken most older ones up.
        #expect(summary.welfareToMASH > 0)
        #expect(summary.welfareTakenUp < summary.welfareToMASH)
        #expect(rows.mashQueue >= summary.welfareToMASH - summary.welfareTakenUp)
    }
}

/// What the police powers step wrote, read back through the store (every stored code must be known to the pack) and
/// counted in SQL. The hand-written demo's records carry its officers' own teams, so generated ones are those of a
/// borough's response team.
struct PolicePowersRows {
    var references: [String] = []
    var protections = 0, protectionsWithoutPlace = 0, detentions = 0, detentionsWithoutPlace = 0, calls = 0
    var inProtectionNow = 0, inCustodyNow = 0, certifiedInQueue = 0, mashQueue = 0

    static func read(_ store: Store, as reader: AccessContext) async throws -> PolicePowersRows {
        var rows = PolicePowersRows()
        rows.inProtectionNow = try await store.policePowers.inProtectionNow(context: reader).count
        rows.inCustodyNow = try await store.policePowers.inCustodyNow(context: reader).count
        rows.certifiedInQueue = try await store.policePowers.overnightAndCertified(context: reader).records.filter {
            $0.detention.transfer?.certificate != nil
        }.count
        rows.mashQueue = try await store.policePowers.mashWelfareQueue(context: reader).count
        let queues = rows
        return try await store.database.read { sql in
            var rows = queues
            func generated(_ table: String) async throws -> [(id: String, reference: String)] {
                try await sql.select().columns("id", "reference").from(table).where("team", .like, "% response team").orderBy("reference").all()
                    .map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "reference", as: String.self)) }
            }
            let linked = Set(
                try await sql.select().column("source_id").from("links").all().map { try $0.decode(column: "source_id", as: String.self) })
            let protections = try await generated("police_protections")
            let detentions = try await generated("custody_detentions")
            let calls = try await generated("welfare_calls")
            rows.references = (protections + detentions + calls).map { "\($0.reference) \($0.id)" }
            (rows.protections, rows.detentions, rows.calls) = (protections.count, detentions.count, calls.count)
            rows.protectionsWithoutPlace = protections.filter { !linked.contains($0.id) }.count
            rows.detentionsWithoutPlace = detentions.filter { !linked.contains($0.id) }.count
            return rows
        }
    }
}

/// What the domestic abuse tables hold after generation, counted in SQL.
struct DomesticAbuseRows {
    var withoutVictim = 0, withoutSuspect = 0, withoutChild = 0, childrenNotChildren = 0
    var notificationsNotForAChildThere = 0, assessmentsNotOfTheVictim = 0, referralsNotOfAVictim = 0, highWithoutReferral = 0
    var notifications = 0, sent = 0, open = 0, sentWithoutKeyAdult = 0
    var contactsNotForAChildThere = 0, childrenToldBySocialCare = 0, childrenAtIncidents = 0

    static func read(_ sql: any SQLDatabase) async throws -> DomesticAbuseRows {
        func count(_ query: String) async throws -> Int {
            try await sql.raw(SQLQueryString("SELECT COUNT(*) AS n FROM " + query)).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        func lacking(_ part: String, _ role: String) -> String {
            "da_incidents i WHERE NOT EXISTS (SELECT 1 FROM da_incident_people p WHERE p.incident_id = i.id AND p.part = '\(part)'"
                + (role.isEmpty ? ")" : " AND p.role = '\(role)')")
        }
        var rows = DomesticAbuseRows()
        rows.withoutVictim = try await count(lacking("adult", "victim"))
        rows.withoutSuspect = try await count(lacking("adult", "suspect"))
        rows.withoutChild = try await count(lacking("child", ""))
        rows.notificationsNotForAChildThere = try await count(
            "encompass_notifications n WHERE NOT EXISTS (SELECT 1 FROM da_incident_people p WHERE p.incident_id = n.incident_id "
                + "AND p.person_id = n.child_id AND p.part = 'child')")
        rows.assessmentsNotOfTheVictim = try await count(
            "dash_assessments a WHERE NOT EXISTS (SELECT 1 FROM da_incident_people p WHERE p.incident_id = a.incident_id "
                + "AND p.person_id = a.victim_id AND p.role = 'victim')")
        rows.referralsNotOfAVictim = try await count(
            "marac_referrals r WHERE NOT EXISTS (SELECT 1 FROM da_incident_people p WHERE p.incident_id = r.incident_id "
                + "AND p.person_id = r.victim_id AND p.role = 'victim')")
        rows.highWithoutReferral = try await count(
            "dash_assessments a WHERE a.grade = 'high' AND NOT EXISTS (SELECT 1 FROM marac_referrals r WHERE r.incident_id = a.incident_id)")
        rows.contactsNotForAChildThere = try await count(
            "da_child_contacts c WHERE NOT EXISTS (SELECT 1 FROM da_incident_people p WHERE p.incident_id = c.incident_id "
                + "AND p.person_id = c.child_id AND p.part = 'child')")
        rows.childrenAtIncidents = try await count("da_incident_people WHERE part = 'child'")
        rows.childrenToldBySocialCare = try await count(
            "da_incident_people p WHERE p.part = 'child' AND EXISTS (SELECT 1 FROM da_child_contacts c "
                + "WHERE c.incident_id = p.incident_id AND c.child_id = p.person_id)")
        rows.notifications = try await count("encompass_notifications")
        rows.sent = try await count("encompass_notifications WHERE sent_at_ms IS NOT NULL")
        rows.open = try await count("encompass_notifications WHERE sent_at_ms IS NULL AND not_sent_reason IS NULL")
        rows.sentWithoutKeyAdult = try await count(
            "encompass_notifications WHERE sent_at_ms IS NOT NULL AND (key_adult IS NULL OR school_id IS NULL)")
        let children = try await sql.raw(
            "SELECT p.occurred_at_ms AS at, h.date_of_birth AS born FROM da_incident_people p "
                + "JOIN people h ON h.id = p.person_id WHERE p.part = 'child'"
        ).all()
        rows.childrenNotChildren = try children.filter { row in
            guard let born = try row.decode(column: "born", as: String?.self) else { return false }
            let at = Date(millisecondsSince1970: try row.decode(column: "at", as: Int64.self))
            return (PersonDraft.age(ofBirthDate: born, on: at) ?? 0) >= 18 || born > ISO8601DateFormatter.day(at)
        }.count
        return rows
    }
}

extension ISO8601DateFormatter {
    /// The UTC calendar day of `date`, "YYYY-MM-DD", comparable as text with a stored date of birth.
    static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }
}
