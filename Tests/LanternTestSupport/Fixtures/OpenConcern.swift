import Foundation
import LanternCore
import LanternStore

/// An open exploitation concern with the child it is about, who was reported missing first.
public struct OpenConcern: Sendable {
    public var episode: MissingStore.ReportOutcome
    public var concern: ExploitationConcern
    public var child: Person { episode.child }
}

extension TestStore {
    /// An open concern led by `lead` (default "dc1", an investigator) about a newly reported child.
    public func anOpenConcern(
        _ type: ConcernType = .sexual, summary: String = "Amelia seen with an adult male in a car.",
        given: String = "Amelia", family: String = "Hart", linked: [EntityRef] = [], lead: String = "dc1",
        reportedBy officer: AccessContext, openedBy investigator: AccessContext
    ) async throws -> OpenConcern {
        let episode = try await reportedEpisode(given: given, family: family, by: officer)
        let concern = try await openConcern(type, summary: summary, children: [episode.child.id], linked: linked, lead: lead, by: investigator)
        return OpenConcern(episode: episode, concern: concern)
    }

    /// An open concern about children already on the record.
    public func openConcern(
        _ type: ConcernType = .sexual, summary: String = "Amelia seen with an adult male in a car.", children: [String],
        linked: [EntityRef] = [], lead: String = "dc1", by investigator: AccessContext
    ) async throws -> ExploitationConcern {
        try await store.exploitation.open(
            ConcernDraft(type: type, summary: summary, leadInvestigator: lead, children: children, linked: linked),
            context: investigator)
    }

    /// A screening of the child with every indicator in `indicators` present: by default four, a significant risk.
    @discardableResult
    public func screening(
        of childID: String, indicators: [String] = ["vehicles", "missing-overnight", "injuries", "drugs"],
        rationale: String = "Significant risk.", by context: AccessContext
    ) async throws -> ScreeningRecord {
        try await store.exploitation.screen(
            childID, answers: indicators.map { ScreeningAnswer(indicatorID: $0) }, rationale: rationale,
            context: context)
    }
}
