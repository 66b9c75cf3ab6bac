import Foundation

/// The identity-resolution rule pack (Resources/rules/identity.json): what each kind of agreement
/// between two person records is worth, and the nickname groups.
public struct IdentityRules: Sendable, Equatable, RulePack {
    public var pack: String
    public var version: Int
    public var checked: String
    public var weights: [String: Weight]
    public var birthToleranceDays: Setting
    public var suggestAtLeast: Setting
    public var nicknames: [[String]]

    public struct Weight: Sendable, Equatable, Decodable {
        public var points: Int
        public var why: String
        public var source: String
        public var checked: String
    }

    public typealias Setting = SourcedSetting<Int>

    /// The weights the scorer reads; a pack without one of them is refused at start-up.
    public static let requiredWeights = [
        "familyExact", "familyPhonetic", "givenExact", "givenAlias", "givenNickname", "givenPhonetic",
        "givenInitial", "birthExact", "birthTransposed", "birthYearApart", "birthClose",
        "birthDifferent", "sharedAddress",
    ]

    public func check() throws {
        if let absent = Self.requiredWeights.first(where: { weights[$0] == nil }) {
            throw RulePackInvalid(reason: "identity.json has no weight '\(absent)'")
        }
    }

    func points(_ name: String) -> Int { weights[name]?.points ?? 0 }
}
