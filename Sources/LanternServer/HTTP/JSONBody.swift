import Foundation
import Hummingbird
import LanternCore
import NIOCore

/// Reading and writing JSON bodies with Lantern's conventions: ISO 8601 UTC dates,
/// sorted keys, and specific messages for bodies that do not fit.
enum JSONBody {
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: LanternRequestContext,
                                     maxSize: Int = 1_048_576) async throws -> T {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") || contentType.hasPrefix("application/problem+json") else {
            throw BadRequest("Send the body as JSON with the header Content-Type: application/json", field: "Content-Type")
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxSize)
        } catch {
            throw HTTPError(.contentTooLarge)
        }
        guard buffer.readableBytes > 0 else { throw BadRequest("The request body is empty; send a JSON object") }
        let data = Data(buffer.readableBytesView)
        if let refusal = Self.nulField(in: data) { throw ValidationFailure([refusal]) }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom(Self.date)
        return try decoder.decode(T.self, from: data)
    }

    /// The first string in the body holding NUL, as a refusal naming its field. JSON can only carry NUL
    /// escaped, so the body is searched for the escape first and walked only when it is there.
    static func nulField(in data: Data) -> FieldError? {
        guard data.range(of: Data("\\u0000".utf8)) != nil,
              let object = try? JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed) else { return nil }
        return nulField(in: object, path: "")
    }

    private static func nulField(in value: Any, path: String) -> FieldError? {
        switch value {
        case let text as String:
            return TextInput.containsNUL(text) ? TextInput.nulError(field: path.isEmpty ? "body" : path) : nil
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                let keyPath = path.isEmpty ? key : path + "." + key
                if TextInput.containsNUL(key) { return TextInput.nulError(field: path.isEmpty ? "body" : path) }
                if let found = nulField(in: object[key]!, path: keyPath) { return found }
            }
            return nil
        case let array as [Any]:
            for (index, element) in array.enumerated() {
                if let found = nulField(in: element, path: path.isEmpty ? "[\(index)]" : "\(path).[\(index)]") { return found }
            }
            return nil
        default:
            return nil
        }
    }

    /// An ISO 8601 date and time, as `.iso8601` reads it, but a failure names the field: a date and time written
    /// without a time zone ("2026-12-06T02:30:00") is a 422 asking for one, since Lantern cannot tell whether it
    /// means UK time or UTC; anything else that is not a date is the usual 400 naming the field.
    @Sendable static func date(_ decoder: any Decoder) throws -> Date {
        let text = try decoder.singleValueContainer().decode(String.self)
        if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
        let field = ProblemDetails.path(decoder.codingPath) ?? "body"
        if text.count <= 40, text.range(of: Self.withoutTimeZone, options: .regularExpression) != nil {
            throw ValidationFailure(field, "The field '\(field)' has a date and time without a time zone. Add one, 'Z' for UTC or the offset "
                                    + "such as '+01:00' for UK summer time: for example 2026-12-06T02:30:00Z")
        }
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: Self.notADate))
    }

    static let withoutTimeZone = #"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?$"#
    static let notADate = "Expected an ISO 8601 date and time with a time zone"

    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:],
                                       using encoder: JSONEncoder = JSONBody.encoder) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    /// For bodies built from LanternCore's types: their Swift names end in "ID" ("childID",
    /// "withPersonIDs"); the API spells them "childId", "withPersonIds" like every other field.
    static let domainEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .custom { path in
            let key = path.last!
            guard key.intValue == nil else { return key }
            let name = key.stringValue.replacingOccurrences(of: "IDs", with: "Ids")
            return APIKey(stringValue: name.hasSuffix("ID") ? String(name.dropLast(2)) + "Id" : name)
        }
        return encoder
    }()

    struct APIKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()
}

/// Reading an HTML form body.
enum FormBody {
    static func decode(from request: Request, maxSize: Int = 1_048_576) async throws -> FormData {
        var request = request
        let buffer = try await request.collectBody(upTo: maxSize)
        let form = FormData(body: String(buffer: buffer))
        if let refusal = TextInput.nulError(in: form.fields) { throw ValidationFailure([refusal]) }
        return form
    }
}
