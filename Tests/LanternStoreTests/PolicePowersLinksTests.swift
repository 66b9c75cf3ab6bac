import Foundation
import LanternCore
import LanternStore
import LanternTestSupport
import Testing

/// Police powers records in the POLE layer: the place a child was taken into police protection from or arrested at,
/// and the adults there, become links from the child; a missing child later found or seen at that place or with that
/// adult raises a police powers alert. SQLite and, when configured, PostgreSQL.
@Suite("Police powers links")
struct PolicePowersLinksTests {
    static let night = PolicePowersStoreTests.night

    /// An officer, and Dean Wallis on record: the adult in each scene.
    static func officerAndAdult(_ test: TestStore) async throws -> (AccessContext, Person) {
        test.clock.set(night.addingTimeInterval(1800))
        let officer = try await test.anOfficer()
        return (officer, try await test.anAdult(by: officer))
    }

    static func taken(_ child: Person, from scene: PlaceAndPeople) -> ProtectionTaken {
        var taken = PolicePowersStoreTests.taken(child)
        taken.takenFrom = scene
        return taken
    }

    @Test(arguments: TestBackend.available)
    func aChildFoundWhereAnotherWasTakenIntoProtectionRaisesAnAlert(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (officer, dean) = try await Self.officerAndAdult(test)
            let amelia = try await test.aChild(by: officer)
            let protection = try await test.store.policePowers.take(
                Self.taken(amelia, from: PlaceAndPeople(place: "Flat 3, 14 Acre Lane", postcode: "sw2 5sg", withPersonIDs: [dean.id])),
                context: officer)
            let scene = try #require(protection.takenFrom)
            #expect(scene.place?.title == "Flat 3, 14 Acre Lane, SW2 5SG")
            #expect(scene.people.map(\.title) == ["Dean Wallis"])
            let created = try await test.store.accessLog.entries(requestID: officer.requestID).map(\.entry)
            #expect(created.contains { $0.action == .create && $0.recordIDs.contains(dean.id) })

            test.clock.advance(by: 30 * 86_400)
            let kai = try await test.reportedEpisode(given: "Kai", family: "Mensah", by: officer)
            let found = try await test.foundEpisode(kai.episode.id, place: "flat 3 14 acre lane", postcode: "SW25SG", by: officer)
            let alert = try #require(found.alerts.first { $0.kind == .policePowersHistory })
            #expect(alert.detail.contains("where a child was taken into police protection on 27 Nov 2026 (\(protection.reference))"))
            #expect(!alert.detail.contains("Amelia"))
            let log = try await test.store.accessLog.entries(requestID: officer.requestID).map(\.entry)
            #expect(log.contains { $0.action == .consult && $0.recordType == "police-protection" && $0.recordIDs == [protection.protection.id] })
            let queue = try await test.store.exploitation.queue(context: try await test.signedIn("inv1", role: .investigator))
            #expect(queue.contains { $0.child.id == kai.episode.childID && $0.reasons.contains { $0.reason.contains("police protection") } })
        }
    }

    @Test(arguments: TestBackend.available)
    func seenWithAnAdultArrestedWithAChildAndFoundWhereTheyWereArrested(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (officer, dean) = try await Self.officerAndAdult(test)
            let kai = try await test.aChild(given: "Kai", family: "Mensah", by: officer)
            var detained = PolicePowersCustodyTests.detained(kai)
            detained.detainedAt = test.clock.now().addingTimeInterval(-600)
            detained.arrest = PlaceAndPeople(place: "12 Mill Road", postcode: "SE5 9AA", withPersonIDs: [dean.id])
            let custody = try await test.store.policePowers.detain(detained, context: officer)
            #expect(custody.arrest?.place?.title == "12 Mill Road, SE5 9AA")
            _ = try await test.store.policePowers.release(custody.detention.id, at: test.clock.now(), version: 1, context: officer)

            test.clock.advance(by: 7 * 86_400)
            let amelia = try await test.reportedEpisode(by: officer)
            let seen = try await test.store.missing.addSighting(
                amelia.episode.id,
                Sighting(
                    at: test.clock.now(), place: "Bus stop, Coldharbour Lane", reportedBy: "Bus driver", detail: "With a man in his 30s",
                    withPersonIDs: [dean.id]),
                context: officer)
            #expect(seen.sighting.withPersonIDs == [dean.id])
            let episode = try await test.store.missing.episode(amelia.episode.id, purpose: .missingEpisode, context: officer)
            let withDean = try #require(episode.alerts.first { $0.kind == .policePowersHistory })
            #expect(withDean.detail.contains("who was arrested with a child on"))
            #expect(withDean.detail.contains(custody.reference))

            let again = try await test.reportedEpisode(childID: kai.id, by: officer)
            let back = try await test.foundEpisode(again.episode.id, place: "12 Mill Road", postcode: "SE5 9AA", by: officer)
            #expect(back.alerts.contains { $0.kind == .policePowersHistory && $0.detail.contains("where this child was arrested on") })
        }
    }

    @Test(arguments: TestBackend.available)
    func aPlaceThatCannotBeFoundAgainOrAnUnknownAdultIsRefusedByFieldAndNothingIsRecorded(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (officer, dean) = try await Self.officerAndAdult(test)
            let amelia = try await test.aChild(by: officer)
            let other = try await test.signedIn("officer9", role: .responseOfficer, team: "Team B", borough: "Southwark")
            let hidden = try await test.store.people.create(
                PersonDraft(kind: .associate, givenName: "Lee", familyName: "Hidden", restricted: true), context: other)
            let cases: [(PlaceAndPeople, String)] = [
                (PlaceAndPeople(place: "Acre Lane"), "takenFrom.place"),
                (PlaceAndPeople(postcode: "SW2 5SG"), "takenFrom.place"),
                (PlaceAndPeople(place: "14 Acre Lane", postcode: "not a postcode"), "takenFrom.postcode"),
                (PlaceAndPeople(place: "14 Acre Lane", withPersonIDs: ["no-such-person"]), "takenFrom.withPersonIds"),
                (PlaceAndPeople(withPersonIDs: [dean.id, dean.id]), "takenFrom.withPersonIds"),
                (PlaceAndPeople(withPersonIDs: [amelia.id]), "takenFrom.withPersonIds"),
                (PlaceAndPeople(place: "14 Acre Lane", withPersonIDs: [dean.id, hidden.id]), "takenFrom.withPersonIds"),
            ]
            for (scene, field) in cases {
                let error = await #expect(throws: ValidationFailure.self) {
                    try await test.store.policePowers.take(Self.taken(amelia, from: scene), context: officer)
                }
                #expect(error?.errors.map(\.field) == [field], "\(scene)")
            }
            #expect(try await test.store.policePowers.protections(ofChild: amelia).isEmpty)
            let panel = try await test.store.links.panel(of: EntityRef(.person, dean.id), context: officer)
            #expect(panel.links.isEmpty)
            var detained = PolicePowersCustodyTests.detained(amelia)
            detained.detainedAt = test.clock.now()
            detained.arrest = PlaceAndPeople(place: "Mill Road")
            let error = await #expect(throws: ValidationFailure.self) { try await test.store.policePowers.detain(detained, context: officer) }
            #expect(error?.errors.map(\.field) == ["arrest.place"])
            #expect(try await test.store.policePowers.detentions(ofChild: amelia).isEmpty)
        }
    }

    @Test(arguments: TestBackend.available)
    func anAdultTheReaderMayNotOpenIsCountedNotNamed(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (officer, dean) = try await Self.officerAndAdult(test)
            let hidden = try await test.store.people.create(
                PersonDraft(kind: .associate, givenName: "Lee", familyName: "Hidden", restricted: true), context: officer)
            let amelia = try await test.aChild(by: officer)
            let record = try await test.store.policePowers.take(
                Self.taken(amelia, from: PlaceAndPeople(withPersonIDs: [dean.id, hidden.id])), context: officer)
            #expect(record.takenFrom?.people.count == 2)
            let reader = try await test.signedIn("officer9", role: .responseOfficer, team: "Team B", borough: "Southwark")
            let seen = try await test.store.policePowers.protection(record.protection.id, purpose: .policePowers, context: reader)
            #expect(seen.takenFrom?.people.map(\.title) == ["Dean Wallis"])
            #expect(seen.takenFrom?.withheld == 1)
            let logged = try await test.store.accessLog.entries(requestID: reader.requestID).map(\.entry)
            #expect(logged.contains { $0.action == .consult && $0.recordIDs.contains(dean.id) && !$0.recordIDs.contains(hidden.id) })
            #expect(seen.takenFrom?.place == nil)
        }
    }
}
