import Foundation
import LanternCore

/// A row of `missing_episodes`.
package struct MissingEpisodeRow: Codable, Equatable {
    package static let table = "missing_episodes"

    var id: String
    var reference: String
    var childId: String
    var status: String
    var reportedAtMs: Int64
    var lastSeenAtMs: Int64
    var lastSeenPlace: String
    var lastSeenPostcode: String?
    var circumstances: String
    var description: String
    var clothing: String
    var phone: String
    var socialMedia: String
    var reporterName: String
    var reporterRelationship: String
    var reporterContact: String
    var grade: String
    var gradedAtMs: Int64
    var reviewDueAtMs: Int64
    var reviewRank: String
    var escalationLevel: Int
    var foundAtMs: Int64?
    var closedAtMs: Int64?
    var laNotifiedAtMs: Int64?
    var repeatCount: Int
    var rulesVersion: Int
    var team: String
    var borough: String
    var createdBy: String
    var createdAtMs: Int64
    var updatedAtMs: Int64
    var version: Int
    var awaitingDowngradeFrom: String?
    var returnReviewedAtMs: Int64?
    var recordedAsHistory: Int
    var subject: String

    /// The row for a new episode (its escalation level starts at 0; the clock jobs raise it).
    package init(_ e: MissingEpisode) {
        let r = e.report
        id = e.id
        reference = e.reference
        childId = e.childID
        status = e.status.rawValue
        reportedAtMs = r.reportedAt.millisecondsSince1970
        lastSeenAtMs = r.lastSeenAt.millisecondsSince1970
        lastSeenPlace = r.lastSeenPlace
        lastSeenPostcode = r.lastSeenPostcode
        circumstances = r.circumstances
        description = r.description
        clothing = r.clothing
        phone = r.phone
        socialMedia = r.socialMedia
        reporterName = r.reporterName
        reporterRelationship = r.reporterRelationship
        reporterContact = r.reporterContact
        grade = e.grade.rawValue
        gradedAtMs = e.gradedAt.millisecondsSince1970
        reviewDueAtMs = e.nextReview.dueAt.millisecondsSince1970
        reviewRank = e.nextReview.rank.rawValue
        escalationLevel = 0
        foundAtMs = e.foundAt?.millisecondsSince1970
        closedAtMs = e.closedAt?.millisecondsSince1970
        laNotifiedAtMs = e.localAuthorityNotifiedAt?.millisecondsSince1970
        repeatCount = e.repeatCount
        rulesVersion = e.rulesVersion
        team = e.team
        borough = e.borough
        createdBy = e.createdBy
        createdAtMs = e.createdAt.millisecondsSince1970
        updatedAtMs = e.updatedAt.millisecondsSince1970
        version = e.version
        awaitingDowngradeFrom = e.awaitingDowngradeFrom?.rawValue
        returnReviewedAtMs = e.returnReviewedAt?.millisecondsSince1970
        recordedAsHistory = e.recordedAsHistory ? 1 : 0
        self.subject = e.subject.rawValue
    }

    /// The episode this row holds; a code this Lantern does not know is a ``StoredValueUnknown``.
    func episode() throws -> MissingEpisode {
        let report = MissingReport(
            reportedAt: Date(millisecondsSince1970: reportedAtMs), lastSeenAt: Date(millisecondsSince1970: lastSeenAtMs),
            lastSeenPlace: lastSeenPlace, lastSeenPostcode: lastSeenPostcode, circumstances: circumstances, description: description,
            clothing: clothing, phone: phone, socialMedia: socialMedia, reporterName: reporterName,
            reporterRelationship: reporterRelationship, reporterContact: reporterContact)
        return MissingEpisode(
            id: id, reference: reference, childID: childId, status: try code(EpisodeStatus.self, status, "status"), report: report,
            grade: try code(RiskGrade.self, grade, "grade"), gradedAt: Date(millisecondsSince1970: gradedAtMs),
            nextReview: ReviewDue(dueAt: Date(millisecondsSince1970: reviewDueAtMs), rank: try code(Rank.self, reviewRank, "review_rank")),
            foundAt: foundAtMs.map(Date.init(millisecondsSince1970:)), closedAt: closedAtMs.map(Date.init(millisecondsSince1970:)),
            localAuthorityNotifiedAt: laNotifiedAtMs.map(Date.init(millisecondsSince1970:)), repeatCount: repeatCount,
            rulesVersion: rulesVersion, team: team, borough: borough, createdBy: createdBy,
            createdAt: Date(millisecondsSince1970: createdAtMs), updatedAt: Date(millisecondsSince1970: updatedAtMs), version: version,
            awaitingDowngradeFrom: try StoredCode.knownIfAny(
                RiskGrade.self, awaitingDowngradeFrom, table: Self.table, column: "awaiting_downgrade_from"),
            returnReviewedAt: returnReviewedAtMs.map(Date.init(millisecondsSince1970:)), recordedAsHistory: recordedAsHistory != 0,
            subject: try code(MissingSubject.self, subject, "subject"))
    }

    private func code<T: RawRepresentable>(_ type: T.Type, _ text: String, _ column: String) throws -> T where T.RawValue == String {
        try StoredCode.known(type, text, table: Self.table, column: column)
    }
}
