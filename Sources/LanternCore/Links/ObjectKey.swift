import Foundation

/// The kinds of object (the O of POLE) that tie people together: a car one adult drives for
/// several children, a phone number found in several children's contacts.
public enum ObjectKind: String, Sendable, Codable, CaseIterable, Hashable {
    case vehicle
    case phone
    case email
    case handle

    public var title: String {
        switch self {
        case .vehicle: "Vehicle"
        case .phone: "Phone"
        case .email: "Email address"
        case .handle: "Social media handle"
        }
    }

    /// How a person's link to it reads from the object's side: "driven by", "used by".
    public var usedByPhrase: String { self == .vehicle ? "driven by" : "used by" }

    /// The link a person has to an object of this kind.
    public var usedBy: LinkType {
        switch self {
        case .vehicle: .drives
        case .phone: .usesPhone
        case .email, .handle: .usesAccount
        }
    }
}

/// One object however it was typed: "ab12 cde" and "AB12CDE" are one vehicle, "07700 900123" and
/// "+44 7700 900123" one phone. The key is what makes two records of the same thing meet.
///
/// ```swift
/// ObjectKey.make(.phone, "+44 (0)7700-900 123")   // .success(phone:07700900123, shown "07700 900123")
/// ObjectKey.make(.vehicle, "ab12-cde")            // .success(vehicle:AB12CDE, shown "AB12 CDE")
/// ```
public struct ObjectKey: Sendable, Equatable, Hashable, Codable {
    public var kind: ObjectKind
    /// The canonical value: what is compared.
    public var value: String
    /// How the value is shown to people.
    public var display: String

    public var key: String { "\(kind.rawValue):\(value)" }

    public static func make(_ kind: ObjectKind, _ text: String) -> Result<ObjectKey, FieldError> {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return .failure(FieldError("value", "Enter the \(kind.title.lowercased())")) }
        guard trimmed.unicodeScalars.count <= 200 else { return .failure(FieldError("value", "Must be 200 characters or fewer")) }
        switch kind {
        case .vehicle: return vehicle(trimmed)
        case .phone: return phone(trimmed)
        case .email: return email(trimmed)
        case .handle: return handle(trimmed)
        }
    }

    /// UK registration marks: letters and digits only, 2 to 8 of them. The current format
    /// (two letters, two digits, three letters) is shown with its space.
    static func vehicle(_ text: String) -> Result<ObjectKey, FieldError> {
        let plain = String(text.uppercased().unicodeScalars.filter { $0 != " " && $0 != "-" }.map(Character.init))
        guard (2...8).contains(plain.count), plain.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            return .failure(FieldError("value", "A vehicle registration is 2 to 8 letters and digits, like AB12 CDE"))
        }
        let chars = Array(plain)
        let current =
            chars.count == 7 && chars[0...1].allSatisfy(\.isLetter) && chars[2...3].allSatisfy(\.isNumber)
            && chars[4...6].allSatisfy(\.isLetter)
        return .success(ObjectKey(kind: .vehicle, value: plain, display: current ? String(chars[0...3]) + " " + String(chars[4...6]) : plain))
    }

    /// UK numbers in national form (0 and ten digits); other countries' numbers keep their + and code.
    static func phone(_ text: String) -> Result<ObjectKey, FieldError> {
        var plain = text.replacingOccurrences(of: "(0)", with: "")
        plain = String(plain.filter { !" -.()/".contains($0) })
        if plain.hasPrefix("00") { plain = "+" + plain.dropFirst(2) }
        if plain.hasPrefix("+44") { plain = "0" + plain.dropFirst(3) }
        let digits = plain.hasPrefix("+") ? String(plain.dropFirst()) : plain
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return .failure(FieldError("value", "A phone number has digits only (spaces, dashes and a leading + are fine)"))
        }
        if plain.hasPrefix("+") {
            guard (8...15).contains(digits.count) else { return .failure(FieldError("value", "An international number has 8 to 15 digits")) }
            return .success(ObjectKey(kind: .phone, value: plain, display: plain))
        }
        guard plain.hasPrefix("0"), (10...11).contains(plain.count) else {
            return .failure(FieldError("value", "A UK number starts with 0 and has 10 or 11 digits, like 07700 900123"))
        }
        let display = plain.count == 11 && plain.hasPrefix("07") ? String(plain.prefix(5)) + " " + String(plain.dropFirst(5)) : plain
        return .success(ObjectKey(kind: .phone, value: plain, display: display))
    }

    static func email(_ text: String) -> Result<ObjectKey, FieldError> {
        let lower = text.lowercased()
        let parts = lower.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            !lower.contains(where: \.isWhitespace)
        else {
            return .failure(FieldError("value", "An email address looks like name@example.org"))
        }
        return .success(ObjectKey(kind: .email, value: lower, display: lower))
    }

    /// A handle, optionally with its platform: "snapchat:@kai_b" and "Snapchat: kai_b" are one account.
    static func handle(_ text: String) -> Result<ObjectKey, FieldError> {
        var lower = text.lowercased().replacingOccurrences(of: " ", with: "")
        var platform = ""
        if let colon = lower.firstIndex(of: ":") {
            platform = String(lower[..<colon])
            lower = String(lower[lower.index(after: colon)...])
        }
        if lower.hasPrefix("@") { lower.removeFirst() }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789._-")
        guard (1...60).contains(lower.count), lower.unicodeScalars.allSatisfy(allowed.contains),
            platform.unicodeScalars.allSatisfy(allowed.contains)
        else {
            return .failure(
                FieldError("value", "A handle is letters, digits, dots, dashes and underscores, optionally after a platform, like snapchat:@name"))
        }
        let value = platform.isEmpty ? lower : "\(platform):\(lower)"
        return .success(ObjectKey(kind: .handle, value: value, display: platform.isEmpty ? "@\(lower)" : "\(platform): @\(lower)"))
    }
}

/// The vehicles and phones named on a found record or a sighting, checked one by one.
public enum ObjectList {
    public static let maximumCount = 10

    /// The values in canonical display form; each bad one is reported against `field` with its position.
    public static func validate(_ values: [String], kind: ObjectKind, field: String, into errors: inout FieldErrorCollector) -> [String] {
        let given = values.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        if given.count > maximumCount { errors.add(field, "List up to \(maximumCount)") }
        var clean: [String] = []
        for (index, value) in given.prefix(maximumCount).enumerated() {
            switch ObjectKey.make(kind, value) {
            case .success(let key): if !clean.contains(key.display) { clean.append(key.display) }
            case .failure(let error): errors.add(field, "Item \(index + 1): \(error.message)")
            }
        }
        return clean
    }

    /// The keys of already-validated vehicle and phone lists.
    public static func keys(vehicles: [String], phones: [String]) -> [ObjectKey] {
        vehicles.compactMap { try? ObjectKey.make(.vehicle, $0).get() } + phones.compactMap { try? ObjectKey.make(.phone, $0).get() }
    }
}
