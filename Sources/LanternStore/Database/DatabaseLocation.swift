import Foundation

/// Where Lantern keeps its data, parsed from `LANTERN_DATABASE_URL` or `--database`.
///
/// - `sqlite:PATH` (relative or absolute; the folder is created on first run)
/// - `postgres://user:password@host:port/database` (also `postgresql://`)
///
/// ```swift
/// let location = try DatabaseLocation.parse("sqlite:./lantern-data/lantern.sqlite")
/// ```
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    public static let defaultURL = "sqlite:./lantern-data/lantern.sqlite"

    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public static func parse(_ text: String) throws(Invalid) -> DatabaseLocation {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("sqlite:") {
            var path = String(trimmed.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else {
                throw Invalid(description: "The database URL 'sqlite:' needs a file path, for example sqlite:./lantern-data/lantern.sqlite")
            }
            return .sqlite(path: path)
        }
        if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            guard let url = URL(string: trimmed), url.host != nil, url.user != nil else {
                throw Invalid(description: "The PostgreSQL URL must look like postgres://user:password@host:5432/database")
            }
            return .postgres(url: trimmed)
        }
        throw Invalid(description: "The database URL must start with sqlite: or postgres:// (got '\(trimmed.prefix(20))')")
    }

    /// The location without its password, safe to print and log.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "postgres://(invalid)" }
            if components.password != nil { components.password = "***" }
            return components.string ?? "postgres://(invalid)"
        }
    }
}
