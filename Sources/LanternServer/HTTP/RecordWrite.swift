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

    /// A write on the record `id` whose only answer is that it was done (204 No Content).
    static func apply<Body: Decodable>(
        _ body: Body.Type, request: Request, context: LanternRequestContext, _ work: (_ id: String, _ body: Body) async throws -> Void
    ) async throws -> Response {
        let id = try context.parameters.require("id")
        try await work(id, try await context.decode(Body.self, from: request))
        return Response(status: .noContent)
    }

    /// A new record from the JSON body (201 Created), with its address in `Location` where it has one of its own.
    static func create<Body: Decodable, Answer: Encodable>(
        _ body: Body.Type, request: Request, context: LanternRequestContext, spelling: Spelling = .asDeclared,
        location: ((Answer) -> String)? = nil, _ work: (_ body: Body) async throws -> Answer
    ) async throws -> Response {
        let answer = try await work(try await context.decode(Body.self, from: request))
        let headers: HTTPFields = location.map { [.location: $0(answer)] } ?? [:]
        return try response(answer, status: .created, headers: headers, spelling: spelling)
    }
}
