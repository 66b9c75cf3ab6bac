import Foundation

/// A rule pack under Resources/rules: JSON decoded as it stands, then checked as a whole, so a pack that would
/// make Lantern behave wrongly stops it at start-up rather than misleading a reader later.
public protocol RulePack: Decodable {
    /// Throws `RulePackInvalid` naming what is wrong with the decoded pack.
    func check() throws
}

extension RulePack {
    public static func decode(_ data: Data) throws -> Self {
        let pack = try JSONDecoder().decode(Self.self, from: data)
        try pack.check()
        return pack
    }
}

/// A number (or other value) a pack sets, with why and where it comes from: every pack writes its settings this
/// way. The evidence tag and checked date are given where the pack's own test asks for them.
public struct SourcedSetting<Value: Sendable & Equatable & Decodable>: Sendable, Equatable, Decodable {
    public var value: Value
    public var why: String
    public var source: String
    public var evidence: String?
    public var checked: String?
}

/// A rule pack that would make Lantern behave wrongly; Lantern refuses to start with it.
public struct RulePackInvalid: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}
