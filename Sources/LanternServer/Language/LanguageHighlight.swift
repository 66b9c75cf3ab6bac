import LanternCore

/// The text with each finding marked, as safe HTML: every piece of the writer's text is
/// escaped; only Lantern's own `<mark>` elements are markup.
enum LanguageHighlight {
    static func html(_ text: String, findings: [LanguageFinding]) -> String {
        let bytes = Array(text.utf8)
        var out = ""
        var position = 0
        for finding in findings.sorted(by: { $0.start < $1.start }) where finding.start >= position && finding.end <= bytes.count {
            out += escape(String(decoding: bytes[position..<finding.start], as: UTF8.self))
            let label = finding.quotation ? "quoted" : "change or keep"
            out +=
                "<mark class=\"language-mark\" title=\"\(escape(finding.term)): \(label)\">"
                + escape(String(decoding: bytes[finding.start..<finding.end], as: UTF8.self)) + "</mark>"
            position = finding.end
        }
        out += escape(String(decoding: bytes[position...], as: UTF8.self))
        return out
    }

    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    /// Template data for the findings panel under a narrative field.
    static func panel(_ review: LanguageReviewNeeded, text: String) -> [String: Any] {
        [
            "highlighted": html(text, findings: review.findings),
            "items": review.unacknowledged.map { finding -> [String: Any] in
                [
                    "text": finding.text, "term": finding.term, "reason": finding.reason,
                    "suggestions": finding.suggestions.map { ["text": $0] },
                ]
            },
            "ruleIds": Array(Set(review.unacknowledged.map(\.ruleID))).sorted().joined(separator: ","),
        ]
    }
}
