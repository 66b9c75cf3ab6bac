/// Who a sentence is about, for rules that blame only when said of a child (`scope: child`).
///
/// Notes name adults at the start of a sentence ("The 19-year-old is known to police as a drug
/// dealer", "Ms Hughes, 52, is in a relationship with the suspect") and mention adults as objects
/// of what a child did ("went along with what the men wanted", "let the adults film him"). So an
/// adult word near a phrase counts only when it could be the subject (not after a preposition or a
/// verb that takes it as object), and an adult noun phrase opening the sentence counts when no
/// other subject (a pronoun or a name) comes between it and the phrase.
enum LanguageSubject {
    /// True when the adult word at `k` in `words` (nearest first, as ``LanguageContext/wordsBefore``
    /// gives them) is the object of something earlier in the sentence rather than its subject.
    static func isObject(_ words: [String], at k: Int) -> Bool {
        var j = k + 1
        while j < words.count && (modifiers.contains(words[j]) || words[j].hasSuffix("'s") || Int(words[j]) != nil) {
            j += 1
        }
        guard j < words.count else { return false }
        return objectMarkers.contains(words[j])
    }

    struct Word {
        var text: String
        var capitalised: Bool
    }

    /// The words from the start of the sentence up to `position`, in order, lower-cased (’ as '), with
    /// whether each was written with a capital.
    static func sentenceWords(_ bytes: [UInt8], upTo position: Int) -> [Word] {
        var words: [Word] = []
        var current: [UInt8] = []
        var capital = false
        func flush() {
            if !current.isEmpty { words.append(Word(text: String(decoding: current, as: UTF8.self), capitalised: capital)) }
            current.removeAll()
            capital = false
        }
        var i = LanguageSentence.start(bytes, position)
        while i < position {
            let b = bytes[i]
            if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || (b == 0x27 && !current.isEmpty) {
                current.append(b)
            } else if b >= 0x41 && b <= 0x5A {
                if current.isEmpty { capital = true }
                current.append(b + 32)
            } else if b == 0xE2, i + 2 < position, bytes[i + 1] == 0x80, bytes[i + 2] == 0x99, !current.isEmpty {
                current.append(0x27)  // ’ inside a word: "suspect’s"
                i += 2
            } else {
                flush()
            }
            i += 1
        }
        flush()
        return words
    }

    /// What the noun phrase opening a sentence says about who it is.
    struct Opening {
        var adult = false, child = false
        /// An offender or an adult known only by age ("The 31-year-old"), whose claims are their own.
        var offender = false
        /// "The suspect's claims", "the man's account": something of an adult's is the subject.
        var adultOwner = false, relation = false
        /// Index of the first word after the phrase.
        var end = 0
    }

    static func opening(_ words: [Word]) -> Opening {
        var found = Opening()
        var k = 0
        while k < words.count {
            let word = words[k].text
            if let age = Int(word) {
                if age >= 18 && age < 100 {
                    found.adult = true
                    found.offender = true
                } else if age >= 10 && age < 18 {
                    found.child = true
                }
            } else if titles.contains(word) || LanguageContext.adultNouns.contains(word) {
                found.adult = true
                found.offender = found.offender || LanguageContext.offenderWords.contains(word)
            } else if childNouns.contains(word) {
                // "The older boys decided to take Josh": older boys and lads are the exploiters here.
                if k > 0 && words[k - 1].text == "older" {
                    found.adult = true
                    found.offender = true
                } else {
                    found.child = true
                }
            } else if word.hasSuffix("'s") && LanguageContext.adultWords.contains(word) {
                found.adultOwner = true
            } else if collectives.contains(word) || (word == "of" && k > 0 && collectives.contains(words[k - 1].text)) {
                // "The group of adults": the noun phrase goes on to its people.
            } else if relationNouns.contains(word) {
                found.relation = true
            } else if !(modifiers.contains(word) || word.hasSuffix("'s") || words[k].capitalised) {
                break
            }
            k += 1
        }
        found.end = k
        return found
    }

    /// True when the sentence opens with an adult ("The 34-year-old suspect", "Ms Hughes, 52,", "Mum's
    /// new partner, aged 44", "The suspect's claims") and no other subject comes between it and `position`.
    static func sentenceOpensWithAdult(_ bytes: [UInt8], before position: Int) -> Bool {
        let words = sentenceWords(bytes, upTo: position)
        guard let first = words.first, !objectMarkers.contains(first.text), !openers.contains(first.text) else { return false }
        let found = opening(words)
        let k = found.end
        guard (found.adult || (found.adultOwner && !found.relation)) && !found.child else { return false }
        // "The 31-year-old claimed the relationship was consensual": an offender's claim is theirs.
        // "Staff report Kai absconding": a parent or professional is the source; the words are the writer's.
        if k < words.count && (LanguageContext.speechWords.contains(words[k].text) || thinking.contains(words[k].text)) {
            return found.offender && LanguageContext.speechWords.contains(words[k].text)
        }
        // "The men met Chloe and she went willingly": a later pronoun or name is the subject; a capital
        // after a preposition or an article is a place ("known to Essex Police").
        for j in max(k, 1)..<max(words.count, 1) {
            if subjectPronouns.contains(words[j].text) { return false }
            let previous = words[j - 1]
            if words[j].capitalised && !words[j].text.hasSuffix("'s") && !objectMarkers.contains(previous.text)
                && !modifiers.contains(previous.text)
                && !previous.capitalised && !["in", "on"].contains(previous.text)
            {
                return false
            }
        }
        return true
    }
}
