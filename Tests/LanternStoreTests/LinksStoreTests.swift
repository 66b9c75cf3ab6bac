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

    /// Roy Baines on the register with his car and phone, an analyst who linked them, and an officer.
    struct Offender {
        var roy: (person: String, car: ObjectRecord, phone: ObjectRecord)
        var analyst: AccessContext
        var officer: AccessContext
    }

    static func offenderOnRecord(_ test: TestStore) async throws -> Offender {
        let admin = try await test.signedIn("admin1", role: .administrator, rank: .staff)
        let analyst = try await test.anAnalyst()
        let officer = try await test.anOfficer()
        let roy = try await offenderWithCarAndPhone(test, analyst: analyst, admin: admin)
        return Offender(roy: roy, analyst: analyst, officer: officer)
    }

    @Test("Found in a car a flagged person drives, the plate typed another way, raises an alert", arguments: TestBackend.available)
    func foundInAFlaggedPersonsCarRaisesAnAlert(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await Self.offenderOnRecord(test).officer
            let first = try await test.reportedEpisode(by: officer)
            let inCar = try await test.store.missing.recordFound(
                first.episode.id,
                FoundRecord(
                    foundAt: test.clock.now(), place: "Lay-by on the A23", condition: "Cold", howFound: .foundByPolice, vehicles: ["LX19-ABC"]),
                context: officer)
            let viaCar = try #require(inCar.alerts.first { $0.kind == .foundWithFlaggedPerson })
            #expect(viaCar.detail.contains("vehicle LX19 ABC"))
            #expect(viaCar.detail.contains("driven by Roy Baines"))
            #expect(viaCar.detail.contains("Roy Baines"))
            #expect(inCar.found?.vehicles == ["LX19 ABC"])
        }
    }

    @Test("Found with a phone a flagged person uses raises an alert", arguments: TestBackend.available)
    func foundWithAFlaggedPersonsPhoneRaisesAnAlert(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await Self.offenderOnRecord(test).officer
            let second = try await test.reportedEpisode(given: "Kai", family: "Mensah", by: officer)
            let withPhone = try await test.store.missing.recordFound(
                second.episode.id,
                FoundRecord(
                    foundAt: test.clock.now(), place: "Friend's house", condition: "Well", howFound: .returnedThemselves,
                    phones: ["+44 7700 900999"]),
                context: officer)
            let alerts = withPhone.alerts.filter { $0.kind == .foundWithFlaggedPerson }
            #expect(!alerts.isEmpty)
            #expect(alerts.contains { $0.detail.contains("phone 07700 900999") })
        }
    }

    @Test("A sighting with a flagged person raises a seen-with alert while the child is missing", arguments: TestBackend.available)
    func aSightingWithAFlaggedPersonRaisesAnAlert(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let offender = try await Self.offenderOnRecord(test)
            let officer = offender.officer
            let third = try await test.reportedEpisode(given: "Leah", family: "Novak", by: officer)
            _ = try await test.store.missing.addSighting(
                third.episode.id,
                Sighting(
                    at: test.clock.now(), place: "Outside the chip shop", reportedBy: "Shop owner", detail: "",
                    withPersonIDs: [offender.roy.person]),
                context: officer)
            let seen = try await test.store.missing.episode(third.episode.id, purpose: .missingEpisode, context: officer)
            let alerts = seen.alerts.filter { $0.kind == .seenWithFlagged }
            #expect(!alerts.isEmpty)
            #expect(alerts.contains { $0.detail.contains("Seen with Roy Baines") })
            #expect(seen.sightings.first?.sighting.withPersonIDs == [offender.roy.person])
        }
    }

    @Test("A found record with a bad vehicle registration is refused by field and not saved", arguments: TestBackend.available)
    func aBadVehicleIsRefusedByField(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await Self.offenderOnRecord(test).officer
            let fourth = try await test.reportedEpisode(given: "Sofia", family: "Reyes", by: officer)
            let refused = await #expect(throws: ValidationFailure.self) {
                _ = try await test.store.missing.recordFound(
                    fourth.episode.id,
                    FoundRecord(
                        foundAt: test.clock.now(), place: "Home", condition: "Well", howFound: .returnedThemselves, vehicles: ["not a reg!"]),
                    context: officer)
            }
            #expect(refused?.errors.map(\.field) == ["vehicles"])
            #expect(try await count(test, "found_records") == 0)
        }
    }

    /// A child found at home with Roy Baines, the prevention interview done and the local authority told: only the
    /// flag alert and the return review stand between the episode and closing.
    static func foundWithTheOffender(_ test: TestStore) async throws -> (id: String, coordinator: AccessContext) {
        let offender = try await offenderOnRecord(test)
        let officer = offender.officer
        let coordinator = try await test.aCoordinator()
        let id = try await test.reportedEpisode(by: officer).episode.id
        try await test.localAuthorityTold(id, summary: "Told them.", by: officer)
        let found = try await test.foundEpisode(
            id, place: "Home", withPersonIDs: [offender.roy.person], condition: "Well", by: officer)
        _ = try await test.store.missing.recordTaskResult(
            id, taskID: try #require(found.preventionInterview).id, outcome: .completed,
            result: "Safe and well.", childSaid: "", conductedBy: "PC One", at: nil, context: officer)
        return (id, coordinator)
    }

    @Test("An episode with a flag alert does not close before a supervisor's review", arguments: TestBackend.available)
    func aFlagAlertBlocksClosing(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (id, coordinator) = try await Self.foundWithTheOffender(test)
            let blocked = await #expect(throws: ValidationFailure.self) { _ = try await test.store.missing.close(id, context: coordinator) }
            #expect(blocked?.errors.map(\.field) == ["flagAlert", "returnReview"])
        }
    }

    @Test("After a supervisor's review an episode with a flag alert closes", arguments: TestBackend.available)
    func aReviewedFlagAlertLetsTheEpisodeClose(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (id, coordinator) = try await Self.foundWithTheOffender(test)
            let sergeant = try await test.aSergeant()
            _ = try await test.store.missing.review(
                id, grade: .high, rationale: "Found with a registered sex offender",
                direction: "Strategy discussion with children's social care today.", context: sergeant)
            #expect(try await test.store.missing.close(id, context: coordinator).status == .closed)
        }
    }

    /// A child found in Roy Baines's car: the child, Roy's records, the analyst and a coordinator who may disclose.
    struct FoundInTheCar {
        var child: EntityRef
        var offender: Offender
        var coordinator: AccessContext
    }

    static func foundInTheOffendersCar(_ test: TestStore) async throws -> FoundInTheCar {
        let offender = try await offenderOnRecord(test)
        let coordinator = try await test.aCoordinator()
        let first = try await test.reportedEpisode(by: offender.officer)
        _ = try await test.store.missing.recordFound(
            first.episode.id,
            FoundRecord(
                foundAt: test.clock.now(), place: "Lay-by", condition: "Cold", howFound: .foundByPolice, vehicles: ["LX19ABC"]),
            context: offender.officer)
        return FoundInTheCar(child: EntityRef(.person, first.child.id), offender: offender, coordinator: coordinator)
    }

    @Test("A network explains how each entity is reached, and stops at the hops asked for", arguments: TestBackend.available)
    func theNetworkExplainsEachEntity(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let found = try await Self.foundInTheOffendersCar(test)
            let roy = found.offender.roy
            let view = try await test.store.links.network(of: found.child, hops: 2, purpose: .investigation, context: found.offender.analyst)
            let car = try #require(view.nodes.first { $0.label.ref == EntityRef(.object, roy.car.id) })
            #expect(car.hops == 1)
            #expect(car.path.count == 1)
            let adult = try #require(view.nodes.first { $0.label.ref == EntityRef(.person, roy.person) })
            #expect(adult.hops == 2)
            #expect(adult.label.flags == [.registeredSexOffender])
            #expect(adult.path.count == 2)
            #expect(
                view.nodes.filter { $0.label.ref == EntityRef(.object, roy.phone.id) }.allSatisfy { $0.hops != 3 }, "two hops means two")
        }
    }

    @Test("A flagged person's panel lists every link they have", arguments: TestBackend.available)
    func aPanelListsEveryLink(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let found = try await Self.foundInTheOffendersCar(test)
            let panel = try await test.store.links.panel(
                of: EntityRef(.person, found.offender.roy.person), purpose: .investigation, context: found.offender.analyst)
            #expect(Set(panel.links.map(\.link.type)) == [.drives, .usesPhone, .livesAt])
        }
    }

    @Test("A network export needs a recipient", arguments: TestBackend.available)
    func aNetworkExportNeedsARecipient(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let found = try await Self.foundInTheOffendersCar(test)
            await #expect(throws: ValidationFailure.self, "no recipient") {
                _ = try await test.store.links.exportNetwork(
                    of: found.child, hops: 2, recipient: " ", purpose: .strategyMeeting, purposeNote: "",
                    context: found.coordinator)
            }
        }
    }

    static func export(_ test: TestStore, _ found: FoundInTheCar) async throws -> String {
        try await test.store.links.exportNetwork(
            of: found.child, hops: 2, recipient: "Lambeth MASH", purpose: .strategyMeeting,
            purposeNote: "SM-12", context: found.coordinator)
    }

    @Test("A network export is a CSV of its links, one line each, with names and plates", arguments: TestBackend.available)
    func aNetworkExportIsACSVOfItsLinks(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let found = try await Self.foundInTheOffendersCar(test)
            let view = try await test.store.links.network(of: found.child, hops: 2, purpose: .investigation, context: found.offender.analyst)
            let csv = try await Self.export(test, found)
            let lines = csv.split(separator: "\r\n")
            #expect(lines.first?.hasPrefix("link_id,type,at") == true)
            #expect(lines.count == view.links.count + 1)
            #expect(csv.contains("Roy Baines"))
            #expect(csv.contains("LX19 ABC"))
        }
    }

    @Test("A network export is logged as a disclosure to its recipient", arguments: TestBackend.available)
    func aNetworkExportIsALoggedDisclosure(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let found = try await Self.foundInTheOffendersCar(test)
            _ = try await Self.export(test, found)
            let disclosures = try await test.store.database.read { sql in
                try await sql.select().columns("recipient", "record_ids").from("access_log").where("action", .equal, "disclose").all()
            }
            #expect(disclosures.count == 1)
            #expect(try disclosures[0].decode(column: "recipient", as: String.self) == "Lambeth MASH")
            #expect(try disclosures[0].decode(column: "record_ids", as: String.self).contains(found.offender.roy.person))
        }
    }

    @Test("Analysts may not export a network", arguments: TestBackend.available)
    func analystsDoNotExportANetwork(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let found = try await Self.foundInTheOffendersCar(test)
            await #expect(throws: AccessDenied.self, "analysts do not disclose") {
                _ = try await test.store.links.exportNetwork(
                    of: found.child, hops: 1, recipient: "X", purpose: .investigation, purposeNote: "",
                    context: found.offender.analyst)
            }
        }
    }

    /// The same child reported twice under two spellings (Jayden Thompson `a`, Jaiden Thomson `b`), `b` found at
    /// 12 Acre Lane: two records, two episodes.
    struct TwoRecords {
        var a: MissingStore.ReportOutcome
        var b: MissingStore.ReportOutcome
        var officer: AccessContext
        var analyst: AccessContext
    }

    static func sameChildTwice(_ test: TestStore) async throws -> TwoRecords {
        let officer = try await test.anOfficer()
        let analyst = try await test.anAnalyst()
        let a = try await test.reportedEpisode(given: "Jayden", family: "Thompson", by: officer)
        let b = try await test.reportedEpisode(given: "Jaiden", family: "Thomson", by: officer)
        try await test.foundEpisode(
            b.episode.id, place: "12 Acre Lane", postcode: "SW2 5SG", condition: "Well", howFound: .foundByPolice, by: officer)
        return TwoRecords(a: a, b: b, officer: officer, analyst: analyst)
    }

    /// `sameChildTwice`, with `b` merged into `a` by the analyst.
    static func merged(_ test: TestStore) async throws -> (records: TwoRecords, merge: PersonMerge) {
        let records = try await sameChildTwice(test)
        let merge = try await test.store.identity.merge(
            records.b.child.id, into: records.a.child.id, reason: "Same DOB, school and mother", context: records.analyst)
        return (records, merge)
    }

    static func links(_ test: TestStore, of person: String, _ context: AccessContext) async throws -> [LinkType] {
        try await test.store.links.panel(of: EntityRef(.person, person), purpose: .investigation, context: context).links.map(\.link.type)
    }

    @Test("The same child under two spellings gets two records, and each suggests the other", arguments: TestBackend.available)
    func twoSpellingsSuggestEachOther(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let records = try await Self.sameChildTwice(test)
            #expect(records.a.child.id != records.b.child.id)
            let suggested = try await test.store.identity.matches(
                givenName: "Jaiden", familyName: "Thomson", dateOfBirth: "2011-04-17", context: records.analyst)
            let other = try #require(suggested.first { $0.person.id == records.a.child.id })
            #expect(other.match.reasons.contains("family name sounds the same (T525)"))
        }
    }

    @Test("A merge needs a reason", arguments: TestBackend.available)
    func aMergeNeedsAReason(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let records = try await Self.sameChildTwice(test)
            let bad = await #expect(throws: ValidationFailure.self) {
                _ = try await test.store.identity.merge(records.b.child.id, into: records.a.child.id, reason: "", context: records.analyst)
            }
            #expect(bad?.errors.map(\.field) == ["reason"])
        }
    }

    @Test("Response officers may not merge records", arguments: TestBackend.available)
    func responseOfficersDoNotMerge(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let records = try await Self.sameChildTwice(test)
            await #expect(throws: AccessDenied.self, "response officers do not merge") {
                _ = try await test.store.identity.merge(records.b.child.id, into: records.a.child.id, reason: "Same child", context: records.officer)
            }
        }
    }

    @Test("A merge reason is language-checked", arguments: TestBackend.available)
    func theMergeReasonIsLanguageChecked(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let records = try await Self.sameChildTwice(test)
            await #expect(throws: LanguageReviewNeeded.self, "the merge reason is language-checked") {
                _ = try await test.store.identity.merge(
                    records.b.child.id, into: records.a.child.id, reason: "Same child; known for sleeping around", context: records.analyst)
            }
        }
    }

    @Test("A merge moves the duplicate's episodes and links to the survivor", arguments: TestBackend.available)
    func aMergeMovesEverything(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (records, merge) = try await Self.merged(test)
            let (a, b, analyst) = (records.a, records.b, records.analyst)
            #expect(merge.moved.episodes == [b.episode.id])
            #expect(merge.moved.links.count == 1)
            #expect(try await Self.links(test, of: a.child.id, analyst) == [.foundAt])
            #expect(try await Self.links(test, of: b.child.id, analyst).isEmpty)
            let episode = try await test.store.missing.episode(b.episode.id, purpose: .dataQuality, context: analyst)
            #expect(episode.child.id == a.child.id, "the survivor carries both episodes")
            #expect(episode.history.map(\.id).contains(a.episode.id), "the survivor carries both episodes")
        }
    }

    @Test("A record is merged only once", arguments: TestBackend.available)
    func aRecordIsMergedOnce(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (records, _) = try await Self.merged(test)
            await #expect(throws: ValidationFailure.self, "merged twice") {
                _ = try await test.store.identity.merge(records.b.child.id, into: records.a.child.id, reason: "again", context: records.analyst)
            }
        }
    }

    @Test("The reason for undoing a merge is language-checked", arguments: TestBackend.available)
    func theUndoReasonIsLanguageChecked(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (records, merge) = try await Self.merged(test)
            await #expect(throws: LanguageReviewNeeded.self, "the undo reason is language-checked") {
                _ = try await test.store.identity.undoMerge(merge.id, reason: "Twins; one is promiscuous", context: records.analyst)
            }
        }
    }

    @Test("Undoing a merge puts the episodes and links back", arguments: TestBackend.available)
    func undoPutsItBack(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (records, merge) = try await Self.merged(test)
            let (a, b, analyst) = (records.a, records.b, records.analyst)
            let undone = try await test.store.identity.undoMerge(merge.id, reason: "Twins, not one child", context: analyst)
            #expect(undone.undoneAt != nil)
            #expect(undone.undoReason == "Twins, not one child")
            #expect(try await test.store.missing.episode(b.episode.id, purpose: .dataQuality, context: analyst).child.id == b.child.id)
            #expect(try await Self.links(test, of: b.child.id, analyst) == [.foundAt])
            #expect(try await Self.links(test, of: a.child.id, analyst).isEmpty)
        }
    }

    @Test("An undone merge stays on record, marked undone, and no link is deleted", arguments: TestBackend.available)
    func anUndoneMergeStaysOnRecord(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (records, merge) = try await Self.merged(test)
            _ = try await test.store.identity.undoMerge(merge.id, reason: "Twins, not one child", context: records.analyst)
            let history = try await test.store.identity.history(of: records.a.child.id, context: records.analyst)
            try #require(history.count == 1, "the merge stays on record, marked undone")
            #expect(history[0].undoneBy != nil, "the merge stays on record, marked undone")
            #expect(try await count(test, "links") == 2, "nothing is deleted: the original, and the survivor's ended copy")
        }
    }

    @Test("A merge is undone only once", arguments: TestBackend.available)
    func aMergeIsUndoneOnce(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (records, merge) = try await Self.merged(test)
            _ = try await test.store.identity.undoMerge(merge.id, reason: "Twins, not one child", context: records.analyst)
            await #expect(throws: ValidationFailure.self, "undone twice") {
                _ = try await test.store.identity.undoMerge(merge.id, reason: "again", context: records.analyst)
            }
        }
    }

    /// A child reported missing, and Roy Baines's car on record: the link a test adds between them.
    struct ChildAndCar {
        var episodeID: String
        var child: EntityRef
        var offender: Offender
        func seenWithTheCar(note: String = "CCTV review, ref 88", at: Date) -> LinkDraft {
            LinkDraft(from: child, to: EntityRef(.object, offender.roy.car.id), type: .seenWith, at: at, note: note)
        }
    }

    static func childAndCar(_ test: TestStore) async throws -> ChildAndCar {
        let offender = try await offenderOnRecord(test)
        let first = try await test.reportedEpisode(by: offender.officer)
        return ChildAndCar(episodeID: first.episode.id, child: EntityRef(.person, first.child.id), offender: offender)
    }

    /// `childAndCar` with the child linked, seen with the car, by the analyst after the event.
    static func linkedToTheCar(_ test: TestStore) async throws -> (setup: ChildAndCar, link: LinkRecord) {
        let setup = try await childAndCar(test)
        let link = try await test.store.links.add(setup.seenWithTheCar(at: test.clock.now()), context: setup.offender.analyst)
        return (setup, link)
    }

    @Test("A link added by hand to a flagged person's car raises a seen-with alert", arguments: TestBackend.available)
    func anAddedLinkRaisesAnAlert(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (setup, _) = try await Self.linkedToTheCar(test)
            let record = try await test.store.missing.episode(setup.episodeID, purpose: .missingEpisode, context: setup.offender.officer)
            let alerts = record.alerts.filter { $0.kind == .seenWithFlagged }
            #expect(!alerts.isEmpty)
            #expect(alerts.contains { $0.detail.contains("LX19 ABC") })
        }
    }

    @Test("A link to an entity not on record is refused by field", arguments: TestBackend.available)
    func aLinkToAnUnknownEntityIsRefused(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let setup = try await Self.childAndCar(test)
            let unknown = await #expect(throws: ValidationFailure.self) {
                _ = try await test.store.links.add(
                    LinkDraft(
                        from: setup.child, to: EntityRef(.object, "no-such-object"), type: .seenWith,
                        at: test.clock.now(), note: "x"), context: setup.offender.analyst)
            }
            #expect(unknown?.errors.map(\.field) == ["to"])
        }
    }

    @Test("Partnership users may not add links", arguments: TestBackend.available)
    func partnersDoNotAddLinks(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let setup = try await Self.childAndCar(test)
            let partner = try await test.signedIn("mash1", role: .partnership)
            await #expect(throws: AccessDenied.self) {
                _ = try await test.store.links.add(setup.seenWithTheCar(note: "x", at: test.clock.now()), context: partner)
            }
        }
    }

    @Test("A link's note is language-checked, and nothing is saved", arguments: TestBackend.available)
    func aLinksNoteIsLanguageChecked(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let setup = try await Self.childAndCar(test)
            await #expect(throws: LanguageReviewNeeded.self, "a link's note is language-checked, and nothing is saved") {
                _ = try await test.store.links.add(
                    setup.seenWithTheCar(note: "Child is promiscuous; CCTV", at: test.clock.now()), context: setup.offender.analyst)
            }
        }
    }

    @Test("Ending a link needs a reason", arguments: TestBackend.available)
    func endingALinkNeedsAReason(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (setup, link) = try await Self.linkedToTheCar(test)
            await #expect(throws: ValidationFailure.self, "a reason is required") {
                _ = try await test.store.links.end(link.id, reason: "", context: setup.offender.analyst)
            }
        }
    }

    @Test("The reason for ending a link is language-checked", arguments: TestBackend.available)
    func theEndReasonIsLanguageChecked(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (setup, link) = try await Self.linkedToTheCar(test)
            await #expect(throws: LanguageReviewNeeded.self, "the end reason is language-checked") {
                _ = try await test.store.links.end(link.id, reason: "She went willingly; not his car", context: setup.offender.analyst)
            }
        }
    }

    @Test("An ended link leaves the panel but stays on record with its reason", arguments: TestBackend.available)
    func anEndedLinkStaysOnRecord(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (setup, link) = try await Self.linkedToTheCar(test)
            let analyst = setup.offender.analyst
            _ = try await test.store.links.end(link.id, reason: "Wrong car: plate misread", context: analyst)
            #expect(try await test.store.links.panel(of: setup.child, purpose: .investigation, context: analyst).links.isEmpty)
            let ended = try await test.store.database.read { sql in
                try await sql.select().columns("ended_by", "end_reason").from("links").where("id", .equal, link.id).first()
            }
            #expect(try ended?.decode(column: "end_reason", as: String.self) == "Wrong car: plate misread")
        }
    }

    @Test("A link is ended only once", arguments: TestBackend.available)
    func aLinkIsEndedOnce(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (setup, link) = try await Self.linkedToTheCar(test)
            _ = try await test.store.links.end(link.id, reason: "Wrong car: plate misread", context: setup.offender.analyst)
            await #expect(throws: ValidationFailure.self, "ended twice") {
                _ = try await test.store.links.end(link.id, reason: "again", context: setup.offender.analyst)
            }
        }
    }

    @Test("Hotspots count the distinct children found at one place", arguments: TestBackend.available)
    func hotspotsCountDistinctChildren(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.anOfficer()
            let analyst = try await test.anAnalyst()
            for (given, family) in [("Amelia", "Hart"), ("Kai", "Mensah"), ("Leah", "Novak")] {
                let r = try await test.reportedEpisode(given: given, family: family, by: officer)
                try await test.foundEpisode(
                    r.episode.id, place: "Flat 2, 40 Station Road", postcode: "CR0 2AA", condition: "Well", howFound: .foundByPolice,
                    by: officer)
            }
            let now = test.clock.now()
            let spots = try await test.store.links.hotspots(
                from: now.addingTimeInterval(-86_400), to: now.addingTimeInterval(1), minimumChildren: 2,
                context: analyst)
            try #require(spots.count == 1)
            #expect(spots[0].hotspot.distinctChildren == 3)
            #expect(spots[0].location.title.contains("Station Road"))
        }
    }

    @Test("A hotspot window that ends before it starts is refused", arguments: TestBackend.available)
    func aBackwardsHotspotWindowIsRefused(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let analyst = try await test.anAnalyst()
            let now = test.clock.now()
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

    static let system = AccessContext(actor: .system("import"), requestID: "t")

    static func importing(_ test: TestStore, _ csv: String) async throws -> ImportReport {
        try await test.store.links.importRecords(ImportFile.parse(csv: csv, today: test.clock.now()), source: "intel", context: system)
    }

    /// The file with Roy Baines's date of birth changed.
    static let renamed = file.replacingOccurrences(of: "Roy,Baines,1968-02-11", with: "Roy,Baines,1968-02-12")
    /// A link to a ref nobody defined.
    static let broken = header + "entity,P2,associate,New,Person,,,,,,,,,\nlink,,,,,,,,,P2,NOPE,associate-of,2026-01-01T00:00:00Z,x\n"
    /// A link to a ref from the earlier import.
    static let later = header + "entity,P2,associate,New,Person,,,,,,,,,\nlink,,,,,,,,,P2,P1,associate-of,2026-01-01T00:00:00Z,Seen together\n"

    @Test("An import adds its entities and links", arguments: TestBackend.available)
    func anImportAddsEntitiesAndLinks(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let first = try await Self.importing(test, Self.file)
            #expect(first.entitiesAdded == 3)
            #expect(first.linksAdded == 2)
            #expect(first.rejected.isEmpty)
        }
    }

    @Test("Importing the same file again changes nothing", arguments: TestBackend.available)
    func importingTwiceChangesNothing(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await Self.importing(test, Self.file)
            let again = try await Self.importing(test, Self.file)
            #expect(again.entitiesUnchanged == 3)
            #expect(again.linksUnchanged == 2)
            #expect(again.entitiesAdded == 0)
            #expect(again.linksAdded == 0)
            #expect(try await count(test, "people") == 1)
            #expect(try await count(test, "links") == 2)
        }
    }

    @Test("A changed entity is updated with history, not duplicated", arguments: TestBackend.available)
    func aChangedEntityIsUpdatedWithHistory(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await Self.importing(test, Self.file)
            let changed = try await Self.importing(test, Self.renamed)
            #expect(changed.entitiesChanged == 1)
            #expect(changed.entitiesUnchanged == 2)
            #expect(try await count(test, "people") == 1)
            #expect(try await count(test, "people_changes") == 2, "updated with history, not duplicated")
        }
    }

    @Test("A file with a link to a ref nobody defined is refused whole", arguments: TestBackend.available)
    func aFileWithAnUndefinedRefIsRefusedWhole(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await Self.importing(test, Self.file)
            let refused = try await Self.importing(test, Self.broken)
            #expect(refused.rejected.map(\.description) == ["line 3, to: No entity with ref 'NOPE' in this file or an earlier import from 'intel'"])
            #expect(try await count(test, "people") == 1, "nothing from a refused file is kept")
        }
    }

    @Test("Refs from an earlier import of the same source resolve", arguments: TestBackend.available)
    func refsFromAnEarlierImportResolve(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await Self.importing(test, Self.file)
            #expect(try await Self.importing(test, Self.later).linksAdded == 1)
        }
    }

    @Test("Every import that touches people is in the access log", arguments: TestBackend.available)
    func importsAreInTheAccessLog(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            for csv in [Self.file, Self.file, Self.renamed, Self.broken, Self.later] { _ = try await Self.importing(test, csv) }
            let log = try await count(test, "access_log", where: "record_type", "person")
            #expect(log >= 3, "every import that touched people is in the access log")
        }
    }
}
