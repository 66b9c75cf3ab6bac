import Foundation
import Hummingbird
import LanternCore
import NIOCore

/// Writing JSON bodies with Lantern's conventions: ISO 8601 UTC dates and sorted keys. Reading them is
/// the request context's `requestDecoder` (`LanternRequestDecoder`).
enum JSONBody {
    /// How a body spells its field names. Both spellings are in the published API, so both stay; every
    /// response names one here rather than passing an encoder about.
    enum Spelling: Sendable {
        /// As the Swift type declares them: the bodies declared in this module, which already say "childId".
        case asDeclared
        /// For bodies built from LanternCore's types: their Swift names end in "ID" ("childID",
        /// "withPersonIDs"); the API spells them "childId", "withPersonIds" like every other field.
        case apiIds
    }

    static func response<T: Encodable>(
        _ value: T, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:],
        spelling: Spelling = .asDeclared
    ) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder(spelling).encode(value))))
    }

    /// The one place a spelling becomes an encoder: sorted keys, ISO 8601 UTC dates.
    static func encoder(_ spelling: Spelling) -> JSONEncoder {
        switch spelling {
        case .asDeclared: declaredEncoder
        case .apiIds: apiIdsEncoder
        }
    }

    private static let apiIdsEncoder: JSONEncoder = {
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

    private static let declaredEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()
}

/// Reading an HTML form body.
enum FormBody {
    static func decode(from request: Request, maxSize: Int = ServerConfiguration.standardMaxBodySize) async throws -> FormData {
        var request = request
        let buffer = try await request.collectBody(upTo: maxSize)
        let form = FormData(body: String(buffer: buffer))
        if let refusal = TextInput.nulError(in: form.fields) { throw ValidationFailure([refusal]) }
        return form
    }
}
