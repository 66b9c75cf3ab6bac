import Foundation

/// An earlier incident as repeat counting sees it.
public struct EarlierIncident: Sendable, Equatable {
    public var id: String
    public var occurredAt: Date
    public var addressKey: String
    public var victimSuspectPairs: Set<Set<String>>

    public init(id: String, occurredAt: Date, addressKey: String, victimSuspectPairs: Set<Set<String>>) {
        self.id = id
        self.occurredAt = occurredAt
        self.addressKey = addressKey
        self.victimSuspectPairs = victimSuspectPairs
    }
}

/// The earlier incidents in the pack's window at the same address, and between the same adults.
public struct RepeatIncidentMatch: Sendable, Equatable, Codable {
    public var sameAddress: [String]
    public var sameAdults: [String]

    public var isRepeat: Bool { !sameAddress.isEmpty || !sameAdults.isEmpty }
}

public enum RepeatIncidents {
    /// One key per place, the links layer's: "Flat 2, 12 Oak Rd" and "12 Oak Road (flat 2)" with the same postcode are
    /// one address, as they are one Location (`AddressKey`). An address too vague for the links layer (no number and
    /// no postcode) falls back to its words, case, punctuation and spacing aside, marked so it never equals a links key.
    public static func addressKey(_ address: String, postcode: String?) -> String {
        if let key = AddressKey.make(address, postcode: postcode) { return key.value }
        let words = (address + " " + (postcode ?? "")).lowercased().unicodeScalars
            .map { CharacterSet.alphanumerics.contains($0) ? Character($0) : " " }
        return "~" + String(words).split(separator: " ").joined(separator: " ")
    }

    public static func match(
        _ report: IncidentReport, among earlier: [EarlierIncident], rules: DomesticAbuseRules
    ) -> RepeatIncidentMatch {
        let start = WorkingDays.monthsBefore(rules.repeatIncident.withinMonths, report.occurredAt)
        let window = earlier.filter { $0.occurredAt >= start && $0.occurredAt <= report.occurredAt }.sorted { $0.occurredAt < $1.occurredAt }
        let key = addressKey(report.address, postcode: report.postcode)
        let pairs = report.victimSuspectPairs
        return RepeatIncidentMatch(
            sameAddress: window.filter { $0.addressKey == key }.map(\.id),
            sameAdults: window.filter { !$0.victimSuspectPairs.isDisjoint(with: pairs) }.map(\.id))
    }
}
