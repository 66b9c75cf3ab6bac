import LanternCore
import Testing

/// Version 4 of the pack: blame carried by the sentence's structure (the child as the one exploiting, knowing and
/// willing, gaining, or not to be believed), and the context that keeps adults, agencies and peers clean: an
/// adult's age after a role noun, "also 15" after a partner word, a partner who gives an account, an agency
/// engaging a family, and someone's description of themselves.
extension LanguageTests {
    static let familiesVersion4: [ParaphraseCase] = [
        ParaphraseCase(text: "Jade, 15, is luring other girls into the flat for the men.", rule: "child-as-agent"),
        ParaphraseCase(text: "Tyler (16) is grooming younger boys to hold drugs.", rule: "child-as-agent"),
        ParaphraseCase(text: "Kai is selling for older boys in the town centre.", rule: "child-as-agent"),
        ParaphraseCase(text: "Mia has been colluding with the 30-year-old to hide the phone.", rule: "child-as-agent"),
        ParaphraseCase(text: "Bella is perfectly aware of the dangers but goes there anyway.", rule: "knew-what-would-happen"),
        ParaphraseCase(text: "She knew he was 28 and met him regardless.", rule: "knew-what-would-happen"),
        ParaphraseCase(text: "He made good money from the line and boasts about it.", rule: "benefiting-from-exploitation"),
        ParaphraseCase(text: "Lily is obviously benefiting from the relationship with the older male.", rule: "benefiting-from-exploitation"),
        ParaphraseCase(text: "She keeps changing her story so it is difficult to believe her account.", rule: "doubting-the-account"),
        ParaphraseCase(text: "Chloe brought all of this on herself.", rule: "blaming-behaviour"),
        ParaphraseCase(text: "Ruby isn't bothered about the risks at all.", rule: "dismissing-the-child"),
        ParaphraseCase(text: "Layla, 14, was seen hugging the 30-year-old and did not appear to be under any pressure.", rule: "consented"),
        ParaphraseCase(text: "Kirsty, 15, is living with her boyfriend, who is 27.", rule: "boyfriend-girlfriend"),
        ParaphraseCase(text: "Ruby is benefiting from the support of her youth worker.", rule: nil),
        ParaphraseCase(text: "The mother colluded with the suspect to keep the children away from police.", rule: nil),
        ParaphraseCase(text: "The man is grooming younger girls online, officers believe.", rule: nil),
        ParaphraseCase(text: "Officers were fully aware of the risks when they entered the address.", rule: nil),
        ParaphraseCase(text: "Her boyfriend, also 16, was spoken to by officers.", rule: nil),
        ParaphraseCase(text: "The dealer, a 22-year-old man, was charged.", rule: nil),
        ParaphraseCase(text: "Children's services failed to engage the mother.", rule: nil),
        ParaphraseCase(text: "Her partner, 41, says she was at home all evening.", rule: nil),
        ParaphraseCase(text: "The man, 29, described himself as Leanne's boyfriend when he was arrested.", rule: nil),
        ParaphraseCase(text: "It is no surprise that she is frightened of the men.", rule: nil),
    ]

    @Test(arguments: Self.familiesVersion4) func familiesAndContextOfVersion4(_ c: ParaphraseCase) { expect(c) }

    @Test func selfDescriptionIsReportedAndPeersAreNotPartners() {
        let described = checker.check("The man, 29, described himself as Leanne's boyfriend.")
        #expect(described.first?.ruleID == "boyfriend-girlfriend")
        #expect(described.first?.quotation == true)
        #expect(checker.writerFindings("Her boyfriend (34) picked her up; his girlfriend Amina, also 15, stayed.").count == 1)
    }
}
