import Foundation
import LanternCore
import LanternStore
import LanternTestSupport
import Testing

/// Welfare calls under Right Care Right Person in the store: the threshold and the child carve-out refuse not attending,
/// a child's call not attended goes to the MASH until taken up. SQLite and, when configured, PostgreSQL.
@Suite("Welfare calls")
struct PolicePowersWelfareTests {
    static let night = ISO8601DateFormatter().date(from: "2026-11-27T23:00:00Z")!

    static func call(
        _ kind: String, about subject: Person?, threshold: Bool = false, decision: WelfareCall.Decision, isChild: Bool = false
    ) -> WelfareCall {
        WelfareCall(
            id: "", kind: kind, receivedAt: night, subjectID: subject?.id, subjectIsChild: isChild, thresholdMet: threshold, decision: decision,
            reason: "The ward's own staff are looking for him and have his mother's number.", partnerAgency: "NHS ward staff", decidedBy: "")
    }

    @Test(arguments: TestBackend.available)
    func notAttendingIsRefusedWhenTheThresholdIsMetOrTheCarveOutKeepsAChildsCall(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.night.addingTimeInterval(600))
            let handler = try await test.anOfficer()
            let child = try await test.aChild(by: handler)
            let powers = test.store.policePowers
            let threshold = try await #require(throws: ValidationFailure.self) {
                _ = try await powers.triage(
                    Self.call("absent-from-mental-health-unit", about: child, threshold: true, decision: .notAttend), context: handler)
            }
            #expect(threshold.errors.map(\.field) == ["decision"])
            let carveOut = try await #require(throws: ValidationFailure.self) {
                _ = try await powers.triage(Self.call("concern-for-welfare", about: child, decision: .notAttend), context: handler)
            }
            #expect(carveOut.errors.map(\.field) == ["decision"])
            #expect(try await powers.mashWelfareQueue(context: handler).isEmpty, "nothing recorded")
        }
    }

    @Test(arguments: TestBackend.available)
    func aChildsCallNotAttendedGoesToTheMASHUntilTakenUp(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.night.addingTimeInterval(600))
            let handler = try await test.anOfficer()
            let child = try await test.aChild(by: handler)
            let powers = test.store.policePowers
            // The handler said adult; the child's record decides.
            let record = try await powers.triage(Self.call("absent-from-mental-health-unit", about: child, decision: .notAttend), context: handler)
            #expect(record.call.subjectIsChild)
            #expect(record.reference.hasPrefix("WC-"))
            let mash = try await test.signedIn("mash1", role: .partnership, rank: .staff)
            #expect(try await powers.mashWelfareQueue(context: mash).map(\.reference) == [record.reference])
            await #expect(throws: AccessDenied.self) { _ = try await powers.takeUpWelfareCall(record.call.id, note: "Seen.", context: handler) }
            await #expect(throws: ValidationFailure.self) { _ = try await powers.takeUpWelfareCall(record.call.id, note: " ", context: mash) }
            let taken = try await powers.takeUpWelfareCall(record.call.id, note: "Called the ward; he was found in the garden.", context: mash)
            #expect(taken.takenUp?.by == mash.actor.displayName)
            #expect(try await powers.mashWelfareQueue(context: mash).isEmpty)
            let adult = try await test.anAdult(dateOfBirth: "1990-01-01", by: handler)
            _ = try await powers.triage(
                Self.call("absent-from-mental-health-unit", about: adult, decision: .notAttend, isChild: true), context: handler)
            #expect(try await powers.mashWelfareQueue(context: mash).isEmpty, "an adult's call is not the MASH's, whatever the handler ticked")
        }
    }

    @Test(arguments: TestBackend.available)
    func aRestrictedChildsCallIsHiddenFromAnotherTeamsMASH(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.night.addingTimeInterval(600))
            let handler = try await test.anOfficer()
            let child = try await test.aChild(restricted: true, by: handler)
            let powers = test.store.policePowers
            let record = try await powers.triage(Self.call("transport-to-health-setting", about: child, decision: .notAttend), context: handler)
            let otherMash = try await test.signedIn("mash-b", role: .partnership, rank: .staff, team: "Camden MASH", borough: "Camden")
            #expect(try await powers.mashWelfareQueue(context: otherMash).isEmpty)
            await #expect(throws: RecordNotFound.self) { _ = try await powers.takeUpWelfareCall(record.call.id, note: "Seen.", context: otherMash) }
        }
    }
}
