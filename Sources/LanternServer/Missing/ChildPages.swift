import Foundation
import HTTPTypes
import Hummingbird
import LanternCore
import LanternStore

/// A child's record page (profile, own words, Philomena profile, every episode) and the forms
/// that change the profile and add a Philomena profile version.
struct ChildPages {
    let store: Store
    let pages: PageRenderer

    func add(to router: RouterGroup<LanternRequestContext>) {
        router.get("/children/{id}", use: child)
        router.get("/children/{id}/profile", use: profileForm)
        router.post("/children/{id}/profile", use: saveProfile)
        router.get("/children/{id}/philomena", use: philomenaForm)
        router.post("/children/{id}/philomena", use: savePhilomena)
    }

    /// A child's page, a purposed consultation.
    @Sendable func child(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let (record, purpose) = try await open(id, request, context, withLinks: true), let links = record.links else {
            return PurposeQuestion.page(pages, request, context)
        }
        var panel = try LinkPages.panelData(
            store, links, back: "/children/\(id)?purpose=\(purpose?.rawValue ?? "")", purpose: purpose,
            context: context)
        let screenings = try await store.exploitation.screenings(of: id, context: try context.accessContext())
        let rules = store.exploitation.rules
        panel["screenings"] = screenings.map { s -> [String: Any] in
            [
                "score": s.result.score, "band": rules.bands.first { $0.code == s.result.band }?.title ?? s.result.band,
                "at": UKTime.show(s.screenedAt), "by": s.screenedBy, "rationale": s.rationale, "due": UKTime.show(s.nextDue),
                "overdue": s.nextDue <= store.clock.now(),
            ]
        }
        panel["incidents"] = try await store.domesticAbuse.incidents(ofChild: id, purpose: purpose, context: try context.accessContext())
            .map { IncidentPages.childIncidentRow($0, purpose: purpose) }
        panel["protections"] = try await store.policePowers.protections(ofChild: record.person).map { ProtectionPages.childRow($0, purpose: purpose) }
        panel["detentions"] = try await store.policePowers.detentions(ofChild: record.person).map { CustodyPages.childRow($0, purpose: purpose) }
        return page(
            record, purpose: purpose, notice: request.uri.queryParameters["saved"].map(String.init) ?? "", panel: panel,
            context: context)
    }

    /// The form for a child's profile.
    @Sendable func profileForm(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let (record, purpose) = try await open(id, request, context) else {
            return PurposeQuestion.page(pages, request, context)
        }
        let p = record.profile
        let state = FormState(
            values: [
                "aliases": (p?.aliases ?? []).joined(separator: "\n"), "estimatedAge": p?.estimatedAge.map(String.init) ?? "",
                "sex": p?.sex ?? "", "description": p?.description ?? "", "homeAddress": p?.homeAddress ?? "",
                "homePostcode": p?.homePostcode ?? "", "placementAddress": p?.placementAddress ?? "",
                "placementPostcode": p?.placementPostcode ?? "", "school": p?.school ?? "",
                "lookedAfter": p?.lookedAfter == true ? "yes" : "", "responsibleAuthority": p?.responsibleAuthority ?? "",
                "placement": p?.placement ?? "", "childProtectionPlan": p?.childProtectionPlan == true ? "yes" : "",
                "placedOutOfArea": p?.placedOutOfArea == true ? "yes" : "", "hostAuthority": p?.hostAuthority ?? "",
                "wishes": p?.wishes ?? "",
            ].merging((p?.exploitationFlags ?? []).map { ("flag.\($0.rawValue)", "yes") }, uniquingKeysWith: { a, _ in a }))
        return form(
            profileFields, state: state, id: id, path: "profile", title: "Change \(record.person.displayName)'s profile",
            purpose: purpose, context: context, version: record.person.version)
    }

    /// A child's profile saved, refused if someone else changed it first.
    @Sendable func saveProfile(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let form = try await FormBody.decode(from: request)
        let purpose = form.text("purpose").flatMap(AccessPurpose.init(rawValue:)) ?? .missingEpisode
        do {
            var age: Int?
            if let text = form.text("estimatedAge") {
                guard let value = Int(text) else { throw ValidationFailure("estimatedAge", "Enter the estimated age as a whole number, like 14") }
                age = value
            }
            let profile = ChildProfile(
                personID: id, aliases: (form["aliases"] ?? "").split(whereSeparator: \.isNewline).map(String.init), estimatedAge: age,
                sex: form["sex"] ?? "", description: form["description"] ?? "", homeAddress: form["homeAddress"] ?? "",
                homePostcode: form.text("homePostcode"), placementAddress: form["placementAddress"] ?? "",
                placementPostcode: form.text("placementPostcode"), school: form["school"] ?? "", lookedAfter: form["lookedAfter"] == "yes",
                responsibleAuthority: form["responsibleAuthority"] ?? "", placement: form["placement"] ?? "",
                placedOutOfArea: form["placedOutOfArea"] == "yes", hostAuthority: form["hostAuthority"] ?? "",
                childProtectionPlan: form["childProtectionPlan"] == "yes",
                exploitationFlags: Set(ExploitationFlag.allCases.filter { form["flag.\($0.rawValue)"] == "yes" }), wishes: form["wishes"] ?? "",
                updatedAt: store.clock.now(), updatedBy: "")
            guard let version = form["version"].flatMap(Int.init) else {
                throw BadRequest("The form is missing the record version; reload the page and try again", field: "version")
            }
            _ = try await store.children.saveProfile(
                profile, expectedVersion: version, acknowledgedLanguage: EpisodeForms.acknowledged(form),
                context: try context.accessContext())
            return Response(status: .seeOther, headers: [.location: "/children/\(id)?purpose=\(purpose.rawValue)&saved=Profile+saved."])
        } catch let review as LanguageReviewNeeded {
            return self.form(
                profileFields, state: FormState(values: form.fields, errors: [FieldError(review.field, review.message)]),
                id: id, path: "profile", title: "Change the child's profile", purpose: purpose, context: context,
                version: form["version"].flatMap(Int.init), review: (review, form[review.field] ?? ""), status: .unprocessableContent)
        } catch let failure as ValidationFailure {
            var state = FormState(values: form.fields)
            state.errors = failure.errors
            return self.form(
                profileFields, state: state, id: id, path: "profile", title: "Change the child's profile", purpose: purpose,
                context: context, version: form["version"].flatMap(Int.init), status: .unprocessableContent)
        } catch let conflict as VersionConflict {
            // Keep what the editor typed, say what changed, and offer the current version to save over it knowingly.
            var state = FormState(values: form.fields)
            state.errors = [
                FieldError(
                    profileFields.first?.name ?? "aliases",
                    "Someone else changed this child's record while you were editing it"
                        + " (they changed: \(conflict.changedFields.joined(separator: ", "))). Your changes were not saved. Open the record again"
                        + " to see theirs, then make yours.")
            ]
            return self.form(
                profileFields, state: state, id: id, path: "profile", title: "Change the child's profile", purpose: purpose,
                context: context, version: conflict.currentVersion, status: .conflict)
        }
    }

    /// The Philomena Protocol form.
    @Sendable func philomenaForm(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let (record, purpose) = try await open(id, request, context) else {
            return PurposeQuestion.page(pages, request, context)
        }
        var values: [String: String] = [:]
        if let p = record.philomena {
            values = [
                "description": p.description, "photoReference": p.photoReference, "associates": p.associates,
                "placesFrequented": p.placesFrequented, "previousMissing": p.previousMissing, "vulnerabilities": p.vulnerabilities,
                "medical": p.medical, "phoneAndSocialMedia": p.phoneAndSocialMedia, "transport": p.transport,
                "completedBy": p.completedBy,
            ]
        }
        return form(
            philomenaFields, state: FormState(values: values), id: id, path: "philomena",
            title: "Philomena profile for \(record.person.displayName)", purpose: purpose, context: context)
    }

    /// A new version of the Philomena Protocol profile.
    @Sendable func savePhilomena(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let form = try await FormBody.decode(from: request)
        let purpose = form.text("purpose").flatMap(AccessPurpose.init(rawValue:)) ?? .missingEpisode
        do {
            let saved = try await store.children.savePhilomena(
                PhilomenaProfile(
                    personID: id, version: 0, description: form["description"] ?? "", photoReference: form["photoReference"] ?? "",
                    associates: form["associates"] ?? "", placesFrequented: form["placesFrequented"] ?? "",
                    previousMissing: form["previousMissing"] ?? "", vulnerabilities: form["vulnerabilities"] ?? "", medical: form["medical"] ?? "",
                    phoneAndSocialMedia: form["phoneAndSocialMedia"] ?? "", transport: form["transport"] ?? "",
                    completedBy: form["completedBy"] ?? "", updatedAt: store.clock.now(), updatedBy: ""),
                acknowledgedLanguage: EpisodeForms.acknowledged(form), context: try context.accessContext())
            return Response(
                status: .seeOther,
                headers: [
                    .location: "/children/\(id)?purpose=\(purpose.rawValue)&saved=Philomena+profile+version+\(saved.version)+saved."
                ])
        } catch let review as LanguageReviewNeeded {
            return self.form(
                philomenaFields, state: FormState(values: form.fields, errors: [FieldError(review.field, review.message)]),
                id: id, path: "philomena", title: "Philomena profile", purpose: purpose, context: context,
                review: (review, form[review.field] ?? ""), status: .unprocessableContent)
        } catch let failure as ValidationFailure {
            var state = FormState(values: form.fields)
            state.errors = failure.errors
            return self.form(
                philomenaFields, state: state, id: id, path: "philomena", title: "Philomena profile", purpose: purpose,
                context: context, status: .unprocessableContent)
        }
    }

    var profileFields: [FormField] {
        [
            FormField(
                name: "aliases", label: "Also known as", hint: "One name per line: nicknames, other spellings, names used online",
                kind: .textarea(rows: 3)),
            FormField(name: "estimatedAge", label: "Estimated age (only if the date of birth is not known)", kind: .number),
            FormField(name: "sex", label: "Sex", kind: .text(width: "input--width-10")),
            FormField(name: "description", label: "Description", kind: .textarea(rows: 3, languageCheck: true)),
            FormField(name: "homeAddress", label: "Home address", kind: .text()),
            FormField(name: "homePostcode", label: "Home postcode", kind: .text(width: "input--width-10")),
            FormField(name: "school", label: "School", kind: .text()),
            FormField(name: "lookedAfter", label: "Looked after by a local authority", kind: .checkbox),
            FormField(name: "responsibleAuthority", label: "Responsible local authority", kind: .text()),
            FormField(name: "placement", label: "Placement (type and provider)", kind: .textarea(rows: 2, languageCheck: true)),
            FormField(name: "placementAddress", label: "Placement address", kind: .text()),
            FormField(name: "placementPostcode", label: "Placement postcode", kind: .text(width: "input--width-10")),
            FormField(name: "placedOutOfArea", label: "Placed outside the responsible authority's area", kind: .checkbox),
            FormField(
                name: "hostAuthority", label: "Host local authority (where the child is placed)",
                hint: "Both the placing and the host authority are told when the child goes missing and returns", kind: .text()),
            FormField(name: "childProtectionPlan", label: "Subject of a child-protection plan", kind: .checkbox),
        ]
            + ExploitationFlag.allCases.map { FormField(name: "flag.\($0.rawValue)", label: "Concern: \($0.title)", kind: .checkbox) }
            + [FormField(name: "wishes", label: "The child's wishes and feelings, in their words", kind: .textarea(rows: 4))]
    }

    var philomenaFields: [FormField] {
        [
            FormField(name: "completedBy", label: "Completed by (carer and organisation)", kind: .text()),
            FormField(name: "description", label: "Physical description", kind: .textarea(rows: 3)),
            FormField(name: "photoReference", label: "Where the recent photo is held", kind: .text()),
            FormField(name: "associates", label: "Friends and associates", kind: .textarea(rows: 3, languageCheck: true)),
            FormField(name: "placesFrequented", label: "Addresses and places the child goes", kind: .textarea(rows: 3, languageCheck: true)),
            FormField(name: "previousMissing", label: "Previous missing history", kind: .textarea(rows: 3, languageCheck: true)),
            FormField(name: "vulnerabilities", label: "Vulnerabilities", kind: .textarea(rows: 3, languageCheck: true)),
            FormField(name: "medical", label: "Medical needs", kind: .textarea(rows: 2)),
            FormField(name: "phoneAndSocialMedia", label: "Phone and social media", kind: .textarea(rows: 2)),
            FormField(name: "transport", label: "Transport the child uses", kind: .textarea(rows: 2)),
        ]
    }

    /// `?philomenaVersion=N`: an earlier version of the profile to show instead of the latest.
    static func philomenaVersion(_ request: Request) throws -> Int? {
        try request.uri.queryParameters["philomenaVersion"].map { text -> Int in
            guard let n = Int(text), n >= 1 else { throw ValidationFailure("philomenaVersion", "A version is a whole number from 1") }
            return n
        }
    }

    func open(
        _ id: String, _ request: Request, _ context: LanternRequestContext, withLinks: Bool = false
    ) async throws -> (ChildRecord, AccessPurpose?)? {
        let purpose = request.uri.queryParameters["purpose"].map(String.init).flatMap(AccessPurpose.init(rawValue:))
        let note = request.uri.queryParameters["note"].map(String.init) ?? ""
        do {
            let version = try Self.philomenaVersion(request)
            return (
                try await store.children.record(
                    id, purpose: purpose, purposeNote: note, philomenaVersion: version,
                    withLinks: withLinks, context: try context.accessContext()), purpose
            )
        } catch is PurposeRequired {
            return nil
        }
    }

    func form(
        _ fields: [FormField], state: FormState, id: String, path: String, title: String, purpose: AccessPurpose?,
        context: LanternRequestContext, version: Int? = nil, review: (LanguageReviewNeeded, String)? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let purpose = purpose?.rawValue ?? "missing-episode"
        let page = FormPage(
            heading: title, submit: "Save", action: "/children/\(id)/\(path)", cancel: "/children/\(id)?purpose=\(purpose)",
            purpose: purpose, hidden: version.map { [["name": "version", "value": String($0)]] })
        return pages.form(page, fields: fields.map { $0.data(state) }, state: state, review: review, context: context, status: status)
    }

    func page(_ r: ChildRecord, purpose: AccessPurpose?, notice: String, panel: [String: Any], context: LanternRequestContext) -> Response {
        let now = store.clock.now()
        let rules = store.missing.rules
        let p = r.profile
        let actor = context.session?.actor
        let purposeCode = purpose?.rawValue ?? "missing-episode"
        var ageText = r.person.dateOfBirth.map { "Born \($0)" } ?? "Date of birth not known"
        if let age = p?.age(dateOfBirth: r.person.dateOfBirth, on: now) ?? r.person.dateOfBirth.flatMap({ PersonDraft.age(ofBirthDate: $0, on: now) })
        {
            ageText += " (\(age)\(r.person.dateOfBirth == nil ? ", estimated" : ""))"
        }
        var data: [String: Any] = [
            "id": r.person.id, "name": r.person.displayName, "notice": notice, "panel": panel,
            "screenings": panel["screenings"] ?? [], "hasScreenings": !((panel["screenings"] as? [Any]) ?? []).isEmpty,
            "incidents": panel["incidents"] ?? [], "hasIncidents": !((panel["incidents"] as? [Any]) ?? []).isEmpty,
            "canScreen": actor.map { store.policy.roleMay($0.role, .screenExploitation) } ?? false,
            "canConcern": actor.map { store.policy.roleMay($0.role, .workExploitationConcern) } ?? false, "purpose": purposeCode,
            "purposeTitle": purpose?.title ?? "",
            "repeatFlagged": r.repeatMissing.flagged, "repeatCount": r.repeatMissing.count, "repeatDays": r.repeatMissing.withinDays,
            "awaitingScreening": r.awaitingScreening ?? "", "ageText": ageText,
            "previouslyFlagged": r.previouslyFlagged, "hasPreviouslyFlagged": !r.previouslyFlagged.isEmpty,
            "aliases": (p?.aliases ?? []).joined(separator: ", "), "sex": p?.sex ?? "", "description": p?.description ?? "",
            "homeAddress": p?.homeAddress ?? "Not recorded", "homePostcode": p?.homePostcode ?? "",
            "lookedAfterText": p?.lookedAfter == true
                ? ("Yes: \(p!.responsibleAuthority)\(p!.placement.isEmpty ? "" : ", " + p!.placement)"
                    + "\(p!.placementAddress.isEmpty ? "" : ", " + p!.placementAddress)")
                : "No",
            "cpText": p?.childProtectionPlan == true ? "Yes" : "No", "school": p?.school ?? "",
            "flags": (p?.exploitationFlags ?? []).map(\.title).sorted(),
            "philomenaText": r.philomena.map {
                "Version \($0.version) of \(r.philomenaVersions), updated \($0.ageInDays(at: now)) days ago"
                    + ($0.isStale(at: now, rules: rules) ? " (out of date)" : "")
            } ?? "None on record",
            "canAlter": actor.map { store.policy.decide($0, .alterPersonRecord, on: r.person.scope).isAllowed } ?? false,
            "canReport": actor.map { store.policy.roleMay($0.role, .reportMissing) } ?? false,
            "voices": r.voices.map { ["words": $0.words, "context": $0.context, "at": UKTime.show($0.at), "recordedBy": $0.recordedBy] },
            "hasVoices": !r.voices.isEmpty, "episodeCount": r.episodes.count, "hasEpisodes": !r.episodes.isEmpty,
            "hasInterviews": !r.interviews.isEmpty,
            "interviews": r.interviews.map { t -> [String: Any] in
                let reference = r.episodes.first { $0.id == t.episodeID }?.reference ?? ""
                return [
                    "episodeId": t.episodeID, "reference": reference, "kind": t.kind.title, "purpose": purposeCode,
                    "outcome": t.outcome?.title ?? (t.isOverdue(at: now) ? "Not yet done: overdue" : "Not yet done"),
                    "overdue": t.outcome == nil && t.isOverdue(at: now),
                    "byWhen": (t.completedBy.isEmpty ? "" : t.completedBy + ", ") + (t.completedAt.map(UKTime.show) ?? "due " + UKTime.show(t.dueAt)),
                    "hasChildSaid": !t.childSaid.isEmpty,
                    "result": t.result, "childSaid": t.childSaid,
                ]
            },
            "episodes": r.episodes.map { e -> [String: Any] in
                [
                    "id": e.id, "reference": e.reference, "lastSeenAt": UKTime.show(e.lastSeenAt), "grade": e.grade.title,
                    "status": e.status.title, "borough": e.borough, "purpose": purposeCode,
                ]
            },
        ]
        if let ph = r.philomena {
            data["philomena"] =
                [
                    "version": ph.version, "of": r.philomenaVersions, "updated": UKTime.show(ph.updatedAt),
                    "versions": (1...max(1, r.philomenaVersions)).reversed().map { n -> [String: Any] in
                        ["n": n, "current": n == ph.version, "href": "/children/\(r.person.id)?purpose=\(purposeCode)&philomenaVersion=\(n)"]
                    },
                    "items": [
                        ("Completed by", ph.completedBy), ("Description", ph.description), ("Photo", ph.photoReference),
                        ("Associates", ph.associates),
                        ("Places", ph.placesFrequented), ("Previous missing", ph.previousMissing), ("Vulnerabilities", ph.vulnerabilities),
                        ("Medical", ph.medical), ("Phone and social media", ph.phoneAndSocialMedia), ("Transport", ph.transport),
                    ].filter { !$0.1.isEmpty }.map { ["key": $0.0, "value": $0.1] },
                ] as [String: Any]
        }
        data.merge(policePowers(r, panel: panel, actor: actor)) { a, _ in a }
        return pages.render("child", title: r.person.displayName, data: data, context: context)
    }

    /// The child's police protection and custody, and the ways to record them and a welfare call, for those who may.
    func policePowers(_ r: ChildRecord, panel: [String: Any], actor: Actor?) -> [String: Any] {
        let may = { (permission: Permission) in actor.map { store.policy.decide($0, permission, on: r.person.scope).isAllowed } ?? false }
        let href = { (path: String, permission: Permission) in may(permission) ? "/children/\(r.person.id)/\(path)?purpose=police-powers" : "" }
        return [
            "protections": panel["protections"] ?? [], "hasProtections": !((panel["protections"] as? [Any]) ?? []).isEmpty,
            "detentions": panel["detentions"] ?? [], "hasDetentions": !((panel["detentions"] as? [Any]) ?? []).isEmpty,
            "protectHref": href("police-protection", .usePolicePowers), "detainHref": href("custody", .usePolicePowers),
            "welfareHref": href("welfare-call", .triageWelfareCall),
        ]
    }
}
