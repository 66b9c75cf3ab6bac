import Foundation

/// Ids of new rows: lower-case UUIDs, the same text on both engines.
enum StoredID {
    static func new() -> String { UUID().uuidString.lowercased() }
}
