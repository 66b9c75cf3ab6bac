import Foundation
import SQLKit

/// Instants are stored as milliseconds since 1970 UTC in `*_ms BIGINT` columns on both engines.
enum StoredDate {
    static func required(_ row: any SQLRow, _ column: String) throws -> Date {
        Date(millisecondsSince1970: try row.decode(column: column, as: Int64.self))
    }

    static func optional(_ row: any SQLRow, _ column: String) throws -> Date? {
        try row.decode(column: column, as: Int64?.self).map(Date.init(millisecondsSince1970:))
    }
}
