import Foundation

/// One entity in an import file, checked. `ref` is the file's own name for it, stable across
/// re-imports of the same source: that is what makes a re-import change nothing.
public struct ImportEntity: Sendable, Equatable {
    public enum Body: Sendable, Equatable {
        case person(kind: PersonKind, givenName: String, familyName: String, dateOfBirth: String?)
        case location(address: String, postcode: String?)
        case object(ObjectKey)
    }

    public var line: Int
    public var ref: String
    public var body: Body

    /// What is compared to tell "unchanged" from "changed" on a re-import.
    public var fingerprint: String {
        switch body {
        case .person(let kind, let given, let family, let dob): ["person", kind.rawValue, given, family, dob ?? ""].joined(separator: "\u{1F}")
        case .location(let address, let postcode): ["location", address, postcode ?? ""].joined(separator: "\u{1F}")
        case .object(let key): ["object", key.key].joined(separator: "\u{1F}")
        }
    }
}

/// One link in an import file, between two refs (defined in the file or by an earlier import of the same source).
public struct ImportLink: Sendable, Equatable {
    public var line: Int
    public var from: String
    public var to: String
    public var type: LinkType
    public var at: Date
    public var note: String

    /// The link's identity within its source: the same two refs, type and time are the same link.
    public var ref: String { "link:\(from)|\(to)|\(type.rawValue)|\(Int64((at.timeIntervalSince1970 * 1000).rounded()))" }
}

/// A refused row: where, which field, why.
public struct ImportRejection: Sendable, Equatable, Codable, CustomStringConvertible {
    public var line: Int
    public var field: String
    public var reason: String

    public init(line: Int, field: String, reason: String) {
        self.line = line
        self.field = field
        self.reason = reason
    }

    public var description: String { "line \(line), \(field): \(reason)" }
}

/// A parsed and checked import file (see docs/import.md). Parsing is pure: the store then resolves
/// refs and writes everything in one transaction, or nothing.
///
/// ```swift
/// let file = ImportFile.parse(csv: text, today: now)
/// if file.rejected.isEmpty { try await store.imports.run(file, source: "intel-2026-11", context: ctx) }
/// ```
public struct ImportFile: Sendable, Equatable {
    public var entities: [ImportEntity] = []
    public var links: [ImportLink] = []
    public var rejected: [ImportRejection] = []

    public init() {}

    public static let csvHeader = [
        "record", "ref", "kind", "given_name", "family_name", "date_of_birth", "address", "postcode", "value",
        "from", "to", "type", "at", "note",
    ]
    public static let maximumRows = 1_000_000

    /// CSV: one header line, then one row per entity (`record` = entity) or link (`record` = link).
    public static func parse(csv text: String, today: Date) -> ImportFile {
        var file = ImportFile()
        let times = ISO8601DateFormatter()
        let records = CSV.records(text)
        guard let header = records.first else {
            file.rejected.append(ImportRejection(line: 1, field: "header", reason: "The file is empty"))
            return file
        }
        guard header.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) == csvHeader else {
            file.rejected.append(ImportRejection(line: 1, field: "header", reason: "The header must be " + csvHeader.joined(separator: ",")))
            return file
        }
        for (index, fields) in records.dropFirst().enumerated() {
            let line = index + 2
            guard fields.count == csvHeader.count else {
                file.rejected.append(
                    ImportRejection(line: line, field: "columns", reason: "Expected \(csvHeader.count) columns, found \(fields.count)"))
                continue
            }
            var row: [String: String] = [:]
            for (name, value) in zip(csvHeader, fields) { row[name] = value.trimmingCharacters(in: .whitespaces) }
            file.add(row, line: line, today: today, times: times)
        }
        file.checkRefs()
        return file
    }

    /// JSON: `{"entities": [{"ref", "kind", ...}], "links": [{"from", "to", "type", "at", "note"}]}`; the
    /// "line" reported for a JSON row is its position in its list, counted from 1.
    public static func parse(json data: Data, today: Date) -> ImportFile {
        var file = ImportFile()
        let times = ISO8601DateFormatter()
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            file.rejected.append(ImportRejection(line: 1, field: "file", reason: "The file is not a JSON object with \"entities\" and \"links\""))
            return file
        }
        let unknown = Set(object.keys).subtracting(["entities", "links"])
        if !unknown.isEmpty {
            file.rejected.append(ImportRejection(line: 1, field: "file", reason: "Unknown keys: " + unknown.sorted().joined(separator: ", ")))
        }
        func rows(_ key: String) -> [Any] { object[key] as? [Any] ?? [] }
        let names = [
            "ref": "ref", "kind": "kind", "givenName": "given_name", "familyName": "family_name", "dateOfBirth": "date_of_birth",
            "address": "address", "postcode": "postcode", "value": "value", "from": "from", "to": "to", "type": "type", "at": "at",
            "note": "note",
        ]
        for (record, key) in [("entity", "entities"), ("link", "links")] {
            if object[key] != nil && object[key] as? [Any] == nil {
                file.rejected.append(ImportRejection(line: 1, field: key, reason: "\"\(key)\" must be a list"))
            }
            for (index, item) in rows(key).enumerated() {
                guard let fields = item as? [String: Any] else {
                    file.rejected.append(ImportRejection(line: index + 1, field: key, reason: "Each item must be an object"))
                    continue
                }
                var row: [String: String] = ["record": record]
                for (name, value) in fields {
                    guard let column = names[name] else {
                        file.rejected.append(ImportRejection(line: index + 1, field: name, reason: "Unknown field"))
                        continue
                    }
                    if let text = value as? String {
                        row[column] = text.trimmingCharacters(in: .whitespaces)
                    } else if !(value is NSNull) {
                        file.rejected.append(ImportRejection(line: index + 1, field: name, reason: "Must be a string"))
                    }
                }
                file.add(row, line: index + 1, today: today, times: times)
            }
        }
        file.checkRefs()
        return file
    }

    /// One formatter per file: building one per row was most of an import's time.
    mutating func add(_ row: [String: String], line: Int, today: Date, times: ISO8601DateFormatter) {
        func reject(_ field: String, _ reason: String) { rejected.append(ImportRejection(line: line, field: field, reason: reason)) }
        func text(_ name: String) -> String { row[name] ?? "" }
        if entities.count + links.count >= Self.maximumRows {
            reject("record", "A file holds at most \(Self.maximumRows) rows; split it")
            return
        }
        for (name, value) in row
        where value.unicodeScalars.count > 1_000
            || value.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) && $0 != "\n" })
        {
            reject(name, "Must be 1000 characters or fewer, without control characters")
            return
        }
        switch text("record") {
        case "entity":
            let ref = text("ref")
            guard !ref.isEmpty, ref.count <= 100 else { return reject("ref", "Give each entity a ref of 1 to 100 characters") }
            switch text("kind") {
            case "location":
                var errors = FieldErrorCollector()
                let postcode = Postcode.validate(text("postcode"), into: &errors)
                if let error = errors.errors.first { return reject("postcode", error.message) }
                guard AddressKey.make(text("address"), postcode: postcode) != nil else {
                    return reject("address", "A location needs a building number or name with the street, or a postcode")
                }
                entities.append(ImportEntity(line: line, ref: ref, body: .location(address: text("address"), postcode: postcode)))
            case let kind where ObjectKind(rawValue: kind) != nil:
                switch ObjectKey.make(ObjectKind(rawValue: kind)!, text("value")) {
                case .success(let key): entities.append(ImportEntity(line: line, ref: ref, body: .object(key)))
                case .failure(let error): reject("value", error.message)
                }
            case let kind:
                guard let personKind = PersonKind(rawValue: kind) else {
                    return reject(
                        "kind",
                        "kind must be location, vehicle, phone, email, handle, or a person kind: "
                            + PersonKind.allCases.map(\.rawValue).joined(separator: ", "))
                }
                let dob = text("date_of_birth")
                let draft = PersonDraft(
                    kind: personKind, givenName: text("given_name"), familyName: text("family_name"),
                    dateOfBirth: dob.isEmpty ? nil : dob)
                do {
                    let clean = try draft.validated(today: today)
                    entities.append(
                        ImportEntity(
                            line: line, ref: ref,
                            body: .person(
                                kind: personKind, givenName: clean.givenName,
                                familyName: clean.familyName, dateOfBirth: clean.dateOfBirth)))
                } catch {
                    let first = error.errors.first!
                    let column = ["givenName": "given_name", "familyName": "family_name", "dateOfBirth": "date_of_birth"][first.field] ?? first.field
                    reject(column, first.message)
                }
            }
        case "link":
            guard let type = LinkType(rawValue: text("type")) else {
                return reject("type", "type must be one of: " + LinkType.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard !text("from").isEmpty else { return reject("from", "Give the ref the link starts at") }
            guard !text("to").isEmpty else { return reject("to", "Give the ref the link goes to") }
            guard text("from") != text("to") else { return reject("to", "A record cannot be linked to itself") }
            guard let at = times.date(from: text("at")) else {
                return reject("at", "Write the time as ISO 8601, like 2026-11-26T03:15:00Z")
            }
            guard at <= today else { return reject("at", "The time of a link cannot be in the future") }
            guard !text("note").isEmpty else { return reject("note", "Say where the link comes from") }
            links.append(ImportLink(line: line, from: text("from"), to: text("to"), type: type, at: at, note: text("note")))
        case let other:
            reject(
                "record", other.isEmpty ? "Say whether the row is an entity or a link" : "record must be entity or link, not '\(other.prefix(20))'")
        }
    }

    /// Refs defined twice are refused; a link's ends must be of kinds its type allows when both are in the file.
    mutating func checkRefs() {
        var seen: [String: ImportEntity] = [:]
        for entity in entities {
            if let first = seen[entity.ref] {
                rejected.append(ImportRejection(line: entity.line, field: "ref", reason: "'\(entity.ref)' is already defined on line \(first.line)"))
            } else {
                seen[entity.ref] = entity
            }
        }
        for link in links {
            let ends = link.type.allowedEnds
            for (field, ref, allowed) in [("from", link.from, ends.from), ("to", link.to, ends.to)] {
                guard let entity = seen[ref] else { continue }
                let kind: EntityKind =
                    switch entity.body {
                    case .person: .person
                    case .location: .location
                    case .object: .object
                    }
                if !allowed.contains(kind) {
                    rejected.append(
                        ImportRejection(
                            line: link.line, field: field,
                            reason: "A '\(link.type.rawValue)' link cannot \(field == "from" ? "start at" : "go to") a \(kind.rawValue)"))
                }
            }
        }
        rejected.sort { ($0.line, $0.field) < ($1.line, $1.field) }
    }
}
