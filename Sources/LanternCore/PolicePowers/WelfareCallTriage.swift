import Foundation

/// A concern-for-welfare or health-setting call triaged under Right Care Right Person: police attend where there
/// is a real and immediate risk to life or of serious harm, and otherwise hand the call to the right partner
/// agency, with the reason. The force's carve-out keeps some calls about children attended whatever the threshold.
public struct WelfareCall: Sendable, Equatable, Codable {
    public enum Decision: String, Sendable, Codable, CaseIterable {
        case attend
        case notAttend = "not-attend"
    }

    public var id: String
    /// One of the pack's call kinds.
    public var kind: String
    public var receivedAt: Date
    /// The person the call is about, when known.
    public var subjectID: String?
    public var subjectIsChild: Bool
    /// The call handler's judgement against the force threshold.
    public var thresholdMet: Bool
    public var decision: Decision
    public var reason: String
    public var partnerAgency: String?
    public var decidedBy: String

    public init(
        id: String, kind: String, receivedAt: Date, subjectID: String? = nil, subjectIsChild: Bool, thresholdMet: Bool, decision: Decision,
        reason: String, partnerAgency: String? = nil, decidedBy: String
    ) {
        self.id = id
        self.kind = kind
        self.receivedAt = receivedAt
        self.subjectID = subjectID
        self.subjectIsChild = subjectIsChild
        self.thresholdMet = thresholdMet
        self.decision = decision
        self.reason = reason
        self.partnerAgency = partnerAgency
        self.decidedBy = decidedBy
    }
}

/// The Right Care Right Person rules as pure functions of the call and the pack.
public enum WelfareCallTriage {
    /// Whether the force's carve-out keeps this call about a child attended.
    public static func childCarveOutApplies(to call: WelfareCall, rules: PolicePowersRules) -> Bool {
        call.subjectIsChild && rules.welfare.childAlwaysAttended.value.contains(call.kind)
    }

    /// The decision the rules require: attend when the threshold is met or the child carve-out applies.
    public static func mustAttend(_ call: WelfareCall, rules: PolicePowersRules) -> Bool {
        call.thresholdMet || childCarveOutApplies(to: call, rules: rules)
    }

    /// A child whose call police did not attend goes to the MASH queue.
    public static func goesToMASH(_ call: WelfareCall, rules: PolicePowersRules) -> Bool {
        call.subjectIsChild && call.decision == .notAttend && rules.welfare.childNotAttendedToMASH.value
    }

    /// Every bad field by name; nothing is recorded unless all pass.
    public static func check(_ call: WelfareCall, now: Date, rules: PolicePowersRules) throws(ValidationFailure) {
        var errors = FieldErrorCollector()
        if !rules.welfare.callKinds.value.contains(call.kind) {
            errors.add(
                "kind",
                "'\(call.kind.prefix(40))' is not a welfare call kind; choose one of: \(rules.welfare.callKinds.value.joined(separator: ", "))")
        }
        errors.require(call.decidedBy, "decidedBy", label: "who made the decision")
        if call.receivedAt > now.addingTimeInterval(60) { errors.add("receivedAt", "The time received cannot be in the future") }
        let minimum = rules.welfare.reasonMinimum.value
        let reason = call.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if call.decision == .notAttend {
            if call.thresholdMet {
                errors.add("decision", "The call meets the threshold (\(rules.welfare.threshold.value)): police attend")
            } else if childCarveOutApplies(to: call, rules: rules) {
                errors.add("decision", "A \(call.kind) call about a child is attended under the force's carve-out")
            }
            if reason.count < minimum { errors.add("reason", "Give the reason for not attending in at least \(minimum) characters") }
            errors.limit(reason, "reason", maxLength: 2000)
            errors.require(call.partnerAgency, "partnerAgency", label: "the partner agency the call was handed to")
        } else {
            errors.require(reason, "reason", label: "the reason for attending", maxLength: 2000)
        }
        try errors.throwIfAny()
    }
}
