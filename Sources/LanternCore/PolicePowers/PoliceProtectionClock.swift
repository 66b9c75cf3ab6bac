import Foundation

/// Where a police protection stands at a moment.
public enum PoliceProtectionState: Sendable, Equatable {
    case running(left: TimeInterval)
    /// Within the pack's warning window before expiry with no ending: `level` 1 is the first rank above the
    /// officer, and each further interval climbs one more.
    case endingDueSoon(left: TimeInterval, level: Int)
    case ended(code: String, at: Date)
    /// Past expiry with no ending recorded: the child may be held without lawful authority.
    case expired(by: TimeInterval, level: Int)
}

/// The 72-hour clock and the s46 duties as pure functions of the record, the moment and the pack.
public enum PoliceProtectionClock {
    public static func state(of protection: PoliceProtection, at now: Date, rules: PolicePowersRules) -> PoliceProtectionState {
        if let ending = protection.ending { return .ended(code: ending.code, at: ending.at) }
        let left = protection.expiry(rules: rules).timeIntervalSince(now)
        let window = Double(rules.protection.dueSoonHours.value) * 3600
        if left > window { return .running(left: left) }
        // Levels keep climbing across expiry, so an unsettled protection never drops back a rank.
        let every = Double(max(1, rules.protection.escalateEveryHours.value)) * 3600
        let level = Int((window - left) / every) + 1
        return left > 0 ? .endingDueSoon(left: left, level: level) : .expired(by: -left, level: level)
    }

    /// The mandatory duties not yet recorded, in the pack's order.
    public static func outstandingDuties(of protection: PoliceProtection, rules: PolicePowersRules) -> [PolicePowersRules.Duty] {
        let done = Set(protection.duties.map(\.duty))
        return rules.protection.duties.filter { $0.mandatory && !done.contains($0.id) }
    }

    /// Every duty in the pack's order with whether and by whom it was done, for the checklist a page shows.
    public static func checklist(
        of protection: PoliceProtection, rules: PolicePowersRules
    ) -> [(duty: PolicePowersRules.Duty, done: PoliceProtection.DutyDone?)] {
        rules.protection.duties.map { duty in (duty, protection.duties.first { $0.duty == duty.id }) }
    }
}
