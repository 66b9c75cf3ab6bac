/// The language check: the matcher plus the context rules, from text to findings.
///
/// ```swift
/// let checker = try LanguageChecker(pack: pack)
/// for finding in checker.check("It's what she always does") where !finding.quotation { ... }
/// ```
public struct LanguageChecker: Sendable {
    public let matcher: LanguageMatcher
    /// Exceptions per rule, normalised.
    let exceptions: [String: PhraseSet]
    /// Per rule, the context it needs: groups of normalised phrases, one of each group in the sentence.
    let near: [String: [PhraseSet]]

    public init(pack: LanguagePack) throws(PhraseExpander.Invalid) {
        matcher = try LanguageMatcher(pack: pack)
        var exceptions: [String: PhraseSet] = [:]
        var near: [String: [PhraseSet]] = [:]
        for rule in pack.entries {
            var phrases: [String] = []
            for exception in rule.exceptions ?? [] { phrases += try PhraseExpander.expand(exception, macros: pack.macros) }
            if !phrases.isEmpty { exceptions[rule.id] = PhraseSet(phrases) }
            var groups: [PhraseSet] = []
            for pattern in rule.near ?? [] { groups.append(PhraseSet(try PhraseExpander.expand(pattern, macros: pack.macros))) }
            if !groups.isEmpty { near[rule.id] = groups }
        }
        self.exceptions = exceptions
        self.near = near
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
            if let groups = near[rule.id], !LanguageSentence.hasEvery(groups, bytes, start: match.start, end: match.end) { continue }
            if LanguageContext.isNegated(bytes, start: match.start) || LanguageContext.isRejectedAfter(bytes, end: match.end)
                || LanguageContext.isCoerced(bytes, start: match.start)
                || LanguageContext.isCorrectedMention(bytes, start: match.start, end: match.end)
            {
                continue
            }
            if rule.scope == .child && LanguageContext.saidOfAnAdult(bytes, start: match.start) { continue }
            if rule.scope == .partner
                && (LanguageContext.adultsPartner(bytes, start: match.start, end: match.end)
                    || LanguageContext.namesPeer(bytes, end: match.end))
            {
                continue
            }
            lastEnd = match.end
            findings.append(
                LanguageFinding(
                    start: match.start, end: match.end, text: String(decoding: bytes[match.start..<match.end], as: UTF8.self),
                    ruleID: rule.id, term: rule.term, reason: rule.reason, suggestions: rule.suggestions, severity: rule.severity,
                    quotation: LanguageContext.isAttributedQuotation(bytes, start: match.start, end: match.end)
                        || LanguageContext.isReportedAccount(bytes, start: match.start)
                        || LanguageContext.isSelfDescription(bytes, start: match.start)))
        }
        return findings
    }

    /// The writer's own blaming language: findings that are not quotations.
    public func writerFindings(_ text: String) -> [LanguageFinding] {
        check(text).filter { !$0.quotation }
    }

    /// True when an exception phrase for the rule shares a word with the match ("recruited to the police").
    private func isException(_ rule: LanguageRule, _ bytes: [UInt8], _ match: LanguageMatcher.Match) -> Bool {
        guard let phrases = exceptions[rule.id] else { return false }
        let from = max(0, match.start - 80)
        let to = min(bytes.count, match.end + 80)
        func words(_ range: Range<Int>) -> [Substring] { LanguageSentence.contextWords(bytes, range) }
        let before = words(from..<match.start).count
        let matched = words(match.start..<match.end).count
        return phrases.contains(in: words(from..<to), touching: before..<(before + matched))
    }
}
