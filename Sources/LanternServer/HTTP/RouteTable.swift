import HTTPTypes
import Hummingbird

/// The methods each route answers, so a request with the wrong method gets 405 and an `Allow`
/// header instead of 404 (RFC 9110 §15.5.6). Filled once when the router is built.
final class RouteTable: @unchecked Sendable {
    private var routes: [(components: [Substring], methods: Set<String>)] = []

    func fill(from descriptions: [Router<LanternRequestContext>.RouteDescription]) {
        var byPath: [String: Set<String>] = [:]
        for route in descriptions {
            byPath["\(route.path)", default: []].insert(route.method.rawValue)
        }
        routes = byPath.map { path, methods in
            var all = methods
            if all.contains("GET") { all.insert("HEAD") }
            return (path.split(separator: "/"), all)
        }
    }

    /// The methods allowed at `path`, or nil when no route has that path. Like the router, a fixed
    /// segment wins over a parameter: `/people/matches` answers for itself, not for `/people/{id}`.
    func allowedMethods(for path: String) -> [String]? {
        let parts = path.split(separator: "/")
        var best: [Bool]? = nil
        var found: Set<String> = []
        for route in routes where route.components.count == parts.count {
            let matches = zip(route.components, parts).allSatisfy { pattern, part in
                pattern == part || (pattern.hasPrefix("{") && pattern.hasSuffix("}")) || pattern == "*"
            }
            guard matches else { continue }
            let fixed = route.components.map { !($0.hasPrefix("{") || $0 == "*") }
            if best == nil || Self.moreSpecific(fixed, than: best!) {
                best = fixed
                found = route.methods
            } else if fixed == best! {
                found.formUnion(route.methods)
            }
        }
        return found.isEmpty ? nil : found.sorted()
    }

    /// True when `a` has a fixed segment where `b` first has a parameter.
    static func moreSpecific(_ a: [Bool], than b: [Bool]) -> Bool {
        for (x, y) in zip(a, b) where x != y { return x }
        return false
    }
}
