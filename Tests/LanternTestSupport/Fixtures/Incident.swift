import Foundation
import LanternCore
import LanternStore

/// A domestic abuse incident as the fixtures record it: the record and the people in it.
public struct RecordedIncident: Sendable {
    public var record: IncidentRecord
    public var victim: Person
    public var suspect: Person
    public var children: [Person]
}

extension TestStore {
    /// A UTC instant from "2026-11-27T21:00:00Z".
    public static func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    /// An incident at `address` with an adult victim and suspect (made unless given) and the children given,
    /// each of them present, recorded by `context` at `at`.
    public func anIncident(
        at: Date, address: String = "12 Oak Road", victim: Person? = nil, suspect: Person? = nil, children: [Person], by context: AccessContext
    ) async throws -> RecordedIncident {
        let victim = try await victim.asyncOr { try await anAdult(.parentOrCarer, given: "Sara", family: "Hart", by: context) }
        let suspect = try await suspect.asyncOr { try await anAdult(.suspect, given: "Dean", family: "Wallis", by: context) }
        let report = IncidentReport(
            occurredAt: at, address: address, postcode: "SE1 7AA", whatHappened: "Shouting heard by a neighbour; a door was broken.",
            attendedBy: ["PC 1234"], adults: [.init(personID: victim.id, role: .victim), .init(personID: suspect.id, role: .suspect)],
            children: children.map { IncidentChild(childID: $0.id, presence: .present, voice: "") })
        let record = try await store.domesticAbuse.report(report, context: context)
        return RecordedIncident(record: record, victim: victim, suspect: suspect, children: children)
    }
}

extension Optional where Wrapped: Sendable {
    /// The value, or the one `make` makes when there is none.
    func asyncOr(_ make: () async throws -> Wrapped) async throws -> Wrapped {
        if let self { return self }
        return try await make()
    }
}
