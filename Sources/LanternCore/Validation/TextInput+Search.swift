import Foundation

/// Rules for text used to search: what counts towards the minimum, and how it becomes a LIKE pattern.
extension TextInput {
    /// How many characters of a search count towards its minimum: letters and digits only, so
    /// that punctuation and wildcards ("%%", "__") cannot pass for a search term.
    public static func searchCharacterCount(_ text: String) -> Int {
        text.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.count
    }

    /// A LIKE pattern matching `text` anywhere, with `%`, `_` and the escape character itself
    /// escaped so they match literally. Use with `ESCAPE '!'` (SQLite has no default escape).
    public static func likeContains(_ text: String) -> String {
        "%" + likeEscaped(text) + "%"
    }

    public static let likeEscape: Character = "!"

    public static func likeEscaped(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "%" || character == "_" || character == likeEscape { out.append(likeEscape) }
            out.append(character)
        }
        return out
    }
}
