import Foundation

/// The children-first language rule pack (Resources/rules/language.json): which phrases
/// blame children, why, and what to write instead. Versioned data, each entry with its
/// source and the date it was checked, because the guidance changes.
///
/// Patterns are phrases with `{macro}` slots, expanded to every listed form:
/// `"{put} {self} at risk"` with `put = [put, puts, putting]` and `self = [herself, himself, ...]`.
public struct LanguagePack: Sendable, Codable, Equatable {
    public var pack: String
    public var version: Int
    public var checked: String
    public var note: String?
    public var sources: [String: LanguageSource]
    public var macros: [String: [String]]
    public var entries: [LanguageRule]

    public init(
        pack: String, version: Int, checked: String, sources: [String: LanguageSource], macros: [String: [String]],
        entries: [LanguageRule]
    ) {
        self.pack = pack
        self.version = version
        self.checked = checked
        self.note = nil
        self.sources = sources
        self.macros = macros
        self.entries = entries
    }

    public static func decode(_ data: Data) throws -> LanguagePack {
        try JSONDecoder().decode(LanguagePack.self, from: data)
    }
}

public struct LanguageSource: Sendable, Codable, Equatable {
    public var title: String
    public var url: String?
}

/// How strongly a phrase should be challenged.
public enum LanguageSeverity: String, Sendable, Codable, Comparable, CaseIterable {
    case low, medium, high

    public static func < (a: LanguageSeverity, b: LanguageSeverity) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One phrase to challenge.
public struct LanguageRule: Sendable, Codable, Equatable {
    /// Stable identifier, used in findings, acknowledgements and reports.
    public var id: String
    /// The phrase as guidance writes it.
    public var term: String
    /// Phrases (with macros) that count as this term.
    public var patterns: [String]
    /// Why it harms.
    public var reason: String
    /// Children-first alternatives.
    public var suggestions: [String]
    public var severity: LanguageSeverity
    /// Keys into ``LanguagePack/sources``, separated by "; ".
    public var source: String
    /// How sure the source is: "F" found in a public page, "F2" found in a secondary source, "M" from
    /// memory (verify), "L" Lantern's own wording of a cited principle (review locally); "F/L" and the
    /// like when an entry's phrases come from more than one.
    public var evidence: String?
    /// When the entry was last checked against its source (YYYY-MM-DD).
    public var checked: String
    /// "any": always. "child": only when written of a child, so not when an adult or offender is the
    /// subject ("the adult male is a known drug dealer"). "partner": a word for someone's partner,
    /// left alone when it is an adult's partner ("the suspect's girlfriend", "the suspect and his girlfriend").
    public var scope: Scope
    /// Phrases containing a match that are acceptable ("boyfriend from school" of a peer); macros allowed.
    public var exceptions: [String]?
    /// Context the match needs: every listed phrase (macros give its alternatives) must occur in the
    /// same sentence. Wording that only blames in a setting ("chose to go" where adults, sex, drugs or
    /// going missing are mentioned, not "chose to go to the library") is written once, broadly, and
    /// kept to that setting here.
    public var near: [String]?

    public enum Scope: String, Sendable, Codable { case any, child, partner }
}
