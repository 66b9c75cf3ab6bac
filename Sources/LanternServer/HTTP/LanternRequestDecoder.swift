import Foundation
import Hummingbird
import LanternCore
import NIOCore

/// Reads a JSON request body with Lantern's conventions, as the request context's `requestDecoder`: the body
/// must say it is JSON, must fit the size limit, may not hold NUL in any string, and dates are ISO 8601 with a
/// time zone, a failure naming the field. Handlers call `context.decode(_:from:)`.
public struct LanternRequestDecoder: RequestDecoder {
    /// A limit of its own for one route; nil takes the context's `maxUploadSize`.
    var maxSize: Int?

    public init() { self.maxSize = nil }
    init(maxSize: Int) { self.maxSize = maxSize }

    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") || contentType.hasPrefix("application/problem+json") else {
            throw BadRequest("Send the body as JSON with the header Content-Type: application/json", field: "Content-Type")
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxSize ?? context.maxUploadSize)
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
            let object = try? JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)
        else { return nil }
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
            throw ValidationFailure(
                field,
                "The field '\(field)' has a date and time without a time zone. Add one, 'Z' for UTC or the offset "
                    + "such as '+01:00' for UK summer time: for example 2026-12-06T02:30:00Z")
        }
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: Self.notADate))
    }

    static let withoutTimeZone = #"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?$"#
    static let notADate = "Expected an ISO 8601 date and time with a time zone"
}

/// Encodes what a handler returns as a value (rather than a `Response`), and the bodies Hummingbird writes for
/// its own errors, the way `JSONBody.response` does, so every JSON answer is written one way.
public struct LanternResponseEncoder: ResponseEncoder {
    public init() {}

    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        try JSONBody.response(value)
    }
}

extension LanternRequestContext {
    /// The request's JSON body, read by `requestDecoder`. Called directly rather than through Hummingbird's
    /// `Request.decode(as:context:)`, which would replace Lantern's field-naming messages with its own.
    func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        try await requestDecoder.decode(type, from: request, context: self)
    }
}
