import Foundation

/// A row of `import_refs`: what a reference in an imported file became (the entity's kind and id) and the hash of
/// the row it came from, so a re-import finds its earlier records and changes only what changed.
struct ImportRefRow: Codable, Equatable {
    static let table = "import_refs"

    var source: String
    var reference: String
    var entityKind: String
    var entityId: String
    var rowHash: String
    var importedAtMs: Int64
}
