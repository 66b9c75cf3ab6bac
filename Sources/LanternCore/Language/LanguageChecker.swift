/// The language check: the matcher plus the context rules, from text to findings.
///
/// ```swift
/// let checker = try LanguageChecker(pack: pack)
/// for finding in checker.check("It's what she always does") where !finding.quotation { ... }
/// ```
public struct LanguageChecker: Sendable {
    public let matcher: LanguageMatcher
    /// Exceptions per rule, normalised.
    let exceptions: [String: [String]]

    public init(pack: LanguagePack) throws(PhraseExpander.Invalid) {
        matcher = try LanguageMatcher(pack: pack)
        var exceptions: [String: [String]] = [:]
        for rule in pack.entries {
            var phrases: [String] = []
            for exception in rule.exceptions ?? [] { phrases += try PhraseExpander.expand(exception, macros: pack.macros) }
            exceptions[rule.id] = phrases
        }
        self.exceptions = exceptions
    }

    public var pack: LanguagePack { matcher.pack }

    /// Every finding in `text`, in order. Overlapping matches keep the earliest, then the longest.
    public func check(_ text: String) -> [LanguageFinding] {
        let bytes = Array(text.utf8)
        var matches: [LanguageMatcher.Match] = []
        bytes.withUnsafeBufferPointer { buffer in
            matcher.scan(buffer) { matches.append($0) }
        }
        guard !matches.isEmpty else { return [] }
        matches.sort { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
        var findings: [LanguageFinding] = []
        var lastEnd = -1
        for match in matches where match.start >= lastEnd {
            let rule = matcher.rule(of: match)
            guard !isException(rule, bytes, match) else { continue }
            if LanguageContext.isNegated(bytes, start: match.start) { continue }
            if rule.scope == .child && LanguageContext.saidOfAnAdult(bytes, start: match.start) { continue }
            if rule.scope == .partner && LanguageContext.adultsPartner(bytes, start: match.start, end: match.end) { continue }
            lastEnd = match.end
            findings.append(LanguageFinding(
                start: match.start, end: match.end, text: String(decoding: bytes[match.start..<match.end], as: UTF8.self),
                ruleID: rule.id, term: rule.term, reason: rule.reason, suggestions: rule.suggestions, severity: rule.severity,
                quotation: LanguageContext.isAttributedQuotation(bytes, start: match.start, end: match.end)))
        }
        return findings
    }

    /// The writer's own blaming language: findings that are not quotations.
    public func writerFindings(_ text: String) -> [LanguageFinding] {
        check(text).filter { !$0.quotation }
    }

    /// True when an exception phrase for the rule covers the match ("recruited to the police").
    private func isException(_ rule: LanguageRule, _ bytes: [UInt8], _ match: LanguageMatcher.Match) -> Bool {
        guard let phrases = exceptions[rule.id], !phrases.isEmpty else { return false }
        let from = max(0, match.start - 80), to = min(bytes.count, match.end + 80)
        let window = " " + PhraseExpander.normalise(String(decoding: bytes[from..<to], as: UTF8.self)) + " "
        let before = PhraseExpander.normalise(String(decoding: bytes[from..<match.start], as: UTF8.self))
        let matched = PhraseExpander.normalise(String(decoding: bytes[match.start..<match.end], as: UTF8.self))
        // Where the match sits in the normalised window (give or take the separator).
        let matchStart = before.count + (before.isEmpty ? 1 : 2)
        let matchRange = (matchStart - 1)..<(matchStart + matched.count + 1)
        for phrase in phrases {
            var searchStart = window.startIndex
            while let found = window.range(of: " " + phrase + " ", range: searchStart..<window.endIndex) {
                let lower = window.distance(from: window.startIndex, to: found.lowerBound)
                let upper = window.distance(from: window.startIndex, to: found.upperBound)
                if lower < matchRange.upperBound && upper > matchRange.lowerBound { return true }
                searchStart = window.index(after: found.lowerBound)
            }
        }
        return false
    }
}
