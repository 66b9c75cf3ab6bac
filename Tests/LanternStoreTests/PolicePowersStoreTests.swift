import Foundation
import LanternCore
import LanternStore
import LanternTestSupport
import Testing

/// Police protection (Children Act 1989 s46) in the store: the 72-hour clock, the duties, the designated officer, the
/// ending, and who may see and change it. Every test runs on SQLite and, when configured, PostgreSQL.
@Suite("Police protection")
struct PolicePowersStoreTests {
    static let night = ISO8601DateFormatter().date(from: "2026-11-27T22:30:00Z")!
    static let grounds = "Found alone at 2am in a flat with no food and no adult; the carer could not be traced."

    static func taken(
        _ child: Person, at: Date = night, kind: PoliceProtection.AccommodationKind = .localAuthority, reason: String? = nil
    )
        -> ProtectionTaken
    {
        ProtectionTaken(
            childID: child.id, grounds: grounds, power: .removed,
            accommodation: .init(kind: kind, place: "Lambeth emergency foster placement", exceptionalReason: reason), takenAt: at)
    }

    /// An officer, a child taken into police protection by them at 22:30, and the clock half an hour later.
    static func inProtection(_ test: TestStore, restricted: Bool = false) async throws -> (AccessContext, PoliceProtectionRecord) {
        test.clock.set(night.addingTimeInterval(1800))
        let officer = try await test.anOfficer()
        let child = try await test.aChild(restricted: restricted, by: officer)
        return (officer, try await test.store.policePowers.take(taken(child), context: officer))
    }

    @Test(arguments: TestBackend.available)
    func takingAChildStartsA72HourClockAndIsLogged(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (officer, record) = try await Self.inProtection(test)
            #expect(record.reference.hasPrefix("PP-"))
            #expect(record.expiresAt == Self.night.addingTimeInterval(72 * 3600))
            #expect(record.state == .running(left: 71.5 * 3600))
            #expect(record.outstandingDuties.map(\.id).contains("child-told-wishes"))
            let entries = try await test.store.accessLog.entries(requestID: officer.requestID).map(\.entry)
            #expect(entries.contains { $0.action == .create && $0.recordType == "police-protection" && $0.recordIDs.contains(record.protection.id) })
            let queue = try await test.store.policePowers.inProtectionNow(context: officer)
            #expect(queue.map(\.protection.id) == [record.protection.id])
        }
    }

    @Test(arguments: TestBackend.available)
    func theClockWarnsThenEscalatesAndExpiresWithoutAnEnding(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (officer, record) = try await Self.inProtection(test)
            let powers = test.store.policePowers
            let window = Double(powers.rules.protection.dueSoonHours.value)
            let every = Double(powers.rules.protection.escalateEveryHours.value)
            test.clock.set(Self.night.addingTimeInterval((72 - window + 1) * 3600))
            #expect(try await powers.inProtectionNow(context: officer).first?.state == .endingDueSoon(left: (window - 1) * 3600, level: 1))
            test.clock.set(Self.night.addingTimeInterval((72 - window + every + 1) * 3600))
            guard case .endingDueSoon(_, let level) = try await powers.inProtectionNow(context: officer).first?.state else {
                Issue.record("expected the clock to be close to expiry")
                return
            }
            #expect(level == 2)
            test.clock.set(Self.night.addingTimeInterval(73 * 3600))
            guard case .expired(let by, _) = try await powers.inProtectionNow(context: officer).first?.state else {
                Issue.record("expected the protection to show as expired")
                return
            }
            #expect(by == 3600)
            #expect(record.protection.ending == nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func aPoliceStationNeedsAnExceptionalReasonAndNothingIsRecordedWithout(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.night.addingTimeInterval(1800))
            let officer = try await test.anOfficer()
            let child = try await test.aChild(by: officer)
            let refused = try await #require(throws: ValidationFailure.self) {
                _ = try await test.store.policePowers.take(Self.taken(child, kind: .policeStation, reason: "late"), context: officer)
            }
            #expect(refused.errors.map(\.field) == ["accommodation.exceptionalReason"])
            #expect(try await test.store.policePowers.inProtectionNow(context: officer).isEmpty)
            let reason = "No placement could be found in the borough overnight; the duty manager was called at 23:10."
            let record = try await test.store.policePowers.take(Self.taken(child, kind: .policeStation, reason: reason), context: officer)
            #expect(record.protection.accommodation.exceptionalReason == reason)
        }
    }

    @Test(arguments: TestBackend.available)
    func aChildIsNotTakenTwiceAndAnAdultNotAtAll(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (officer, record) = try await Self.inProtection(test)
            let child = try await test.inspect(record.protection.childID)
            let twice = try await #require(throws: ValidationFailure.self) {
                _ = try await test.store.policePowers.take(Self.taken(child), context: officer)
            }
            #expect(twice.errors.first?.message.contains(record.reference) == true)
            let adult = try await test.anAdult(dateOfBirth: "1990-02-01", by: officer)
            let notAChild = try await #require(throws: ValidationFailure.self) {
                _ = try await test.store.policePowers.take(Self.taken(adult), context: officer)
            }
            #expect(notAChild.errors.first?.field == "childId")
        }
    }

    @Test(arguments: TestBackend.available)
    func theDesignatedOfficerIsAnInspectorWhoDidNotTakeTheChild(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (officer, record) = try await Self.inProtection(test)
            let powers = test.store.policePowers
            let id = record.protection.id
            _ = try await test.aSergeant()
            let inspector = try await test.anInspector()
            let at = test.clock.now()
            for (username, field) in [("officer1", "designatedOfficer.userID"), ("sgt1", "designatedOfficer.rank"), ("nobody", "designatedOfficer")] {
                let refused = try await #require(throws: ValidationFailure.self) {
                    _ = try await powers.appointDesignatedOfficer(id, username: username, at: at, version: 1, context: officer)
                }
                #expect(refused.errors.map(\.field).contains(field), "\(username)")
            }
            let appointed = try await powers.appointDesignatedOfficer(id, username: "insp1", at: at, version: 1, context: officer)
            #expect(appointed.protection.designatedOfficer?.userID == inspector.actor.userID)
            #expect(appointed.designatedOfficerName == inspector.actor.displayName)
            #expect(appointed.protection.duties.map(\.duty) == ["designated-officer"])
            #expect(appointed.protection.version == 2)
        }
    }

    @Test(arguments: TestBackend.available)
    func dutiesAreRecordedOnceAndTheChildsWishesNeedTheirWords(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (officer, record) = try await Self.inProtection(test)
            let powers = test.store.policePowers
            let at = test.clock.now()
            let id = record.protection.id
            let noWords = try await #require(throws: ValidationFailure.self) {
                _ = try await powers.recordDuty(id, duty: "child-told-wishes", by: "PC Shah", at: at, note: "", version: 1, context: officer)
            }
            #expect(noWords.errors.map(\.field) == ["duties[0].note"])
            let unknown = try await #require(throws: ValidationFailure.self) {
                _ = try await powers.recordDuty(id, duty: "tea-made", by: "PC Shah", at: at, note: "", version: 1, context: officer)
            }
            #expect(unknown.errors.map(\.field) == ["duties[0].duty"])
            let told = try await powers.recordDuty(
                id, duty: "child-told-wishes", by: "PC Shah", at: at, note: "Amelia said she wants to stay with her nan in Brixton.", version: 1,
                context: officer)
            #expect(!told.outstandingDuties.map(\.id).contains("child-told-wishes"))
            await #expect(throws: ValidationFailure.self) {
                _ = try await powers.recordDuty(id, duty: "child-told-wishes", by: "PC Shah", at: at, note: "Again.", version: 2, context: officer)
            }
            await #expect(throws: VersionConflict.self) {
                _ = try await powers.recordDuty(id, duty: "parents-informed", by: "PC Shah", at: at, note: "", version: 1, context: officer)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func onlyTheDesignatedOfficerAppliesForAnOrderAndNothingEndsAfterExpiry(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (officer, record) = try await Self.inProtection(test)
            let powers = test.store.policePowers
            let inspector = try await test.anInspector()
            let id = record.protection.id
            _ = try await powers.appointDesignatedOfficer(id, username: "insp1", at: test.clock.now(), version: 1, context: officer)
            let notTheirs = try await #require(throws: ValidationFailure.self) {
                _ = try await powers.end(id, code: "epo-application", at: test.clock.now(), note: "", version: 2, context: officer)
            }
            #expect(notTheirs.errors.map(\.field) == ["ending.by"])
            test.clock.set(Self.night.addingTimeInterval(80 * 3600))
            let late = try await #require(throws: ValidationFailure.self) {
                _ = try await powers.end(id, code: "released", at: Self.night.addingTimeInterval(73 * 3600), note: "", version: 2, context: officer)
            }
            #expect(late.errors.map(\.field) == ["ending.at"])
            let ended = try await powers.end(
                id, code: "epo-application", at: Self.night.addingTimeInterval(30 * 3600), note: "Applied at Camberwell court.", version: 2,
                context: inspector)
            #expect(ended.state == .ended(code: "epo-application", at: Self.night.addingTimeInterval(30 * 3600)))
            #expect(try await powers.inProtectionNow(context: officer).isEmpty)
        }
    }

    @Test(arguments: TestBackend.available)
    func anotherTeamCannotSeeOrChangeARestrictedChildsProtection(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (_, record) = try await Self.inProtection(test, restricted: true)
            let outsider = try await test.signedIn("officer-b", role: .responseOfficer, team: "Team B", borough: "Camden")
            let powers = test.store.policePowers
            #expect(try await powers.inProtectionNow(context: outsider).isEmpty)
            await #expect(throws: RecordNotFound.self) {
                _ = try await powers.protection(record.protection.id, purpose: .policePowers, context: outsider)
            }
            await #expect(throws: RecordNotFound.self) {
                _ = try await powers.end(record.protection.id, code: "released", at: test.clock.now(), note: "", version: 1, context: outsider)
            }
            let partner = try await test.signedIn("mash1", role: .partnership)
            await #expect(throws: AccessDenied.self) {
                _ = try await powers.recordDuty(
                    record.protection.id, duty: "parents-informed", by: "X", at: test.clock.now(), note: "", version: 1, context: partner)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func openingAProtectionNeedsAPurposeAndIsLogged(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (_, record) = try await Self.inProtection(test)
            let reader = try await test.anInvestigator()
            await #expect(throws: PurposeRequired.self) {
                _ = try await test.store.policePowers.protection(record.protection.id, purpose: nil, context: reader)
            }
            _ = try await test.store.policePowers.protection(record.protection.id, purpose: .policePowers, context: reader)
            let entries = try await test.store.accessLog.entries(requestID: reader.requestID).map(\.entry)
            #expect(entries.map(\.action) == [.consult])
            #expect(entries.first?.recordIDs == [record.protection.id, record.protection.childID])
        }
    }
}
