import Foundation
import LanternCore
import LanternStore
import LanternTestSupport
import Testing

@Suite("People")
struct PersonStoreTests {
    @Test(arguments: TestBackend.available)
    func aChildsRecordNeedsAPurpose(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.addUser("officer1", role: .responseOfficer)
            let child = try await test.store.people.create(
                PersonDraft(kind: .child, givenName: "Kai", familyName: "Mensah"),
                context: test.context(officer))
            let adult = try await test.store.people.create(
                PersonDraft(
                    kind: .associate, givenName: "Dean", familyName: "Wallis",
                    dateOfBirth: "1990-01-01"), context: test.context(officer))
            await #expect(throws: PurposeRequired()) {
                _ = try await test.store.people.consult(child.id, purpose: nil, context: test.context(officer, requestID: "nopurpose"))
            }
            #expect(try await test.store.accessLog.entries(requestID: "nopurpose").isEmpty, "nothing was shown, so nothing is logged")
            #expect(try await test.store.people.consult(adult.id, purpose: nil, context: test.context(officer)).givenName == "Dean")
        }
    }

    @Test(arguments: TestBackend.available)
    func staleEditsAreRefusedWithWhatChanged(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let a = try await test.addUser("officer1", role: .responseOfficer)
            let b = try await test.addUser("officer2", role: .responseOfficer)
            let person = try await test.store.people.create(
                PersonDraft(kind: .child, givenName: "Kai", familyName: "Mensah"),
                context: test.context(a))
            _ = try await test.store.people.alter(person.id, expectedVersion: 1, patch: PersonPatch(notes: "first"), context: test.context(a))
            await #expect(
                throws: VersionConflict(
                    recordType: "person", id: person.id, expectedVersion: 1, currentVersion: 2,
                    changedFields: ["notes"])
            ) {
                _ = try await test.store.people.alter(
                    person.id, expectedVersion: 1, patch: PersonPatch(familyName: "Mensa"),
                    context: test.context(b))
            }
            let current = try await test.store.people.consult(person.id, purpose: .dataQuality, context: test.context(b))
            #expect(current.notes == "first")
            #expect(current.familyName == "Mensah")
            #expect(current.version == 2)
        }
    }

    @Test(arguments: TestBackend.available)
    func concurrentEditsNeverOverwriteEachOther(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.addUser("officer1", role: .responseOfficer)
            let person = try await test.store.people.create(
                PersonDraft(kind: .associate, givenName: "Dean", familyName: "Wallis"),
                context: test.context(officer))
            let people = test.store.people
            let context = test.context(officer)
            let results = await withTaskGroup(of: Bool.self) { group in
                for i in 0..<8 {
                    group.addTask {
                        (try? await people.alter(person.id, expectedVersion: 1, patch: PersonPatch(notes: "edit \(i)"), context: context)) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1, "exactly one edit of version 1 wins")
        }
    }

    @Test(arguments: TestBackend.available)
    func restrictedRecordsAreHiddenFromOtherTeams(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let owner = try await test.addUser("owner1", role: .investigator, team: "Exploitation team")
            let other = try await test.addUser("other1", role: .investigator, team: "Burglary team")
            let person = try await test.store.people.create(
                PersonDraft(
                    kind: .child, givenName: "Jayden", familyName: "Cole",
                    restricted: true), context: test.context(owner))
            await #expect(throws: RecordNotFound(recordType: "person", id: person.id)) {
                _ = try await test.store.people.consult(person.id, purpose: .investigation, context: test.context(other, requestID: "peek"))
            }
            #expect(try await test.store.people.search("jayden", context: test.context(other)).isEmpty)
            #expect(try await test.store.people.search("jayden", context: test.context(owner)).count == 1)
            let denied = try await test.store.accessLog.entries(requestID: "peek")
            #expect(denied.map(\.entry.action) == [.accessDenied])
            #expect(denied.first?.entry.outcome == .denied)
        }
    }

    @Test(arguments: TestBackend.available)
    func disclosureNeedsARecipientAndAPurpose(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let coordinator = try await test.addUser("coord1", role: .missingPersonsCoordinator, rank: .staff)
            let person = try await test.store.people.create(
                PersonDraft(kind: .child, givenName: "Leah", familyName: "Novak"),
                context: test.context(coordinator))
            await #expect {
                _ = try await test.store.people.disclose(
                    person.id, recipient: " ", purpose: nil, purposeNote: "",
                    context: test.context(coordinator, requestID: "bad"))
            } throws: { error in
                let fields = (error as? ValidationFailure)?.errors.map(\.field) ?? []
                return fields == ["recipient", "purpose"]
            }
            #expect(try await test.store.accessLog.entries(requestID: "bad").isEmpty)
        }
    }

    @Test(arguments: TestBackend.available)
    func erasureLeavesATombstoneAndTheTrail(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.addUser("officer1", role: .responseOfficer)
            let sergeant = try await test.addUser("sgt1", role: .supervisor, rank: .sergeant)
            let inspector = try await test.addUser("insp1", role: .supervisor, rank: .inspector)
            let person = try await test.store.people.create(
                PersonDraft(
                    kind: .child, givenName: "Sofia", familyName: "Reyes",
                    notes: "private"), context: test.context(officer))
            await #expect(throws: AccessDenied.self) {
                try await test.store.people.erase(person.id, reason: .retentionReviewDue, context: test.context(sergeant))
            }
            await #expect(throws: ValidationFailure.self) {
                try await test.store.people.erase(person.id, reason: nil, context: test.context(inspector))
            }
            try await test.store.people.erase(person.id, reason: .recordedInError, reference: "DQ-17", context: test.context(inspector))
            let tombstone = try await test.store.people.consult(person.id, purpose: .auditInspection, context: test.context(inspector))
            #expect(tombstone.erasedAt != nil)
            #expect(tombstone.givenName.isEmpty)
            #expect(tombstone.notes.isEmpty)
            await #expect(throws: RecordNotFound.self) {
                try await test.store.people.erase(person.id, reason: .duplicateRecord, context: test.context(inspector))
            }
            #expect(try await test.store.verifyAccessLog().isIntact)
        }
    }

    @Test(arguments: TestBackend.available)
    func rolesWithoutThePermissionAreRefusedAndLogged(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let admin = try await test.addUser("admin1", role: .administrator, rank: .staff)
            let analyst = try await test.addUser("analyst1", role: .analyst, rank: .staff)
            await #expect(throws: AccessDenied.self) {
                _ = try await test.store.people.create(
                    PersonDraft(kind: .child, givenName: "A", familyName: "B"),
                    context: test.context(analyst, requestID: "r1"))
            }
            await #expect(throws: AccessDenied.self) {
                _ = try await test.store.people.search("an", context: test.context(admin, requestID: "r2"))
            }
            #expect(try await test.store.accessLog.entries(requestID: "r1").map(\.entry.action) == [.accessDenied])
            #expect(try await test.store.accessLog.entries(requestID: "r2").map(\.entry.action) == [.accessDenied])
            #expect(try await test.store.people.count() == 0)
        }
    }
}
