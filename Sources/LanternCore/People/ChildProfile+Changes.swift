extension ChildProfile {
    /// Each of the child's details, by the name the API uses, with how to tell two versions apart.
    /// When and by whom it was saved are not details of the child.
    private static let details: [(name: String, same: @Sendable (ChildProfile, ChildProfile) -> Bool)] = [
        ("aliases", { $0.aliases == $1.aliases }), ("estimatedAge", { $0.estimatedAge == $1.estimatedAge }), ("sex", { $0.sex == $1.sex }),
        ("description", { $0.description == $1.description }), ("homeAddress", { $0.homeAddress == $1.homeAddress }),
        ("homePostcode", { $0.homePostcode == $1.homePostcode }), ("placementAddress", { $0.placementAddress == $1.placementAddress }),
        ("placementPostcode", { $0.placementPostcode == $1.placementPostcode }), ("school", { $0.school == $1.school }),
        ("lookedAfter", { $0.lookedAfter == $1.lookedAfter }), ("responsibleAuthority", { $0.responsibleAuthority == $1.responsibleAuthority }),
        ("placement", { $0.placement == $1.placement }), ("placedOutOfArea", { $0.placedOutOfArea == $1.placedOutOfArea }),
        ("hostAuthority", { $0.hostAuthority == $1.hostAuthority }), ("childProtectionPlan", { $0.childProtectionPlan == $1.childProtectionPlan }),
        ("exploitationFlags", { $0.exploitationFlags == $1.exploitationFlags }), ("wishes", { $0.wishes == $1.wishes }),
    ]

    /// The details that differ between two versions of a profile (none before is an empty profile),
    /// named "profile.<field>" for the change history and edit conflicts.
    public static func changedFields(from old: ChildProfile?, to new: ChildProfile) -> [String] {
        let before = old ?? ChildProfile(personID: new.personID, updatedAt: new.updatedAt, updatedBy: new.updatedBy)
        return details.filter { !$0.same(before, new) }.map { "profile.\($0.name)" }
    }
}
