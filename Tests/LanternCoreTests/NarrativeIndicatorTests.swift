import Foundation
import LanternCore
import Testing

@Suite("Narrative indicators by meaning")
struct NarrativeIndicatorTests {
    struct Case: Sendable, CustomStringConvertible {
        var text: String
        var childAge: Int? = nil
        /// Indicator ids, in the order they first appear.
        var indicators: [String]
        /// The words quoted for the first indicator, when it matters.
        var phrase: String? = nil
        var description: String { text }
    }

    static let cash: [Case] = [
        Case(text: "Went missing with £200 in cash.", indicators: ["unexplained-items"], phrase: "with £200 in cash"),
        Case(text: "She had wads of money in her bag when found.", indicators: ["unexplained-items"], phrase: "wads of money"),
        Case(text: "Staff found a roll of £20 notes in his drawer.", indicators: ["unexplained-items"], phrase: "roll of £20 notes"),
        Case(text: "Came home carrying £1,500 and would not say why.", indicators: ["unexplained-items"], phrase: "carrying £1,500"),
        Case(text: "He had 300 quid in cash on him.", indicators: ["unexplained-items"]),
        Case(text: "Cash he could not explain was found in his room.", indicators: ["unexplained-items"]),
        Case(text: "She had £5 for the bus.", indicators: []),
        Case(text: "She paid with cash at the shop.", indicators: []),
        Case(text: "He had no cash on him.", indicators: []),
    ]

    static let things: [Case] = [
        Case(text: "Wearing new trainers he could not explain.", indicators: ["unexplained-items"], phrase: "new trainers he could not explain"),
        Case(text: "Arrived back in expensive designer clothes.", indicators: ["unexplained-items"]),
        Case(text: "She talks about gifts from an older man.", indicators: ["unexplained-items", "controlling-adult"]),
        Case(text: "Men have bought her vapes and nails.", indicators: ["unexplained-items"]),
        Case(text: "Got new school shoes from her mum.", indicators: []),
    ]

    static let phones: [Case] = [
        Case(text: "Staff saw two phones in her room.", indicators: ["phone-concern"], phrase: "two phones"),
        Case(text: "He now carries a second phone.", indicators: ["phone-concern"], phrase: "second phone"),
        Case(text: "Uses a burner to contact them.", indicators: ["phone-concern"], phrase: "burner"),
        Case(text: "Keeps several SIM cards in a sock.", indicators: ["phone-concern"]),
        Case(text: "Her phone was hidden under the mattress.", indicators: ["phone-concern"]),
        Case(text: "Made two phone calls to her mum.", indicators: []),
        Case(text: "She did not have two phones.", indicators: []),
    ]

    static let travel: [Case] = [
        Case(text: "Believed to have travelled to Southend by train.", indicators: ["missing-overnight"], phrase: "travelled to Southend"),
        Case(text: "Found in Birmingham the next morning.", indicators: ["missing-overnight"], phrase: "Found in Birmingham"),
        Case(text: "Located out of area by another force.", indicators: ["missing-overnight"], phrase: "Located out of area"),
        Case(text: "He went missing and was stopped in another county.", indicators: ["missing-overnight"]),
        Case(text: "Went to Jack's house after school.", indicators: []),
        Case(text: "Found in the park near home.", indicators: []),
        Case(text: "FOUND IN THE PARK NEAR HOME.", indicators: []),
        Case(text: "Travelled to school as usual on Monday.", indicators: []),
    ]

    static let vehicles: [Case] = [
        Case(text: "CCTV shows her getting into a silver car.", indicators: ["vehicles"], phrase: "getting into a silver car"),
        Case(text: "Got into a car with an older man outside school.", indicators: ["vehicles", "controlling-adult"]),
        Case(text: "Picked up by two unknown males in a black Audi.", indicators: ["vehicles"]),
        Case(
            text: "Her mother says an older man in a grey car has picked her up before.", indicators: ["vehicles", "controlling-adult"],
            phrase: "older man in a grey car"),
        Case(text: "Seen with an older man in a car park; nothing else.", indicators: ["controlling-adult"]),
        Case(text: "Mum drove her to school in the car.", indicators: []),
    ]

    static let partners: [Case] = [
        Case(text: "She says her boyfriend aged 22 collects her.", indicators: ["controlling-adult"], phrase: "boyfriend aged 22"),
        Case(text: "Staying with her 19-year-old partner.", indicators: ["controlling-adult"], phrase: "19-year-old partner"),
        Case(text: "Her boyfriend is in his twenties.", indicators: ["controlling-adult"]),
        Case(text: "Talks about an older boyfriend called Dee.", indicators: ["controlling-adult"]),
        Case(text: "Her boyfriend, who is six years older, drives.", indicators: ["controlling-adult"]),
        Case(text: "Her boyfriend is 16.", childAge: 15, indicators: []),
        Case(text: "Her boyfriend is 17.", childAge: 13, indicators: ["controlling-adult"]),
        Case(text: "Her boyfriend is 17.", indicators: []),
        Case(text: "Her mum's 40-year-old partner was at home.", indicators: []),
        Case(text: "Together with her boyfriend for 18 months.", indicators: []),
    ]

    static let peersAndAdults: [Case] = [
        Case(text: "Went missing with two other girls from the home.", indicators: ["peers-exploited"], phrase: "missing with two other girls"),
        Case(text: "Her friends are being exploited by the same group.", indicators: ["peers-exploited"]),
        Case(text: "Missing with £200 cash and a new jacket.", indicators: ["unexplained-items"]),
        Case(text: "Left school at lunchtime with an adult male.", indicators: ["controlling-adult"]),
        Case(text: "An adult male reported her missing at 22:00.", indicators: []),
        Case(text: "Stopped with a knife and wraps of cocaine.", indicators: ["drugs-cash-weapons"]),
        Case(text: "Arrested in Margate for possession.", indicators: ["missing-overnight", "drugs-cash-weapons"]),
        Case(text: "Had a train ticket to Brighton and a hotel key card.", indicators: ["travel-tickets"], phrase: "train ticket to Brighton"),
        Case(text: "Came home late after football.", indicators: []),
        Case(text: "Phoned her mum from a friend's house.", indicators: []),
    ]

    /// Longer sentences as officers write them (the demo's and the store tests' among them), child aged 15.
    static let asWritten: [Case] = [
        Case(
            text: "Kai returned at 02:00 smelling of cannabis with a new Canada Goose jacket and £340 in his sock.", childAge: 15,
            indicators: ["unexplained-items"], phrase: "£340 in his sock"),
        Case(text: "She was dropped off by a man in a white Mercedes outside the home.", childAge: 15, indicators: ["vehicles"]),
        Case(
            text: "Mum says he has been going to Luton a lot and has a phone she does not recognise.", childAge: 15,
            indicators: ["missing-overnight", "phone-concern"]),
        Case(
            text: "Police in Norfolk found him in a flat in Great Yarmouth with two older males.", childAge: 15,
            indicators: ["missing-overnight", "controlling-adult"], phrase: "found him in a flat in Great Yarmouth"),
        Case(text: "She said she was with her boyfriend Jay, who is 24, all night.", childAge: 15, indicators: ["controlling-adult"]),
        Case(text: "Is in contact with a 21 year old male she met online.", childAge: 15, indicators: ["controlling-adult"]),
        Case(text: "Was missing for 3 days, found in Blackpool by Lancashire Police.", childAge: 15, indicators: ["missing-overnight"]),
        Case(text: "Staff said she has a second SIM card and multiple Snapchat accounts.", childAge: 15, indicators: ["phone-concern"]),
        Case(
            text: "Came home last week with unexplained money and a new phone; staff think he is being used.", childAge: 15,
            indicators: ["unexplained-items"], phrase: "unexplained money"),
        Case(text: "Saw a boy matching Kai's description get into a silver car.", childAge: 15, indicators: ["vehicles"]),
        Case(text: "Talking to an older man by a car.", childAge: 15, indicators: ["controlling-adult"]),
        Case(text: "Friend's mum dropped her home at 21:00. No concerns.", childAge: 15, indicators: []),
        Case(text: "He said the money was from his nan for his birthday.", childAge: 15, indicators: []),
        Case(text: "No phones or cash were found on him.", childAge: 15, indicators: []),
        Case(text: "Her partner, aged 17, was also missing.", childAge: 15, indicators: []),
        Case(text: "She has a 2 year old brother.", childAge: 15, indicators: []),
        Case(text: "He got into a taxi with his dad.", childAge: 15, indicators: []),
        Case(text: "Left home after an argument and has not answered her phone.", childAge: 15, indicators: []),
        Case(text: "Did not return by the 22:00 curfew. Staff completed the agreed location checks; his phone is off.", childAge: 15, indicators: []),
    ]

    @Test(arguments: asWritten)
    func sentencesAsWritten(_ c: Case) { check(c) }

    @Test(arguments: cash + things + phones)
    func moneyThingsAndPhones(_ c: Case) { check(c) }

    @Test(arguments: travel + vehicles)
    func travelAndVehicles(_ c: Case) { check(c) }

    @Test(arguments: partners + peersAndAdults)
    func partnersPeersAndAdults(_ c: Case) { check(c) }

    func check(_ c: Case) {
        let hits = NarrativeIndicators.find(c.text, rules: exploitationRules, childAge: c.childAge)
        #expect(hits.map(\.indicatorID) == c.indicators, "\(hits.map { "\($0.indicatorID) <\($0.phrase)>" })")
        if let phrase = c.phrase { #expect(hits.first?.phrase == phrase) }
    }

    @Test func eachIndicatorIsOneHitWithTheFirstWordsAndItsConcept() {
        let hits = NarrativeIndicators.find(
            "Unexplained money again, then £400 in cash and a roll of notes. A second phone.", rules: exploitationRules)
        #expect(hits.map(\.indicatorID) == ["unexplained-items", "phone-concern"])
        #expect(hits[0].phrase == "Unexplained money")
        #expect(hits[0].conceptID == "cash")
        #expect(hits[0].label == "cash or money that is not explained")
        #expect(hits[1].conceptID == "more-than-one-phone")
    }

    @Test func aForcesOwnPlacesAreNotFarFromHome() throws {
        let local = try exploitationPack { json in
            var narrative = json["narrative"] as! [String: Any]
            var places = narrative["places"] as! [String: Any]
            places["local"] = ["Croydon", "Milton Keynes"]
            narrative["places"] = places
            json["narrative"] = narrative
        }
        #expect(NarrativeIndicators.find("Found in Croydon.", rules: local).isEmpty)
        #expect(NarrativeIndicators.find("Travelled to Milton Keynes.", rules: local).isEmpty)
        #expect(NarrativeIndicators.find("Travelled to Milton Keynes.", rules: exploitationRules).map(\.phrase) == ["Travelled to Milton Keynes"])
    }

    struct BadPattern: Sendable, CustomStringConvertible {
        var pattern: String
        var ageTest: String? = nil
        var refusal: String
        var description: String { pattern }
    }

    @Test(arguments: [
        BadPattern(pattern: "{wizardry} cash", refusal: "uses an unknown word list {wizardry}"),
        BadPattern(pattern: "~2 cash", refusal: "starts with a gap"),
        BadPattern(pattern: "cash ~2", refusal: "ends with a gap"),
        BadPattern(pattern: "cash ~40 money", refusal: "a gap is ~1 to ~12, not ~40"),
        BadPattern(pattern: "cash", ageTest: "shoe-size", refusal: "unknown ageTest 'shoe-size'"),
    ])
    func aBadPatternStopsThePackSayingWhich(_ c: BadPattern) {
        let refusal = packRefusal { json in
            var narrative = json["narrative"] as! [String: Any]
            var concept: [String: Any] = [
                "id": "bad", "indicator": "drugs", "label": "x", "patterns": [c.pattern], "source": "LOCAL",
                "evidence": "L", "checked": "2026-12-06",
            ]
            if let test = c.ageTest { concept["ageTest"] = test }
            narrative["concepts"] = (narrative["concepts"] as! [Any]) + [concept]
            json["narrative"] = narrative
        }
        #expect(refusal?.contains(c.refusal) == true, "\(refusal ?? "accepted")")
    }

    @Test func aConceptNamingAnUnknownIndicatorStopsThePack() {
        let refusal = packRefusal { json in
            var narrative = json["narrative"] as! [String: Any]
            narrative["concepts"] =
                (narrative["concepts"] as! [Any]) + [
                    [
                        "id": "odd", "indicator": "nonsense", "label": "x", "patterns": ["cash"],
                        "source": "LOCAL", "evidence": "L", "checked": "2026-12-06",
                    ]
                ]
            json["narrative"] = narrative
        }
        #expect(refusal == "exploitation.json narrative concept 'odd' names unknown indicator nonsense")
    }

    @Test func longTextsAreReadQuickly() {
        let text =
            String(repeating: "The child was seen near the station talking to friends and went home afterwards. ", count: 400)
            + "Then she got into a car with two men."
        let start = Date()
        #expect(NarrativeIndicators.find(text, rules: exploitationRules).map(\.indicatorID) == ["vehicles"])
        #expect(Date().timeIntervalSince(start) < 2)
    }
}
