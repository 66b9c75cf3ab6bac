import Foundation
import LanternCore
import Testing

/// The Concordat's monthly figures: held overnight (still in custody at midnight UK time after bail was refused) and
/// certified, counted in the UK month bail was refused.
@Suite("Concordat figures")
struct ConcordatFiguresTests {
    static func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    static func detention(refused: String, transferred: String? = nil, released: String? = nil, certified: Bool = false) -> ChildInCustody {
        let bail = instant(refused)
        let certificate =
            certified
            ? TransferRequest.Certificate(ground: .impracticable, reasons: "No placement anywhere tonight.", custodyOfficer: "PS K", at: bail) : nil
        return ChildInCustody(
            id: refused, childID: "c", custodyRecord: "r", detainedAt: bail.addingTimeInterval(-3600),
            transfer: TransferRequest(chargedAt: bail, bailRefusedAt: bail, transferredAt: transferred.map(instant), certificate: certificate),
            releasedAt: released.map(instant))
    }

    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var detentions: [ChildInCustody]
        var now: String
        var expected: [ConcordatFigures.Month]
    }

    static let cases: [Case] = [
        Case(
            description: "transferred the same evening is not overnight",
            detentions: [detention(refused: "2026-11-10T19:00:00Z", transferred: "2026-11-10T22:00:00Z")],
            now: "2026-11-20T12:00:00Z", expected: [.init(month: "2026-11", heldOvernight: 0, certified: 0, refusedBail: 1)]),
        Case(
            description: "certified and released the next morning is overnight and certified",
            detentions: [detention(refused: "2026-11-10T22:00:00Z", released: "2026-11-11T09:00:00Z", certified: true)], now: "2026-11-20T12:00:00Z",
            expected: [.init(month: "2026-11", heldOvernight: 1, certified: 1, refusedBail: 1)]),
        Case(
            description: "still waiting past midnight counts overnight", detentions: [detention(refused: "2026-11-30T23:30:00Z")],
            now: "2026-12-01T01:00:00Z", expected: [.init(month: "2026-11", heldOvernight: 1, certified: 0, refusedBail: 1)]),
        Case(
            description: "23:30 UTC on 31 August is 00:30 on 1 September in London (summer time): a September figure",
            detentions: [detention(refused: "2026-08-31T23:30:00Z", transferred: "2026-09-01T03:00:00Z")], now: "2026-11-20T12:00:00Z",
            expected: [.init(month: "2026-09", heldOvernight: 0, certified: 0, refusedBail: 1)]),
        Case(
            description: "months newest first",
            detentions: [
                detention(refused: "2026-09-02T12:00:00Z", transferred: "2026-09-02T15:00:00Z"),
                detention(refused: "2026-11-02T12:00:00Z", certified: true),
            ],
            now: "2026-11-02T13:00:00Z",
            expected: [
                .init(month: "2026-11", heldOvernight: 0, certified: 1, refusedBail: 1),
                .init(month: "2026-09", heldOvernight: 0, certified: 0, refusedBail: 1),
            ]),
    ]

    @Test(arguments: cases)
    func figures(_ c: Case) {
        #expect(ConcordatFigures.byMonth(c.detentions, at: Self.instant(c.now)) == c.expected)
    }
}
