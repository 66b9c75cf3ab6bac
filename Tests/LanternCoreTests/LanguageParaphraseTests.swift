import LanternCore
import Testing

/// Version 2 of the pack catches paraphrase, not only the listed phrases. One table per family, each
/// with hard clean cases: the same words of adults, attributed quotations, negation and ordinary uses.
/// `rule` is the first finding in the writer's own words (nil: nothing to challenge). An extension of
/// LanguageTests, so `swift test --filter LanguageTests` runs these with the corpus figures.
extension LanguageTests {
    struct ParaphraseCase: Sendable, CustomStringConvertible {
        var text: String
        var rule: String?
        var description: String { text }
    }

    static let choiceAndConsent: [ParaphraseCase] = [
        ParaphraseCase(text: "Megan, 14, decided to go back to the flat where the men had given her vodka.", rule: "choice-framing"),
        ParaphraseCase(text: "Kira (13) agreed to meet the man she had been messaging on Instagram.", rule: "consented"),
        ParaphraseCase(text: "She seemed happy to get into the car with the adult males.", rule: "choice-framing"),
        ParaphraseCase(text: "Isla happily went off with the men from the shisha bar.", rule: "choice-framing"),
        ParaphraseCase(text: "Lucy willingly got into the vehicle with the suspect.", rule: "choice-framing"),
        ParaphraseCase(text: "It was her choice to stay at the trap house over the weekend.", rule: "choice-framing"),
        ParaphraseCase(text: "She is going missing by choice and stays with adult males.", rule: "choice-framing"),
        ParaphraseCase(text: "Jade seems to prefer being with the adults in the flat.", rule: "choice-framing"),
        ParaphraseCase(text: "Holly went along with what the men wanted.", rule: "choice-framing"),
        ParaphraseCase(text: "Kai is not being forced; he wants to work for the olders.", rule: "choice-framing"),
        ParaphraseCase(text: "Zoe went with them without complaint and did not say no.", rule: "consented"),
        ParaphraseCase(text: "She is an active participant in the group's offending.", rule: "consented"),
        ParaphraseCase(text: "He has made a conscious decision to work for the line.", rule: "risky-choices"),
        ParaphraseCase(text: "Maisie agreed to go to the return home interview at the library.", rule: nil),
        ParaphraseCase(text: "Ollie was happy to go to his nan's for the weekend.", rule: nil),
        ParaphraseCase(text: "Jamie agreed to go with officers to the hospital.", rule: nil),
        ParaphraseCase(text: "Keira willingly spoke to officers about the adult males at the flat.", rule: nil),
        ParaphraseCase(text: "Sasha voluntarily surrendered her phone so officers could read the messages from the 34-year-old.", rule: nil),
        ParaphraseCase(text: "She was knowingly exploited by the adults at the address.", rule: nil),
        ParaphraseCase(text: "Logan agreed to go to the sexual assault referral centre with his mum.", rule: nil),
        ParaphraseCase(text: "The 27-year-old suspect decided to go to the address despite the warning notice.", rule: nil),
        ParaphraseCase(text: "Noah did not go willingly; he was coerced with threats to his family.", rule: nil),
        ParaphraseCase(text: "Jess said, \"I chose to go, nobody made me,\" which is consistent with how she was groomed.", rule: nil),
        ParaphraseCase(text: "The older boys decided to take Josh to Margate.", rule: nil),
    ]

    static let relationshipsWithAdults: [ParaphraseCase] = [
        ParaphraseCase(text: "Aaliyah, 13, has been dating a 30-year-old she met on Snapchat.", rule: "relationship-with-adult"),
        ParaphraseCase(text: "Grace, 15, has been seeing a 35 year old man since the summer holidays.", rule: "relationship-with-adult"),
        ParaphraseCase(text: "Lacey is 13 and the 19-year-old is her partner.", rule: "partner-of-child"),
        ParaphraseCase(text: "Lily, 15, and the 28-year-old have been together for a year.", rule: "relationship-with-adult"),
        ParaphraseCase(text: "Sasha has been going out with a man in his thirties.", rule: "relationship-with-adult"),
        ParaphraseCase(text: "Shannon, 14, is sleeping at her 25-year-old partner's house.", rule: "relationship-with-adult"),
        ParaphraseCase(text: "She often stays at her boyfriend's flat; he is 26.", rule: "boyfriend-girlfriend"),
        ParaphraseCase(text: "Sofia is in a relationship with a boy from her class who is also 15.", rule: nil),
        ParaphraseCase(text: "Sienna has a positive relationship with her 35-year-old foster carer.", rule: nil),
        ParaphraseCase(text: "Zara has been seeing a counsellor since the assault by the 30-year-old.", rule: nil),
        ParaphraseCase(text: "Ms Hughes, 52, is in a relationship with the suspect and lives at the address.", rule: nil),
        ParaphraseCase(text: "Mum's new partner, aged 44, has moved into the family home.", rule: nil),
        ParaphraseCase(text: "Her mum and her partner, 41, were present for the visit.", rule: nil),
        ParaphraseCase(text: "Partner agencies were told about the 29-year-old at the MASH.", rule: nil),
        ParaphraseCase(text: "The offender was in a relationship with a 32-year-old woman at the time of the offences.", rule: nil),
    ]

    static let transactionalWording: [ParaphraseCase] = [
        ParaphraseCase(text: "She exchanges sexual favors for a place to stay with adult men she meets in town.", rule: "trades-sex"),
        ParaphraseCase(text: "Logan has been offering sexual favours to older men for cannabis.", rule: "trades-sex"),
        ParaphraseCase(text: "She uses sex to get alcohol and somewhere to sleep when she is missing.", rule: "trades-sex"),
        ParaphraseCase(text: "She pays for her drugs with sex.", rule: "trades-sex"),
        ParaphraseCase(text: "Kobi, 14, let the adults film him in return for weed.", rule: "transactional-framing"),
        ParaphraseCase(text: "She offers herself to men for cigarettes.", rule: "trades-sex"),
        ParaphraseCase(text: "She exchanges nude images for vapes and money.", rule: "sending-images"),
        ParaphraseCase(text: "The adult males exchanged messages arranging to collect the girl from school.", rule: nil),
        ParaphraseCase(text: "The older males traded sex-related images of the girls on Snapchat.", rule: nil),
        ParaphraseCase(text: "The man offered her cigarettes and vodka to get her into the car.", rule: nil),
        ParaphraseCase(text: "The suspect offered Leah money for sexual favours.", rule: nil),
        ParaphraseCase(text: "In return for nothing, the men demanded more and more from her.", rule: nil),
    ]

    static let runawayLabels: [ParaphraseCase] = [
        ParaphraseCase(text: "Known runaway, returned by police at 02:10, no further action.", rule: "runaway"),
        ParaphraseCase(text: "She has gone AWOL again from the children's home.", rule: "runaway"),
        ParaphraseCase(text: "She's done a runner from her placement again.", rule: "runaway"),
        ParaphraseCase(text: "Ella ran away again for attention after being told she could not have her phone back.", rule: "troublemaker"),
        ParaphraseCase(text: "It is wrong to describe Kieran as a runaway; he is a missing child at risk of exploitation.", rule: nil),
        ParaphraseCase(text: "The Runaway Helpline number was given to Holly's mum.", rule: nil),
        ParaphraseCase(text: "Officers chased the runaway car along the A12.", rule: nil),
        ParaphraseCase(text: "The suspect is on the run and officers are searching for him.", rule: nil),
        ParaphraseCase(text: "Scarlett ran away from the men and hid in a shop until police arrived.", rule: nil),
        ParaphraseCase(text: "The home manager said she is a runaway risk; this wording has been challenged.", rule: nil),
    ]

    static let doubtAboutTheChild: [ParaphraseCase] = [
        ParaphraseCase(text: "Olivia was drunk so her account of the assault is unreliable.", rule: "doubting-the-account"),
        ParaphraseCase(text: "Given her behaviour on the night, Tanisha’s account cannot be trusted.", rule: "doubting-the-account"),
        ParaphraseCase(text: "Her credibility is undermined by her drinking.", rule: "doubting-the-account"),
        ParaphraseCase(text: "She is a known liar and her allegation should be treated with caution.", rule: "blaming-behaviour"),
        ParaphraseCase(text: "She was wearing a very short skirt and was flirting with the males before the incident.", rule: "blaming-behaviour"),
        ParaphraseCase(text: "She was asking for it by getting into the car with them at that time of night.", rule: "blaming-behaviour"),
        ParaphraseCase(
            text: "Taylor, 15, looks and acts much older, so the men could not have been expected to know her age.", rule: "blaming-behaviour"),
        ParaphraseCase(text: "She had been drinking and flirting so she must take some responsibility.", rule: "blaming-behaviour"),
        ParaphraseCase(text: "Her intoxication does not affect the credibility of her account.", rule: nil),
        ParaphraseCase(text: "Carys had been drinking and was sick in the taxi; she later disclosed that she was raped.", rule: nil),
        ParaphraseCase(text: "The suspect's account is not credible and is contradicted by the phone download.", rule: nil),
        ParaphraseCase(text: "The CCTV footage from the bus is unreliable because of the poor quality.", rule: nil),
        ParaphraseCase(text: "The defence barrister questioned her credibility at trial.", rule: nil),
        ParaphraseCase(text: "She was last seen wearing a short denim skirt and a pink top.", rule: nil),
        ParaphraseCase(text: "She blames herself and feels it was her fault.", rule: nil),
        ParaphraseCase(text: "The 31-year-old claimed the relationship was consensual.", rule: nil),
    ]

    static let whoItIsSaidOf: [ParaphraseCase] = [
        ParaphraseCase(text: "The 19-year-old is known to police as a drug dealer in the area.", rule: nil),
        ParaphraseCase(text: "Aisha was unable to consent to sexual activity with the 25-year-old.", rule: nil),
        ParaphraseCase(text: "Staff report Kai absconding through a window.", rule: "absconded"),
        ParaphraseCase(text: "The relationship between Holly, 15, and the 21-year-old appears consensual.", rule: "consented"),
        ParaphraseCase(text: "The adult male is believed to be recruiting children from the pupil referral unit.", rule: nil),
    ]

    func expect(_ c: ParaphraseCase) {
        let findings = checker.writerFindings(c.text)
        #expect(findings.first?.ruleID == c.rule, "\(checker.check(c.text).map { "\($0.ruleID) [\($0.text)]" })")
    }

    @Test(arguments: Self.choiceAndConsent) func choiceAndConsentFraming(_ c: ParaphraseCase) { expect(c) }
    @Test(arguments: Self.relationshipsWithAdults) func childInARelationshipWithAnAdult(_ c: ParaphraseCase) { expect(c) }
    @Test(arguments: Self.transactionalWording) func tradingSexOrImages(_ c: ParaphraseCase) { expect(c) }
    @Test(arguments: Self.runawayLabels) func runawayAndAbsconderLabels(_ c: ParaphraseCase) { expect(c) }
    @Test(arguments: Self.doubtAboutTheChild) func doubtBecauseOfDrinkOrBehaviour(_ c: ParaphraseCase) { expect(c) }
    @Test(arguments: Self.whoItIsSaidOf) func subjectNegationAndSource(_ c: ParaphraseCase) { expect(c) }

    /// "Oscar described sexual activity with a 20-year-old": the child's account, reported as such.
    @Test func aChildsDescriptionIsReportedNotTheWritersWords() throws {
        let findings = checker.check("Oscar described sexual activity with a 20-year-old and there are concerns he was coerced.")
        let finding = try #require(findings.first)
        #expect(finding.ruleID == "sexual-activity")
        #expect(finding.quotation)
        #expect(checker.writerFindings("Oscar had sexual activity with a 20-year-old.").first?.ruleID == "sexual-activity")
    }

    /// The context a rule needs is looked for in the sentence around the match, not the next one.
    @Test func contextIsTheSentence() {
        #expect(checker.writerFindings("She chose to go with the men.").first?.ruleID == "choice-framing")
        #expect(checker.writerFindings("She chose to go. The men were not there.").isEmpty)
        #expect(checker.writerFindings("She chose to go at 02.10 with the men").first?.ruleID == "choice-framing")
    }

    @Test func macrosNameOtherMacrosAndCyclesAreRefused() throws {
        let macros = ["age": ["18", "19"], "adult": ["{age} year old", "man"], "loop": ["{loop}"]]
        #expect(try PhraseExpander.expand("a {adult}", macros: macros) == ["a 18 year old", "a 19 year old", "a man"])
        #expect(throws: PhraseExpander.Invalid.self) { try PhraseExpander.expand("{loop}", macros: macros) }
    }

    /// Every value carries its evidence: F found, F2 secondary, M from memory, L Lantern's own wording of a
    /// cited principle, or a combination ("F/L": a found term with Lantern's variants added).
    @Test func everyRuleHasEvidenceAndItsContextExpands() throws {
        let pack = LanguageFixtures.pack
        #expect(pack.version >= 4)
        for rule in pack.entries {
            let tags = (rule.evidence ?? "").split(separator: "/").map(String.init)
            #expect(!tags.isEmpty, "\(rule.id): \(rule.evidence ?? "none")")
            #expect(tags.allSatisfy { ["F", "F2", "M", "L"].contains($0) }, "\(rule.id): \(rule.evidence ?? "none")")
            for pattern in rule.near ?? [] {
                #expect(!(try PhraseExpander.expand(pattern, macros: pack.macros)).isEmpty, "\(rule.id): \(pattern)")
            }
        }
        for id in [
            "choice-framing", "relationship-with-adult", "partner-of-child", "trades-sex", "transactional-framing",
            "runaway", "doubting-the-account", "blaming-behaviour",
        ] {
            let rule = try #require(pack.entries.first { $0.id == id }, "\(id)")
            #expect(["2026-12-06", "2026-12-07"].contains(rule.checked), "\(id)")
            #expect(rule.evidence == "L", "\(id)")
            #expect(!rule.source.isEmpty, "\(id)")
        }
    }
}
