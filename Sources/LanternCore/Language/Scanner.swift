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
            var walk = Walk(table: table, ring: ring, mask: ringMask)
            walk.emit(0, 0, onOutput)
            let count = bytes.count
            guard let base = bytes.baseAddress else {
                walk.emit(0, 0, onOutput)
                return
            }
            var i = 0
            while i < count {
                let byte = base[i]
                let cls = Int(classes[Int(byte)])
                if cls &- 1 < 36 && cls != 0 {
                    // A letter or digit: the common case.
                    if walk.pending { walk.settle(beforeWord: true, onOutput) }
                    walk.emit(cls, i, onOutput)
                    i &+= 1
                    continue
                }
                switch cls {
                case 0: walk.separator(byte, at: i, onOutput)
                case 100:
                    walk.settle(beforeWord: false, onOutput)
                    walk.apostropheAt = i
                case 101:
                    walk.settle(beforeWord: false, onOutput)
                    walk.hyphenAt = i
                default:
                    let (scalar, length) = Self.decode(base, count, at: i)
                    walk.nonASCII(scalar, at: i, onOutput)
                    i &+= length
                    continue
                }
                i &+= 1
            }
            walk.settle(beforeWord: false, onOutput)
            walk.emit(0, count, onOutput)
        }
    }

    /// The automaton's position in the symbol stream, and punctuation whose meaning depends on what follows.
    struct Walk {
        let table: UnsafePointer<Int32>
        let ring: UnsafeMutablePointer<Int>
        let mask: Int
        var state = 0
        var symbolIndex = 0
        var lastWasSpace = false
        var apostropheAt = -1
        var hyphenAt = -1
        var hyphenSawNewline = false

        init(table: UnsafePointer<Int32>, ring: UnsafeMutablePointer<Int>, mask: Int) {
            self.table = table
            self.ring = ring
            self.mask = mask
        }

        var pending: Bool { apostropheAt >= 0 || hyphenAt >= 0 }

        /// Feeds one symbol starting at byte `start` (runs of spaces collapse to one).
        @inline(__always) mutating func emit(_ symbol: Int, _ start: Int, _ onOutput: (Int, Int, UnsafeMutablePointer<Int>) -> Void) {
            if symbol == 0 {
                if lastWasSpace { return }
                lastWasSpace = true
            } else {
                lastWasSpace = false
            }
            symbolIndex &+= 1
            ring[symbolIndex & mask] = start
            let next = Int(table[state &* LanguageMatcher.symbolCount &+ symbol])
            if next >= 0 {
                state = next
            } else {
                state = -next - 1
                onOutput(state, symbolIndex, ring)
            }
        }

        /// Settles a pending apostrophe or hyphen before a word character (`word`) or anything else.
        @inline(__always) mutating func settle(beforeWord word: Bool, _ onOutput: (Int, Int, UnsafeMutablePointer<Int>) -> Void) {
            if apostropheAt >= 0 {
                emit(word && !lastWasSpace ? LanguageMatcher.apostrophe : 0, apostropheAt, onOutput)
                apostropheAt = -1
            }
            if hyphenAt >= 0 {
                if !(word && hyphenSawNewline) { emit(0, hyphenAt, onOutput) }
                hyphenAt = -1
                hyphenSawNewline = false
            }
        }

        /// An ASCII separator: white space after a hyphen may be a line break inside a word ("risk-\ntaking").
        mutating func separator(_ byte: UInt8, at i: Int, _ onOutput: (Int, Int, UnsafeMutablePointer<Int>) -> Void) {
            if hyphenAt >= 0 && (byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A) {
                if byte == 0x0A { hyphenSawNewline = true }
                return
            }
            if pending { settle(beforeWord: false, onOutput) }
            if !lastWasSpace { emit(0, i, onOutput) }
        }

        /// A non-ASCII scalar: the few that are punctuation, spaces or hyphens, accented Latin letters, or an opaque letter.
        mutating func nonASCII(_ scalar: UInt32, at i: Int, _ onOutput: (Int, Int, UnsafeMutablePointer<Int>) -> Void) {
            switch scalar {
            case 0x2019:  // ’ right single quotation mark: an apostrophe
                settle(beforeWord: false, onOutput)
                apostropheAt = i
            case 0x00AD:  // soft hyphen: invisible, joins the word
                break
            case 0x2010, 0x2011:  // hyphen, non-breaking hyphen
                settle(beforeWord: false, onOutput)
                hyphenAt = i
            case 0x00A0, 0x2000...0x200A, 0x2012...0x2018, 0x201A...0x203F, 0x2028, 0x2029, 0x3000, 0xFEFF, 0xFFFD:
                settle(beforeWord: false, onOutput)  // spaces, dashes, quotes, bullets
                emit(0, i, onOutput)
            default:
                if pending { settle(beforeWord: true, onOutput) }
                if let letter = AccentFolding.plainLetter(scalar) {
                    emit(Int(letter - UInt8(ascii: "a")) + 1, i, onOutput)
                } else {
                    emit(LanguageMatcher.otherLetter, i, onOutput)
                }
            }
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
