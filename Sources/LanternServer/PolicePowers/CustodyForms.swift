import Foundation
import LanternCore
import LanternStore

/// The custody forms: a child detained, recorded from the child's page; and on the detention's page the welfare person
/// told, the appropriate adult, a search, each step of the s38(6) transfer, and the child leaving custody.
enum CustodyForms {
    typealias Spec = RecordWorkForms.Spec
    typealias Parameters = RecordWorkForms.Parameters

    static let childArea = RecordWorkForms.Area(
        base: "/children", permission: .usePolicePowers, recordType: PolicePowersStore.custodyRecordType, purpose: .policePowers,
        caption: "Child in custody (PACE Code C)", pathIDs: [], carried: [])

    static let area = RecordWorkForms.Area(
        base: "/custody", permission: .usePolicePowers, recordType: PolicePowersStore.custodyRecordType, purpose: .policePowers,
        caption: "Child in custody (PACE Code C)", pathIDs: [], carried: ["version"])

    static let specs: [Spec] = [welfare, appropriateAdult, search, bailRefused, requested, certified, transferred, release]

    static func version(_ parameters: Parameters) throws -> Int { try RecordWorkForms.version(parameters, record: "detention") }

    static func now(_ store: Store) -> [String: String] { ["at": UKTime.input(store.clock.now())] }

    static let detain = Spec(
        path: "custody", title: "Record the child detained in custody",
        intro: "Anyone who appears to be under 18 is treated as a child unless there is clear evidence otherwise. The date of birth on "
            + "the child's record decides when there is one.",
        submit: "Record the detention",
        fields: { _, _ in
            [
                FormField(name: "custodyRecord", label: "Custody record number", kind: .text(width: "input--width-20")),
                FormField(name: "at", label: "When detained", kind: .dateTime),
                FormField(name: "appearsUnder18", label: "The child appears to be under 18 (used when no date of birth is known)", kind: .checkbox),
                FormField(name: "isGirl", label: "A girl: under the care of a woman while detained", kind: .checkbox),
                FormField(name: "womanInCare", label: "The woman who has her care", kind: .text()),
            ]
                + PlaceAndPeopleFields.fields(
                    "arrest", place: "Where the child was arrested (optional): the address", people: "Who was arrested with the child (optional)")
        },
        defaults: { store, _ in now(store).merging(["appearsUnder18": "yes"]) { a, _ in a } },
        save: { childID, _, form, store, context in
            let record = try await store.policePowers.detain(
                ChildDetained(
                    childID: childID, custodyRecord: form["custodyRecord"] ?? "",
                    detainedAt: try ProtectionForms.when(form, "at", label: "when detained"),
                    appearsUnder18: form["appearsUnder18"] == "yes", isGirl: form["isGirl"] == "yes", womanInCare: form["womanInCare"],
                    arrest: PlaceAndPeopleFields.value(form, "arrest")),
                context: context)
            return "In custody as \(record.reference): ask for the appropriate adult and tell the person responsible for the child's welfare."
        })

    static let welfare = Spec(
        path: "welfare", title: "Record the welfare person told",
        intro: "The person responsible for the child's welfare is told of the arrest, why, and where the child is (PACE Code C 3.13).",
        submit: "Save",
        fields: { _, _ in
            [FormField(name: "person", label: "Who was told", kind: .text()), FormField(name: "at", label: "When", kind: .dateTime)]
        },
        defaults: { store, _ in now(store) },
        save: { id, parameters, form, store, context in
            _ = try await store.policePowers.welfareInformed(
                id, person: form["person"] ?? "", at: try ProtectionForms.when(form, "at", label: "when they were told"),
                version: try version(parameters), context: context)
            return "Recorded: the welfare person was told."
        })

    static let appropriateAdult = Spec(
        path: "appropriate-adult", title: "Record the appropriate adult",
        intro: "A parent or guardian, else a social worker, else a volunteer or another responsible adult: 18 or over, never the child's "
            + "solicitor, never someone detained. Record their arrival when they come.",
        submit: "Save",
        fields: { _, _ in
            [
                FormField(name: "name", label: "Name", kind: .text()),
                FormField(
                    name: "relationship", label: "Who they are to the child", kind: .radios(),
                    options: AppropriateAdult.Relationship.allCases.map {
                        ($0.rawValue, $0.rawValue.replacingOccurrences(of: "-", with: " ").capitalized)
                    }),
                FormField(name: "requestedAt", label: "When asked for", kind: .dateTime),
                FormField(name: "arrivedAt", label: "When they arrived (leave blank until they do)", kind: .dateTime),
            ]
        },
        defaults: { store, _ in ["requestedAt": UKTime.input(store.clock.now())] },
        save: { id, parameters, form, store, context in
            var errors: [FieldError] = []
            let requested = EpisodeForms.time(form, "requestedAt", label: "when the adult was asked for", errors: &errors)
            let arrived = EpisodeForms.time(form, "arrivedAt", label: "when they arrived", errors: &errors, optional: true)
            guard let relationship = form.text("relationship").flatMap(AppropriateAdult.Relationship.init(rawValue:)) else {
                throw ValidationFailure(errors + [FieldError("relationship", "Choose who the adult is to the child")])
            }
            try EpisodeForms.required(form, errors)
            _ = try await store.policePowers.appropriateAdult(
                id, AppropriateAdult(name: form["name"] ?? "", relationship: relationship, requestedAt: requested!, arrivedAt: arrived),
                version: try version(parameters), context: context)
            return "Recorded: the appropriate adult."
        })

    static let search = Spec(
        path: "search", title: "Record a search",
        intro: "A strip or intimate search of a child takes place with the appropriate adult present, unless it cannot wait: then give "
            + "the reasons and the supervisor who agreed.",
        submit: "Save",
        fields: { _, _ in
            [
                FormField(
                    name: "kind", label: "The search", kind: .radios(),
                    options: [("outer", "Outer clothing and pockets"), ("strip", "Strip search"), ("intimate", "Intimate search")]),
                FormField(name: "at", label: "When", kind: .dateTime), FormField(name: "by", label: "Who searched", kind: .text()),
                FormField(name: "appropriateAdultPresent", label: "The appropriate adult was present", kind: .checkbox),
                FormField(
                    name: "urgentException.reason", label: "If not: why the search could not wait", kind: .textarea(rows: 3, languageCheck: true)),
                FormField(name: "urgentException.supervisor", label: "If not: the supervisor who agreed", kind: .text()),
            ]
        },
        defaults: { store, _ in now(store) },
        save: { id, parameters, form, store, context in
            guard let kind = form.text("kind").flatMap(CustodySearch.Kind.init(rawValue:)) else {
                throw ValidationFailure("kind", "Choose the kind of search")
            }
            let urgent = form.text("urgentException.reason").map {
                CustodySearch.UrgentException(reason: $0, supervisor: form["urgentException.supervisor"] ?? "")
            }
            _ = try await store.policePowers.recordSearch(
                id,
                CustodySearch(
                    kind: kind, at: try ProtectionForms.when(form, "at", label: "when the search was"), by: form["by"] ?? "",
                    appropriateAdultPresent: form["appropriateAdultPresent"] == "yes", urgentException: urgent),
                version: try version(parameters), acknowledgedLanguage: EpisodeForms.acknowledged(form), context: context)
            return "Recorded: the search."
        })

    static let release = Spec(
        path: "release", title: "Record the child leaving custody", intro: "Released, bailed, transferred or taken to court.", submit: "Save",
        fields: { _, _ in [FormField(name: "at", label: "When", kind: .dateTime)] },
        defaults: { store, _ in now(store) },
        save: { id, parameters, form, store, context in
            _ = try await store.policePowers.release(
                id, at: try ProtectionForms.when(form, "at", label: "when the child left custody"), version: try version(parameters), context: context
            )
            return "Recorded: the child has left custody."
        })
}
