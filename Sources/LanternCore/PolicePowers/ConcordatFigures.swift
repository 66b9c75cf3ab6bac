import Foundation

/// The Concordat on Children in Custody's data principle: how many children were held overnight after bail was refused,
/// and how many s38(7) certificates were made, month by month (UK months, by the day bail was refused).
public enum ConcordatFigures {
    public struct Month: Sendable, Equatable, Codable {
        /// `YYYY-MM`.
        public var month: String
        public var heldOvernight: Int
        public var certified: Int
        public var refusedBail: Int

        public init(month: String, heldOvernight: Int, certified: Int, refusedBail: Int) {
            self.month = month
            self.heldOvernight = heldOvernight
            self.certified = certified
            self.refusedBail = refusedBail
        }
    }

    /// Each month with at least one child refused bail, the newest first; `now` ends a transfer still waiting.
    public static func byMonth(_ detentions: [ChildInCustody], at now: Date) -> [Month] {
        var months: [String: Month] = [:]
        for detention in detentions {
            guard let transfer = detention.transfer else { continue }
            let day = WorkingDays.ukDay(of: transfer.bailRefusedAt)
            let key = String(format: "%04d-%02d", day.year, day.month)
            var month = months[key] ?? Month(month: key, heldOvernight: 0, certified: 0, refusedBail: 0)
            month.refusedBail += 1
            if TransferClock.heldOvernight(transfer, at: detention.releasedAt ?? now) { month.heldOvernight += 1 }
            if transfer.certificate != nil { month.certified += 1 }
            months[key] = month
        }
        return months.values.sorted { $0.month > $1.month }
    }
}
