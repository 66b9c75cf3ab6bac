import Foundation

/// Why a person or place is on the flags register.
public enum FlagKind: String, Sendable, Codable, CaseIterable, Hashable {
    case registeredSexOffender = "registered-sex-offender"
    case exploitationLocation = "exploitation-location"
    case childAbductionWarningNotice = "cawn-served"

    public var title: String {
        switch self {
        case .registeredSexOffender: "Registered sex offender"
        case .exploitationLocation: "Known exploitation location"
        case .childAbductionWarningNotice: "Served a Child Abduction Warning Notice"
        }
    }
}

/// One row of a flags-register CSV (see docs/links.md), checked before anything is stored.
public struct FlagRow: Sendable, Equatable {
    public var reference: String
    public var flag: FlagKind
    public var kind: EntityKind
    public var givenName: String
    public var familyName: String
    public var dateOfBirth: String?
    public var address: String
    public var postcode: String?
    public var details: String

    public static let header = ["reference", "flag", "kind", "given_name", "family_name", "date_of_birth", "address", "postcode", "details"]

    /// Parses one CSV record (already split into fields). Errors name the column.
    public static func parse(_ fields: [String], today: Date) -> Result<FlagRow, FieldError> {
        guard fields.count == header.count else {
            return .failure(FieldError("columns", "Expected \(header.count) columns (\(header.joined(separator: ","))), found \(fields.count)"))
        }
        let f = fields.map { $0.trimmingCharacters(in: .whitespaces) }
        guard !f[0].isEmpty, f[0].unicodeScalars.count <= 100 else {
            return .failure(FieldError("reference", "Enter a reference of 1 to 100 characters"))
        }
        guard let flag = FlagKind(rawValue: f[1]) else {
            return .failure(FieldError("flag", "flag must be one of: " + FlagKind.allCases.map(\.rawValue).joined(separator: ", ")))
        }
        guard let kind = EntityKind(rawValue: f[2]), kind == .person || kind == .location else {
            return .failure(FieldError("kind", "kind must be person or location"))
        }
        var postcode: String?
        if !f[7].isEmpty {
            guard let canonical = Postcode.normalise(f[7]) else {
                return .failure(FieldError("postcode", "'\(f[7].prefix(20))' is not a UK postcode"))
            }
            postcode = canonical
        }
        if kind == .person {
            if f[3].isEmpty || f[4].isEmpty {
                return .failure(FieldError(f[3].isEmpty ? "given_name" : "family_name", "A person needs a given and a family name"))
            }
            if !f[5].isEmpty, (PersonDraft.age(ofBirthDate: f[5], on: today) ?? -1) < 0 {
                return .failure(FieldError("date_of_birth", "Write the date of birth as YYYY-MM-DD, in the past"))
            }
        }
        if kind == .location, AddressKey.make(f[6], postcode: postcode) == nil {
            return .failure(FieldError("address", "A location needs a building number or a postcode"))
        }
        for (name, value) in [("given_name", f[3]), ("family_name", f[4]), ("address", f[6]), ("details", f[8])]
        where value.unicodeScalars.count > 500 {
            return .failure(FieldError(name, "Must be 500 characters or fewer"))
        }
        return .success(
            FlagRow(
                reference: f[0], flag: flag, kind: kind, givenName: f[3], familyName: f[4],
                dateOfBirth: f[5].isEmpty ? nil : f[5], address: f[6], postcode: postcode, details: f[8]))
    }
}

/// A match between a found record (or sighting, or link) and the flags register, explained.
public struct FlagMatch: Sendable, Equatable, Codable {
    /// How the record reaches the flag: the place itself, a person, or an object a flagged person uses.
    public enum Route: String, Sendable, Codable {
        case place
        case person
        case object
    }

    public var flag: FlagKind
    /// The flagged entity (a person, a location or an object).
    public var flagged: EntityRef
    public var route: Route
    /// The vehicle, phone or account the match goes through, when it goes through one.
    public var through: EntityRef?
    /// How the record reaches it, in words: "Found at Flat 4, 12 Acre Lane, where Gary Pike lives".
    public var explanation: String
    public var reference: String

    public init(flag: FlagKind, flagged: EntityRef, route: Route, through: EntityRef? = nil, explanation: String, reference: String) {
        self.flag = flag
        self.flagged = flagged
        self.route = route
        self.through = through
        self.explanation = explanation
        self.reference = reference
    }
}

/// Minimal CSV reading (RFC 4180: quoted fields, doubled quotes, commas and newlines inside quotes).
public enum CSV {
    /// A field, quoted when needed, with a leading apostrophe on values a spreadsheet would run
    /// as a formula (ASVS 1.2.10).
    /// Looks at Unicode scalars, not Characters: "\r\n" is one Character, so a check by Character
    /// neither quotes a field holding it nor sees the formula that follows it on the new line.
    public static func field(_ value: String) -> String {
        let formulaStart: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "\n"]
        var scalars = String.UnicodeScalarView()
        var lineStart = true
        for scalar in value.unicodeScalars {
            // A value a spreadsheet would run as a formula, at the start of the field or of any line in it.
            if lineStart && formulaStart.contains(scalar) && scalar != "\n" && scalar != "\r" { scalars.append("'") }
            if lineStart && scalars.isEmpty && (scalar == "\r" || scalar == "\n") { scalars.append("'") }
            scalars.append(scalar)
            lineStart = scalar == "\r" || scalar == "\n"
        }
        let text = String(scalars)
        if text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + String(String.UnicodeScalarView(text.unicodeScalars.flatMap { $0 == "\"" ? ["\"", "\""] : [$0] })) + "\""
        }
        return text
    }

    /// Parses the whole text into records of fields. Works on UTF-8 bytes (a field is decoded once,
    /// when it ends): an intelligence extract is hundreds of megabytes.
    public static func records(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var fieldStarted = false
        let bytes = Array(text.utf8)
        var i = 0
        func endField() {
            record.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldStarted = false
        }
        while i < bytes.count {
            let c = bytes[i]
            if quoted {
                if c == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(c)
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == UInt8(ascii: "\"") && field.isEmpty && !fieldStarted {
                quoted = true
                fieldStarted = true
            } else if c == UInt8(ascii: ",") {
                endField()
            } else if c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
                if c == UInt8(ascii: "\r") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                endField()
                if !(record.count == 1 && record[0].isEmpty) { records.append(record) }
                record = []
            } else {
                field.append(c)
                fieldStarted = true
            }
            i += 1
        }
        if !field.isEmpty || !record.isEmpty || fieldStarted {
            endField()
            records.append(record)
        }
        return records
    }
}
