import Foundation
import LanternCore
import LanternResources

/// The rule packs shipped in the bundle, read once.
public enum BundledRules {
    /// A file the Lantern bundle must hold is not there: a broken install, refused at start-up.
    public struct Missing: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// The children-first language check built from Resources/rules/language.json. Compiling the pack's
    /// phrases is the costliest step of opening a store, and the bundle cannot change while the process
    /// runs, so it is built once and shared by every store the process opens.
    public static func languageChecker() throws -> LanguageChecker {
        try bundledLanguageChecker.get()
    }

    private static let bundledLanguageChecker = Result { () throws -> LanguageChecker in
        guard let data = LanternResources.data(at: "rules/language.json") else {
            throw Missing(description: "rules/language.json is missing from the Lantern bundle")
        }
        return try LanguageChecker(pack: try LanguagePack.decode(data))
    }

    /// The missing-children rules from Resources/rules/missing.json (refused at start-up if incomplete).
    public static func missingRules() throws -> MissingRules {
        guard let data = LanternResources.data(at: "rules/missing.json") else {
            throw Missing(description: "rules/missing.json is missing from the Lantern bundle")
        }
        return try MissingRules.decode(data)
    }

    /// The identity-resolution weights and nicknames from Resources/rules/identity.json.
    public static func identityRules() throws -> IdentityRules {
        guard let data = LanternResources.data(at: "rules/identity.json") else {
            throw Missing(description: "rules/identity.json is missing from the Lantern bundle")
        }
        return try IdentityRules.decode(data)
    }

    /// The exploitation screening tool, narrative indicators and clocks from Resources/rules/exploitation.json.
    public static func exploitationRules() throws -> ExploitationRules {
        guard let data = LanternResources.data(at: "rules/exploitation.json") else {
            throw Missing(description: "rules/exploitation.json is missing from the Lantern bundle")
        }
        return try ExploitationRules.decode(data)
    }

    /// The domestic abuse checklist, MARAC, Operation Encompass and school terms from Resources/rules/domestic-abuse.json.
    public static func domesticAbuseRules() throws -> DomesticAbuseRules {
        guard let data = LanternResources.data(at: "rules/domestic-abuse.json") else {
            throw Missing(description: "rules/domestic-abuse.json is missing from the Lantern bundle")
        }
        return try DomesticAbuseRules.decode(data)
    }

    /// Police protection, children in custody and welfare calls from Resources/rules/police-powers.json.
    public static func policePowersRules() throws -> PolicePowersRules {
        guard let data = LanternResources.data(at: "rules/police-powers.json") else {
            throw Missing(description: "rules/police-powers.json is missing from the Lantern bundle")
        }
        return try PolicePowersRules.decode(data)
    }
}
