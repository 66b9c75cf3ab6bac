import Foundation
import LanternCore
import LanternStore

// What the custody API reads and answers: each body turns itself into Core's types, naming the field of any bad value;
// each answer carries the clocks worked out at the moment of the answer.

extension CustodyAPI {
    struct DetainBody: Decodable {
        var childId: String
        var custodyRecord: String
        var detainedAt: Date
        var appearsUnder18: Bool?
        var isGirl: Bool?
        var womanInCare: String?
        var welfarePerson: String?
        var welfareInformedAt: Date?
        var arrest: PlaceAndPeopleBody?

        func detained() -> ChildDetained {
            ChildDetained(
                childID: childId, custodyRecord: custodyRecord, detainedAt: detainedAt, appearsUnder18: appearsUnder18 ?? true,
                isGirl: isGirl ?? false,
                womanInCare: womanInCare, welfarePerson: welfarePerson, welfareInformedAt: welfareInformedAt, arrest: arrest?.value ?? .none)
        }
    }

    struct WelfareBody: Decodable {
        var person: String
        var informedAt: Date
        var version: Int
    }

    struct AdultBody: Decodable {
        var name: String
        var relationship: String
        var isSolicitor: Bool?
        var isDetained: Bool?
        var age: Int?
        var requestedAt: Date
        var arrivedAt: Date?
        var version: Int

        func adult() throws -> AppropriateAdult {
            AppropriateAdult(
                name: name, relationship: try .parse(relationship, field: "relationship"), isSolicitor: isSolicitor ?? false,
                isDetained: isDetained ?? false, age: age, requestedAt: requestedAt, arrivedAt: arrivedAt)
        }
    }

    struct SearchBody: Decodable, AcknowledgesLanguage {
        struct Urgent: Decodable {
            var reason: String
            var supervisor: String
        }
        var kind: String
        var at: Date
        var by: String
        var appropriateAdultPresent: Bool
        var urgentException: Urgent?
        var version: Int
        var acknowledgedLanguage: [String]?

        func search() throws -> CustodySearch {
            CustodySearch(
                kind: try .parse(kind, field: "kind"), at: at, by: by, appropriateAdultPresent: appropriateAdultPresent,
                urgentException: urgentException.map { .init(reason: $0.reason, supervisor: $0.supervisor) })
        }
    }

    struct TransferBody: Decodable, AcknowledgesLanguage {
        struct Certificate: Decodable {
            var ground: String
            var reasons: String
            var custodyOfficer: String
            var at: Date
        }
        var chargedAt: Date
        var bailRefusedAt: Date
        var requestedAt: Date?
        var accommodation: String?
        var justification: String?
        var answer: String?
        var answeredAt: Date?
        var transferredAt: Date?
        var certificate: Certificate?
        var version: Int
        var acknowledgedLanguage: [String]?

        func transfer() throws -> TransferRequest {
            TransferRequest(
                chargedAt: chargedAt, bailRefusedAt: bailRefusedAt, requestedAt: requestedAt,
                accommodation: try TransferRequest.Accommodation.parse(accommodation, field: "accommodation") ?? .nonSecure,
                justification: justification ?? "", answer: try .parse(answer, field: "answer"), answeredAt: answeredAt,
                transferredAt: transferredAt,
                certificate: try certificate.map {
                    .init(
                        ground: try .parse($0.ground, field: "certificate.ground"), reasons: $0.reasons, custodyOfficer: $0.custodyOfficer, at: $0.at)
                })
        }
    }

    struct ReleaseBody: Decodable {
        var releasedAt: Date
        var version: Int
    }

    /// Where the s38(6) transfer stands: `transferred`, `certified`, or waiting for the `request`, the `answer` or the
    /// `transfer`, with the minutes since bail was refused and the escalation level (0 within the request window).
    struct TransferOut: Encodable {
        var state: String
        var minutesSinceBailRefused: Int?
        var escalationLevel: Int?
        var heldOvernight: Bool

        init?(_ record: CustodyRecord) {
            guard let state = record.transferState else { return nil }
            heldOvernight = record.heldOvernight
            switch state {
            case .transferred: self.state = "transferred"
            case .certified: self.state = "certified"
            case .waiting(let waiting, let since, let level):
                self.state = "waiting-for-\(waiting.rawValue)"
                minutesSinceBailRefused = Int(since / 60)
                escalationLevel = level
            }
        }
    }

    struct DetentionField: Encodable {
        var reference: String
        var childName: String
        var team: String
        var borough: String
        var isChild: Bool
        var appropriateAdultWaitMinutes: Int?
        var transferClock: TransferOut?
        var certificateText: String?
        /// Where the child was arrested and who with: on a single record, not in the queues.
        var arrest: PlaceAndPeopleOut?
        var location: String
    }

    typealias DetentionOut = Flat<ChildInCustody, DetentionField>
}

extension Flat where Base == ChildInCustody, Extra == CustodyAPI.DetentionField {
    init(_ r: CustodyRecord) {
        self.init(
            base: r.detention,
            extra: .init(
                reference: r.reference, childName: r.childName, team: r.team, borough: r.borough, isChild: r.detention.isChild(rules: r.rules),
                appropriateAdultWaitMinutes: r.appropriateAdultWait.map { Int($0 / 60) }, transferClock: CustodyAPI.TransferOut(r),
                certificateText: r.certificate, arrest: PlaceAndPeopleOut(r.arrest), location: "/api/v1/custody-detentions/\(r.detention.id)"))
    }

    var location: String { extra.location }
}
