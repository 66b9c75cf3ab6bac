import Foundation
import LanternCore
import SQLKit

/// A row of `flags` (named apart from LanternCore's `FlagRow`, a row of the register file): one register entry
/// on a person or place (a registered sex offender, a known exploitation location, a warning notice). A removed
/// entry keeps its row with `removed_at_ms` set; `row_hash` is the register row's content, so re-importing an
/// unchanged file changes nothing.
struct FlagEntryRow: Codable, Equatable {
    static let table = "flags"

    var id: String
    var entityKind: String
    var entityId: String
    var flag: String
    var source: String
    var reference: String
    var details: String
    var rowHash: String
    var addedAtMs: Int64
    var removedAtMs: Int64?
}

extension FlagEntryRow {
    /// A new entry on `entity`, from the register `source`.
    init(
        id: String, on entity: EntityRef, _ flag: FlagKind, source: String, reference: String, details: String, rowHash: String, at now: Date
    ) {
        self.init(
            id: id, entityKind: entity.kind.rawValue, entityId: entity.id, flag: flag.rawValue, source: source, reference: reference,
            details: details, rowHash: rowHash, addedAtMs: now.millisecondsSince1970, removedAtMs: nil)
    }

    /// The flag's kind; one this Lantern does not know is a ``StoredValueUnknown``.
    func kind() throws -> FlagKind {
        try StoredCode.known(FlagKind.self, flag, table: Self.table, column: "flag")
    }
}

extension FlagEntryRow {
    /// The entries not removed on any of `entityIDs`, in reference order.
    static func active(on entityIDs: [String], in sql: any SQLDatabase) async throws -> [FlagEntryRow] {
        guard !entityIDs.isEmpty else { return [] }
        return try await sql.select().column("*").from(table).where("entity_id", .in, entityIDs).where("removed_at_ms", .is, SQLLiteral.null)
            .orderBy("reference").all(decoding: FlagEntryRow.self, with: StoredRow.decoder)
    }
}
