/// Normalised phrases looked up by the runs of words in a stretch of text: how the checker finds a
/// rule's exceptions and the context it needs. A set lookup per run of words keeps that cheap when a
/// macro expands to hundreds of phrases ("{adultage} year old"), where searching the text once per
/// phrase would not be.
struct PhraseSet: Sendable {
    let phrases: Set<String>
    /// The most words in any phrase.
    let longest: Int

    init(_ phrases: [String]) {
        self.phrases = Set(phrases)
        longest = phrases.map { $0.split(separator: " ").count }.max() ?? 0
    }

    var isEmpty: Bool { phrases.isEmpty }

    /// True when a run of `words` is one of the phrases; when `touching` is given, the run must share
    /// at least one word with that range of word indices.
    func contains(in words: [Substring], touching range: Range<Int>? = nil) -> Bool {
        for first in words.indices {
            if let range, first >= range.upperBound { break }
            var run = ""
            for last in first..<min(words.count, first + longest) {
                run += last == first ? words[last] : " " + words[last]
                if let range, last < range.lowerBound { continue }
                if phrases.contains(run) { return true }
            }
        }
        return false
    }
}
