import Foundation

/// A row of `screening_queue`: a child waiting for exploitation screening, and why.
struct ScreeningQueueRow: Codable, Equatable {
    var id: String
    var childId: String
    var reason: String
    var sourceEpisodeId: String?
    var atMs: Int64
    var screenedAtMs: Int64?
}
