/// The sentence around a match, for the context a rule needs (``LanguageRule/near``) and for
/// finding who the sentence is about.
///
/// A sentence ends at a full stop, question or exclamation mark followed by a space, a quote or
/// the end of the text ("02.10" and "e.g." do not end one), or at a blank line. A single line
/// break does not end one, because notes are often wrapped mid-sentence.
enum LanguageSentence {
    /// Byte offset where the sentence holding `position` starts.
    static func start(_ bytes: [UInt8], _ position: Int) -> Int {
        var i = min(position, bytes.count)
        while i > 0 {
            if isBlankLine(bytes, at: i - 1) || endsSentence(bytes, at: i - 1) { break }
            i -= 1
        }
        return i
    }

    /// Byte offset where the sentence holding `position` ends (its closing mark excluded).
    static func end(_ bytes: [UInt8], _ position: Int) -> Int {
        var i = max(0, position)
        while i < bytes.count {
            if endsSentence(bytes, at: i) || isBlankLine(bytes, at: i) { break }
            i += 1
        }
        return i
    }

    /// True when every group of phrases has at least one phrase in the sentence around `start..<end`.
    /// Phrases are normalised (``PhraseExpander/normalise(_:)``) and match whole words.
    static func hasEvery(_ groups: [PhraseSet], _ bytes: [UInt8], start: Int, end: Int) -> Bool {
        let from = Self.start(bytes, start)
        let to = Self.end(bytes, end)
        let words = contextWords(bytes, from..<to)
        return groups.allSatisfy { $0.contains(in: words) }
    }

    /// The normalised words of `range`, with each age written as notes give it ("Craig, 25,", "Gaz (45)")
    /// read as "aged 25", so a rule's context and exceptions can name it ("{adultref}", "girlfriend aged {childage}").
    static func contextWords(_ bytes: [UInt8], _ range: Range<Int>) -> [Substring] {
        PhraseExpander.normalise(agesSpelledOut(bytes[range])).split(separator: " ")
    }

    /// The text with "aged " before a number from 10 to 99 standing alone in brackets ("(45)") or between
    /// commas ("Craig, 25, since", ending at a comma, semicolon, full stop, bracket or the end): how notes
    /// give a person's age. Times ("at 22:00") and dates are left alone.
    static func agesSpelledOut(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            out.append(b)
            i += 1
            guard b == 0x28 || b == 0x2C else { continue }  // ( or ,
            var j = i
            while j < bytes.endIndex && bytes[j] == 0x20 { j += 1 }
            guard j + 1 < bytes.endIndex, isDigit(bytes[j]), isDigit(bytes[j + 1]), bytes[j] != 0x30 else { continue }
            let after = j + 2 < bytes.endIndex ? bytes[j + 2] : 0x2E
            let closes: Set<UInt8> = b == 0x28 ? [0x29] : [0x2C, 0x3B, 0x2E, 0x29]
            if closes.contains(after) { out += Array(" aged ".utf8) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    static func endsSentence(_ bytes: [UInt8], at i: Int) -> Bool {
        let b = bytes[i]
        guard b == 0x2E || b == 0x21 || b == 0x3F else { return false }
        guard i + 1 < bytes.count else { return true }
        let next = bytes[i + 1]
        // A space, line break, closing quote or bracket after the mark; "02.10", "e.g." and "..." stay inside.
        return next == 0x20 || next == 0x0A || next == 0x0D || next == 0x09 || next == 0x22 || next == 0x27 || next == 0x29
            || next == 0xE2
    }

    static func isBlankLine(_ bytes: [UInt8], at i: Int) -> Bool {
        bytes[i] == 0x0A && i + 1 < bytes.count && bytes[i + 1] == 0x0A
    }
}
