import Foundation
import LanternCore
import LanternResources
import Testing

let identityRules: IdentityRules = try! IdentityRules.decode(LanternResources.data(at: "rules/identity.json")!)

@Suite("Identity resolution and objects")
struct IdentityTests {
    @Test(arguments: [
        ("Robert", "R163"), ("Rupert", "R163"), ("Rubin", "R150"), ("Ashcraft", "A261"), ("Ashcroft", "A261"),
        ("Tymczak", "T522"), ("Pfister", "P236"), ("Honeyman", "H555"), ("Thompson", "T512"), ("Thomson", "T525"),
        ("O'Neil", "O540"), ("Smith-Jones", "S532"), ("", ""),
    ])
    func soundex(_ name: String, _ key: String) {
        #expect(PersonMatching.soundex(PersonMatching.fold(name)) == key)
    }

    @Test func phoneticKeyFoldsCommonSpellings() {
        #expect(PersonMatching.phoneticKey("Thompson") == PersonMatching.phoneticKey("Thomson"))
        #expect(PersonMatching.phoneticKey("Philips") == PersonMatching.phoneticKey("Filips"))
        #expect(PersonMatching.phoneticKey("Hart") != PersonMatching.phoneticKey("Mensah"))
    }

    struct MatchCase: Sendable, CustomStringConvertible {
        var description: String
        var typed: IdentityFacts
        var onRecord: IdentityFacts
        /// nil: not suggested at all.
        var atLeast: Int?
        var reason: String?
    }

    static let matchCases: [MatchCase] = [
        MatchCase(
            description: "same person, typed the same", typed: IdentityFacts(givenName: "Amelia", familyName: "Hart", dateOfBirth: "2011-04-17"),
            onRecord: IdentityFacts(givenName: "amelia", familyName: "HART", dateOfBirth: "2011-04-17"), atLeast: 100, reason: "same date of birth"),
        MatchCase(
            description: "nickname, sound-alike surname, day and month swapped",
            typed: IdentityFacts(givenName: "Bill", familyName: "Thomson", dateOfBirth: "1980-02-03"),
            onRecord: IdentityFacts(givenName: "William", familyName: "Thompson", dateOfBirth: "1980-03-02"), atLeast: 70,
            reason: "Bill is a form of William"),
        MatchCase(
            description: "alias on the profile", typed: IdentityFacts(givenName: "Millie", familyName: "Hart"),
            onRecord: IdentityFacts(givenName: "Amelia", familyName: "Hart", aliases: ["Millie"]), atLeast: 75, reason: "known as “Millie”"),
        MatchCase(
            description: "estimated year a year out", typed: IdentityFacts(givenName: "Kai", familyName: "Mensah", dateOfBirth: "2010-06-01"),
            onRecord: IdentityFacts(givenName: "Kai", familyName: "Mensah", dateOfBirth: "2011-06-01"), atLeast: 85,
            reason: "same birthday a year apart"),
        MatchCase(
            description: "spelling of the given name", typed: IdentityFacts(givenName: "Jaiden", familyName: "Okafor"),
            onRecord: IdentityFacts(givenName: "Jayden", familyName: "Okafor"), atLeast: 60, reason: "given name sounds the same (J350)"),
        MatchCase(
            description: "shared address lifts a partial match",
            typed: IdentityFacts(givenName: "J", familyName: "Okafor", addressKeys: ["SW25SG|12|4"]),
            onRecord: IdentityFacts(givenName: "Jayden", familyName: "Okafor", addressKeys: ["SW25SG|12|4"]), atLeast: 65,
            reason: "linked to the same address"),
        MatchCase(
            description: "near miss: only the family name", typed: IdentityFacts(givenName: "Leah", familyName: "Novak"),
            onRecord: IdentityFacts(givenName: "Sofia", familyName: "Novak"), atLeast: nil, reason: nil),
        MatchCase(
            description: "namesake born years apart is not suggested",
            typed: IdentityFacts(givenName: "Amelia", familyName: "Hart", dateOfBirth: "2015-01-01"),
            onRecord: IdentityFacts(givenName: "Amelia", familyName: "Hart", dateOfBirth: "1972-09-30"), atLeast: 50,
            reason: "different date of birth"),
        MatchCase(
            description: "different people", typed: IdentityFacts(givenName: "Kai", familyName: "Mensah"),
            onRecord: IdentityFacts(givenName: "Amelia", familyName: "Hart"), atLeast: nil, reason: nil),
    ]

    @Test(arguments: matchCases)
    func matching(_ c: MatchCase) {
        let match = PersonMatching.score(c.typed, against: c.onRecord, rules: identityRules)
        if let atLeast = c.atLeast {
            #expect((match?.score ?? 0) >= atLeast, "\(match?.reasons ?? [])")
            if let reason = c.reason { #expect(match?.reasons.contains(reason) == true, "\(match?.reasons ?? [])") }
        } else {
            #expect(match == nil)
        }
    }

    @Test func namesakeScoresBelowTheSamePerson() {
        let typed = IdentityFacts(givenName: "Amelia", familyName: "Hart", dateOfBirth: "2011-04-17")
        let same = PersonMatching.score(
            typed, against: IdentityFacts(givenName: "Amelia", familyName: "Hart", dateOfBirth: "2011-04-17"), rules: identityRules)
        let namesake = PersonMatching.score(
            typed, against: IdentityFacts(givenName: "Amelia", familyName: "Hart", dateOfBirth: "1990-01-01"), rules: identityRules)
        #expect((namesake?.score ?? 0) + 40 <= (same?.score ?? 0))
    }

    @Test(arguments: [
        (ObjectKind.vehicle, "ab12 cde", "vehicle:AB12CDE", "AB12 CDE"), (.vehicle, "AB12-CDE", "vehicle:AB12CDE", "AB12 CDE"),
        (.vehicle, "a123 bcd", "vehicle:A123BCD", "A123BCD"),
        (.phone, "07700 900123", "phone:07700900123", "07700 900123"), (.phone, "+44 (0)7700-900 123", "phone:07700900123", "07700 900123"),
        (.phone, "0044 7700 900123", "phone:07700900123", "07700 900123"), (.phone, "020 7946 0018", "phone:02079460018", "02079460018"),
        (.phone, "+353 85 123 4567", "phone:+353851234567", "+353851234567"),
        (.email, " Kai.B@Example.org ", "email:kai.b@example.org", "kai.b@example.org"),
        (.handle, "@Kai_B", "handle:kai_b", "@kai_b"), (.handle, "Snapchat: @kai_b", "handle:snapchat:kai_b", "snapchat: @kai_b"),
    ])
    func objectKeys(_ kind: ObjectKind, _ typed: String, _ key: String, _ display: String) throws {
        let made = try ObjectKey.make(kind, typed).get()
        #expect(made.key == key)
        #expect(made.display == display)
    }

    @Test(arguments: [
        (ObjectKind.vehicle, "AB12 CDE!"), (.vehicle, "A"), (.phone, "07700 9001"), (.phone, "call me"), (.phone, "+44"),
        (.email, "kai@"), (.email, "kai example.org"), (.handle, "@"), (.handle, "kai b!"), (.phone, ""),
    ])
    func badObjects(_ kind: ObjectKind, _ typed: String) {
        guard case .failure(let error) = ObjectKey.make(kind, typed) else {
            Issue.record("\(typed) was accepted as a \(kind)")
            return
        }
        #expect(error.field == "value")
        #expect(!error.message.isEmpty)
    }

    @Test func linkDraftsSaySomethingThatCanBeTrue() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let adult = EntityRef(.person, "p1")
        let car = EntityRef(.object, "o1")
        let flat = EntityRef(.location, "l1")
        _ = try LinkDraft(from: adult, to: car, type: .drives, at: now, note: "ANPR").validated(now: now)
        _ = try LinkDraft(from: adult, to: flat, type: .livesAt, at: now, note: "Council tax").validated(now: now)
        let wrongWay = #expect(throws: ValidationFailure.self) {
            try LinkDraft(from: car, to: adult, type: .drives, at: now, note: "x").validated(now: now)
        }
        #expect(wrongWay?.errors.map(\.field) == ["from", "to"])
        let noSource = #expect(throws: ValidationFailure.self) {
            try LinkDraft(from: adult, to: flat, type: .livesAt, at: now, note: " ").validated(now: now)
        }
        #expect(noSource?.errors.map(\.field) == ["note"])
        let future = #expect(throws: ValidationFailure.self) {
            try LinkDraft(from: adult, to: adult, type: .associateOf, at: now.addingTimeInterval(60), note: "x").validated(now: now)
        }
        #expect(Set(future?.errors.map(\.field) ?? []) == ["to", "at"])
    }

    @Test func radialLayoutPutsEachRingAtItsDistanceAndIsStable() {
        let nodes: [(id: String, hops: Int, parent: String?)] = [("a", 1, nil), ("b", 1, nil), ("c", 2, "a"), ("d", 2, "b")]
        let points = RadialLayout.place(nodes, ringGap: 100)
        for node in nodes {
            let p = points[node.id]!
            #expect(abs((p.x * p.x + p.y * p.y).squareRoot() - 100 * Double(node.hops)) < 0.5)
        }
        #expect(points == RadialLayout.place(nodes, ringGap: 100))
    }
}
