/// The context rules that decide whether a matched phrase is the writer's own blaming language.
///
/// - Quotation: inside quotation marks attributed to someone ("she said", "described him as") the
///   words are reported as a quotation, not as the writer's language.
/// - Negation: a phrase the writer rejects ("this was not a lifestyle choice") is not blame.
/// - Adult subject: terms that only blame when said of a child ("boyfriend", "dealer") are left
///   alone when the same clause says them of an adult or an offender ("the suspect's girlfriend"),
///   or the sentence opens with one ("The 19-year-old is known as a drug dealer"); see ``LanguageSubject``.
///   An offender's reported claim ("the suspect claimed she went willingly") is theirs, not the writer's.
/// - Coerced: what the child was made to do ("coerced into selling drugs", "forced him to carry") is
///   written of the child as a victim, not as their choice.
/// - Rejected after: "... a runaway risk; this wording has been challenged" is not the writer's blame.
/// - The child's own account: "Oscar described sexual activity with ..." is reported, like a quotation.
///
/// The word lists are in LanguageContext+Words.swift.
enum LanguageContext {
    /// Lower-cased words before `position`, nearest first, stopping at a sentence end
    /// (and, when `clause` is true, at a comma, semicolon or clause-joining word).
    static func wordsBefore(_ bytes: [UInt8], _ position: Int, limit: Int, clause: Bool) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        var i = position - 1
        func flush() -> Bool {
            guard !current.isEmpty else { return true }
            let word = String(decoding: current.reversed(), as: UTF8.self)
            current.removeAll()
            if clause && clauseBreaks.contains(word) { return false }
            words.append(word)
            return words.count < limit
        }
        while i >= 0 {
            let b = bytes[i]
            if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x27 {
                current.append(b)
            } else if b >= 0x41 && b <= 0x5A {
                current.append(b + 32)
            } else if b == 0x99, i >= 2, bytes[i - 1] == 0x80, bytes[i - 2] == 0xE2 {
                current.append(0x27)  // ’
                i -= 2
            } else {
                if !flush() { break }
                if b == 0x2E || b == 0x21 || b == 0x3F || (b == 0x0A && i > 0 && bytes[i - 1] == 0x0A) { break }
                if clause && (b == 0x2C || b == 0x3B || b == 0x3A || isDash(bytes, i)) { break }
            }
            i -= 1
        }
        if i < 0 { _ = flush() }
        return words
    }

    /// Lower-cased words after `position`, nearest first, within the sentence.
    static func wordsAfter(_ bytes: [UInt8], _ position: Int, limit: Int) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        var i = position
        while i < bytes.count && words.count < limit {
            let b = bytes[i]
            if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x27 {
                current.append(b)
            } else if b >= 0x41 && b <= 0x5A {
                current.append(b + 32)
            } else {
                if !current.isEmpty {
                    words.append(String(decoding: current, as: UTF8.self))
                    current.removeAll()
                }
                if b == 0x2E || b == 0x21 || b == 0x3F || b == 0x0A { break }
            }
            i += 1
        }
        if !current.isEmpty && words.count < limit { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }

    /// A dash between clauses: an en or em dash ("isn't naive – he's fully aware"), or a hyphen with a space each side.
    static func isDash(_ bytes: [UInt8], _ i: Int) -> Bool {
        if (bytes[i] == 0x93 || bytes[i] == 0x94) && i >= 2 && bytes[i - 1] == 0x80 && bytes[i - 2] == 0xE2 { return true }
        return bytes[i] == 0x2D && i > 0 && i + 1 < bytes.count && bytes[i - 1] == 0x20 && bytes[i + 1] == 0x20
    }

    /// True when the phrase is what someone made the child do: "coerced into selling drugs", "was forced
    /// to have sex with the men", "groomed him to carry": a coercion word, then "into" or "to" (an object
    /// pronoun may come between), no more than three words before the phrase, in the same clause.
    static func isCoerced(_ bytes: [UInt8], start: Int) -> Bool {
        let words = wordsBefore(bytes, start, limit: 6, clause: true)  // nearest first
        for k in words.indices.prefix(4) where words[k] == "into" || words[k] == "to" {
            var j = k + 1
            if j < words.count && objectPronouns.contains(words[j]) { j += 1 }
            if j < words.count && coercionWords.contains(words[j]) { return true }
        }
        return false
    }

    static func isNegated(_ bytes: [UInt8], start: Int) -> Bool {
        wordsBefore(bytes, start, limit: 6, clause: true).contains { negations.contains($0) || $0.hasSuffix("n't") }
    }

    /// True when the writer rejects the phrase just after it: "... a runaway risk; this wording has been
    /// challenged", "... 'sexually active' - victim-blaming language".
    static func isRejectedAfter(_ bytes: [UInt8], end: Int) -> Bool {
        let after = wordsAfter(bytes, end, limit: 10)
        return after.contains(where: mentionNouns.contains) && after.contains(where: rejections.contains)
    }

    /// True when the phrase is what earlier records said and the writer corrects it: "Records describing
    /// Millie as promiscuous have been corrected".
    static func isCorrectedMention(_ bytes: [UInt8], start: Int, end: Int) -> Bool {
        let before = wordsBefore(bytes, start, limit: 8, clause: true)
        guard before.contains(where: mentionedBy.contains) else { return false }
        return wordsAfter(bytes, end, limit: 10).contains(where: rejections.contains)
    }

    /// True when an adult or offender is the subject just before the phrase ("the suspect's girlfriend",
    /// "the adult male, a known drug dealer") or opens the sentence ("The 19-year-old is known to police
    /// as a drug dealer"). An adult named as the source of information ("mum reports that ...") or as
    /// the object of what the child did ("went along with what the men wanted") does not count.
    static func saidOfAnAdult(_ bytes: [UInt8], start: Int) -> Bool {
        // Adults among the nearest eight words; the words before them (up to twelve) say whether each is an object.
        let words = wordsBefore(bytes, start, limit: 12, clause: false)  // nearest first
        let near = min(words.count, 8)
        // "a 30-year-old man", "the 24 year old": an adult's age names the subject.
        for k in words.indices.prefix(near).dropFirst(2) where words[k - 2] == "old" && words[k - 1] == "year" {
            if let age = Int(words[k]), age >= 18, !LanguageSubject.isObject(words, at: k) { return true }
        }
        for (k, word) in words.prefix(near).enumerated() where isAdult(words, at: k) {
            let next = k > 0 ? words[k - 1] : ""
            if speechWords.contains(next) || next == "that" || LanguageSubject.thinking.contains(next) {
                // "The suspect claimed she went willingly" is his claim; "mum reports that she ..." only names a source.
                if speechWords.contains(next) && offenderWords.contains(word) { return true }
                continue
            }
            // "Officers found she had gone willingly": a pronoun after a parent or professional is the child.
            // After an offender it is usually the offender ("the suspect's wife confirmed he is ...").
            if !offenderWords.contains(word) && words.prefix(k).contains(where: LanguageSubject.thirdPersonPronouns.contains) {
                continue
            }
            if LanguageSubject.isObject(words, at: k) { continue }
            return true
        }
        return LanguageSubject.sentenceOpensWithAdult(bytes, before: start)
    }

    /// An adult word, or "the older boys" / "older lads": in exploitation notes the young adults who exploit children.
    static func isAdult(_ words: [String], at k: Int) -> Bool {
        // "an experienced young woman", "an angry young man": how notes adultify a teenager, not an adult.
        if ["woman", "man", "women", "men", "adult", "adults"].contains(words[k]) && k + 1 < words.count && words[k + 1] == "young" {
            return false
        }
        if adultWords.contains(words[k]) { return true }
        return ["boys", "lads", "lad", "boy"].contains(words[k]) && k + 1 < words.count && words[k + 1] == "older"
    }

    /// True when the phrase is what the child described, reported straight after the verb.
    static func isReportedAccount(_ bytes: [UInt8], start: Int) -> Bool {
        wordsBefore(bytes, start, limit: 1, clause: true).first.map(reportingVerbs.contains) ?? false
    }

    /// True when the phrase is how someone described themselves: "The male, 30, described himself as Kirsty's
    /// boyfriend", "calls herself his girlfriend". Their own claim, reported, like a quotation.
    static func isSelfDescription(_ bytes: [UInt8], start: Int) -> Bool {
        let words = wordsBefore(bytes, start, limit: 5, clause: true)  // nearest first
        for k in words.indices.prefix(3) {
            if words[k] == "as", k + 2 < words.count, reflexives.contains(words[k + 1]), selfDescribing.contains(words[k + 2]) {
                return true
            }
            if reflexives.contains(words[k]), k + 1 < words.count, ["calls", "called", "calling"].contains(words[k + 1]) {
                return true
            }
        }
        return false
    }

    /// True when a peer's age follows the partner word: "her boyfriend, also 15,", "his girlfriend Amina, also 15".
    static func namesPeer(_ bytes: [UInt8], end: Int) -> Bool {
        let after = wordsAfter(bytes, end, limit: 5)
        for k in after.indices.prefix(3) where after[k] == "also" && k + 1 < after.count {
            if let age = Int(after[k + 1]), age >= 10, age < 18 { return true }
        }
        return false
    }

    /// True when the partner word belongs to an adult: "the suspect's girlfriend", "her mother's boyfriend",
    /// "the adult male and his girlfriend".
    static func adultsPartner(_ bytes: [UInt8], start: Int, end: Int) -> Bool {
        // "the girlfriend of her adult brother"
        let after = wordsAfter(bytes, end, limit: 5)
        if after.first == "of" && after.dropFirst().contains(where: adultWords.contains) { return true }
        // "her mum's new partner": words that describe the partner stand between it and whose it is.
        let words = Array(wordsBefore(bytes, start, limit: 6, clause: false).drop(while: partnerModifiers.contains))
        guard let nearest = words.first else { return false }
        if nearest.hasSuffix("'s") && adultWords.contains(nearest) { return true }
        // "Esme's older sister, 24, has been seeing her boyfriend": the adult who opens the sentence.
        if ["his", "her", "their"].contains(nearest) && LanguageSubject.sentenceOpensWithAdult(bytes, before: start) { return true }
        // "the 40-year-old's partner"
        if nearest == "old's", words.count > 2, words[1] == "year", let age = Int(words[2]), age >= 18 { return true }
        if ["his", "her", "their"].contains(nearest) {
            return words.dropFirst().prefix(2).contains(where: adultWords.contains)
        }
        return false
    }

    enum Mark { case open, close, toggle, none }

    /// Where quotation marks open and close: straight double quotes toggle; curly ones open and close;
    /// a single quote opens at the start of a word and closes at the end of one.
    static func mark(_ bytes: [UInt8], _ i: Int) -> (Mark, Int) {
        let b = bytes[i]
        if b == 0x22 { return (.toggle, 1) }
        if b == 0x27 {
            let before = i > 0 ? bytes[i - 1] : 0x20
            let after = i + 1 < bytes.count ? bytes[i + 1] : 0x20
            let wordBefore = isWordByte(before)
            let wordAfter = isWordByte(after)
            if !wordBefore && wordAfter { return (.open, 1) }
            if wordBefore && !wordAfter { return (.close, 1) }
            // 'I went willingly, it's my fault.' closes after the full stop.
            if [0x2E, 0x2C, 0x21, 0x3F].contains(before) && !wordAfter { return (.close, 1) }
            return (.none, 1)
        }
        if b == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80 {
            switch bytes[i + 2] {
            case 0x9C, 0x98: return (.open, 3)  // “ ‘
            case 0x9D: return (.close, 3)  // ”
            case 0x99:  // ’ closes only at the end of a word
                let after = i + 3 < bytes.count ? bytes[i + 3] : 0x20
                return (isWordByte(after) ? .none : .close, 3)
            default: return (.none, 3)
            }
        }
        return (.none, 1)
    }

    static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b >= 0x80
    }

    /// The quotation around `start..<end`, if any: the open mark's offset and the close mark's end.
    static func enclosingQuotation(_ bytes: [UInt8], start: Int, end: Int) -> (open: Int, close: Int)? {
        // Walk forward from the paragraph start, tracking whether we are inside quotes.
        var paragraph = start
        while paragraph > 0 && !(bytes[paragraph - 1] == 0x0A && paragraph > 1 && bytes[paragraph - 2] == 0x0A) && start - paragraph < 2000 {
            paragraph -= 1
        }
        var inside = false
        var openAt = -1
        var i = paragraph
        while i < start {
            let (m, length) = mark(bytes, i)
            switch m {
            case .open:
                if !inside {
                    inside = true
                    openAt = i
                }
            case .close: if inside { inside = false }
            case .toggle:
                inside.toggle()
                if inside { openAt = i }
            case .none: break
            }
            i += length
        }
        guard inside else { return nil }
        i = end
        while i < bytes.count && i - end < 2000 {
            let (m, length) = mark(bytes, i)
            if m == .close || m == .toggle { return (openAt, i + length) }
            if bytes[i] == 0x0A && i + 1 < bytes.count && bytes[i + 1] == 0x0A { break }
            i += length
        }
        return nil
    }

    /// A quotation counts as someone else's words when a speech word (or a colon) introduces it,
    /// or follows it: `she said "..."`, `"..." she told officers`, `described him as her "boyfriend"`.
    static func isAttributedQuotation(_ bytes: [UInt8], start: Int, end: Int) -> Bool {
        guard let (open, close) = enclosingQuotation(bytes, start: start, end: end) else { return false }
        var j = open - 1
        while j >= 0 && (bytes[j] == 0x20 || bytes[j] == 0x09) { j -= 1 }
        if j >= 0 && bytes[j] == 0x3A { return true }  // she said: "..."
        if j >= 0 && bytes[j] == 0x2C {  // , she said
            if wordsBefore(bytes, j, limit: 4, clause: false).contains(where: speechWords.contains) { return true }
        }
        if wordsBefore(bytes, open, limit: 8, clause: false).contains(where: speechWords.contains) { return true }
        if wordsAfter(bytes, close, limit: 5).contains(where: speechWords.contains) { return true }
        return false
    }
}
