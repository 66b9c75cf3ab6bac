import Foundation
import LanternCore
import Testing

/// The matcher's automaton against the plainest possible search: for random packs over a tiny vocabulary (so
/// phrases overlap, nest and share suffixes, and every failure and output link is exercised) and random texts,
/// it must report exactly the occurrences a word-by-word comparison finds.
@Suite struct LanguageMatcherTests {
    static let vocabulary = ["a", "b", "ab", "ba", "aab", "b'a"]

    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func words(_ count: Int, _ random: inout Generator) -> [String] {
        (0..<count).map { _ in vocabulary.randomElement(using: &random)! }
    }

    static func pack(_ phrases: [String]) throws -> LanguagePack {
        let entries: [[String: Any]] = phrases.enumerated().map { index, phrase in
            [
                "id": "rule-\(index)", "term": phrase, "patterns": [phrase], "reason": "test", "suggestions": ["test"],
                "severity": "medium", "source": "general", "checked": "2026-12-07", "scope": "any",
            ]
        }
        let json: [String: Any] = [
            "pack": "test", "version": 1, "checked": "2026-12-07", "sources": [String: Any](),
            "macros": [String: Any](), "entries": entries,
        ]
        return try LanguagePack.decode(try JSONSerialization.data(withJSONObject: json))
    }

    /// Every (phrase, first word, last word) occurrence, found by comparing word lists directly.
    static func naive(_ phrases: [String], _ text: [String]) -> Set<[Int]> {
        var found = Set<[Int]>()
        for (index, phrase) in phrases.enumerated() {
            let words = phrase.split(separator: " ").map(String.init)
            guard words.count <= text.count else { continue }
            for start in 0...(text.count - words.count) where Array(text[start..<start + words.count]) == words {
                found.insert([index, start, start + words.count - 1])
            }
        }
        return found
    }

    @Test(arguments: 1...40) func findsExactlyWhatAWordByWordSearchFinds(seed: Int) throws {
        var random = Generator(state: UInt64(seed))
        var phrases: [String] = []
        for _ in 0..<Int.random(in: 1...25, using: &random) {
            let phrase = Self.words(Int.random(in: 1...4, using: &random), &random).joined(separator: " ")
            if !phrases.contains(phrase) { phrases.append(phrase) }
        }
        let matcher = try LanguageMatcher(pack: try Self.pack(phrases))
        #expect(matcher.phrases == phrases)
        let text = Self.words(Int.random(in: 0...60, using: &random), &random)
        let joined = text.joined(separator: " ")
        // Byte offset at which each word starts and ends, to turn matches back into word positions.
        var starts: [Int: Int] = [:]
        var ends: [Int: Int] = [:]
        var offset = 0
        for (position, word) in text.enumerated() {
            starts[offset] = position
            ends[offset + word.utf8.count] = position
            offset += word.utf8.count + 1
        }
        var found: [[Int]] = []
        Array(joined.utf8).withUnsafeBufferPointer { bytes in
            matcher.scan(bytes) { match in
                found.append([match.phrase, starts[match.start] ?? -1, ends[match.end] ?? -1])
            }
        }
        #expect(Set(found) == Self.naive(phrases, text), "phrases \(phrases), text '\(joined)'")
        #expect(found.count == Set(found).count, "no occurrence reported twice")
        let counted = Array(joined.utf8).withUnsafeBufferPointer { matcher.count(in: $0) }
        #expect(counted == found.count)
    }

    @Test func accentedLettersReadAsTheirPlainLetterInPatternsAndText() throws {
        let matcher = try LanguageMatcher(pack: try Self.pack(["her fiancé", "zoe"]))
        #expect(matcher.phrases == ["her fiance", "zoe"])
        for text in ["with her fiancé.", "with her fiance.", "with HER FIANCÉ", "Zoë said", "ZOË"] {
            let count = Array(text.utf8).withUnsafeBufferPointer { matcher.count(in: $0) }
            #expect(count == 1, "\(text)")
        }
        for text in ["her fiancée", "zoeß", "fiancé"] {
            let count = Array(text.utf8).withUnsafeBufferPointer { matcher.count(in: $0) }
            #expect(count == 0, "\(text)")
        }
    }
}
