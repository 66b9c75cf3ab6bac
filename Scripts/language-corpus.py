#!/usr/bin/env python3
"""Writes Tests/Fixtures/language-corpus.tsv: labelled case-note sentences for measuring the
language check. Columns: label (blame | clean), the rule id a blame sentence should raise
(or '-'), and the sentence ('\\n' marks a line break inside a note).

Blame sentences are the writer's own victim-blaming language, written the way case notes are:
tense, person and pronoun variants, plurals, British and American spelling, curly apostrophes,
hyphenation, words split across line breaks. Clean sentences are ordinary case notes plus the
hard cases: quotations attributed to the child or others, negations, the same words used of
adults or offenders, and words that contain a listed term.

Deterministic: run `python3 Scripts/language-corpus.py` to regenerate.
"""
import os, random

random.seed(20261126)
PEOPLE = [("Amelia", "she", "her", "herself"), ("Kai", "he", "his", "himself"), ("Leah", "she", "her", "herself"),
          ("Jayden", "he", "his", "himself"), ("Sofia", "she", "her", "herself"), ("Tyler", "he", "his", "himself"),
          ("Mia", "she", "her", "herself"), ("Reece", "he", "his", "himself"), ("Ellie", "she", "her", "herself"),
          ("Callum", "he", "his", "himself"), ("Keisha", "she", "her", "herself"), ("Dylan", "he", "his", "himself"),
          ("Ruby", "she", "her", "herself"), ("Aaron", "he", "his", "himself"), ("Zara", "she", "her", "herself"),
          ("Sam", "they", "their", "themselves")]
PLACES = ["Croydon", "Brixton", "Peckham", "Luton", "Southend", "Margate", "a flat in Streatham", "a hotel in Lewisham",
          "an address in Tottenham", "a trap house in Hastings", "Clapham Junction", "a stairwell in Camberwell"]

def fill(t, who):
    name, pron, pos, self_ = who
    cap = pron.capitalize()
    be = "are" if pron == "they" else "is"
    was = "were" if pron == "they" else "was"
    does = "do" if pron == "they" else "does"
    has = "have" if pron == "they" else "has"
    s = (t.replace("{Name}", name).replace("{Pron}", cap).replace("{pron}", pron).replace("{pos}", pos)
          .replace("{Pos}", pos.capitalize()).replace("{self}", self_).replace("{be}", be).replace("{was}", was)
          .replace("{does}", does).replace("{has}", has).replace("{place}", random.choice(PLACES))
          .replace("{age}", str(random.choice([19, 22, 24, 27, 31, 35, 42]))).replace("{n}", str(random.choice([4, 7, 9, 12, 15]))))
    return s

# (rule id, template). Every template is written as an officer or practitioner might write it.
BLAME = [
    ("putting-themselves-at-risk", "{Name} continues to put {self} at risk by going missing overnight."),
    ("putting-themselves-at-risk", "{Pron} {be} putting {self} in danger by staying at addresses in {place}."),
    ("putting-themselves-at-risk", "{Name} puts {self} at significant risk every time {pron} leaves the placement."),
    ("putting-themselves-at-risk", "{Name} placed {self} at risk by getting into cars with unknown males."),
    ("putting-themselves-at-risk", "By staying out {Name} is exposing {self} to harm."),
    ("putting-themselves-at-risk", "Concern that {Name} is putting {self}\\nat risk of exploitation."),
    ("putting-themselves-at-risk", "{Name} has been putting {self} in dangerous situations since the summer."),
    ("sexual-activity", "{Name} disclosed that {pron} had sex with a {age} year old man at {place}."),
    ("sexual-activity", "{Name} is believed to be in a sexual relationship with an adult male."),
    ("sexual-activity", "Information suggests {Name} engaged in sexual activity with several men at the party."),
    ("sexual-activity", "{Name} has been sleeping with older males in exchange for somewhere to stay."),
    ("sexually-active", "{Name} is sexually active and was given advice about contraception."),
    ("sexually-active", "School report that {Name}, aged 12, is sexually active."),
    ("sexually-active", "{Pron} {be} known to be sexually active with older males."),
    ("contacting-adults", "{Name} has been contacting adult males via Snapchat."),
    ("contacting-adults", "{Name} has been messaging older men online late at night."),
    ("contacting-adults", "{Pron} met up with older males {pron} had been chatting to on Instagram."),
    ("sex-in-exchange", "Adults were offering {pos} drugs seemingly in return for sex."),
    ("sex-in-exchange", "{Name} appears to be trading sex for cannabis and cigarettes."),
    ("sex-in-exchange", "{Name} has been exchanging sex for a place to stay."),
    ("sending-images", "{Name} has been sending explicit pictures to an adult male."),
    ("sending-images", "{Name} sent nude photos of {self} to a man {pron} met online."),
    ("sending-images", "{Name} admitted sharing indecent images with someone {pron} met on a gaming site."),
    ("relationship-with-abuser", "{Name} is associating with older males in {place}."),
    ("relationship-with-abuser", "{Name} has been hanging around with known gang members."),
    ("relationship-with-abuser", "{Name} is in a relationship with an older man who collects {pos} from school."),
    ("relationship-with-abuser", "{Name} is spending time with elders linked to a county line."),
    ("relationship-with-abuser", "{Name} appears to be in a relationship with a {age} year old male."),
    ("boyfriend-girlfriend", "{Name} was collected from the placement by {pos} {age}-year-old boyfriend."),
    ("boyfriend-girlfriend", "{Name} went to stay with {pos} older boyfriend in {place}."),
    ("boyfriend-girlfriend", "{Name} says the man is just {pos} boyfriend and that {pron} loves him."),
    ("boyfriend-girlfriend", "{Pos} \"boyfriend\" (a {age} year old man) bought {pos} a new phone."),
    ("boyfriend-girlfriend", "{Name} was found at the home of {pos} adult boyfriend."),
    ("risky-choices", "{Name} continues to make risky choices and will not listen to advice."),
    ("risky-choices", "{Name} makes poor decisions when {pron} is with {pos} friends."),
    ("risky-choices", "{Pos} risk-taking behaviour has increased since {pron} moved placement."),
    ("risky-choices", "{Name} chose to go missing again despite being warned."),
    ("risky-choices", "{Name} has a history of risky behavior, including going missing."),
    ("risky-choices", "{Pos} risk-\\ntaking behaviour is escalating."),
    ("risky-choices", "{Name} made the choice to go missing after an argument."),
    ("involved-in-exploitation", "{Name} is known to be involved in CSE in {place}."),
    ("involved-in-exploitation", "{Name} is believed to be involved in county lines."),
    ("involved-in-exploitation", "Intelligence indicates {Name}'s involvement in drug dealing in {place}."),
    ("involved-in-exploitation", "{Name} has been involved in child criminal exploitation for some months."),
    ("money-mule", "{Name} has been acting as a money mule for older males."),
    ("money-mule", "{Pos} bank account was used for money muling."),
    ("plugging", "{Name} was plugging drugs when found in {place}."),
    ("plugging", "It is believed {Name} plugged a package before travelling."),
    ("slave", "{Name} described being treated like a slave; officers recorded {pos} as the line's slave."),
    ("gift-girls", "Local boys refer to {Name} and others as gift girls and officers used the term in the log."),
    ("recruited", "{Name} was recruited by an older male to sell drugs."),
    ("recruited", "{Name} has been recruited into a county line operating in {place}."),
    ("working-for", "{Name} is working for the olders in {place}."),
    ("working-for", "{Name} works for a gang that runs a line to {place}."),
    ("working-for", "{Name} was found working the line in {place}."),
    ("working-for", "{Name} has been working county lines since the spring."),
    ("gang-member", "{Name} is a gang member and associates with known nominals."),
    ("gang-member", "{Name} is suspected to be part of a gang in {place}."),
    ("gang-member", "{Name} is gang-affiliated according to the intelligence report."),
    ("child-pornography", "The phone contained child pornography involving {Name}."),
    ("child-pornography", "Images of {Name} were found on a child porn site."),
    ("historical-abuse", "{Name} disclosed historical abuse by a family friend."),
    ("historical-abuse", "Referral made for historic sexual abuse reported by {Name}."),
    ("in-exchange-for", "{Name} was given cannabis in exchange for gifts to the group."),
    ("in-exchange-for", "{Name} receives lifts and alcohol in return for favours."),
    ("in-exchange-for", "{Name} was given money in return for carrying packages."),
    ("in-exchange-for", "The relationship appears transactional."),
    ("vulnerabilities-led", "{Pos} vulnerabilities led to {pos} being abused."),
    ("vulnerabilities-led", "{Name} makes {self} an easy target by drinking in the park."),
    ("troublemaker", "Staff describe {Name} as a troublemaker at the placement."),
    ("troublemaker", "{Name}'s behaviour is attention seeking."),
    ("troublemaker", "{Name} is attention-seeking and wayward."),
    ("poor-relationship-choices", "{Name} makes poor relationship choices."),
    ("poor-relationship-choices", "{Name} is attracted to older men."),
    ("why-didnt-they-leave", "{Name} could have left at any time but stayed at the address."),
    ("why-didnt-they-leave", "{Name} keeps going back to him despite everything."),
    ("why-didnt-they-leave", "{Name} should have told someone sooner."),
    ("knew-what-would-happen", "{Name} must have known what would happen when {pron} got into that car."),
    ("knew-what-would-happen", "{Name} knew what {pron} was doing."),
    ("knew-what-would-happen", "{Pron} knew the risks and went anyway."),
    ("disengaged", "{Name} is disengaged from services."),
    ("disengaged", "{Name} refused to engage with the return home interview."),
    ("disengaged", "{Name} is hard to reach and does not engage."),
    ("disengaged", "{Name} continues to refuse to engage; {pron} refuses to engage with the social worker."),
    ("child-perpetrator", "{Name} is seen as a child perpetrator in the group."),
    ("high-risk-child", "{Name} is a high risk child who goes missing often."),
    ("high-risk-child", "{Name} is a high-risk young person known to the YOT."),
    ("child-prostitute", "{Name} is prostituting {self} in {place}."),
    ("child-prostitute", "{Name} is thought to be selling sex to pay for cannabis."),
    ("child-prostitute", "{Name} is working as a prosti-\\ntute according to the caller."),
    ("child-prostitute", "Concern that {Name} is a child prostitute."),
    ("child-prostitute", "{Name} has been selling {self} for money."),
    ("promiscuous", "{Name} is promiscuous and has had several partners."),
    ("promiscuous", "Staff say {Name} is sleeping around."),
    ("consented", "{Name} consented to going to the address."),
    ("consented", "{Name} went willingly with the men."),
    ("consented", "{Name} appears to be a willing participant."),
    ("consented", "{Name} left of {pos} own free will with the adult."),
    ("consented", "The sexual contact appears consensual."),
    ("lifestyle-choice", "This is a lifestyle choice for {Name}."),
    ("lifestyle-choice", "{Name} has chosen this lifestyle."),
    ("lifestyle-choice", "{Name} leads a chaotic lifestyle."),
    ("streetwise", "{Name} is streetwise and can look after {self}."),
    ("streetwise", "{Name} is street-smart."),
    ("drug-runner", "{Name} is a drug runner for a line in {place}."),
    ("drug-runner", "{Name} was found dealing drugs in {place}."),
    ("drug-runner", "{Name} is a known shotter."),
    ("drug-runner", "{Name} was running drugs between London and {place}."),
    ("drug-runner", "{Name} has been selling cannabis at school."),
    ("drug-debt", "{Name} has a drug debt with the olders."),
    ("drug-debt", "{Name} owes the dealers money and is working off {pos} debt."),
    ("absconded", "{Name} absconded from the placement at 21:00."),
    ("absconded", "{Name} has absconded again."),
    ("absconded", "Staff report {Name} absconding through a window."),
    ("frequent-flyer", "It's what {pron} always {does}."),
    ("frequent-flyer", "It’s what {pron} always {does}; {pron} will turn up."),
    ("frequent-flyer", "{Name} is a frequent flyer."),
    ("frequent-flyer", "{Name} is a regular misper and will turn up when {pron} is ready."),
    ("frequent-flyer", "{Pron}'ll turn up, {pron} always does."),
    ("frequent-flyer", "{Name} always comes back in the morning."),
    ("frequent-flyer", "Nothing unusual for {Name}; {pron} does this all the time."),
    ("frequent-flyer", "{Name} is a serial runaway."),
    ("frequent-flyer", "{Name} is a known misper, usual behaviour."),
    ("sexting", "{Name} has been sexting a man from Leeds."),
    ("sexting", "{Name} admitted sexting."),
    ("self-generated-images", "The images of {Name} are self-generated images."),
    ("self-generated-images", "The material is self-\\ngenerated images shared by {Name}."),
    ("putting-themselves-at-risk", "{NAME} IS PUTTING {SELF} AT RISK."),
    ("risky-choices", "{Name} is making bad decisions and poor choices."),
    ("relationship-with-abuser", "{Name} has negative peer associations in {place}."),
]

CLEAN = [
    # ordinary notes
    "{Name} was reported missing by {pos} mother at 22:10 after not returning from school.",
    "Officers attended {place}; no trace of {Name}.",
    "Strategy discussion held with Lambeth children's social care at 14:00.",
    "{Name} disclosed that older males give {pos} cannabis and have threatened {pos} family.",
    "{Name} has been groomed by an adult male aged {age}.",
    "Return home interview offered by the local authority; {Name} accepted.",
    "{Name} was found at 03:40 in {place} with two adult males.",
    "The local authority was notified of the missing episode at 23:05.",
    "{Name} is being criminally exploited to carry drugs to {place}.",
    "Adults have been contacting {Name} through Snapchat.",
    "{Name} was sexually abused by a man {pron} met online.",
    "The perpetrator gave {Name} a phone to control where {pron} went.",
    "{Name} is a victim of sexual exploitation.",
    "{Name} was raped at {place}; the suspect was arrested.",
    "{Name} has been missing {n} times this year; each episode increases risk.",
    "Services have not yet found a way to engage {Name}.",
    "{Name} may be controlled or afraid and did not want to speak to officers.",
    "A perpetrator targeted {Name} and exploited {pos} vulnerabilities.",
    "{Name} is being coerced and controlled by an organised crime group.",
    "Debt bondage imposed by exploiters is being used to control {Name}.",
    "{Name} was forced to carry drugs internally.",
    "{Name} was missing from care and away from {pos} placement overnight.",
    "The images of {Name} are child sexual abuse material.",
    "{Name} disclosed non-recent sexual abuse by a relative.",
    "The adult exploiting {Name} has been identified.",
    "The child is not in a position to make a free or informed choice.",
    "Safe and well check completed by PC Okafor at 09:15.",
    "{Name} was hungry and tired; a meal was provided at the station.",
    "Social worker Grace Adeyemi was informed by telephone at 08:30.",
    "{Name}'s phone was seized and sent for examination.",
    "CCTV from the bus shows {Name} travelling with an unknown male.",
    "A Child Abduction Warning Notice was served on the adult male.",
    "{Name} said {pron} felt safe at home and wanted to go to school.",
    "Risk assessed as high by the duty inspector.",
    "The school confirmed {Name} attended registration on Monday.",
    "An NRM referral was submitted for {Name}.",
    "{Name} was given a lift home by the night duty team.",
    "The missing person coordinator reviewed the case at 10:00.",
    "{Name}'s grandmother provided a recent photograph.",
    "{Name} has an older brother who lives in {place}.",
    # words containing or resembling a term
    "The therapist saw {Name} on Tuesday and will write to the GP.",
    "{Name}'s mother works for the council and was at work when {Name} left.",
    "{Name} plugged {pos} phone in to charge at the station.",
    "Officers are dealing with the report as a priority.",
    "The dealership's CCTV showed a grey Audi outside at 02:00.",
    "Dean Wallis is a registered sex offender living in {place}.",
    "The mule train ride at the fair was closed.",
    "{Name} plays in a gang show at the scout hut.",
    "{Name} said the workings of the court confused {pos}.",
    "{Name} took part in a consent workshop at school.",
    "The officer was recruited to the police in 2019.",
    "{Name} attends a risk awareness session at school.",
    "{Name} is working on {pos} GCSE coursework with a tutor.",
    "{Name} works for a local bakery on Saturdays.",
    "{Name} ran the 100 metres at the school sports day.",
    "The suspect was running a car wash used to launder cash.",
    # adults and offenders
    "The suspect's girlfriend provided an alibi for Friday night.",
    "The adult male is a known drug dealer in {place}.",
    "The offender absconded from approved premises in 2019.",
    "{Name}'s stepfather has convictions for running drugs.",
    "The suspect's boyfriend was present at the address.",
    "The woman is a sex worker who lives at the address and was spoken to as a witness.",
    "The adult male's girlfriend answered the door.",
    "The defendant was a drug runner for the network in 2015.",
    "{Name}'s mother's boyfriend has been barred from the house.",
    "The nominal is a gang member known to the Met.",
    "The prisoner absconded from open conditions last year.",
    "{Name}'s father is in a relationship with an older woman.",
    "The suspect, a {age} year old man, is known to sell drugs.",
    "The landlord's girlfriend called police at 01:00.",
    "Her uncle is a known shotter in {place}.",
    # negations
    "{Name} was not putting {self} at risk; {pron} was taken to {place} by adults.",
    "This is not a lifestyle choice; {Name} is being exploited.",
    "There is no evidence that {Name} was working for the gang.",
    "{Name} did not consent and was coerced by the adults.",
    "{Name} is not a child prostitute, {pron} is a victim of sexual exploitation.",
    "{Name} did not go willingly; {pron} was threatened.",
    "Officers should never describe {Name} as streetwise.",
    "{Name} is not a drug dealer, {pron} is a child being exploited.",
    "Please do not refer to {Name} as a frequent flyer.",
    "{Name}'s going missing is not what {pron} always does; it is a new pattern.",
    # quotations attributed to someone
    "{Name} told officers \"he's my boyfriend, he looks after me\".",
    "{Name} said: \"I'm not a kid, I make my own choices and I'm not putting myself at risk.\"",
    "{Name} described the man as {pos} “boyfriend” and said he buys {pos} things.",
    "When asked, {Name} replied \"I was working for the olders, I owed them\".",
    "\"I chose to go missing,\" {Name} said, \"nobody made me.\"",
    "{Name} told the social worker that the man called {pos} a \"prostitute\".",
    "The caller said \"she's always doing this, she'll turn up\".",
    "{Name}'s mum said \"{pron} is sexually active, I can't stop {pos}\".",
    "In {pos} words: \"I'm a runner for them, it's just work\".",
    "{Name} told police “it was consensual” but officers are treating it as rape.",
    "{Name} said the men called {pos} \"their little drug mule\".",
    "The text messages read: \"you owe me, your drug debt is growing\".",
]

def case_variants(t):
    if "{NAME}" in t:
        return t
    return t

rows = []
for rule, template in BLAME:
    uses = 2 if "{Name}" in template or "{Pron}" in template or "{pron}" in template or "{NAME}" in template else 1
    for who in random.sample(PEOPLE, uses):
        text = fill(template.replace("{NAME}", who[0].upper()).replace("{SELF}", who[3].upper()), who)
        rows.append(("blame", rule, text))
for template in CLEAN:
    uses = 3 if "{Name}" in template or "{pron}" in template else 1
    for who in random.sample(PEOPLE, uses):
        rows.append(("clean", "-", fill(template, who)))

seen = set()
unique = []
for row in rows:
    if row[2] not in seen:
        seen.add(row[2])
        unique.append(row)
random.shuffle(unique)
here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "..", "Tests", "Fixtures", "language-corpus.tsv")
with open(out, "w") as f:
    f.write("# label\trule\tsentence (\\n = line break). Generated by Scripts/language-corpus.py; labels by construction.\n")
    for label, rule, text in unique:
        f.write(f"{label}\t{rule}\t{text}\n")
blame = sum(1 for r in unique if r[0] == "blame")
print(f"wrote {out}: {len(unique)} sentences ({blame} blame, {len(unique) - blame} clean)")
