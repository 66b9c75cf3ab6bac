import Foundation
import LanternCore
import LanternStore

/// A report as an officer would make it: everything answered no except the questions in `yes`; a new
/// child (Amelia Hart unless named) unless `childID` names a known one.
public func newReport(
    _ test: TestStore, childID: String? = nil, given: String = "Amelia", family: String = "Hart",
    lastSeenHoursAgo: Double = 1, yes: [String] = [], grade: RiskGrade? = nil, rationale: String = "",
    circumstances: String = "Left home after an argument and has not answered her phone."
) -> MissingStore.NewReport {
    let now = test.clock.now()
    let report = MissingReport(
        reportedAt: now, lastSeenAt: now.addingTimeInterval(-lastSeenHoursAgo * 3_600), lastSeenPlace: "Acre Lane, Brixton",
        circumstances: circumstances, reporterName: "Maria Hart", reporterRelationship: "Mother",
        reporterContact: "07700 900123")
    let answers = test.store.missing.rules.questions.map { RiskAnswer(questionID: $0.id, value: yes.contains($0.id) ? .yes : .no) }
    let newChild = childID == nil ? MissingStore.NewChild(givenName: given, familyName: family, dateOfBirth: "2011-04-17") : nil
    return MissingStore.NewReport(childID: childID, newChild: newChild, report: report, answers: answers, grade: grade, rationale: rationale)
}

/// Records the child found now, safe and well at home, so a later report for them is a new episode.
public func foundNow(_ test: TestStore, _ episodeID: String, _ context: AccessContext) async throws {
    _ = try await test.foundEpisode(episodeID, by: context)
}

extension TestStore {
    /// A reported missing episode, saved: the parameters are `newReport`'s.
    @discardableResult
    public func reportedEpisode(
        childID: String? = nil, given: String = "Amelia", family: String = "Hart", lastSeenHoursAgo: Double = 1,
        yes: [String] = [], grade: RiskGrade? = nil, rationale: String = "",
        circumstances: String = "Left home after an argument and has not answered her phone.",
        by context: AccessContext
    ) async throws -> MissingStore.ReportOutcome {
        try await store.missing.report(
            newReport(
                self, childID: childID, given: given, family: family, lastSeenHoursAgo: lastSeenHoursAgo,
                yes: yes, grade: grade, rationale: rationale, circumstances: circumstances),
            context: context)
    }

    /// The episode's child found now (safe and well at home, returned themselves unless told otherwise).
    @discardableResult
    public func foundEpisode(
        _ episodeID: String, place: String = "Home address", postcode: String? = nil, withWhom: [String] = [],
        withPersonIDs: [String] = [], condition: String = "Safe and well", howFound: HowFound = .returnedThemselves,
        childSaid: String = "", by context: AccessContext
    ) async throws -> EpisodeRecord {
        try await store.missing.recordFound(
            episodeID,
            FoundRecord(
                foundAt: clock.now(), place: place, postcode: postcode, withWhom: withWhom,
                withPersonIDs: withPersonIDs, condition: condition, howFound: howFound,
                childSaid: childSaid), context: context)
    }

    /// Tells the local authority's children's services of the episode (the notification every episode needs).
    @discardableResult
    public func localAuthorityTold(
        _ episodeID: String, summary: String = "Told them she is missing.", reference: String = "",
        notifies: Bool = true, by context: AccessContext
    ) async throws -> AgencyContact {
        try await store.missing.addContact(
            episodeID,
            AgencyContact(
                id: "", episodeID: episodeID, agency: .childrensSocialCare, organisation: "Lambeth Children's Services", personName: "Duty worker",
                at: clock.now(), method: .phone, summary: summary, reference: reference, notifiesLocalAuthority: notifies, recordedBy: "",
                recordedAt: clock.now()), context: context)
    }
}

extension TestStore {
    /// A child reported missing again and again: the first report, then, for each gap, the child found, the
    /// clock moved on that many days and a new report. The officers take turns (one finds, the next reports);
    /// the last episode is left open.
    public func repeatedEpisodes(daysApart gaps: [Double], by officers: [AccessContext]) async throws -> [MissingStore.ReportOutcome] {
        var outcomes = [try await reportedEpisode(by: officers[0])]
        for (index, gap) in gaps.enumerated() {
            let previous = outcomes[outcomes.count - 1]
            try await foundEpisode(previous.episode.id, by: officers[index % officers.count])
            clock.advance(by: gap * 86_400)
            outcomes.append(try await reportedEpisode(childID: previous.child.id, by: officers[(index + 1) % officers.count]))
        }
        return outcomes
    }
}
