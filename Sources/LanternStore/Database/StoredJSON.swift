import Foundation

/// JSON columns hold small lists (answers, reasons, aliases) with dates as milliseconds and keys
/// sorted, so both engines store the same bytes.
enum StoredJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()

    /// The text stored for `value`.
    static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The value stored as `text`.
    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try decoder.decode(type, from: Data(text.utf8))
    }

    /// A JSON list column added after its table: NULL (on rows written before it) is an empty list.
    static func list(_ text: String?) throws -> [String] {
        guard let text else { return [] }
        return try decode([String].self, text)
    }
}
