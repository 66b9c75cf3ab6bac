/// A UK address reduced to a key that is the same however it was typed: "Flat 4, 12 Acre Lane,
/// SW2 5SG", "4/12 Acre Ln sw25sg" and "12 Acre Lane (flat 4), London SW2 5SG" are one Location.
/// The key is the canonical postcode, the building number, the sub-unit (flat) and the street with
/// common abbreviations expanded; town names are left out (the postcode already says where).
///
/// ```swift
/// AddressKey.make("Flat 4, 12 Acre Lane", postcode: "sw25sg")?.value   // "SW2 5SG|12|4|acre lane"
/// ```
public struct AddressKey: Sendable, Hashable, CustomStringConvertible {
    public let postcode: String
    public let number: String
    public let unit: String
    public let street: String

    public var value: String { "\(postcode)|\(number)|\(unit)|\(street)" }
    public var description: String { value }

    /// Street-word abbreviations and their full forms.
    static let expansions: [String: String] = [
        "rd": "road", "st": "street", "ln": "lane", "ave": "avenue", "av": "avenue", "cl": "close", "ct": "court",
        "cres": "crescent", "dr": "drive", "gdns": "gardens", "gr": "grove", "grn": "green", "hse": "house", "pl": "place",
        "sq": "square", "ter": "terrace", "terr": "terrace", "wk": "walk", "est": "estate", "mt": "mount", "pde": "parade",
    ]
    static let streetTypes: Set<String> = Set(expansions.values.filter { !["house", "estate"].contains($0) })
        .union(["way", "row", "hill", "rise", "mews", "gate", "yard", "approach", "broadway", "park", "vale", "view"])
    static let unitWords: Set<String> = ["flat", "apartment", "apt", "unit", "room", "maisonette"]
    /// Words that name a town or county rather than the street; dropped so "London" does not split a Location.
    static let placeWords: Set<String> = ["london", "greater", "uk", "england", "united", "kingdom"]

    /// The key, or nil when there is not enough to identify a building (no postcode and no number).
    public static func make(_ address: String, postcode: String?) -> AddressKey? {
        var text = address.lowercased()
        var code = postcode.flatMap(Postcode.normalise) ?? ""
        // A postcode written inside the address counts when none was given separately.
        let words = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        if code.isEmpty {
            for i in words.indices where i + 1 < words.count {
                if let found = Postcode.normalise(words[i] + words[i + 1]) {
                    code = found
                    break
                }
            }
        }
        if !code.isEmpty {
            let parts = code.lowercased().split(separator: " ").map(String.init)
            text = text.replacingOccurrences(of: parts.joined(separator: " "), with: " ")
                .replacingOccurrences(of: parts.joined(), with: " ")
        }
        // "4/12" and "4-12" mean flat 4 at number 12.
        var tokens: [String] = []
        for raw in text.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "/" }) {
            let piece = String(raw)
            if piece.contains("/") {
                let halves = piece.split(separator: "/").map(String.init)
                if halves.count == 2, halves.allSatisfy({ $0.first?.isNumber == true }) {
                    tokens += ["flat", halves[0], halves[1]]
                    continue
                }
            }
            tokens += piece.split(separator: "/").map(String.init)
        }
        var unit = ""
        var number = ""
        var street: [String] = []
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            if unitWords.contains(token), i + 1 < tokens.count {
                unit = tokens[i + 1]
                i += 2
                continue
            }
            if token.first?.isNumber == true {
                if number.isEmpty {
                    number = token
                } else if unit.isEmpty {
                    unit = number
                    number = token
                }
                i += 1
                continue
            }
            if !placeWords.contains(token) { street.append(expansions[token] ?? token) }
            i += 1
        }
        // The street ends with its type ("road", "lane"...); anything after is the locality ("Brixton").
        let end = street.firstIndex(where: { streetTypes.contains($0) }).map { $0 + 1 } ?? min(street.count, 4)
        let streetName = street.prefix(end).joined(separator: " ")
        guard !(code.isEmpty && number.isEmpty) else { return nil }
        return AddressKey(postcode: code, number: number, unit: unit, street: streetName)
    }
}
