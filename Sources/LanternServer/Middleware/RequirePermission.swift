import Hummingbird
import LanternCore
import LanternStore

/// Lets a group of routes declare the permission they need. A refusal is written to the
/// access log before the 403 goes back, so probing is visible to auditors.
struct RequirePermission: RouterMiddleware {
    typealias Context = LanternRequestContext

    let permission: Permission
    let store: Store

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await store.authoriser.require(
            permission, try context.accessContext(), recordType: "route",
            detail: "\(request.method.rawValue) \(request.uri.path)")
        return try await next(request, context)
    }
}
