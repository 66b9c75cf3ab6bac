import Foundation
import Hummingbird
import NIOCore

extension JSONBody {
    /// The shape most API writes share: the record's `id` from the path, then the JSON body, then what the
    /// store answers, in the API's spelling of the domain's names. Written once so each handler says only
    /// what it asks the store to do.
    static func write<Body: Decodable, Answer: Encodable>(
        _ body: Body.Type, request: Request, context: LanternRequestContext, status: HTTPResponse.Status = .created,
        spelling: Spelling = .apiIds, _ work: (_ id: String, _ body: Body) async throws -> Answer
    ) async throws -> Response {
        let id = try context.parameters.require("id")
        let decoded = try await context.decode(Body.self, from: request)
        return try response(try await work(id, decoded), status: status, spelling: spelling)
    }
}
