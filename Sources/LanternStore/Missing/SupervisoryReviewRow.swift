import Foundation
import LanternCore

/// A row of `supervisory_reviews`.
struct SupervisoryReviewRow: Codable, Equatable {
    static let table = "supervisory_reviews"

    var id: String
    var episodeId: String
    var reviewerId: String
    var reviewerName: String
    var reviewerRank: String
    var atMs: Int64
    var previousGrade: String
    var grade: String
    var rationale: String
    var direction: String
    var late: Int
}

extension SupervisoryReviewRow {
    init(_ r: SupervisoryReview) {
        self.init(
            id: r.id, episodeId: r.episodeID, reviewerId: r.reviewerID, reviewerName: r.reviewerName,
            reviewerRank: r.reviewerRank.rawValue, atMs: r.at.millisecondsSince1970, previousGrade: r.previousGrade.rawValue,
            grade: r.grade.rawValue, rationale: r.rationale, direction: r.direction, late: r.late ? 1 : 0)
    }

    func review() throws -> SupervisoryReview {
        SupervisoryReview(
            id: id, episodeID: episodeId, reviewerID: reviewerId, reviewerName: reviewerName,
            reviewerRank: try StoredCode.known(Rank.self, reviewerRank, table: Self.table, column: "reviewer_rank"),
            at: Date(millisecondsSince1970: atMs),
            previousGrade: try StoredCode.known(RiskGrade.self, previousGrade, table: Self.table, column: "previous_grade"),
            grade: try StoredCode.known(RiskGrade.self, grade, table: Self.table, column: "grade"), rationale: rationale,
            direction: direction, late: late != 0)
    }
}
