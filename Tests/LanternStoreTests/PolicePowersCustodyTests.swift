import Foundation
import LanternCore
import LanternStore
import LanternTestSupport
import Testing

/// Children in police custody in the store: who counts as a child, the appropriate adult, searches, the s38(6)
/// transfer and its certificate, and who may see and change the record. SQLite and, when configured, PostgreSQL.
@Suite("Children in custody")
struct PolicePowersCustodyTests {
    static let evening = ISO8601DateFormatter().date(from: "2026-11-27T18:00:00Z")!

    static func detained(_ child: Person, isGirl: Bool = false, womanInCare: String? = nil, appears: Bool = true) -> ChildDetained {
        ChildDetained(
            childID: child.id, custodyRecord: "01LW/4471/26", detainedAt: evening, appearsUnder18: appears, isGirl: isGirl, womanInCare: womanInCare)
    }

    /// An officer and a child detained at 18:00 by them; the clock an hour later.
    static func inCustody(_ test: TestStore, restricted: Bool = false) async throws -> (AccessContext, CustodyRecord) {
        test.clock.set(evening.addingTimeInterval(3600))
        let officer = try await test.anOfficer()
        let child = try await test.aChild(restricted: restricted, by: officer)
        return (officer, try await test.store.policePowers.detain(detained(child), context: officer))
    }

    @Test(arguments: TestBackend.available)
    func detainingAChildIsRecordedLoggedAndQueued(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (officer, record) = try await Self.inCustody(test)
            #expect(record.reference.hasPrefix("CC-"))
            #expect(record.detention.dateOfBirth == "2011-04-17")
            let entries = try await test.store.accessLog.entries(requestID: officer.requestID).map(\.entry)
            #expect(entries.contains { $0.action == .create && $0.recordType == "child-in-custody" })
            #expect(try await test.store.policePowers.inCustodyNow(context: officer).map(\.reference) == [record.reference])
            let released = try await test.store.policePowers.release(record.detention.id, at: test.clock.now(), version: 1, context: officer)
            #expect(released.detention.releasedAt != nil)
            #expect(try await test.store.policePowers.inCustodyNow(context: officer).isEmpty)
        }
    }

    @Test(arguments: TestBackend.available)
    func theDateOfBirthDecidesWhoIsAChildAndHowTheyAppearOtherwise(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.evening.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            let powers = test.store.policePowers
            let adult = try await test.anAdult(dateOfBirth: "1999-01-01", by: officer)
            let refused = try await #require(throws: ValidationFailure.self) { _ = try await powers.detain(Self.detained(adult), context: officer) }
            #expect(refused.errors.map(\.field) == ["childId"])
            let unknownAge = try await test.anAdult(given: "Rio", family: "Shaw", by: officer)
            await #expect(throws: ValidationFailure.self) { _ = try await powers.detain(Self.detained(unknownAge, appears: false), context: officer) }
            let appearsYoung = try await powers.detain(Self.detained(unknownAge, appears: true), context: officer)
            #expect(appearsYoung.detention.isChild(rules: powers.rules))
        }
    }

    @Test(arguments: TestBackend.available)
    func aGirlIsInTheCareOfAWomanAndAChildIsNotDetainedTwice(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.evening.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            let child = try await test.aChild(by: officer)
            let powers = test.store.policePowers
            let noWoman = try await #require(throws: ValidationFailure.self) {
                _ = try await powers.detain(Self.detained(child, isGirl: true), context: officer)
            }
            #expect(noWoman.errors.map(\.field) == ["womanInCare"])
            let record = try await powers.detain(Self.detained(child, isGirl: true, womanInCare: "PS Anna Kowal"), context: officer)
            let twice = try await #require(throws: ValidationFailure.self) {
                _ = try await powers.detain(Self.detained(child, isGirl: true, womanInCare: "PS Anna Kowal"), context: officer)
            }
            #expect(twice.errors.first?.message.contains(record.reference) == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func aSolicitorIsNotTheAppropriateAdultAndTheWaitIsCounted(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (officer, record) = try await Self.inCustody(test)
            let powers = test.store.policePowers
            let id = record.detention.id
            let requested = Self.evening.addingTimeInterval(600)
            let solicitor = AppropriateAdult(name: "Ms Reid", relationship: .other, isSolicitor: true, requestedAt: requested)
            let refused = try await #require(throws: ValidationFailure.self) {
                _ = try await powers.appropriateAdult(id, solicitor, version: 1, context: officer)
            }
            #expect(refused.errors.map(\.field) == ["appropriateAdult.isSolicitor"])
            let mother = AppropriateAdult(name: "Maria Hart", relationship: .parent, requestedAt: requested)
            let awaited = try await powers.appropriateAdult(id, mother, version: 1, context: officer)
            #expect(awaited.appropriateAdultWait == 3000)
            var arrived = mother
            arrived.arrivedAt = Self.evening.addingTimeInterval(2400)
            #expect(try await powers.appropriateAdult(id, arrived, version: 2, context: officer).appropriateAdultWait == 1800)
        }
    }

    @Test(arguments: TestBackend.available)
    func aStripSearchNeedsTheAppropriateAdultOrTheUrgentException(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (officer, record) = try await Self.inCustody(test)
            let powers = test.store.policePowers
            let at = Self.evening.addingTimeInterval(1800)
            let alone = CustodySearch(kind: .strip, at: at, by: "PC Shah", appropriateAdultPresent: false)
            let refused = try await #require(throws: ValidationFailure.self) {
                _ = try await powers.recordSearch(record.detention.id, alone, version: 1, context: officer)
            }
            #expect(refused.errors.map(\.field) == ["searches[0].appropriateAdultPresent"])
            let urgent = CustodySearch(
                kind: .strip, at: at, by: "PC Shah", appropriateAdultPresent: false,
                urgentException: .init(reason: "Believed to be concealing a blade; could not wait for the adult.", supervisor: "PS Kowal"))
            #expect(try await powers.recordSearch(record.detention.id, urgent, version: 1, context: officer).detention.searches.count == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func theTransferClockEscalatesAndTheCertificateIsWrittenForTheCourt(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (officer, record) = try await Self.inCustody(test)
            let powers = test.store.policePowers
            let id = record.detention.id
            let refused = Self.evening.addingTimeInterval(3000)
            var transfer = TransferRequest(chargedAt: Self.evening.addingTimeInterval(2400), bailRefusedAt: refused)
            _ = try await powers.recordTransfer(id, transfer, version: 1, context: officer)
            test.clock.set(refused.addingTimeInterval(4 * 3600))
            let waiting = try #require(try await powers.inCustodyNow(context: officer).first?.transferState)
            guard case .waiting(.request, _, let level) = waiting else {
                Issue.record("expected the transfer to wait for its request, got \(waiting)")
                return
            }
            #expect(level >= 1)
            transfer.requestedAt = refused.addingTimeInterval(3600)
            transfer.certificate = .init(
                ground: .impracticable, reasons: "Snow closed every road out of the station; no vehicle could reach the placement.",
                custodyOfficer: "PS Kowal", at: refused.addingTimeInterval(3 * 3600))
            let certified = try await powers.recordTransfer(id, transfer, version: 2, context: officer)
            #expect(certified.certificate?.hasPrefix("CERTIFICATE UNDER SECTION 38(7)") == true)
            #expect(certified.heldOvernight == false)
        }
    }

    @Test(arguments: TestBackend.available)
    func anotherTeamCannotSeeOrChangeARestrictedChildsDetention(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (officer, record) = try await Self.inCustody(test, restricted: true)
            let outsider = try await test.signedIn("officer-b", role: .responseOfficer, team: "Team B", borough: "Camden")
            let powers = test.store.policePowers
            #expect(try await powers.inCustodyNow(context: outsider).isEmpty)
            await #expect(throws: RecordNotFound.self) {
                _ = try await powers.detention(record.detention.id, purpose: .policePowers, context: outsider)
            }
            await #expect(throws: RecordNotFound.self) {
                _ = try await powers.release(record.detention.id, at: test.clock.now(), version: 1, context: outsider)
            }
            await #expect(throws: VersionConflict.self) {
                _ = try await powers.release(record.detention.id, at: test.clock.now(), version: 7, context: officer)
            }
            await #expect(throws: PurposeRequired.self) {
                _ = try await powers.detention(record.detention.id, purpose: nil, context: officer)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aChildStillHeldAfterMidnightIsOnTheConcordatQueueAndItsMonthlyFigure(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (officer, record) = try await Self.inCustody(test)
            let powers = test.store.policePowers
            let refused = Self.evening.addingTimeInterval(3000)
            _ = try await powers.recordTransfer(
                record.detention.id, TransferRequest(chargedAt: Self.evening.addingTimeInterval(2400), bailRefusedAt: refused), version: 1,
                context: officer)
            #expect(try await powers.overnightAndCertified(context: officer).records.isEmpty, "not yet midnight")
            test.clock.set(Self.evening.addingTimeInterval(7.5 * 3600))
            let (records, months) = try await powers.overnightAndCertified(context: officer)
            #expect(records.map(\.reference) == [record.reference])
            #expect(months == [.init(month: "2026-11", heldOvernight: 1, certified: 0, refusedBail: 1)])
            let outsider = try await test.signedIn("officer-b", role: .responseOfficer, team: "Team B", borough: "Camden")
            #expect(try await powers.overnightAndCertified(context: outsider).records.map(\.reference) == [record.reference])
        }
    }
}
