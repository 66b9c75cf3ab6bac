import Foundation
import LanternCore
import Testing

@Suite("Person drafts")
struct PersonDraftTests {
    static let today = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21

    @Test(arguments: [
        ("2011-04-17", 15),
        ("2008-09-21", 18),
        ("2008-09-22", 17),
        ("2024-02-29", 2),
    ])
    func age(dob: String, years: Int) {
        #expect(PersonDraft.age(ofBirthDate: dob, on: Self.today) == years)
    }

    @Test(arguments: ["2011-02-30", "2011-13-01", "11-04-17", "17/04/2011", "2011-4-7", "", "yesterday"])
    func notADate(dob: String) {
        #expect(PersonDraft.age(ofBirthDate: dob, on: Self.today) == nil)
    }

    @Test(arguments: [
        (PersonDraft(kind: .child, givenName: " ", familyName: "Hart"), "givenName", "Enter a given name"),
        (PersonDraft(kind: .child, givenName: "Amelia", familyName: ""), "familyName", "Enter a family name"),
        (PersonDraft(kind: .child, givenName: String(repeating: "a", count: 101), familyName: "Hart"), "givenName", "100 characters or fewer"),
        (PersonDraft(kind: .child, givenName: "Amelia", familyName: "Hart", dateOfBirth: "2030-01-01"), "dateOfBirth", "today or in the past"),
        (PersonDraft(kind: .child, givenName: "Amelia", familyName: "Hart", dateOfBirth: "17/04/2011"), "dateOfBirth", "YYYY-MM-DD"),
        (PersonDraft(kind: .child, givenName: "Amelia", familyName: "Hart", dateOfBirth: "1890-01-01"), "dateOfBirth", "120 years"),
        (PersonDraft(kind: .child, givenName: "Ame\u{0007}lia", familyName: "Hart"), "givenName", "control characters"),
        (
            PersonDraft(kind: .child, givenName: "Amelia", familyName: "Hart", notes: String(repeating: "x", count: 20_001)), "notes",
            "20000 characters"
        ),
    ])
    func refuses(draft: PersonDraft, field: String, message: String) {
        #expect {
            _ = try draft.validated(today: Self.today)
        } throws: { error in
            guard let failure = error as? ValidationFailure else { return false }
            return failure.errors.contains { $0.field == field && $0.message.contains(message) }
        }
    }

    @Test func trimsNames() throws {
        let clean = try PersonDraft(kind: .associate, givenName: "  Dean ", familyName: " Wallis\n", dateOfBirth: " ").validated(today: Self.today)
        #expect(clean.givenName == "Dean")
        #expect(clean.familyName == "Wallis")
        #expect(clean.dateOfBirth == nil)
    }

    @Test func childByAgeOrKind() {
        let base = Person(
            id: "p", kind: .associate, givenName: "A", familyName: "B", dateOfBirth: "2010-01-01", notes: "",
            team: "T", borough: "B", restricted: false, createdBy: "u", createdAt: Self.today, updatedAt: Self.today,
            version: 1, erasedAt: nil)
        #expect(base.isChild(on: Self.today))
        var adult = base
        adult.dateOfBirth = "1990-01-01"
        #expect(!adult.isChild(on: Self.today))
        adult.kind = .child
        #expect(adult.isChild(on: Self.today))
    }

    @Test func patchKeepsUnsetFields() {
        let person = Person(
            id: "p", kind: .child, givenName: "Amelia", familyName: "Hart", dateOfBirth: "2011-04-17", notes: "n",
            team: "T", borough: "B", restricted: false, createdBy: "u", createdAt: Self.today, updatedAt: Self.today,
            version: 1, erasedAt: nil)
        let draft = PersonPatch(familyName: "Hart-Jones", dateOfBirth: .some(nil)).applied(to: person)
        #expect(draft.givenName == "Amelia")
        #expect(draft.familyName == "Hart-Jones")
        #expect(draft.dateOfBirth == nil)
        #expect(PersonChanges.fields(from: person, to: draft) == ["familyName", "dateOfBirth"])
    }
}
