/// One phrase found in a narrative, as the API returns it (DESIGN.md: `POST /api/v1/language/check`).
public struct LanguageFinding: Sendable, Equatable, Codable {
    /// UTF-8 byte offsets into the checked text: `text[start..<end]` is the phrase as written.
    public var start: Int
    public var end: Int
    public var text: String
    public var ruleID: String
    public var term: String
    public var reason: String
    public var suggestions: [String]
    public var severity: LanguageSeverity
    /// True when the phrase sits inside a quotation attributed to someone else (for example the
    /// child's own words), or reports what the child described ("Oscar described sexual activity
    /// with ..."): it is reported, but it is not the writer's language.
    public var quotation: Bool

    public init(
        start: Int, end: Int, text: String, ruleID: String, term: String, reason: String, suggestions: [String],
        severity: LanguageSeverity, quotation: Bool
    ) {
        self.start = start
        self.end = end
        self.text = text
        self.ruleID = ruleID
        self.term = term
        self.reason = reason
        self.suggestions = suggestions
        self.severity = severity
        self.quotation = quotation
    }

    enum CodingKeys: String, CodingKey {
        case start, end, text
        case ruleID = "ruleId"
        case term, reason, suggestions, severity, quotation
    }
}
