import LanternCore
import Testing

/// Version 3 of the pack: the context rules that decide who a phrase is said of and whether the
/// writer means it, each with the blaming case and the clean case it must leave alone.
extension LanguageTests {
    static let contextVersion3: [ParaphraseCase] = [
        // Ages as notes give them: "Craig, 25," and "Gaz (45)" are adults; "(16)" is a peer.
        ParaphraseCase(text: "Maya, 15, has been in a steady relationship with Craig, 25, since last spring.", rule: "relationship-with-adult"),
        ParaphraseCase(text: "Harley, 14, and Gaz (45) are a couple and are rarely apart.", rule: "relationship-with-adult"),
        ParaphraseCase(text: "Ryan's girlfriend (16) called the police when he didn't come home.", rule: nil),
        ParaphraseCase(text: "Kacey was seen at 22:00, 23:15 and 01:30 with the same group.", rule: nil),
        // What the child was made to do is not their choice.
        ParaphraseCase(text: "Mo was groomed and coerced into selling drugs by an organised crime group.", rule: nil),
        ParaphraseCase(text: "The men forced her to have sex with them to pay off the debt.", rule: nil),
        ParaphraseCase(text: "Mo has been selling drugs for the older boys.", rule: "working-for-named-line"),
        // A dash ends the clause a negation belongs to.
        ParaphraseCase(text: "Corey isn't naive – he’s fully aware of what the line involves.", rule: "knew-what-would-happen"),
        // A single quote closes after the punctuation that ends the child's words.
        ParaphraseCase(text: "She told the nurse, 'I went willingly, it's my fault.'", rule: nil),
        // "Young woman" and "young man" adultify a teenager; they are not adults who are the subject.
        ParaphraseCase(text: "Precious (15) is an experienced young woman who is fully aware of the risks.", rule: "knew-what-would-happen"),
        // The writer and colleagues as subject; a pronoun after them is the child.
        ParaphraseCase(text: "Officers decided to go to the address on Station Road at 02:00.", rule: nil),
        ParaphraseCase(text: "Officers found she had gone to the flat willingly.", rule: "choice-framing"),
        ParaphraseCase(text: "Officers consider this to be a lifestyle choice for Destiny.", rule: "lifestyle-choice"),
        // An adult who opens the sentence owns "her boyfriend"; a group of adults is adults.
        ParaphraseCase(text: "Esme's older sister, 24, has been seeing her boyfriend for two years.", rule: nil),
        ParaphraseCase(text: "The group of adults running the line recruit children from the pupil referral unit.", rule: nil),
        // Earlier records' words, corrected by the writer.
        ParaphraseCase(text: "Records describing Millie as promiscuous have been corrected and the author spoken to.", rule: nil),
        ParaphraseCase(text: "Millie, 14, is promiscuous.", rule: "promiscuous"),
        // An adult's age after her or his names the adult the child is with; relatives and offenders are not partners.
        ParaphraseCase(text: "Rosie, 15, spends most nights with her 34-year-old fiancé.", rule: "relationship-with-adult"),
        ParaphraseCase(text: "Rosie, 15, spends most nights with her 34-year-old aunt.", rule: nil),
        ParaphraseCase(text: "Dean and his older brother, 23, have been together at their nan's since Friday.", rule: nil),
        // A child who went for help of their own accord.
        ParaphraseCase(text: "Olly went of his own accord to the police station to report the threats.", rule: nil),
        ParaphraseCase(text: "Sasha went to the flat of her own accord to see the men.", rule: "consented"),
    ]

    @Test(arguments: Self.contextVersion3) func contextRulesOfVersion3(_ c: ParaphraseCase) { expect(c) }
}
