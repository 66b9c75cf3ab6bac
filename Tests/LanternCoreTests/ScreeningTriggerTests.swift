import Foundation
import LanternCore
import Testing

@Suite("One screening-queue reason per trigger kind")
struct ScreeningTriggerTests {
    static let three = ScreeningTrigger.repeatMissing(episodes: 3, withinDays: 90)
    static let four = ScreeningTrigger.repeatMissing(episodes: 4, withinDays: 90)

    static func narrative(_ text: String, field: String = "report", reference: String? = "MP-2026-000123") -> ScreeningTrigger {
        let hit = NarrativeIndicators.find(text, rules: exploitationRules)[0]
        return ScreeningTrigger.narrative(hit, field: field, episodeReference: reference, rules: exploitationRules)
    }

    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var waiting: [String]
        var incoming: ScreeningTrigger
        var change: ScreeningTrigger.Change
    }

    static let cases: [Case] = [
        Case(description: "the first reason", waiting: [], incoming: three, change: .add),
        Case(
            description: "a fourth episode replaces '3 episodes'", waiting: [three.reason], incoming: four,
            change: .replace(waitingReason: "Repeat missing: 3 episodes in 90 days")),
        Case(description: "the same count again is nothing new", waiting: [four.reason], incoming: four, change: .none),
        Case(
            description: "a narrative beside repeat missing is added", waiting: [four.reason], incoming: narrative("He had two phones."), change: .add
        ),
        Case(
            description: "the same indicator in other words replaces", waiting: [four.reason, narrative("He had two phones.").reason],
            incoming: narrative("Found a burner in his bag.", field: "found record"),
            change: .replace(waitingReason: narrative("He had two phones.").reason)),
        Case(
            description: "a reason stored before version 3, same indicator",
            waiting: ["The report says “second phone”: phone use causing concern (secretive, several phones, many calls) (MP-2026-000001)"],
            incoming: narrative("Uses a burner."),
            change: .replace(
                waitingReason: "The report says “second phone”: phone use causing concern "
                    + "(secretive, several phones, many calls) (MP-2026-000001)")),
        Case(
            description: "a second network reason about the same concern replaces",
            waiting: ["In the same network as Kai Mensah (2 links away), who is under concern EC-2026-000001"],
            incoming: .network(
                concernReference: "EC-2026-000001", reason: "Newly linked into the network of Kai Mensah, who is under concern EC-2026-000001"),
            change: .replace(waitingReason: "In the same network as Kai Mensah (2 links away), who is under concern EC-2026-000001")),
        Case(
            description: "another concern's network is added",
            waiting: ["In the same network as Kai Mensah (2 links away), who is under concern EC-2026-000001"],
            incoming: .network(
                concernReference: "EC-2026-000002", reason: "Newly linked into the network of Leah Novak, who is under concern EC-2026-000002"),
            change: .add),
    ]

    @Test(arguments: cases)
    func theQueueKeepsOneReasonPerKind(_ c: Case) {
        #expect(c.incoming.change(waiting: c.waiting, rules: exploitationRules) == c.change)
    }

    @Test func aNarrativeReasonSaysWhatTheWordsWereReadAsAndWhatToScreenFor() {
        let money = Self.narrative("Went missing with £200 in cash.")
        #expect(
            money.reason == "The report says “with £200 in cash” (MP-2026-000123): cash or money that is not explained; "
                + "screen for: unexplained money, phones, clothes or other items")
        #expect(money.key == "narrative:unexplained-items")
        #expect(Self.three.key == "repeat-missing")
        let friends = Self.narrative("Went missing with her friend Leah.", reference: nil)
        #expect(
            friends.reason
                == "The report says “missing with her friend”: went missing with other children; screen for: friends who are being exploited")
        for reason in [money.reason, friends.reason, Self.four.reason] {
            #expect(ScreeningTrigger.key(ofStoredReason: reason, rules: exploitationRules) != "other:\(reason)", "\(reason)")
        }
        #expect(
            ScreeningTrigger.key(ofStoredReason: "Found with a flagged person (MP-1)", rules: exploitationRules)
                == "other:Found with a flagged person (MP-1)")
    }
}
