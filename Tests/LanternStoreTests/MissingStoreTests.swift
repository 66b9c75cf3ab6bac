import Foundation
import LanternCore
import LanternStore
import LanternTestSupport
import SQLKit
import Testing

func count(_ test: TestStore, _ table: String, where column: String? = nil, _ value: String = "") async throws -> Int {
    try await test.store.database.read { sql in
        var query = sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
        if let column { query = query.where(SQLColumn(column), .equal, SQLBind(value)) }
        return try await query.first()?.decode(column: "n", as: Int.self) ?? 0
    }
}

@Suite("Missing children: store")
struct MissingStoreTests {
    @Test(arguments: TestBackend.available)
    func foundWithARegisteredSexOffenderRaisesAnAlertAtOnce(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.addUser("officer1", role: .responseOfficer)
            let offender = try await test.store.people.create(
                PersonDraft(
                    kind: .registeredSexOffender, givenName: "Gary", familyName: "Pike",
                    dateOfBirth: "1971-08-05"), context: test.context(officer))
            let outcome = try await test.reportedEpisode(by: test.context(officer))
            let found = try await test.store.missing.recordFound(
                outcome.episode.id,
                FoundRecord(
                    foundAt: test.clock.now(), place: "A flat on London Road", withWhom: ["Gary Pike"], withPersonIDs: [offender.id],
                    condition: "Frightened", howFound: .foundByPolice), context: test.context(officer))
            let alert = try #require(found.alerts.first { $0.kind == .foundWithFlaggedPerson })
            #expect(alert.detail.contains("Gary Pike"))
            #expect(alert.detail.contains("registered sex offender"))
            #expect(alert.resolvedAt == nil)
            #expect(try await count(test, "screening_queue", where: "child_id", outcome.child.id) == 1)
        }
    }
}

@Suite("Flags register and found-at alerts")
struct FlagsTests {
    static let header = "reference,flag,kind,given_name,family_name,date_of_birth,address,postcode,details\n"

    static let file =
        header + """
            RSO-1,registered-sex-offender,person,Gary,Pike,1971-08-05,"Flat 4, 12 Acre Lane",SW2 5SG,Managed by OMU
            LOC-1,exploitation-location,location,,,,"7 Oak Road",CR0 2TB,Reported by three children
            """
    static let changed =
        header + "RSO-1,registered-sex-offender,person,Gary,Pike,1971-08-05,\"Flat 4, 12 Acre Lane\",SW2 5SG,Moved to MAPPA level 2\n"

    static func importing(_ test: TestStore, _ csv: String) async throws -> FlagImportReport {
        try await test.store.links.importFlags(
            csv: csv, source: "force", context: try await test.signedIn("admin1", role: .administrator, rank: .staff))
    }

    @Test(arguments: TestBackend.available)
    func aFirstImportAddsEveryRow(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let report = try await Self.importing(test, Self.file)
            #expect(report == FlagImportReport(added: 2, changed: 0, unchanged: 0, removed: 0))
        }
    }

    @Test(arguments: TestBackend.available)
    func reimportingTheSameFileChangesNothing(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await Self.importing(test, Self.file)
            #expect(
                try await Self.importing(test, Self.file) == FlagImportReport(added: 0, changed: 0, unchanged: 2, removed: 0),
                "re-importing changes nothing")
        }
    }

    @Test(arguments: TestBackend.available)
    func anImportReportsAChangedRowAndRemovesARowNoLongerInTheFile(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await Self.importing(test, Self.file)
            #expect(try await Self.importing(test, Self.changed) == FlagImportReport(added: 0, changed: 1, unchanged: 0, removed: 1))
        }
    }

    @Test(arguments: TestBackend.available)
    func aFileWithBadRowsIsRefusedLineByLineAndChangesNothing(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await Self.importing(test, Self.file)
            _ = try await Self.importing(test, Self.changed)
            let bad =
                Self.header
                + "X-1,wizard,person,A,B,,,,\nX-2,registered-sex-offender,person,,B,,,,\nX-3,exploitation-location,location,,,,Acre Lane,,\n"
            let refused = try await Self.importing(test, bad)
            #expect(refused.rejected.count == 3)
            #expect(refused.added == 0)
            #expect(refused.rejected.first?.hasPrefix("line 2, flag:") == true)
            #expect(refused.rejected.dropFirst().first?.hasPrefix("line 3, given_name:") == true)
            #expect(refused.rejected.last?.hasPrefix("line 4, address:") == true)
            #expect(try await count(test, "flags") == 3, "a refused file changes nothing")
        }
    }

    /// Gary Pike on the register at Flat 4, 12 Acre Lane, and 7 Oak Road a known exploitation location.
    static func importedFlags(_ test: TestStore) async throws {
        let admin = try await test.signedIn("admin1", role: .administrator, rank: .staff)
        _ = try await test.store.links.importFlags(
            csv: Self.header + """
                RSO-1,registered-sex-offender,person,Gary,Pike,1971-08-05,"Flat 4, 12 Acre Lane",SW2 5SG,
                LOC-1,exploitation-location,location,,,,"7 Oak Road",CR0 2TB,
                """, source: "force", context: admin)
    }

    /// A child reported and found now at `place`, `postcode`.
    static func foundAt(
        _ test: TestStore, _ place: String, _ postcode: String, given: String = "Amelia", family: String = "Hart",
        condition: String = "Well"
    ) async throws -> (MissingStore.ReportOutcome, EpisodeRecord) {
        let officer = try await test.anOfficer()
        let outcome = try await test.reportedEpisode(given: given, family: family, by: officer)
        let found = try await test.foundEpisode(
            outcome.episode.id, place: place, postcode: postcode, condition: condition,
            howFound: .foundByPolice, by: officer)
        return (outcome, found)
    }

    /// Typed differently from the register: still the same Location.
    @Test(arguments: TestBackend.available)
    func foundAtAFlaggedPersonsAddressTypedDifferentlyRaisesTheAlert(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await Self.importedFlags(test)
            let (_, found) = try await Self.foundAt(test, "4/12 Acre Ln", "sw25sg", condition: "Frightened")
            let alert = try #require(found.alerts.first { $0.kind == .foundAtFlaggedPlace })
            #expect(alert.detail.contains("where Gary Pike lives"))
            #expect(alert.detail.contains("RSO-1"))
        }
    }

    @Test(arguments: TestBackend.available)
    func foundAtAKnownExploitationLocationRaisesTheAlert(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await Self.importedFlags(test)
            let (_, atPlace) = try await Self.foundAt(test, "7 Oak Rd", "CR0 2TB", given: "Kai", family: "Mensah")
            let placeAlerts = atPlace.alerts.filter { $0.kind == .foundAtFlaggedPlace }
            #expect(!placeAlerts.isEmpty)
            #expect(placeAlerts.contains { $0.detail.contains("known exploitation location") })
        }
    }

    @Test(arguments: TestBackend.available)
    func aNeighboursHouseIsNotAMatch(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await Self.importedFlags(test)
            let (_, elsewhere) = try await Self.foundAt(test, "14 Acre Lane", "SW2 5SG", given: "Leah", family: "Novak")
            #expect(!elsewhere.alerts.contains { $0.kind == .foundAtFlaggedPlace }, "a neighbour's house is not a match")
        }
    }

    @Test(arguments: TestBackend.available)
    func theChildIsLinkedToWhereTheyWereFoundByTheEpisode(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await Self.importedFlags(test)
            let (first, _) = try await Self.foundAt(test, "4/12 Acre Ln", "sw25sg", condition: "Frightened")
            let links = try await test.store.links.panel(
                of: EntityRef(.person, first.child.id), purpose: .missingEpisode,
                context: try await test.anOfficer()
            ).links.map(\.link)
            #expect(links.map(\.type) == [.foundAt])
            #expect(links.first?.sourceID == first.episode.id)
        }
    }
}

@Suite("Missing children: more bad input")
struct MissingBadInputTests {
    /// Amelia reported missing, last seen two hours ago.
    static func reported(_ test: TestStore) async throws -> MissingStore.ReportOutcome {
        try await test.reportedEpisode(lastSeenHoursAgo: 2, by: try await test.anOfficer())
    }

    @Test(arguments: TestBackend.available)
    func aSightingWithABadTimePlaceOrWitnessIsRefusedByField(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let id = try await Self.reported(test).episode.id
            let context = try await test.anOfficer()
            let now = test.clock.now()
            let sightings: [(Sighting, String)] = [
                (Sighting(at: now.addingTimeInterval(600), place: "Brixton", reportedBy: "Bus driver", detail: ""), "at"),
                (Sighting(at: now.addingTimeInterval(-4 * 3_600), place: "Brixton", reportedBy: "Bus driver", detail: ""), "at"),
                (Sighting(at: now, place: " ", reportedBy: "Bus driver", detail: ""), "place"),
                (Sighting(at: now, place: "Brixton", reportedBy: "", detail: ""), "reportedBy"),
            ]
            for (sighting, field) in sightings {
                do {
                    _ = try await test.store.missing.addSighting(id, sighting, context: context)
                    Issue.record("a sighting with a bad \(field) was saved")
                } catch let failure as ValidationFailure {
                    #expect(failure.errors.map(\.field) == [field])
                }
            }
            #expect(try await count(test, "sightings") == 0)
        }
    }

    @Test(arguments: TestBackend.available)
    func aSightingsDetailIsANarrativeAndLanguageChecked(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let id = try await Self.reported(test).episode.id
            let context = try await test.anOfficer()
            await #expect(throws: LanguageReviewNeeded.self, "sighting detail is a narrative") {
                _ = try await test.store.missing.addSighting(
                    id,
                    Sighting(
                        at: test.clock.now(), place: "Brixton", reportedBy: "Staff",
                        detail: "She is promiscuous and will turn up."), context: context)
            }
            #expect(try await count(test, "sightings") == 0)
        }
    }

    /// What the child said to whoever saw them joins the child's record; the words are the child's, not checked.
    @Test(arguments: TestBackend.available)
    func whatTheChildSaidToWhoeverSawThemJoinsTheirRecord(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let outcome = try await Self.reported(test)
            let context = try await test.anOfficer()
            let seen = try await test.store.missing.addSighting(
                outcome.episode.id,
                Sighting(
                    at: test.clock.now(), place: "Brixton station", reportedBy: "Station staff", detail: "",
                    childSaid: "I'm staying at a friend's, I'm fine."), context: context)
            #expect(seen.sighting.childSaid == "I'm staying at a friend's, I'm fine.")
            let words = try await test.store.children.record(outcome.child.id, purpose: .missingEpisode, context: context).voices
            let quoted = words.first { $0.words == "I'm staying at a friend's, I'm fine." }
            #expect(quoted?.context.contains("Brixton station") == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func whatTheChildSaidIsKeptTo5000Characters(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let id = try await Self.reported(test).episode.id
            let context = try await test.anOfficer()
            await #expect(throws: ValidationFailure([FieldError("childSaid", "Must be 5000 characters or fewer")])) {
                _ = try await test.store.missing.addSighting(
                    id,
                    Sighting(
                        at: test.clock.now(), place: "Brixton", reportedBy: "Staff", detail: "",
                        childSaid: String(repeating: "x", count: 5_001)), context: context)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aPhilomenaProfileNeedsADescriptionAndWhoCompletedIt(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let child = try await Self.reported(test).child.id
            let context = try await test.anOfficer()
            await #expect(
                throws: ValidationFailure([
                    FieldError("description", "Enter a physical description"),
                    FieldError("completedBy", "Enter who completed the profile (carer and organisation)"),
                ])
            ) {
                _ = try await test.store.children.savePhilomena(
                    PhilomenaProfile(
                        personID: child, version: 0, description: "", completedBy: " ",
                        updatedAt: test.clock.now(), updatedBy: ""), context: context)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func philomenaNarrativesAreLanguageChecked(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let child = try await Self.reported(test).child.id
            let context = try await test.anOfficer()
            await #expect(throws: LanguageReviewNeeded.self, "Philomena narratives are checked") {
                _ = try await test.store.children.savePhilomena(
                    PhilomenaProfile(
                        personID: child, version: 0, description: "Slim", vulnerabilities: "Keeps putting herself at risk.",
                        completedBy: "Key worker",
                        updatedAt: test.clock.now(), updatedBy: ""), context: context)
            }
            #expect(try await count(test, "philomena_profiles") == 0)
        }
    }

    @Test(arguments: TestBackend.available)
    func aChildProfileRefusesAnAdultsAgeAndABadPostcode(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let child = try await Self.reported(test).child.id
            let context = try await test.anOfficer()
            await #expect(throws: ValidationFailure.self) {
                _ = try await test.store.children.saveProfile(
                    ChildProfile(
                        personID: child, estimatedAge: 19, homePostcode: "nowhere",
                        updatedAt: test.clock.now(), updatedBy: ""), context: context)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func lookingForMatchesNeedsAName(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let context = try await test.anOfficer()
            await #expect(throws: ValidationFailure("givenName", "Enter at least a given name or a family name to look for matches")) {
                _ = try await test.store.children.matches(givenName: " ", familyName: "", dateOfBirth: nil, context: context)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aPurposeReferenceIsKeptTo100Characters(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let child = try await Self.reported(test).child.id
            let context = try await test.anOfficer()
            await #expect(throws: ValidationFailure("purposeNote", "The reference must be 100 characters or fewer")) {
                _ = try await test.store.children.record(
                    child, purpose: .missingEpisode, purposeNote: String(repeating: "x", count: 101),
                    context: context)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func theFlagCheckLogsTheFlaggedPeopleItNames(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.addUser("officer1", role: .responseOfficer)
            let offender = try await test.store.people.create(
                PersonDraft(kind: .registeredSexOffender, givenName: "Gary", familyName: "Pike"),
                context: test.context(officer))
            let outcome = try await test.reportedEpisode(by: test.context(officer))
            _ = try await test.store.missing.recordFound(
                outcome.episode.id,
                FoundRecord(
                    foundAt: test.clock.now(), place: "London Road", withPersonIDs: [offender.id], condition: "Well", howFound: .foundByPolice),
                context: test.context(officer, requestID: "found-1"))
            let logged = try await test.store.accessLog.entries(requestID: "found-1")
            let consulted = logged.first { $0.entry.action == .consult && $0.entry.recordIDs == [offender.id] }
            #expect(consulted?.entry.purpose == .missingEpisode)
        }
    }
}

@Suite("Missing children: home-page counts")
struct HomeCountTests {
    /// The home page's numbers count only what the reader could open: a restricted child's episode
    /// is not hinted at to a reader outside its team, any more than its queue row is shown.
    @Test(arguments: TestBackend.available)
    func countsLeaveOutRecordsTheReaderCannotOpen(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let owner = test.context(try await test.addUser("officer1", role: .responseOfficer, team: "Exploitation team"))
            let other = test.context(try await test.addUser("officer2", role: .responseOfficer, team: "Burglary team"))
            let hidden = try await test.store.people.create(
                PersonDraft(
                    kind: .child, givenName: "Jayden", familyName: "Cole",
                    dateOfBirth: "2011-04-17", restricted: true), context: owner)
            _ = try await test.reportedEpisode(childID: hidden.id, by: owner)
            _ = try await test.reportedEpisode(given: "Leah", family: "Novak", by: owner)
            #expect(try await test.store.missing.openEpisodes(context: other).count == 1)
            #expect(try await test.store.missing.counts(context: other)["open"] == 1)
            #expect(try await test.store.missing.counts(context: owner)["open"] == 2)
        }
    }
}
