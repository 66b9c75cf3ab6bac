import Foundation
import LanternCore
import LanternStore

extension ScaleDemo {
    /// What the police powers step of a scale run made.
    public struct PolicePowersSummary: Sendable, Codable, Equatable {
        public var protections = 0
        /// Protections not ended at the run's `now`: the police protection queue.
        public var inProtectionNow = 0
        /// Protections with a mandatory s46 duty left unrecorded, for oversight to find.
        public var dutiesOutstanding = 0
        public var takenFromANetworkAddress = 0
        public var detentions = 0
        public var inCustodyNow = 0
        public var bailRefused = 0
        public var transferred = 0
        public var certified = 0
        public var arrestedWithANetworkAdult = 0
        public var welfareCalls = 0
        public var welfareToMASH = 0
        public var welfareTakenUp = 0

        public init() {}
    }
}

/// Police powers at scale: a year of police protection, children in custody and welfare calls about children, each
/// checked by the Core rules a live record is checked by, with the place and people linked as the live path links them.
extension ScaleRun {
    func generatePolicePowers(officer: Actor, supervisor: Actor) async throws {
        guard shape.protections + shape.detentions + shape.welfareCalls > 0, !children.isEmpty else { return }
        let started = Date()
        let generator = PolicePowersScale(run: self, officer: officer, supervisor: supervisor)
        try await generator.generateProtections()
        try await generator.generateDetentions()
        try await generator.generateWelfareCalls()
        summary.policePowers = generator.summary
        summary.policePowersSeconds = Date().timeIntervalSince(started)
    }
}

/// The state of one run's police powers step. Draws come from the run's generators, in a fixed order.
final class PolicePowersScale {
    let run: ScaleRun
    let store: Store
    let rules: PolicePowersRules
    let now: Date
    let officer: Actor
    let supervisor: Actor
    /// The window the records fall in: the last year, or the shape's whole window when shorter.
    let window: Double
    var summary = ScaleDemo.PolicePowersSummary()

    init(run: ScaleRun, officer: Actor, supervisor: Actor) {
        self.run = run
        self.store = run.store
        self.rules = run.store.policePowers.rules
        self.now = run.now
        self.officer = officer
        self.supervisor = supervisor
        self.window = min(run.shape.days, 365) * 86_400
    }

    /// `count` times in the window, oldest first, whole seconds.
    func times(_ count: Int) -> [Date] {
        (0..<count).map { _ in Date(timeIntervalSince1970: (now.timeIntervalSince1970 - 900 - run.uniform() * (window - 900)).rounded(.down)) }
            .sorted()
    }

    /// The next reference of `prefix` for the year of `at`, continuing `counters`.
    func reference(_ prefix: String, at: Date, _ counters: inout [Int: Int]) -> String {
        let year = run.calendar.component(.year, from: at)
        counters[year, default: 0] += 1
        return String(format: "%@-%d-%06d", prefix, year, counters[year]!)
    }

    /// Writes `batch` when it holds a thousand records (or at the end, `force`), and starts a new one.
    func flush(_ batch: inout PolicePowersBatch, force: Bool = false) async throws {
        guard force || batch.count >= 1_000 else { return }
        try await batch.write(store, system: run.system, now: now)
        batch = PolicePowersBatch()
    }

    func generateProtections() async throws {
        var counters = try await run.existingCounters("police-protection")
        var batch = PolicePowersBatch()
        for takenAt in times(run.shape.protections) {
            try protection(takenAt: takenAt, counters: &counters, into: &batch)
            try await flush(&batch)
        }
        try await flush(&batch, force: true)
        try await run.saveCounters(counters, counter: "police-protection")
    }

    func generateDetentions() async throws {
        var counters = try await run.existingCounters("child-in-custody")
        var batch = PolicePowersBatch()
        for detainedAt in times(run.shape.detentions) {
            try detention(detainedAt: detainedAt, counters: &counters, into: &batch)
            try await flush(&batch)
        }
        try await flush(&batch, force: true)
        try await run.saveCounters(counters, counter: "child-in-custody")
    }

    func generateWelfareCalls() async throws {
        var counters = try await run.existingCounters("welfare-call")
        var batch = PolicePowersBatch()
        for receivedAt in times(run.shape.welfareCalls) {
            try welfareCall(receivedAt: receivedAt, counters: &counters, into: &batch)
            try await flush(&batch)
        }
        try await flush(&batch, force: true)
        try await run.saveCounters(counters, counter: "welfare-call")
    }

    /// A child drawn by propensity, with the team and borough their records belong to.
    func child() -> (index: Int, person: Person, profile: ChildProfile, team: String) {
        let c = run.weightedChild()
        let (person, profile, _) = run.children[c]
        return (c, person, profile, "\(person.borough) response team")
    }
}
