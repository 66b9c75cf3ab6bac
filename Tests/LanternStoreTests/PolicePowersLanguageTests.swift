import Foundation
import LanternCore
import LanternStore
import LanternTestSupport
import Testing

/// Every free text a police powers record holds about a child is language-checked: a phrase that can blame the child
/// holds the write, naming the field, until it is changed or knowingly kept. SQLite and, when configured, PostgreSQL.
@Suite("Police powers language")
struct PolicePowersLanguageTests {
    static let blaming = "She puts herself at risk by going there."

    /// Runs `write` with no acknowledgement (held on `field`, `unchanged` still true), then acknowledging what was found.
    static func heldThenKept(
        field: String, unchanged: () async throws -> Bool, _ write: (Set<String>) async throws -> Void
    ) async throws {
        let held = try await #require(throws: LanguageReviewNeeded.self) { try await write([]) }
        #expect(held.field == field)
        #expect(try await unchanged(), "nothing was saved while \(field) was held")
        try await write(Set(held.unacknowledged.map(\.ruleID)))
    }

    @Test(arguments: TestBackend.available)
    func anExceptionalReasonForAPoliceStationIsChecked(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(PolicePowersStoreTests.night.addingTimeInterval(1800))
            let officer = try await test.anOfficer()
            let child = try await test.aChild(by: officer)
            let taken = PolicePowersStoreTests.taken(child, kind: .policeStation, reason: "No placement before morning. " + Self.blaming)
            try await Self.heldThenKept(
                field: "accommodation.exceptionalReason",
                unchanged: { try await test.store.policePowers.protections(ofChild: child).isEmpty }
            ) { acknowledged in
                _ = try await test.store.policePowers.take(taken, acknowledgedLanguage: acknowledged, context: officer)
            }
            #expect(try await test.store.policePowers.protections(ofChild: child).count == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func theUrgentSearchReasonTheJustificationAndTheCertificateReasonsAreChecked(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (officer, record) = try await PolicePowersCustodyTests.inCustody(test)
            let powers = test.store.policePowers
            let id = record.detention.id
            let evening = PolicePowersCustodyTests.evening
            let version = { try await powers.detention(id, purpose: .policePowers, context: officer).detention.version }
            let search = CustodySearch(
                kind: .strip, at: evening.addingTimeInterval(1800), by: "PC Shah", appropriateAdultPresent: false,
                urgentException: .init(reason: "Believed to be concealing a blade. " + Self.blaming, supervisor: "PS Kowal"))
            try await Self.heldThenKept(field: "urgentException.reason", unchanged: { try await version() == 1 }) { acknowledged in
                _ = try await powers.recordSearch(id, search, version: 1, acknowledgedLanguage: acknowledged, context: officer)
            }
            let refused = evening.addingTimeInterval(3000)
            var transfer = TransferRequest(
                chargedAt: evening.addingTimeInterval(2400), bailRefusedAt: refused, accommodation: .secure,
                justification: "Threatened a witness with a knife today. " + Self.blaming)
            try await Self.heldThenKept(field: "justification", unchanged: { try await version() == 2 }) { acknowledged in
                _ = try await powers.recordTransfer(id, transfer, version: 2, acknowledgedLanguage: acknowledged, context: officer)
            }
            test.clock.set(refused.addingTimeInterval(3 * 3600))
            transfer.requestedAt = refused.addingTimeInterval(600)
            transfer.certificate = .init(
                ground: .impracticable, reasons: "Snow closed every road out of the station. " + Self.blaming, custodyOfficer: "PS Kowal",
                at: refused.addingTimeInterval(3600))
            // The justification is unchanged, so only the certificate's reasons are held.
            try await Self.heldThenKept(field: "certificate.reasons", unchanged: { try await version() == 3 }) { acknowledged in
                _ = try await powers.recordTransfer(id, transfer, version: 3, acknowledgedLanguage: acknowledged, context: officer)
            }
            let released = try await powers.release(id, at: refused.addingTimeInterval(7200), version: 4, context: officer)
            let twice = try await #require(throws: ValidationFailure.self) {
                _ = try await powers.release(id, at: refused.addingTimeInterval(7300), version: released.detention.version, context: officer)
            }
            #expect(twice.errors.map(\.field) == ["at"])
            #expect(try await version() == 5)
        }
    }

    @Test(arguments: TestBackend.available)
    func whatTheMASHDidIsChecked(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(PolicePowersWelfareTests.night.addingTimeInterval(600))
            let handler = try await test.anOfficer()
            let child = try await test.aChild(by: handler)
            let powers = test.store.policePowers
            let call = try await powers.triage(
                PolicePowersWelfareTests.call("absent-from-mental-health-unit", about: child, decision: .notAttend), context: handler)
            let mash = try await test.signedIn("mash1", role: .partnership, rank: .staff)
            try await Self.heldThenKept(field: "note", unchanged: { try await powers.mashWelfareQueue(context: mash).count == 1 }) { acknowledged in
                _ = try await powers.takeUpWelfareCall(
                    call.call.id, note: "Called the ward. " + Self.blaming, acknowledgedLanguage: acknowledged, context: mash)
            }
            #expect(try await powers.mashWelfareQueue(context: mash).isEmpty)
        }
    }
}
