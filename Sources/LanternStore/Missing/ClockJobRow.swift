import Foundation
import LanternCore

/// A row of `clock_jobs`: one moment something must happen on an episode, pending until a runner fires, cancels or
/// finds it stale.
struct ClockJobRow: Codable, Equatable {
    static let table = "clock_jobs"

    var id: String
    var kind: String
    var episodeId: String
    var subjectId: String
    var level: Int
    var dueAtMs: Int64
    var basisMs: Int64
    var state: String
    var firedAtMs: Int64?
}

extension ClockJobRow {
    /// A pending job of `kind` on `episodeID`.
    init(id: String, _ kind: ClockJobs.Kind, episodeID: String, subject: String, level: Int, at due: Date, basis: Date) {
        self.init(
            id: id, kind: kind.rawValue, episodeId: episodeID, subjectId: subject, level: level, dueAtMs: due.millisecondsSince1970,
            basisMs: basis.millisecondsSince1970, state: "pending", firedAtMs: nil)
    }

    /// The job's kind; one this Lantern does not know is a ``StoredValueUnknown``.
    func jobKind() throws -> ClockJobs.Kind {
        try StoredCode.known(ClockJobs.Kind.self, kind, table: Self.table, column: "kind")
    }
}
