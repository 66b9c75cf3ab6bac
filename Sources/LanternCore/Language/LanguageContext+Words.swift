/// The words the context rules look for, kept apart from the logic so they are read and reviewed as lists.
extension LanguageContext {
    static let speechWords: Set<String> = [
        "said", "says", "say", "saying", "stated", "states", "told", "tells", "described", "describes", "describing",
        "explained", "explains", "reported", "reports", "replied", "replies", "called", "calls", "calling", "asked",
        "added", "disclosed", "discloses", "wrote", "writes", "texted", "messaged", "shouted", "insisted", "insists",
        "claimed", "claims", "referred", "refers", "words", "quote", "quoted", "admitted", "repeated", "answered",
        "mentioned", "commented", "denied", "confirmed", "spoke", "maintained", "named", "report", "describe", "state",
        "tell", "explain", "claim", "allege", "alleges", "alleged", "disclose", "write", "text", "reply", "call", "note",
        "noted", "notes", "record", "recorded", "records", "advise", "advised", "advises", "informed", "inform", "informs",
        // A phrase mentioned rather than used: "the term 'plugging'", "the view that she was 'sexually active'".
        "term", "terms", "phrase", "phrases", "word", "label", "labelled", "labeled", "view", "suggested", "suggests",
        "suggestion", "challenged", "language", "wording",
    ]

    static let negations: Set<String> = [
        "not", "no", "never", "nor", "neither", "without", "isn't", "wasn't", "aren't", "weren't", "don't", "doesn't",
        "didn't", "cannot", "can't", "couldn't", "won't", "wouldn't", "shouldn't", "hasn't", "haven't", "hadn't", "nothing",
        "nobody", "none", "rather", "instead", "wrong", "incorrect", "inappropriate", "avoid", "challenged", "challenge",
        "rejected", "rejects", "misleading", "inaccurate", "unfair", "unhelpful",
        // "unable to consent to sexual activity": the writer says the child could not.
        "unable", "incapable",
    ]

    /// Verbs that make what follows "into" or "to" something done to the child: "coerced into selling drugs".
    static let coercionWords: Set<String> = [
        "forced", "forces", "forcing", "coerced", "coerces", "coercing", "groomed", "grooming", "pressured", "pressuring",
        "pressurised", "pressurized", "threatened", "threatening", "made", "makes", "compelled", "exploited", "exploiting",
        "manipulated", "manipulating", "tricked", "tricking", "bullied", "blackmailed", "blackmailing", "intimidated",
        "ordered", "instructed", "directed", "trafficked", "enticed", "lured", "incited", "inciting", "dragged", "bribed",
        "controlled", "conned", "deceived", "duped", "frightened", "scared",
    ]
    static let objectPronouns: Set<String> = ["her", "him", "them", "me", "us"]

    static let clauseBreaks: Set<String> = ["and", "but", "because", "so", "while", "whereas", "although", "though", "then", "when", "after"]

    static let adultWords: Set<String> = [
        "suspect", "suspect's", "suspects", "offender", "offender's", "offenders", "perpetrator", "perpetrator's", "adult",
        "adult's", "adults", "defendant", "defendant's", "accused", "prisoner", "nominal", "nominal's", "rso", "man", "man's",
        "men", "woman", "woman's", "women", "mother", "mother's", "father", "father's", "mum", "mum's", "mom", "mom's",
        "dad", "dad's", "stepfather", "stepfather's", "stepdad", "stepdad's", "stepmother", "stepmum", "uncle", "uncle's",
        "aunt", "aunt's", "aunty", "landlord", "landlord's", "male", "male's", "female", "female's", "lodger", "tenant",
        "brother's", "sister's", "carer", "carer's", "officer", "officer's", "colleague", "employee", "staff", "convicted",
        "prison", "inmate", "partner's", "partner", "grandad", "grandad's", "granddad", "grandfather", "grandmother", "grandma",
        "nan", "nan's", "visitor", "convicted", "conviction", "convictions",
        "mr", "mrs", "ms", "groomer", "groomer's", "groomers", "abuser", "abuser's", "abusers", "exploiter", "exploiters",
        "trafficker", "traffickers", "pimp", "boss", "driver", "guy", "guys", "bloke",
        // The young adults who run lines: "The elders running the line are aged between 22 and 30".
        "elders", "olders",
        // Colleagues: "Officers decided to go to the address" ("I" is left out: in a quotation it is the child).
        "officers", "police", "carers",
        // Professionals: "The defence barrister questioned her credibility" is not the writer's doubt.
        "barrister", "solicitor", "lawyer", "judge", "jury", "magistrate", "magistrates", "defence", "prosecutor",
        "detective", "sergeant", "inspector", "constable", "pc", "dc", "ds", "sgt", "teacher", "nurse", "doctor",
        "paramedic", "manager", "worker", "workers", "psychologist", "psychiatrist", "therapist", "counsellor",
        "interpreter", "intermediary", "translator",
        "men's", "males'", "adults'", "suspects'", "offenders'", "perpetrators'",
    ]

    /// Adults whose reported words are their own claims, not the writer's language: "the suspect claimed
    /// she went willingly". (A parent or professional who "reports that ..." is only the source.)
    static let offenderWords: Set<String> = [
        "suspect", "suspect's", "suspects", "offender", "offender's", "offenders", "perpetrator", "perpetrator's",
        "defendant", "defendant's", "accused", "nominal", "nominal's", "man", "man's", "men", "male", "male's", "adult",
        "adult's", "adults", "groomer", "groomer's", "abuser", "abuser's", "exploiter", "exploiters", "trafficker", "pimp",
        "guy", "bloke", "driver",
    ]

    /// The adult words that name a person (not "the suspect's", which names what is theirs).
    static let adultNouns: Set<String> = adultWords.filter { !$0.hasSuffix("'s") }

    /// Verbs that report the child's own account when they come straight before a phrase: "Oscar
    /// described sexual activity with a 20-year-old" is what he said, not the writer's framing.
    static let reportingVerbs: Set<String> = ["described", "describes", "describing", "recounted", "recounts"]
    /// Verbs with which someone gives their own description: "described himself as", "introduced herself as".
    static let selfDescribing: Set<String> = ["described", "describes", "describing", "introduced", "introduces", "presented", "presents"]
    static let reflexives: Set<String> = ["himself", "herself", "themselves", "themself"]

    static let mentionNouns: Set<String> = ["wording", "word", "term", "phrase", "language", "label", "description"]
    /// Words before a phrase that make it something records said: "Records describing Millie as ...".
    static let mentionedBy: Set<String> = [
        "records", "record", "notes", "entry", "entries", "describing", "described",
        "calling", "called", "labelled", "labeled", "labelling", "referred",
    ]
    static let rejections: Set<String> = [
        "removed", "amended", "challenged", "inappropriate", "wrong", "inaccurate", "rejected", "blaming",
        "replaced", "withdrawn", "avoided", "corrected",
    ]

    static let partnerModifiers: Set<String> = ["new", "current", "latest", "ex", "former", "long", "term", "live", "in", "older", "younger"]
}

extension LanguageSubject {
    /// Words that can stand inside a noun phrase before its noun: "the two older", "a 30 year old".
    static let modifiers: Set<String> = [
        "the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "two", "three", "four", "five", "several",
        "some", "other", "older", "adult", "known", "local", "new", "current", "former", "alleged", "suspected", "convicted",
        "registered", "unknown", "same", "year", "years", "old", "yr", "yrs", "aged", "grown", "male", "female",
    ]

    /// Words before a noun phrase that make it an object, not the subject: prepositions, "what the
    /// men wanted", and verbs that take the adults as object in these notes ("met the men"). "And"
    /// and "or" join the adult to someone named before ("Holly, 15, and the 21-year-old"), so the
    /// adult is not the subject on their own.
    static let objectMarkers: Set<String> = [
        "and", "or", "nor",
        "with", "to", "by", "from", "for", "at", "of", "about", "towards", "toward", "near", "around", "into", "onto",
        "between", "among", "amongst", "alongside", "against", "behind", "beside", "outside", "inside", "like", "than",
        "via", "under", "over", "what", "whom", "whose", "let", "lets", "letting", "allowed", "allows", "allowing",
        "met", "meet", "meets", "meeting", "contacted", "contacting", "messaged", "messaging", "visited", "visiting",
        "joined", "joining", "followed", "accompanied", "see", "saw", "seeing", "sees", "told", "gave", "give", "gives",
        // Verbs a child is said to do to the adults: "pays the older men in kind", "invited the men round".
        "pay", "pays", "paid", "paying", "owes", "owed", "invited", "invites", "inviting", "approached", "approaches",
        "sought", "seeks", "asked", "asks", "texted", "texts", "called", "calls", "rang", "phoned", "likes", "liked",
        "loves", "loved", "prefers", "preferred", "chose", "chooses", "trusts", "trusted", "flirts", "flirted",
        "flirting", "thanked", "kissed", "hugged", "sleeps", "slept", "kissing", "kisses", "hugging", "hugs",
    ]

    static let titles: Set<String> = ["mr", "mrs", "ms", "dr"]
    static let subjectPronouns: Set<String> = ["she", "he", "they", "i", "we", "you"]
    static let thirdPersonPronouns: Set<String> = ["she", "he", "they"]
    /// Nouns for a group that a noun phrase may open with: "The group of adults running the line".
    static let collectives: Set<String> = ["group", "groups", "gang", "gangs", "network", "number", "couple", "pair", "crowd"]

    /// Verbs that make the opening adult the source of what follows: "Staff believe she chose to go".
    static let thinking: Set<String> = [
        "believe", "believes", "believed", "think", "thinks", "thought", "feel", "feels", "felt",
        "suspect", "suspects", "understand", "understands", "worry", "worries", "fear", "fears",
        "consider", "considers", "considered", "view", "views", "viewed", "assess", "assessed",
        "assesses", "deem", "deemed", "judge", "judged", "regard", "regards", "regarded",
    ]

    /// Sentence openings that are not a noun phrase: "At 23:40", "Despite being returned", "Given her behaviour".
    static let openers: Set<String> = [
        "after", "before", "despite", "given", "following", "during", "when", "while", "whilst", "if", "although", "though",
        "because", "as", "since", "once", "until", "it", "there", "police", "officers", "cctv", "information", "intelligence",
    ]
    static let childNouns: Set<String> = [
        "girl", "girls", "boy", "boys", "lad", "lads", "child", "children", "teenager", "teenagers", "pupil", "pupils", "young", "kid", "kids",
        "daughter", "son", "niece", "nephew", "stepdaughter", "stepson",
    ]
    /// Nouns for someone related to another, whose age the sentence gives: "Abdul's older brother, 24".
    static let relationNouns: Set<String> = [
        "boyfriend", "girlfriend", "partner", "brother", "sister", "cousin", "friend", "neighbour", "neighbor", "husband",
        "wife", "fiance", "fiancee", "ex", "lodger",
    ]
}
