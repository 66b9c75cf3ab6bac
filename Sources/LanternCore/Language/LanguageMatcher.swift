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

/// The byte-level normaliser and automaton walk. Kept apart so the hot loop sees only
/// plain integers and raw pointers.
struct Scanner {
    let table: UnsafePointer<Int32>
    let ringMask: Int

    init(table: UnsafePointer<Int32>, ringMask: Int) {
        self.table = table
        self.ringMask = ringMask
    }

    /// Byte classes for ASCII: 1-36 word symbols, 0 separator, 100 apostrophe, 101 hyphen, 102 non-ASCII.
    static let asciiClass: [UInt8] = {
        var classes = [UInt8](repeating: 0, count: 256)
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") { classes[Int(b)] = b - UInt8(ascii: "a") + 1 }
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { classes[Int(b)] = b - UInt8(ascii: "A") + 1 }
        for b in UInt8(ascii: "0")...UInt8(ascii: "9") { classes[Int(b)] = b - UInt8(ascii: "0") + 27 }
        classes[Int(UInt8(ascii: "'"))] = 100
        classes[Int(UInt8(ascii: "-"))] = 101
        for b in 0x80...0xFF { classes[b] = 102 }
        return classes
    }()

    /// Walks `bytes`; calls `onOutput(state, symbolIndex, ring)` when a phrase ends, where `ring`
    /// holds the byte offset at which each recent symbol starts (indexed by symbol number & ringMask).
    func run(_ bytes: UnsafeBufferPointer<UInt8>, onOutput: (Int, Int, UnsafeMutablePointer<Int>) -> Void) {
        let ring = UnsafeMutablePointer<Int>.allocate(capacity: ringMask + 1)
        defer { ring.deallocate() }
        ring.initialize(repeating: 0, count: ringMask + 1)
        Self.asciiClass.withUnsafeBufferPointer { classTable in
            let classes = classTable.baseAddress!
            let n = LanguageMatcher.symbolCount
            let mask = ringMask
            let table = self.table
            var state = 0
            var symbolIndex = 0
            var lastWasSpace = false
            // Pending punctuation whose meaning depends on what follows.
            var apostropheAt = -1
            var hyphenAt = -1, hyphenSawNewline = false

            @inline(__always) func emit(_ symbol: Int, _ start: Int) {
                if symbol == 0 {
                    if lastWasSpace { return }
                    lastWasSpace = true
                } else {
                    lastWasSpace = false
                }
                symbolIndex &+= 1
                ring[symbolIndex & mask] = start
                let next = Int(table[state &* n &+ symbol])
                if next >= 0 {
                    state = next
                } else {
                    state = -next - 1
                    onOutput(state, symbolIndex, ring)
                }
            }
            /// Settles a pending apostrophe or hyphen before a word character (`word`) or anything else.
            @inline(__always) func settle(beforeWord word: Bool) {
                if apostropheAt >= 0 {
                    emit(word && !lastWasSpace ? LanguageMatcher.apostrophe : 0, apostropheAt)
                    apostropheAt = -1
                }
                if hyphenAt >= 0 {
                    if !(word && hyphenSawNewline) { emit(0, hyphenAt) }
                    hyphenAt = -1
                    hyphenSawNewline = false
                }
            }

            emit(0, 0)
            let count = bytes.count
            guard let base = bytes.baseAddress else { emit(0, 0); return }
            var i = 0
            while i < count {
                let byte = base[i]
                let cls = Int(classes[Int(byte)])
                if cls &- 1 < 36 && cls != 0 {
                    // A letter or digit: the common case.
                    if apostropheAt >= 0 || hyphenAt >= 0 { settle(beforeWord: true) }
                    lastWasSpace = false
                    symbolIndex &+= 1
                    ring[symbolIndex & mask] = i
                    let next = Int(table[state &* n &+ cls])
                    if next >= 0 {
                        state = next
                    } else {
                        state = -next - 1
                        onOutput(state, symbolIndex, ring)
                    }
                    i &+= 1
                    continue
                }
                switch cls {
                case 0:
                    if hyphenAt >= 0 && (byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A) {
                        if byte == 0x0A { hyphenSawNewline = true }
                        i &+= 1
                        continue
                    }
                    if apostropheAt >= 0 || hyphenAt >= 0 { settle(beforeWord: false) }
                    if !lastWasSpace { emit(0, i) }
                    i &+= 1
                case 100:
                    settle(beforeWord: false)
                    apostropheAt = i
                    i &+= 1
                case 101:
                    settle(beforeWord: false)
                    hyphenAt = i
                    i &+= 1
                default:
                    // Non-ASCII: decode one scalar and classify the few that matter.
                    let (scalar, length) = Self.decode(base, count, at: i)
                    switch scalar {
                    case 0x2019:                                   // ’ right single quotation mark: an apostrophe
                        settle(beforeWord: false)
                        apostropheAt = i
                    case 0x00AD:                                   // soft hyphen: invisible, joins the word
                        break
                    case 0x2010, 0x2011:                           // hyphen, non-breaking hyphen
                        settle(beforeWord: false)
                        hyphenAt = i
                    case 0x00A0, 0x2000...0x200A, 0x2012...0x2018, 0x201A...0x203F, 0x2028, 0x2029, 0x3000, 0xFEFF, 0xFFFD:
                        settle(beforeWord: false)                  // spaces, dashes, quotes, bullets
                        emit(0, i)
                    default:
                        if apostropheAt >= 0 || hyphenAt >= 0 { settle(beforeWord: true) }
                        if let letter = AccentFolding.plainLetter(scalar) {
                            emit(Int(letter - UInt8(ascii: "a")) + 1, i)
                        } else {
                            emit(LanguageMatcher.otherLetter, i)
                        }
                    }
                    i &+= length
                }
            }
            settle(beforeWord: false)
            emit(0, count)
        }
    }

    /// One UTF-8 scalar at `i` (malformed bytes count as one opaque letter each).
    @inline(__always) static func decode(_ bytes: UnsafePointer<UInt8>, _ count: Int, at i: Int) -> (UInt32, Int) {
        let lead = bytes[i]
        @inline(__always) func cont(_ k: Int) -> UInt32? {
            guard i + k < count, bytes[i + k] & 0xC0 == 0x80 else { return nil }
            return UInt32(bytes[i + k] & 0x3F)
        }
        if lead & 0xE0 == 0xC0, let c1 = cont(1) { return ((UInt32(lead & 0x1F) << 6) | c1, 2) }
        if lead & 0xF0 == 0xE0, let c1 = cont(1), let c2 = cont(2) { return ((UInt32(lead & 0x0F) << 12) | (c1 << 6) | c2, 3) }
        if lead & 0xF8 == 0xF0, let c1 = cont(1), let c2 = cont(2), let c3 = cont(3) {
            return ((UInt32(lead & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3, 4)
        }
        return (0xFFFF, 1)
    }
}

extension LanguageMatcher: CustomStringConvertible {
    public var description: String { "LanguageMatcher(\(pack.pack) v\(pack.version), \(phrases.count) phrases)" }
}
