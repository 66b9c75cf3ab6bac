/// A person named in text the system writes (a screening reason, an alert), stored as a token and
/// turned into words for each reader: the name for one who may open the record, "a restricted record"
/// for one who may not, "an erased record" once it is erased. A name written into stored text would
/// show to every reader, whatever the person's record allows.
///
/// ```swift
/// let stored = "In the same network as \(PersonMention.token(child.id)), who is under concern EC-1"
/// PersonMention.render(stored) { id in names[id] }   // "In the same network as Mia Jones, who ..."
/// ```
public enum PersonMention {
    static let opening = "⟦person:"
    static let closing = "⟧"

    /// What a reader sees in place of a person they may not open.
    public static let restricted = "a restricted record"
    /// What every reader sees in place of an erased person.
    public static let erased = "an erased record"

    public static func token(_ personID: String) -> String { opening + personID + closing }

    /// The ids mentioned in `text`, in order, each once.
    public static func ids(in text: String) -> [String] {
        var ids: [String] = []
        var rest = text[...]
        while let start = rest.range(of: opening), let end = rest[start.upperBound...].range(of: closing) {
            let id = String(rest[start.upperBound..<end.lowerBound])
            if !ids.contains(id) { ids.append(id) }
            rest = rest[end.upperBound...]
        }
        return ids
    }

    /// `text` with each token replaced by `words(id)`, or by ``restricted`` where that is nil.
    public static func render(_ text: String, words: (String) -> String?) -> String {
        guard text.contains(opening) else { return text }
        var result = ""
        var rest = text[...]
        while let start = rest.range(of: opening), let end = rest[start.upperBound...].range(of: closing) {
            result += rest[..<start.lowerBound]
            result += words(String(rest[start.upperBound..<end.lowerBound])) ?? restricted
            rest = rest[end.upperBound...]
        }
        return result + rest
    }

}
