import Foundation
import LanternCore
import LanternStore

/// The fields for where a police power was used and who the child was with, named under a prefix ("takenFrom.place")
/// so an error from the store marks the right field, and read back into a ``PlaceAndPeople``.
enum PlaceAndPeopleFields {
    static func fields(_ prefix: String, place: String, people: String) -> [FormField] {
        [
            FormField(name: "\(prefix).place", label: place, hint: "A building number or name with the street", kind: .text()),
            FormField(name: "\(prefix).postcode", label: "Postcode (optional)", kind: .text(width: "input--width-10")),
            FormField(
                name: "\(prefix).withPersonIds", label: people, hint: "Person record ids, one per line (copy the id from the person's page)",
                kind: .textarea(rows: 2)),
        ]
    }

    static func value(_ form: FormData, _ prefix: String) -> PlaceAndPeople {
        PlaceAndPeople(
            place: form["\(prefix).place"] ?? "", postcode: form.text("\(prefix).postcode"),
            withPersonIDs: EpisodeForms.lines(form, "\(prefix).withPersonIds").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            })
    }
}

extension PlaceAndPeopleFields {
    /// Template data for `place-and-people.mustache`: the place and the people the reader may open, each a link, and a
    /// count of the rest.
    static func view(_ scene: PolicePowersScene?, placeKey: String, peopleKey: String) -> [String: Any] {
        guard let scene else { return [:] }
        return [
            "placeKey": placeKey, "peopleKey": peopleKey, "placeTitle": scene.place?.title ?? "",
            "placeHref": scene.place.map { LinkPages.href($0.ref) } ?? "",
            "people": scene.people.map { ["title": $0.title, "href": LinkPages.href($0.ref)] },
            "withheld": LinkPages.withheldText(scene.withheld, "person", plural: "people"),
        ]
    }
}
