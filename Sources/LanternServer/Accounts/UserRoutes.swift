import Foundation
import Hummingbird
import LanternCore
import LanternStore

/// Account administration for the administrator role (the group requires ``Permission/manageAccounts``): the user list (API and page).
/// Adding, disabling and resetting are done with `lantern user ...` on the server.
struct UserRoutes {
    let store: Store
    let pages: PageRenderer

    struct UserList: Encodable { var users: [UserAccount] }

    func add(to group: RouterGroup<LanternRequestContext>) {
        group.get("/api/v1/users", use: users)
        group.get("/admin/users", use: usersPage)
    }

    /// `GET /api/v1/users`: every account, for administrators.
    @Sendable func users(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try JSONBody.response(UserList(users: try await listUsers(context)))
    }

    /// The accounts page, for administrators.
    @Sendable func usersPage(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let users = try await listUsers(context)
        return pages.render(
            "users", title: "Users",
            data: [
                "users": users.map {
                    [
                        "username": $0.username, "displayName": $0.displayName, "role": $0.role.title, "rank": $0.rank.title,
                        "team": $0.team, "borough": $0.borough, "disabled": $0.isDisabled,
                    ] as [String: Any]
                }
            ], context: context)
    }

    private func listUsers(_ context: LanternRequestContext) async throws -> [UserAccount] {
        let access = try context.accessContext()
        let users = try await store.accounts.users()
        // Officers' account details are personal data too: the listing is a logged consultation.
        try await store.accessLog.append(
            access.entry(
                at: store.clock.now(), .consult, recordType: "user",
                recordIDs: users.map(\.id), detail: "user list"))
        return users
    }
}
