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
        let access = try context.accessContext()
        if case .deny(let reason) = store.policy.decide(access.actor, permission) {
            try await store.accessLog.append(access.entry(at: store.clock.now(), .accessDenied, recordType: "route",
                                                          recordIDs: [], outcome: .denied,
                                                          detail: "\(permission.rawValue) \(request.method.rawValue) \(request.uri.path)"))
            throw AccessDenied(permission: permission, reason: reason)
        }
        return try await next(request, context)
    }
}
