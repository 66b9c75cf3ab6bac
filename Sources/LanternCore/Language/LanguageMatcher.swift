/// Finds the rule pack's phrases in text, built once and reused for every check.
///
/// Text is normalised on the fly, byte by byte, into a stream of word symbols (lower-case
/// ASCII letters and digits, accented Latin letters as their plain letter, word-internal
/// apostrophes, any other Unicode letter as one opaque symbol) separated by single spaces; hyphens count as spaces, a hyphen at a line
/// break joins the word back together, and curly apostrophes are straight. Every phrase is
/// compiled, with a space at each end, into one Aho-Corasick automaton over that stream,
/// so a phrase only matches whole words ("the therapist" never contains "the rapist") and
/// the whole pack is found in a single pass, whatever its size.
///
/// ```swift
/// let matcher = try LanguageMatcher(pack: pack)
/// let findings = matcher.findings(in: "She keeps putting herself at risk")
/// // findings[0].term == "putting themselves at risk", findings[0].start == 10
/// ```
public struct LanguageMatcher: Sendable {
    public let pack: LanguagePack
    /// Symbols: 0 space, 1-26 a-z, 27-36 0-9, 37 apostrophe, 38 any other letter.
    static let symbolCount = PhraseAutomaton.symbolCount
    static let space: Int = 0
    static let apostrophe: Int = 37
    static let otherLetter: Int = 38

    let automaton: PhraseAutomaton
    /// Length in symbols of each phrase, counting the boundary space at each end.
    let phraseLength: [Int]
    let phraseRule: [Int]
    public let phrases: [String]
    let ringMask: Int

    public init(pack: LanguagePack) throws(PhraseExpander.Invalid) {
        self.pack = pack
        var phrases: [String] = []
        var phraseRule: [Int] = []
        var seen: [String: Int] = [:]
        for (index, rule) in pack.entries.enumerated() {
            for pattern in rule.patterns {
                for phrase in try PhraseExpander.expand(pattern, macros: pack.macros) where seen[phrase] == nil {
                    seen[phrase] = index
                    phrases.append(phrase)
                    phraseRule.append(index)
                }
            }
        }
        self.phrases = phrases
        self.phraseRule = phraseRule
        // Each phrase wrapped in spaces, so it only ever matches whole words.
        let symbols = phrases.map { phrase in [UInt8(Self.space)] + phrase.utf8.map { UInt8(Self.symbol(ofNormalised: $0)) } + [UInt8(Self.space)] }
        self.automaton = PhraseAutomaton(phrases: symbols)
        self.phraseLength = symbols.map(\.count)
        var ring = 1
        while ring < (phraseLength.max() ?? 2) + 2 { ring <<= 1 }
        self.ringMask = ring - 1
    }

    static func symbol(ofNormalised byte: UInt8) -> Int {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): Int(byte - UInt8(ascii: "a")) + 1
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0")) + 27
        case UInt8(ascii: "'"): apostrophe
        case UInt8(ascii: " "): space
        default: otherLetter
        }
    }

    /// A raw match: which phrase, and its UTF-8 byte range in the text.
    public struct Match: Sendable, Equatable {
        public var phrase: Int
        public var start: Int
        public var end: Int
    }

    /// Calls `onMatch` for every phrase occurrence, in order of where it ends.
    public func scan(_ bytes: UnsafeBufferPointer<UInt8>, onMatch: (Match) -> Void) {
        automaton.table.withUnsafeBufferPointer { table in
            let scanner = Scanner(table: table.baseAddress!, ringMask: ringMask)
            scanner.run(bytes) { state, symbolIndex, ring in
                // The phrase ending here, then each one down the failure chain (a shorter phrase ending at the same place).
                var end = automaton.own[state] >= 0 ? state : Int(automaton.outputLink[state])
                while end >= 0 {
                    let phrase = Int(automaton.own[end])
                    let length = phraseLength[phrase]
                    // The phrase's first letter follows its leading space; it ends where its trailing space begins.
                    let first = (symbolIndex - length + 2) & ringMask
                    onMatch(Match(phrase: phrase, start: ring[first], end: ring[symbolIndex & ringMask]))
                    end = Int(automaton.outputLink[end])
                }
            }
        }
    }

    /// Counts phrase occurrences (the bulk-scan path): no match records are built.
    public func count(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var total = 0
        automaton.table.withUnsafeBufferPointer { table in
            automaton.outputCount.withUnsafeBufferPointer { counts in
                Scanner(table: table.baseAddress!, ringMask: ringMask).run(bytes) { state, _, _ in
                    total &+= Int(counts[state])
                }
            }
        }
        return total
    }

    public func rule(of match: Match) -> LanguageRule { pack.entries[phraseRule[match.phrase]] }
}

extension LanguageMatcher: CustomStringConvertible {
    public var description: String { "LanguageMatcher(\(pack.pack) v\(pack.version), \(phrases.count) phrases)" }
}
