import Foundation

/// A child taken into police protection under Children Act 1989 s46: the constable's own decision, on
/// reasonable cause to believe the child would otherwise be likely to suffer significant harm. It lasts at most
/// 72 hours and cannot be extended; police do not gain parental responsibility.
public struct PoliceProtection: Sendable, Equatable, Codable {
    /// s46(1)(a) removal to suitable accommodation, or s46(1)(b) preventing removal from a hospital or other place.
    public enum Power: String, Sendable, Codable, CaseIterable {
        case removed
        case preventedRemoval = "prevented-removal"
    }

    public enum AccommodationKind: String, Sendable, Codable, CaseIterable {
        case localAuthority = "local-authority"
        case refuge
        case hospital
        case policeStation = "police-station"
        case other
    }

    public struct Accommodation: Sendable, Equatable, Codable {
        public var kind: AccommodationKind
        public var place: String
        /// Why a police station and nowhere else: required for a police station.
        public var exceptionalReason: String?

        public init(kind: AccommodationKind, place: String, exceptionalReason: String? = nil) {
            self.kind = kind
            self.place = place
            self.exceptionalReason = exceptionalReason
        }
    }

    public struct DesignatedOfficer: Sendable, Equatable, Codable {
        public var userID: String
        public var rank: Rank
        public var appointedAt: Date

        public init(userID: String, rank: Rank, appointedAt: Date) {
            self.userID = userID
            self.rank = rank
            self.appointedAt = appointedAt
        }
    }

    /// One s46(3)-(4) duty done: who did it, when, and what was found or said.
    public struct DutyDone: Sendable, Equatable, Codable {
        public var duty: String
        public var by: String
        public var at: Date
        public var note: String

        public init(duty: String, by: String, at: Date, note: String = "") {
            self.duty = duty
            self.by = by
            self.at = at
            self.note = note
        }
    }

    /// How the protection ended; `code` is one of the pack's endings.
    public struct Ending: Sendable, Equatable, Codable {
        public var code: String
        public var by: String
        public var at: Date
        public var note: String

        public init(code: String, by: String, at: Date, note: String = "") {
            self.code = code
            self.by = by
            self.at = at
            self.note = note
        }
    }

    public var id: String
    public var childID: String
    public var grounds: String
    public var power: Power
    public var accommodation: Accommodation
    public var takenAt: Date
    /// The constable who took the child into police protection (a user id).
    public var takenBy: String
    public var designatedOfficer: DesignatedOfficer?
    public var duties: [DutyDone]
    public var ending: Ending?
    public var version: Int

    public init(
        id: String, childID: String, grounds: String, power: Power, accommodation: Accommodation, takenAt: Date, takenBy: String,
        designatedOfficer: DesignatedOfficer? = nil, duties: [DutyDone] = [], ending: Ending? = nil, version: Int = 1
    ) {
        self.id = id
        self.childID = childID
        self.grounds = grounds
        self.power = power
        self.accommodation = accommodation
        self.takenAt = takenAt
        self.takenBy = takenBy
        self.designatedOfficer = designatedOfficer
        self.duties = duties
        self.ending = ending
        self.version = version
    }

    /// The start plus the pack's maximum in real hours: across a clock change 72 hours stays 72 hours.
    public func expiry(rules: PolicePowersRules) -> Date {
        takenAt.addingTimeInterval(Double(rules.protection.maximumHours.value) * 3600)
    }
}

extension PoliceProtection {
    /// Every bad field by name; nothing is recorded unless all pass.
    public func check(now: Date, rules: PolicePowersRules) throws(ValidationFailure) {
        var errors = FieldErrorCollector()
        errors.require(childID, "childID", label: "the child")
        errors.require(grounds, "grounds", label: "the grounds: why the child would otherwise be likely to suffer significant harm", maxLength: 4000)
        errors.require(takenBy, "takenBy", label: "the officer who took the child into police protection")
        if takenAt > now.addingTimeInterval(60) { errors.add("takenAt", "The time taken into police protection cannot be in the future") }
        checkAccommodation(&errors, rules: rules)
        checkDesignatedOfficer(&errors, now: now, rules: rules)
        checkDuties(&errors, now: now, rules: rules)
        checkEnding(&errors, now: now, rules: rules)
        try errors.throwIfAny()
    }

    private func checkAccommodation(_ errors: inout FieldErrorCollector, rules: PolicePowersRules) {
        errors.require(accommodation.place, "accommodation.place", label: "where the child is accommodated")
        let reason = (accommodation.exceptionalReason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let minimum = rules.protection.reasonMinimum.value
        if accommodation.kind == .policeStation && rules.protection.policeStationNeedsExceptionalReason.value && reason.count < minimum {
            errors.add(
                "accommodation.exceptionalReason",
                "A police station is not suitable accommodation except in exceptional circumstances: give them in at least \(minimum) characters")
        }
        errors.limit(reason, "accommodation.exceptionalReason", maxLength: 2000)
    }

    private func checkDesignatedOfficer(_ errors: inout FieldErrorCollector, now: Date, rules: PolicePowersRules) {
        guard let officer = designatedOfficer else { return }
        errors.require(officer.userID, "designatedOfficer.userID", label: "the designated officer")
        if rules.protection.designatedOfficerNotTakingOfficer.value && officer.userID == takenBy {
            errors.add(
                "designatedOfficer.userID",
                "The designated officer must be a different officer from the one who took the child into police protection")
        }
        let minimum = rules.protection.designatedOfficerMinimumRank.value
        if officer.rank < minimum {
            errors.add("designatedOfficer.rank", "The designated officer must be of at least \(minimum.title.lowercased()) rank")
        }
        if officer.appointedAt < takenAt {
            errors.add("designatedOfficer.appointedAt", "The designated officer cannot be appointed before the child was taken")
        }
        if officer.appointedAt > now.addingTimeInterval(60) { errors.add("designatedOfficer.appointedAt", "The appointment cannot be in the future") }
    }

    private func checkDuties(_ errors: inout FieldErrorCollector, now: Date, rules: PolicePowersRules) {
        var seen: Set<String> = []
        for (index, done) in duties.enumerated() {
            let field = "duties[\(index)]"
            guard let duty = rules.duty(done.duty) else {
                let ids = rules.protection.duties.map(\.id).joined(separator: ", ")
                errors.add(field + ".duty", "'\(done.duty.prefix(40))' is not an s46 duty; choose one of: \(ids)")
                continue
            }
            if !seen.insert(done.duty).inserted { errors.add(field + ".duty", "The duty '\(done.duty)' is recorded twice") }
            errors.require(done.by, field + ".by", label: "who did it")
            if duty.needsNote { errors.require(done.note, field + ".note", label: "what was found or said", maxLength: 4000) }
            if done.at < takenAt { errors.add(field + ".at", "A duty cannot be done before the child was taken into police protection") }
            if done.at > now.addingTimeInterval(60) { errors.add(field + ".at", "The time done cannot be in the future") }
        }
    }

    private func checkEnding(_ errors: inout FieldErrorCollector, now: Date, rules: PolicePowersRules) {
        guard let ending else { return }
        guard let rule = rules.ending(ending.code) else {
            let codes = rules.protection.endings.map(\.code).joined(separator: ", ")
            errors.add("ending.code", "'\(ending.code.prefix(40))' is not an ending of police protection; choose one of: \(codes)")
            return
        }
        errors.require(ending.by, "ending.by", label: "who ended the police protection")
        if rule.byDesignatedOfficer && ending.by != designatedOfficer?.userID {
            errors.add("ending.by", "Only the designated officer may apply for an emergency protection order on the local authority's behalf")
        }
        if ending.at > expiry(rules: rules) {
            errors.add("ending.at", "Police protection cannot last more than \(rules.protection.maximumHours.value) hours and cannot be extended")
        }
        if ending.at < takenAt { errors.add("ending.at", "The ending cannot be before the child was taken into police protection") }
        if ending.at > now.addingTimeInterval(60) { errors.add("ending.at", "The ending cannot be in the future") }
        errors.limit(ending.note, "ending.note", maxLength: 4000)
    }
}
