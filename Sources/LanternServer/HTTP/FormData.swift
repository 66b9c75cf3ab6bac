import Foundation

/// The fields of an `application/x-www-form-urlencoded` body (what HTML forms send).
struct FormData: Sendable {
    private(set) var fields: [String: String] = [:]

    init(body: String) {
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            if fields[key] == nil { fields[key] = value }
        }
    }

    subscript(_ key: String) -> String? { fields[key] }

    /// The trimmed value, or nil when absent or blank.
    func text(_ key: String) -> String? {
        guard let value = fields[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    private static func decode(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
