import Foundation
import LanternCore
import Testing

@Suite("Person mentions in system-written text")
struct PersonMentionTests {
    struct Case: Sendable, CustomStringConvertible {
        var stored: String
        var open: Set<String>
        var expected: String
        var description: String { stored }
    }

    static let a = PersonMention.token("p-a"), b = PersonMention.token("p-b")
    static let names = ["p-a": "Mia Jones", "p-b": "Roy Baines"]

    static let cases: [Case] = [
        Case(stored: "No one named", open: [], expected: "No one named"),
        Case(
            stored: "In the same network as \(a), who is under concern EC-1", open: ["p-a"],
            expected: "In the same network as Mia Jones, who is under concern EC-1"),
        Case(
            stored: "In the same network as \(a), who is under concern EC-1", open: [],
            expected: "In the same network as a restricted record, who is under concern EC-1"),
        Case(stored: "Found with \(b) and \(a)", open: ["p-b"], expected: "Found with Roy Baines and a restricted record"),
        Case(stored: "\(a)\(a)", open: ["p-a"], expected: "Mia JonesMia Jones"),
        Case(stored: "Unknown \(PersonMention.token("p-z")) here", open: ["p-z"], expected: "Unknown a restricted record here"),
        Case(stored: "A broken ⟦person:p-a token", open: ["p-a"], expected: "A broken ⟦person:p-a token"),
    ]

    @Test(arguments: cases)
    func rendersForTheReader(_ c: Case) {
        let text = PersonMention.render(c.stored) { id in c.open.contains(id) ? Self.names[id] : nil }
        #expect(text == c.expected)
    }

    @Test func idsAreFoundOnceInOrder() {
        #expect(PersonMention.ids(in: "\(Self.b) then \(Self.a) then \(Self.b)") == ["p-b", "p-a"])
        #expect(PersonMention.ids(in: "plain text").isEmpty)
    }
}

@Suite("Child profile changes")
struct ChildProfileChangesTests {
    static let at = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func anEditNamesOnlyTheFieldsItChanged() {
        let before = ChildProfile(personID: "c", school: "Hill Park", exploitationFlags: [.sexual], updatedAt: Self.at, updatedBy: "u1")
        var after = before
        after.exploitationFlags = []
        after.wishes = "To stay at her nan's."
        after.updatedAt = Self.at.addingTimeInterval(60)
        after.updatedBy = "u2"
        #expect(ChildProfile.changedFields(from: before, to: after) == ["profile.exploitationFlags", "profile.wishes"])
        #expect(ChildProfile.changedFields(from: before, to: before).isEmpty)
    }

    /// Every detail of the child is compared: a field added to the profile and not to the comparison fails here.
    @Test func everyDetailOfTheChildIsCompared() {
        let full = ChildProfile(
            personID: "c", aliases: ["Mimi"], estimatedAge: 14, estimatedAgeAt: Self.at, sex: "female", description: "Tall",
            homeAddress: "1 High St", homePostcode: "SE1 1AA", placementAddress: "2 Low Rd", placementPostcode: "SE2 2BB",
            school: "Hill Park", lookedAfter: true, responsibleAuthority: "Lambeth", placement: "Foster care",
            placedOutOfArea: true, hostAuthority: "Kent", childProtectionPlan: true, exploitationFlags: [.criminal],
            wishes: "Home", updatedAt: Self.at, updatedBy: "u1")
        let notDetails: Set<String> = ["personID", "estimatedAgeAt", "updatedAt", "updatedBy"]
        let properties = Set(Mirror(reflecting: full).children.compactMap(\.label)).subtracting(notDetails)
        let compared = Set(ChildProfile.changedFields(from: nil, to: full).map { String($0.dropFirst("profile.".count)) })
        #expect(compared == properties)
    }
}
