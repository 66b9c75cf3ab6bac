import Foundation
import LanternCore
import LanternStore
import LanternTestSupport
import SQLKit
import Testing

@Suite("Missing children: the child's record")
struct ChildRecordTests {
    /// Amelia Hart reported missing, then her profile saved: known as Millie, looked after by Lambeth, with a
    /// sexual-exploitation flag.
    static func lookedAfterChild(_ test: TestStore) async throws -> MissingStore.ReportOutcome {
        let officer = try await test.anOfficer()
        let outcome = try await test.reportedEpisode(by: officer)
        let profile = ChildProfile(
            personID: outcome.child.id, aliases: ["Millie"], sex: "Female", lookedAfter: true,
            responsibleAuthority: "Lambeth", exploitationFlags: [.sexual], updatedAt: test.clock.now(), updatedBy: "")
        _ = try await test.store.children.saveProfile(profile, context: officer)
        return outcome
    }

    /// Two Philomena profiles a day apart: "Version 1" and "Version 2".
    static func twoPhilomenaVersions(_ test: TestStore, _ childID: String) async throws {
        for n in 1...2 {
            _ = try await test.store.children.savePhilomena(
                PhilomenaProfile(
                    personID: childID, version: 0, description: "Version \(n)",
                    completedBy: "Key worker", updatedAt: test.clock.now(), updatedBy: ""),
                context: try await test.anOfficer())
            test.clock.advance(by: 86_400)
        }
    }

    @Test(arguments: TestBackend.available)
    func aChildIsMatchedByAnAlias(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let childID = try await Self.lookedAfterChild(test).child.id
            let byAlias = try await test.store.children.matches(
                givenName: "Millie", familyName: "Hart", dateOfBirth: nil,
                context: try await test.anOfficer())
            #expect(byAlias.first?.person.id == childID)
        }
    }

    @Test(arguments: TestBackend.available)
    func aMatchOnNameAndBirthDateIgnoresCaseAndScoresFull(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await Self.lookedAfterChild(test)
            let byName = try await test.store.children.matches(
                givenName: "amelia", familyName: "HART", dateOfBirth: "2011-04-17",
                context: try await test.anOfficer())
            #expect(byName.first?.match.score == 100)
        }
    }

    @Test(arguments: TestBackend.available)
    func theRecordShowsTheLatestPhilomenaVersion(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let childID = try await Self.lookedAfterChild(test).child.id
            try await Self.twoPhilomenaVersions(test, childID)
            let record = try await test.store.children.record(childID, purpose: .missingEpisode, context: try await test.anOfficer())
            #expect(record.philomena?.version == 2)
            #expect(record.philomenaVersions == 2)
            #expect(record.philomena?.description == "Version 2")
        }
    }

    @Test(arguments: TestBackend.available)
    func everyPhilomenaVersionCanBeRead(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let childID = try await Self.lookedAfterChild(test).child.id
            try await Self.twoPhilomenaVersions(test, childID)
            let officer = try await test.anOfficer()
            let earlier = try await test.store.children.record(childID, purpose: .missingEpisode, philomenaVersion: 1, context: officer)
            #expect(earlier.philomena?.version == 1, "every version can be read")
            #expect(earlier.philomena?.description == "Version 1")
            await #expect(throws: ValidationFailure("philomenaVersion", "This child has no Philomena profile version 3")) {
                _ = try await test.store.children.record(childID, purpose: .missingEpisode, philomenaVersion: 3, context: officer)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func anExploitationFlagOnTheProfileQueuesTheChildForScreening(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let childID = try await Self.lookedAfterChild(test).child.id
            let record = try await test.store.children.record(childID, purpose: .missingEpisode, context: try await test.anOfficer())
            #expect(record.awaitingScreening?.contains("Child sexual exploitation") == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func aLookedAfterChildNeedsAResponsibleAuthority(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let childID = try await Self.lookedAfterChild(test).child.id
            let officer = try await test.anOfficer()
            await #expect(throws: ValidationFailure("responsibleAuthority", "Enter the responsible local authority for a looked-after child")) {
                _ = try await test.store.children.saveProfile(
                    ChildProfile(
                        personID: childID, lookedAfter: true, updatedAt: test.clock.now(),
                        updatedBy: ""), context: officer)
            }
        }
    }

    static func livesAt(_ test: TestStore, _ childID: String) async throws -> [LinkView] {
        try await test.store.links.panel(of: EntityRef(.person, childID), purpose: .missingEpisode, context: try await test.anOfficer()).links
            .filter { $0.link.type == .livesAt }
    }

    static func homeAndPlacement(_ test: TestStore, _ childID: String) -> ChildProfile {
        ChildProfile(
            personID: childID, homeAddress: "12 Acre Lane, London", homePostcode: "SW2 5SG",
            placementAddress: "The Willows, 4 Elm Road", placementPostcode: "CR0 2TB", lookedAfter: true,
            responsibleAuthority: "Lambeth", updatedAt: test.clock.now(), updatedBy: "")
    }

    /// Home and placement addresses become Locations the child lives at.
    @Test(arguments: TestBackend.available)
    func homeAndPlacementAddressesAreLinkedOnceHoweverOftenSaved(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let childID = try await Self.lookedAfterChild(test).child.id
            let home = Self.homeAndPlacement(test, childID)
            _ = try await test.store.children.saveProfile(home, context: try await test.anOfficer())
            _ = try await test.store.children.saveProfile(home, context: try await test.anOfficer())
            #expect(try await Self.livesAt(test, childID).count == 2, "home and placement, once each however often the profile is saved")
        }
    }

    /// A move ends the old link, keeping it.
    @Test(arguments: TestBackend.available)
    func aPlacementMoveEndsTheOldLinkAndKeepsIt(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let childID = try await Self.lookedAfterChild(test).child.id
            var moved = Self.homeAndPlacement(test, childID)
            _ = try await test.store.children.saveProfile(moved, context: try await test.anOfficer())
            moved.placementAddress = "Flat 2, 9 Station Road"
            moved.placementPostcode = "SE1 7PB"
            _ = try await test.store.children.saveProfile(moved, context: try await test.anOfficer())
            let after = try await Self.livesAt(test, childID)
            #expect(after.count == 2)
            #expect(after.contains { $0.other.title.contains("9 Station Road") })
            #expect(
                try await test.store.database.read { sql in
                    try await sql.select().column("end_reason").from("links").where("type", .equal, "lives-at")
                        .where("ended_at_ms", .isNot, SQLLiteral.null).all().map { try $0.decode(column: "end_reason", as: String.self) }
                } == ["placement address changed on the child's profile"])
        }
    }

    @Test(arguments: TestBackend.available)
    func veryLowRiskForALookedAfterChildNeedsASupervisor(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let outcome = try await Self.lookedAfterChild(test)
            let officer = try await test.anOfficer()
            await #expect(throws: ValidationFailure.self) {
                _ = try await test.store.missing.reassess(
                    outcome.episode.id, answers: [], informantName: "", informantContact: "",
                    grade: .veryLow, rationale: "She is at her aunt's, confirmed by phone",
                    context: officer)
            }
        }
    }
}
