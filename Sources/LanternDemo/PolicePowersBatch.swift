import Foundation
import LanternCore
import LanternStore
import SQLKit

/// One transaction's worth of generated police powers records, with the place and people of each as links from the
/// child, made by the same helpers the live path uses.
struct PolicePowersBatch {
    typealias Made<Record> = (record: Record, reference: String, team: String, borough: String, scene: PlaceAndPeople)

    var protections: [Made<PoliceProtection>] = []
    var detentions: [Made<ChildInCustody>] = []
    var calls: [WelfareCallRow] = []

    var count: Int { protections.count + detentions.count + calls.count }

    /// Writes the batch in one transaction through the store's row types, with one access-log entry naming what it holds.
    func write(_ store: Store, system: Actor, now: Date) async throws {
        guard count > 0 else { return }
        try await store.database.transaction { [self] sql in
            let protectionRows = protections.map {
                PoliceProtectionRow($0.record, reference: $0.reference, team: $0.team, borough: $0.borough, createdAt: now)
            }
            try await DomesticAbuseBatch.insert(protectionRows, into: PoliceProtectionRow.table, in: sql)
            let duties = protections.flatMap { p in
                p.record.duties.map { PoliceProtectionDutyRow($0, on: p.record.id, recordedBy: system.userID, at: now) }
            }
            try await DomesticAbuseBatch.insert(duties, into: PoliceProtectionDutyRow.table, in: sql)
            let detentionRows = try detentions.map {
                try CustodyDetentionRow(
                    $0.record, reference: $0.reference, team: $0.team, borough: $0.borough, createdBy: system.userID, createdAt: now)
            }
            try await DomesticAbuseBatch.insert(detentionRows, into: CustodyDetentionRow.table, chunk: 100, in: sql)
            try await DomesticAbuseBatch.insert(calls, into: WelfareCallRow.table, in: sql)
            for p in protections {
                try await PolicePowersLinks.link(
                    p.scene, child: p.record.childID, placeType: .protectedFrom, personType: .protectedFrom, at: p.record.takenAt,
                    source: (PolicePowersStore.recordType, p.record.id), by: system, now: now, in: sql)
            }
            for d in detentions {
                try await PolicePowersLinks.link(
                    d.scene, child: d.record.childID, placeType: .arrestedAt, personType: .arrestedWith, at: d.record.detainedAt,
                    source: (PolicePowersStore.custodyRecordType, d.record.id), by: system, now: now, in: sql)
            }
            try await AccessLogStore.append(
                AccessLogEntry(
                    at: now, actor: system, action: .create, recordType: PolicePowersStore.recordType,
                    detail: "demo generator: \(protections.count) police protections, \(detentions.count) children in custody, "
                        + "\(calls.count) welfare calls"),
                in: sql)
        }
    }
}
