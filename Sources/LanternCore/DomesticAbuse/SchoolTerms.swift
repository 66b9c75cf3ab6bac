import Foundation

/// A force's school-term dates: the terms, and the days inside them when schools are shut (half terms,
/// closure days). A force edits its own; the pack carries typical dates as the default.
public struct SchoolTerms: Sendable, Equatable, Codable {
    public struct Closure: Sendable, Equatable, Codable {
        /// `YYYY-MM-DD`, first and last day shut.
        public var from: String
        public var to: String
        public var name: String

        public init(from: String, to: String, name: String) {
            self.from = from
            self.to = to
            self.name = name
        }
    }

    public struct Term: Sendable, Equatable, Codable {
        public var name: String
        /// `YYYY-MM-DD`, first and last day of the term.
        public var starts: String
        public var ends: String
        public var closed: [Closure]

        public init(name: String, starts: String, ends: String, closed: [Closure] = []) {
            self.name = name
            self.starts = starts
            self.ends = ends
            self.closed = closed
        }
    }

    public var periods: [Term]
    public var source: String
    public var evidence: String
    public var checked: String

    public init(periods: [Term], source: String, evidence: String, checked: String) {
        self.periods = periods
        self.source = source
        self.evidence = evidence
        self.checked = checked
    }

    /// Every date real, every term ending after it starts and after the one before, every closure inside its term.
    public func check() throws(RulePackInvalid) {
        var previousEnd: CivilDay?
        for term in periods {
            guard let starts = CivilDay(term.starts), let ends = CivilDay(term.ends), starts <= ends else {
                throw RulePackInvalid(reason: "school term '\(term.name)' needs real dates, starting on or before it ends")
            }
            if let previousEnd, starts <= previousEnd {
                throw RulePackInvalid(reason: "school term '\(term.name)' starts before the term before it ends")
            }
            for closure in term.closed {
                guard let from = CivilDay(closure.from), let to = CivilDay(closure.to), starts <= from, from <= to, to <= ends else {
                    throw RulePackInvalid(reason: "closure '\(closure.name)' in '\(term.name)' must be real dates inside the term")
                }
            }
            previousEnd = ends
        }
    }
}
