import Foundation
import LanternCore
import LanternStore
import LanternTestSupport
import SQLKit
import Testing

@Suite("Links: alerts through objects, networks, merges")
struct LinksStoreTests {
    static let header = "reference,flag,kind,given_name,family_name,date_of_birth,address,postcode,details\n"

    /// A registered sex offender from the register, with the car he drives and the phone he uses linked by hand.
    static func offenderWithCarAndPhone(
        _ test: TestStore, analyst: AccessContext, admin: AccessContext
    ) async throws -> (person: String, car: ObjectRecord, phone: ObjectRecord) {
        _ = try await test.store.links.importFlags(
            csv: header + "RSO-9,registered-sex-offender,person,Roy,Baines,1968-02-11,\"2 Mill Road\",SE5 9AA,\n",
            source: "force", context: admin)
        let roy = try #require(
            try await test.store.identity.matches(givenName: "Roy", familyName: "Baines", dateOfBirth: nil, context: analyst).first)
        let car = try await test.store.links.recordObject(.vehicle, "lx19 abc", context: analyst)
        let phone = try await test.store.links.recordObject(.phone, "07700 900999", context: analyst)
        let now = test.clock.now()
        _ = try await test.store.links.add(
            LinkDraft(
                from: EntityRef(.person, roy.person.id), to: EntityRef(.object, car.id), type: .drives,
                at: now, note: "Stop check 4471"), context: analyst)
        _ = try await test.store.links.add(
            LinkDraft(
                from: EntityRef(.person, roy.person.id), to: EntityRef(.object, phone.id), type: .usesPhone,
                at: now, note: "OMU home visit"), context: analyst)
        return (roy.person.id, car, phone)
    }

    @Test(arguments: TestBackend.available)
    func foundWithACarOrPhoneAFlaggedPersonUsesRaisesAnAlert(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let admin = test.context(try await test.addUser("admin1", role: .administrator, rank: .staff))
            let analyst = test.context(try await test.addUser("analyst1", role: .analyst))
            let officer = test.context(try await test.addUser("officer1", role: .responseOfficer))
            let roy = try await Self.offenderWithCarAndPhone(test, analyst: analyst, admin: admin)
            // Typed another way: still the same vehicle.
            let first = try await test.reportedEpisode(by: officer)
            let inCar = try await test.store.missing.recordFound(
                first.episode.id,
                FoundRecord(
                    foundAt: test.clock.now(), place: "Lay-by on the A23", condition: "Cold", howFound: .foundByPolice, vehicles: ["LX19-ABC"]),
                context: officer)
            let viaCar = try #require(inCar.alerts.first { $0.kind == .foundWithFlaggedPerson })
            #expect(
                viaCar.detail.contains("vehicle LX19 ABC") && viaCar.detail.contains("driven by Roy Baines") && viaCar.detail.contains("Roy Baines"))
            #expect(inCar.found?.vehicles == ["LX19 ABC"])

            let second = try await test.reportedEpisode(given: "Kai", family: "Mensah", by: officer)
            let withPhone = try await test.store.missing.recordFound(
                second.episode.id,
                FoundRecord(
                    foundAt: test.clock.now(), place: "Friend's house", condition: "Well", howFound: .returnedThemselves,
                    phones: ["+44 7700 900999"]),
                context: officer)
            #expect(withPhone.alerts.contains { $0.kind == .foundWithFlaggedPerson && $0.detail.contains("phone 07700 900999") })

            // A sighting with him: seen-with alert while the child is still missing.
            let third = try await test.reportedEpisode(given: "Leah", family: "Novak", by: officer)
            _ = try await test.store.missing.addSighting(
                third.episode.id,
                Sighting(
                    at: test.clock.now(), place: "Outside the chip shop", reportedBy: "Shop owner", detail: "", withPersonIDs: [roy.person]),
                context: officer)
            let seen = try await test.store.missing.episode(third.episode.id, purpose: .missingEpisode, context: officer)
            #expect(seen.alerts.contains { $0.kind == .seenWithFlagged && $0.detail.contains("Seen with Roy Baines") })
            #expect(seen.sightings.first?.sighting.withPersonIDs == [roy.person])

            // Bad vehicle: refused by field, nothing saved.
            let fourth = try await test.reportedEpisode(given: "Sofia", family: "Reyes", by: officer)
            let refused = await #expect(throws: ValidationFailure.self) {
                _ = try await test.store.missing.recordFound(
                    fourth.episode.id,
                    FoundRecord(
                        foundAt: test.clock.now(), place: "Home", condition: "Well", howFound: .returnedThemselves, vehicles: ["not a reg!"]),
                    context: officer)
            }
            #expect(refused?.errors.map(\.field) == ["vehicles"])
            #expect(try await count(test, "found_records") == 2)
        }
    }

    @Test(arguments: TestBackend.available)
    func aFlagAlertNeedsASupervisorsReviewBeforeClosing(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let admin = test.context(try await test.addUser("admin1", role: .administrator, rank: .staff))
            let analyst = test.context(try await test.addUser("analyst1", role: .analyst))
            let officer = test.context(try await test.addUser("officer1", role: .responseOfficer))
            let sergeant = test.context(try await test.addUser("sgt1", role: .supervisor, rank: .sergeant))
            let coordinator = test.context(try await test.addUser("mpc1", role: .missingPersonsCoordinator))
            let roy = try await Self.offenderWithCarAndPhone(test, analyst: analyst, admin: admin)
            let id = try await test.reportedEpisode(by: officer).episode.id
            _ = try await test.store.missing.addContact(
                id,
                AgencyContact(
                    id: "", episodeID: id, agency: .childrensSocialCare, organisation: "Lambeth", personName: "Duty worker", at: test.clock.now(),
                    method: .phone, summary: "Told them.", reference: "", notifiesLocalAuthority: true, recordedBy: "", recordedAt: test.clock.now()),
                context: officer)
            let found = try await test.store.missing.recordFound(
                id,
                FoundRecord(
                    foundAt: test.clock.now(), place: "Home", withPersonIDs: [roy.person], condition: "Well", howFound: .returnedThemselves),
                context: officer)
            _ = try await test.store.missing.recordTaskResult(
                id, taskID: try #require(found.preventionInterview).id, outcome: .completed,
                result: "Safe and well.", childSaid: "", conductedBy: "PC One", at: nil, context: officer)
            let blocked = await #expect(throws: ValidationFailure.self) { _ = try await test.store.missing.close(id, context: coordinator) }
            #expect(blocked?.errors.map(\.field) == ["flagAlert", "returnReview"])
            _ = try await test.store.missing.review(
                id, grade: .high, rationale: "Found with a registered sex offender",
                direction: "Strategy discussion with children's social care today.", context: sergeant)
            #expect(try await test.store.missing.close(id, context: coordinator).status == .closed)
        }
    }

    @Test(arguments: TestBackend.available)
    func networkExplainsEachEntityAndExportIsALoggedDisclosure(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let admin = test.context(try await test.addUser("admin1", role: .administrator, rank: .staff))
            let analyst = test.context(try await test.addUser("analyst1", role: .analyst))
            let officer = test.context(try await test.addUser("officer1", role: .responseOfficer))
            let coordinator = test.context(try await test.addUser("mpc1", role: .missingPersonsCoordinator))
            let roy = try await Self.offenderWithCarAndPhone(test, analyst: analyst, admin: admin)
            let first = try await test.reportedEpisode(by: officer)
            _ = try await test.store.missing.recordFound(
                first.episode.id,
                FoundRecord(
                    foundAt: test.clock.now(), place: "Lay-by", condition: "Cold", howFound: .foundByPolice, vehicles: ["LX19ABC"]), context: officer)
            let child = EntityRef(.person, first.child.id)
            let view = try await test.store.links.network(of: child, hops: 2, purpose: .investigation, context: analyst)
            let car = try #require(view.nodes.first { $0.label.ref == EntityRef(.object, roy.car.id) })
            #expect(car.hops == 1 && car.path.count == 1)
            let adult = try #require(view.nodes.first { $0.label.ref == EntityRef(.person, roy.person) })
            #expect(adult.hops == 2 && adult.label.flags == [.registeredSexOffender] && adult.path.count == 2)
            #expect(view.nodes.contains { $0.label.ref == EntityRef(.object, roy.phone.id) && $0.hops == 3 } == false, "two hops means two")

            let panel = try await test.store.links.panel(of: EntityRef(.person, roy.person), purpose: .investigation, context: analyst)
            #expect(Set(panel.links.map(\.link.type)) == [.drives, .usesPhone, .livesAt])

            await #expect(throws: ValidationFailure.self, "no recipient") {
                _ = try await test.store.links.exportNetwork(
                    of: child, hops: 2, recipient: " ", purpose: .strategyMeeting, purposeNote: "",
                    context: coordinator)
            }
            let csv = try await test.store.links.exportNetwork(
                of: child, hops: 2, recipient: "Lambeth MASH", purpose: .strategyMeeting,
                purposeNote: "SM-12", context: coordinator)
            let lines = csv.split(separator: "\r\n")
            #expect(lines.first?.hasPrefix("link_id,type,at") == true && lines.count == view.links.count + 1)
            #expect(csv.contains("Roy Baines") && csv.contains("LX19 ABC"))
            let disclosures = try await test.store.database.read { sql in
                try await sql.select().columns("recipient", "record_ids").from("access_log").where("action", .equal, "disclose").all()
            }
            #expect(disclosures.count == 1)
            #expect(try disclosures[0].decode(column: "recipient", as: String.self) == "Lambeth MASH")
            #expect(try disclosures[0].decode(column: "record_ids", as: String.self).contains(roy.person))
            await #expect(throws: AccessDenied.self, "analysts do not disclose") {
                _ = try await test.store.links.exportNetwork(
                    of: child, hops: 1, recipient: "X", purpose: .investigation, purposeNote: "",
                    context: analyst)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func mergeMovesEverythingAndUndoPutsItBack(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = test.context(try await test.addUser("officer1", role: .responseOfficer))
            let analyst = test.context(try await test.addUser("analyst1", role: .analyst))
            // The same child reported twice under two spellings: two records, two episodes.
            let a = try await test.reportedEpisode(given: "Jayden", family: "Thompson", by: officer)
            let b = try await test.reportedEpisode(given: "Jaiden", family: "Thomson", by: officer)
            #expect(a.child.id != b.child.id)
            _ = try await test.store.missing.recordFound(
                b.episode.id,
                FoundRecord(
                    foundAt: test.clock.now(), place: "12 Acre Lane", postcode: "SW2 5SG", condition: "Well", howFound: .foundByPolice),
                context: officer)
            let suggested = try await test.store.identity.matches(
                givenName: "Jaiden", familyName: "Thomson", dateOfBirth: "2011-04-17", context: analyst)
            let other = try #require(suggested.first { $0.person.id == a.child.id })
            #expect(other.match.reasons.contains("family name sounds the same (T525)"))

            let bad = await #expect(throws: ValidationFailure.self) {
                _ = try await test.store.identity.merge(b.child.id, into: a.child.id, reason: "", context: analyst)
            }
            #expect(bad?.errors.map(\.field) == ["reason"])
            await #expect(throws: AccessDenied.self, "response officers do not merge") {
                _ = try await test.store.identity.merge(b.child.id, into: a.child.id, reason: "Same child", context: officer)
            }
            await #expect(throws: LanguageReviewNeeded.self, "the merge reason is language-checked") {
                _ = try await test.store.identity.merge(
                    b.child.id, into: a.child.id, reason: "Same child; known for sleeping around", context: analyst)
            }
            let merge = try await test.store.identity.merge(b.child.id, into: a.child.id, reason: "Same DOB, school and mother", context: analyst)
            #expect(merge.moved.episodes == [b.episode.id] && merge.moved.links.count == 1)
            let survivorLinks = try await test.store.links.panel(of: EntityRef(.person, a.child.id), purpose: .investigation, context: analyst).links
            #expect(survivorLinks.map(\.link.type) == [.foundAt])
            #expect(try await test.store.links.panel(of: EntityRef(.person, b.child.id), purpose: .investigation, context: analyst).links.isEmpty)
            let episode = try await test.store.missing.episode(b.episode.id, purpose: .dataQuality, context: analyst)
            #expect(episode.child.id == a.child.id && episode.history.map(\.id).contains(a.episode.id), "the survivor carries both episodes")
            await #expect(throws: ValidationFailure.self, "merged twice") {
                _ = try await test.store.identity.merge(b.child.id, into: a.child.id, reason: "again", context: analyst)
            }

            await #expect(throws: LanguageReviewNeeded.self, "the undo reason is language-checked") {
                _ = try await test.store.identity.undoMerge(merge.id, reason: "Twins; one is promiscuous", context: analyst)
            }
            let undone = try await test.store.identity.undoMerge(merge.id, reason: "Twins, not one child", context: analyst)
            #expect(undone.undoneAt != nil && undone.undoReason == "Twins, not one child")
            #expect(try await test.store.missing.episode(b.episode.id, purpose: .dataQuality, context: analyst).child.id == b.child.id)
            #expect(
                try await test.store.links.panel(of: EntityRef(.person, b.child.id), purpose: .investigation, context: analyst).links.map(\.link.type)
                    == [.foundAt])
            #expect(try await test.store.links.panel(of: EntityRef(.person, a.child.id), purpose: .investigation, context: analyst).links.isEmpty)
            let history = try await test.store.identity.history(of: a.child.id, context: analyst)
            #expect(history.count == 1 && history[0].undoneBy != nil, "the merge stays on record, marked undone")
            #expect(try await count(test, "links") == 2, "nothing is deleted: the original, and the survivor's ended copy")
            await #expect(throws: ValidationFailure.self, "undone twice") {
                _ = try await test.store.identity.undoMerge(merge.id, reason: "again", context: analyst)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func addedLinksAreCheckedAndEndedLinksStayOnRecord(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let admin = test.context(try await test.addUser("admin1", role: .administrator, rank: .staff))
            let analyst = test.context(try await test.addUser("analyst1", role: .analyst))
            let officer = test.context(try await test.addUser("officer1", role: .responseOfficer))
            let partner = test.context(try await test.addUser("mash1", role: .partnership))
            let roy = try await Self.offenderWithCarAndPhone(test, analyst: analyst, admin: admin)
            let first = try await test.reportedEpisode(by: officer)
            let child = EntityRef(.person, first.child.id)
            // Added by hand after the event: the child was seen with his car. Same alert as a sighting.
            let link = try await test.store.links.add(
                LinkDraft(
                    from: child, to: EntityRef(.object, roy.car.id), type: .seenWith,
                    at: test.clock.now(), note: "CCTV review, ref 88"), context: analyst)
            let record = try await test.store.missing.episode(first.episode.id, purpose: .missingEpisode, context: officer)
            #expect(record.alerts.contains { $0.kind == .seenWithFlagged && $0.detail.contains("LX19 ABC") })
            let unknown = await #expect(throws: ValidationFailure.self) {
                _ = try await test.store.links.add(
                    LinkDraft(
                        from: child, to: EntityRef(.object, "no-such-object"), type: .seenWith,
                        at: test.clock.now(), note: "x"), context: analyst)
            }
            #expect(unknown?.errors.map(\.field) == ["to"])
            await #expect(throws: AccessDenied.self) {
                _ = try await test.store.links.add(
                    LinkDraft(
                        from: child, to: EntityRef(.object, roy.car.id), type: .seenWith,
                        at: test.clock.now(), note: "x"), context: partner)
            }
            await #expect(throws: ValidationFailure.self, "a reason is required") {
                _ = try await test.store.links.end(link.id, reason: "", context: analyst)
            }
            await #expect(throws: LanguageReviewNeeded.self, "the end reason is language-checked") {
                _ = try await test.store.links.end(link.id, reason: "She went willingly; not his car", context: analyst)
            }
            await #expect(throws: LanguageReviewNeeded.self, "a link's note is language-checked, and nothing is saved") {
                _ = try await test.store.links.add(
                    LinkDraft(
                        from: child, to: EntityRef(.object, roy.car.id), type: .seenWith,
                        at: test.clock.now(), note: "Child is promiscuous; CCTV"), context: analyst)
            }
            _ = try await test.store.links.end(link.id, reason: "Wrong car: plate misread", context: analyst)
            #expect(try await test.store.links.panel(of: child, purpose: .investigation, context: analyst).links.isEmpty)
            let ended = try await test.store.database.read { sql in
                try await sql.select().columns("ended_by", "end_reason").from("links").where("id", .equal, link.id).first()
            }
            #expect(try ended?.decode(column: "end_reason", as: String.self) == "Wrong car: plate misread")
            await #expect(throws: ValidationFailure.self, "ended twice") {
                _ = try await test.store.links.end(link.id, reason: "again", context: analyst)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func hotspotsCountDistinctChildren(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = test.context(try await test.addUser("officer1", role: .responseOfficer))
            let analyst = test.context(try await test.addUser("analyst1", role: .analyst))
            for (given, family) in [("Amelia", "Hart"), ("Kai", "Mensah"), ("Leah", "Novak")] {
                let r = try await test.reportedEpisode(given: given, family: family, by: officer)
                _ = try await test.store.missing.recordFound(
                    r.episode.id,
                    FoundRecord(
                        foundAt: test.clock.now(), place: "Flat 2, 40 Station Road", postcode: "CR0 2AA",
                        condition: "Well", howFound: .foundByPolice),
                    context: officer)
            }
            let now = test.clock.now()
            let spots = try await test.store.links.hotspots(
                from: now.addingTimeInterval(-86_400), to: now.addingTimeInterval(1), minimumChildren: 2,
                context: analyst)
            #expect(spots.count == 1 && spots[0].hotspot.distinctChildren == 3 && spots[0].location.title.contains("Station Road"))
            await #expect(throws: ValidationFailure.self) {
                _ = try await test.store.links.hotspots(from: now, to: now.addingTimeInterval(-1), minimumChildren: 2, context: analyst)
            }
        }
    }
}

@Suite("Links: generic import")
struct RecordImportTests {
    static let header = ImportFile.csvHeader.joined(separator: ",") + "\n"
    static let file =
        header + """
            entity,P1,suspect,Roy,Baines,1968-02-11,,,,,,,,
            entity,L1,location,,,,2 Mill Road,SE5 9AA,,,,,,
            entity,V1,vehicle,,,,,,LX19ABC,,,,,
            link,,,,,,,,,P1,L1,lives-at,2026-01-01T00:00:00Z,Council tax
            link,,,,,,,,,P1,V1,drives,2026-02-01T09:30:00Z,Stop check 4471
            """

    @Test(arguments: TestBackend.available)
    func importIsIdempotentAllOrNothingAndKeepsHistory(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let system = AccessContext(actor: .system("import"), requestID: "t")
            let today = test.clock.now()
            let first = try await test.store.links.importRecords(ImportFile.parse(csv: Self.file, today: today), source: "intel", context: system)
            #expect(first.entitiesAdded == 3 && first.linksAdded == 2 && first.rejected.isEmpty)
            let again = try await test.store.links.importRecords(ImportFile.parse(csv: Self.file, today: today), source: "intel", context: system)
            #expect(again.entitiesUnchanged == 3 && again.linksUnchanged == 2 && again.entitiesAdded == 0 && again.linksAdded == 0)
            #expect(try await count(test, "people") == 1)
            #expect(try await count(test, "links") == 2)

            let renamed = Self.file.replacingOccurrences(of: "Roy,Baines,1968-02-11", with: "Roy,Baines,1968-02-12")
            let changed = try await test.store.links.importRecords(ImportFile.parse(csv: renamed, today: today), source: "intel", context: system)
            #expect(changed.entitiesChanged == 1 && changed.entitiesUnchanged == 2)
            #expect(try await count(test, "people") == 1)
            #expect(try await count(test, "people_changes") == 2, "updated with history, not duplicated")

            // A link to a ref nobody defined: the whole file is refused and nothing changes.
            let broken = Self.header + "entity,P2,associate,New,Person,,,,,,,,,\nlink,,,,,,,,,P2,NOPE,associate-of,2026-01-01T00:00:00Z,x\n"
            let refused = try await test.store.links.importRecords(ImportFile.parse(csv: broken, today: today), source: "intel", context: system)
            #expect(refused.rejected.map(\.description) == ["line 3, to: No entity with ref 'NOPE' in this file or an earlier import from 'intel'"])
            #expect(try await count(test, "people") == 1, "nothing from a refused file is kept")
            // Refs from an earlier import of the same source resolve.
            let later = Self.header + "entity,P2,associate,New,Person,,,,,,,,,\nlink,,,,,,,,,P2,P1,associate-of,2026-01-01T00:00:00Z,Seen together\n"
            #expect(
                try await test.store.links.importRecords(ImportFile.parse(csv: later, today: today), source: "intel", context: system).linksAdded == 1
            )
            let log = try await count(test, "access_log", where: "record_type", "person")
            #expect(log >= 3, "every import that touched people is in the access log")
        }
    }
}
