import Foundation
import HTTPTypes
import Hummingbird
import LanternCore
import LanternStore

/// The missing-children pages: the queues, the report form and the episode page. Forms post
/// back to the same address and show errors in place; every page works without JavaScript
/// (JavaScript only refreshes the queues by itself).
struct MissingPages {
    let store: Store
    let pages: PageRenderer

    func add(to router: RouterGroup<LanternRequestContext>) {
        router.get("/missing", use: openEpisodes)
        router.get("/missing/reviews", use: reviewQueue)
        router.get("/missing/interviews", use: interviewQueue)
        router.get("/missing/data-quality", use: dataQualityQueue)
        router.get("/tasks", use: myTasks)
        router.get("/missing/new", use: newReportForm)
        router.post("/missing/new", use: report)
        router.get("/missing/{id}", use: episode)
        router.post("/missing/{id}/close", use: close)
    }

    /// The open missing episodes.
    @Sendable func openEpisodes(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let items = try await store.missing.openEpisodes(context: try context.accessContext())
        let now = store.clock.now()
        let rows = items.map { e -> [String: Any] in
            let state = SupervisionClock.state(of: e.nextReview, at: now, rules: store.missing.rules)
            return [
                "urgent": e.grade == .high || state.isOverdue,
                "cells": [
                    Self.link(e.childName, "/missing/\(e.id)?purpose=missing-episode"),
                    Self.tag(e.grade.title, Self.gradeClass(e.grade)),
                    Self.text(UKTime.duration(now.timeIntervalSince(e.lastSeenAt))),
                    Self.text(UKTime.show(e.lastSeenAt)),
                    state.isOverdue ? Self.tag("Review overdue", "tag--red") : Self.text("Due " + UKTime.show(e.nextReview.dueAt)),
                    repeatCell(e),
                    e.localAuthorityNotified ? Self.text("Yes") : Self.tag("Not yet", "tag--grey"),
                    Self.text(e.borough),
                ],
            ]
        }
        return queuePage(
            request, context, current: "/missing", heading: "Children missing now",
            caption: "\(items.count) open, highest risk first, then longest missing",
            headers: ["Child", "Risk", "Missing for", "Last seen", "Review", "Repeat", "LA notified", "Borough"],
            rows: rows, empty: "No child is recorded as missing right now.")
    }

    /// The supervisory reviews due.
    @Sendable func reviewQueue(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let items = try await store.missing.reviewQueue(context: try context.accessContext())
        let now = store.clock.now()
        let rows = items.map { item -> [String: Any] in
            let e = item.episode
            let when: [String: Any]
            switch item.state {
            case .due(let remaining): when = Self.text("Due in \(UKTime.duration(remaining))")
            case .overdue(let by, _, let rank):
                when = Self.tag(
                    "Overdue \(UKTime.duration(by)): "
                        + (item.escalatedToYou
                            ? "escalated to you (\(rank.title.lowercased()))"
                            : "escalated to \(rank.title.lowercased())"),
                    "tag--red")
            }
            return [
                "urgent": item.state.isOverdue,
                "cells": [
                    Self.link(e.childName, "/missing/\(e.id)/review?purpose=supervision-review"),
                    Self.tag(e.grade.title, Self.gradeClass(e.grade)), when,
                    Self.text(item.responsibleRank.title), Self.text(UKTime.duration(now.timeIntervalSince(e.lastSeenAt))),
                    repeatCell(e), Self.text(e.reference),
                ],
            ]
        }
        return queuePage(
            request, context, current: "/missing/reviews", heading: "Reviews due",
            caption: "\(items.count) reviews" + Self.escalatedCaption(items.filter(\.escalatedToYou).count)
                + ", overdue first", headers: ["Child", "Risk", "Review", "Rank now responsible", "Missing for", "Repeat", "Episode"],
            rows: rows, empty: "No reviews are due for your rank.")
    }

    /// Prevention and return home interviews outstanding.
    @Sendable func interviewQueue(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let items = try await store.missing.interviewQueue(context: try context.accessContext())
        return queuePage(
            request, context, current: "/missing/interviews", heading: "Interviews after return",
            caption: "\(items.count) prevention and return home interviews not yet done, soonest due first",
            headers: ["Child", "Interview", "Due", "Owner", "Repeat", "Episode"], rows: taskRows(items),
            empty: "No interviews are waiting.")
    }

    /// Episodes with an open data-quality alert.
    @Sendable func dataQualityQueue(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let items = try await store.missing.dataQualityQueue(context: try context.accessContext())
        let now = store.clock.now()
        let rows = items.map { item -> [String: Any] in
            let e = item.episode
            return [
                "urgent": true,
                "cells": [
                    Self.link(e.childName, "/missing/\(e.id)/contacts/new?purpose=missing-episode"),
                    Self.tag(e.grade.title, Self.gradeClass(e.grade)), Self.text(e.status.title),
                    Self.tag("No notification for \(UKTime.duration(now.timeIntervalSince(item.alert.raisedAt))) past the deadline", "tag--red"),
                    repeatCell(e), Self.link(e.reference, "/missing/\(e.id)?purpose=missing-episode"), Self.text(e.borough),
                ],
            ]
        }
        return queuePage(
            request, context, current: "/missing/data-quality", heading: "Local authority not yet told",
            caption: "\(items.count) episodes with no recorded notification to children's social care, longest first. "
                + "Record the contact to clear each one; an episode cannot close without it.",
            headers: ["Child", "Risk", "Status", "Notification", "Repeat", "Episode", "Borough"], rows: rows,
            empty: "Every episode past the deadline has a recorded local-authority notification.")
    }

    /// The tasks this user owns.
    @Sendable func myTasks(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let items = try await store.missing.myTasks(context: try context.accessContext())
        return queuePage(
            request, context, current: "/tasks", heading: "My tasks",
            caption: "\(items.count) tasks you own", headers: ["Child", "Task", "Due", "Owner", "Repeat", "Episode"],
            rows: taskRows(items), empty: "You have no open tasks.")
    }

    /// The form for reporting a child missing.
    @Sendable func newReportForm(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await store.authoriser.require(.reportMissing, try context.accessContext(), recordType: "missing-episode")
        let subject = try MissingSubject.parse(request.uri.queryParameters["subject"].map(String.init))
        var state = FormState(values: ["reportedAt": UKTime.input(store.clock.now()), "grade": "recommended", "subject": subject.rawValue])
        var known: [String: Any]?
        var riskRecord: (factors: ChildRiskFactors, answers: [RiskAnswer])?
        if let childID = request.uri.queryParameters["child"].map(String.init) {
            let record = try await store.children.record(childID, purpose: .missingEpisode, context: try context.accessContext())
            known = ["id": record.person.id, "name": record.person.displayName, "dateOfBirth": record.person.dateOfBirth ?? ""]
            state.values["childChoice"] = childID
            riskRecord = try await store.missing.riskRecord(child: childID, lastSeen: nil, context: try context.accessContext())
            // What the record knows answers the checklist first: "yes", sourced to the record.
            for answer in riskRecord?.answers ?? [] {
                state.values["answers.\(answer.questionID)"] = RiskAnswerValue.yes.rawValue
                state.values["answers.\(answer.questionID).source"] = RecordSource.name
            }
        }
        return reportForm(state, matches: [], known: known, riskRecord: riskRecord, context: context)
    }

    /// A child reported missing, or the form again with what to fix.
    @Sendable func report(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let form = try await FormBody.decode(from: request)
        return try await submitReport(form, context: context)
    }

    /// An episode's page, a purposed consultation.
    @Sendable func episode(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let (record, purpose) = try await EpisodeForms.open(store, id, request, context) else {
            return PurposeQuestion.page(pages, request, context)
        }
        return episodePage(
            record, purpose: purpose, notice: request.uri.queryParameters["saved"].map(String.init) ?? "",
            errors: [], context: context)
    }

    /// An episode closed, or its page with what closure still needs.
    @Sendable func close(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let form = try await FormBody.decode(from: request)
        let purpose = form.text("purpose").flatMap(AccessPurpose.init(rawValue:)) ?? .missingEpisode
        do {
            _ = try await store.missing.close(id, context: try context.accessContext())
            return Response(status: .seeOther, headers: [.location: "/missing/\(id)?purpose=\(purpose.rawValue)&saved=Episode+closed."])
        } catch let failure as ValidationFailure {
            let record = try await store.missing.episode(id, purpose: purpose, context: try context.accessContext())
            return episodePage(
                record, purpose: purpose, notice: "", errors: failure.errors, context: context,
                status: .unprocessableContent)
        }
    }

    // MARK: Queues

    func queuePage(
        _ request: Request, _ context: LanternRequestContext, current: String, heading: String, caption: String,
        headers: [String], rows: [[String: Any]], empty: String
    ) -> Response {
        let actor = context.session?.actor
        var tabs = [
            ("/missing", "Missing now"), ("/missing/interviews", "Interviews"), ("/missing/data-quality", "LA not told"), ("/tasks", "My tasks"),
        ]
        if let actor, store.policy.roleMay(actor.role, .reviewMissingEpisode) { tabs.insert(("/missing/reviews", "Reviews due"), at: 1) }
        return pages.render(
            "queue", title: heading,
            data: [
                "heading": heading, "caption": caption, "headers": headers, "rows": rows, "hasRows": !rows.isEmpty, "empty": empty,
                "liveURL": current, "updatedAt": UKTime.show(store.clock.now()),
                "tabs": tabs.map { ["href": $0.0, "label": $0.1, "current": $0.0 == current] as [String: Any] },
                "canReport": actor.map { store.policy.roleMay($0.role, .reportMissing) } ?? false,
            ], context: context)
    }

    func taskRows(_ items: [TaskQueueItem]) -> [[String: Any]] {
        items.map { item -> [String: Any] in
            let e = item.episode
            return [
                "urgent": item.overdue,
                "cells": [
                    Self.link(e.childName, "/missing/\(e.id)/tasks/\(item.task.id)?purpose=missing-episode"),
                    Self.text(item.task.title),
                    item.overdue ? Self.tag("Overdue: was due " + UKTime.show(item.task.dueAt), "tag--red") : Self.text(UKTime.show(item.task.dueAt)),
                    Self.text(item.task.owner), repeatCell(e), Self.link(e.reference, "/missing/\(e.id)?purpose=missing-episode"),
                ],
            ]
        }
    }

    /// "3 in 90 days" in red for a child who is repeat missing (the count stored when the episode was reported).
    func repeatCell(_ e: EpisodeSummary) -> [String: Any] {
        let rule = store.missing.rules.repeatMissing
        return e.repeatCount >= rule.episodes ? Self.tag("\(e.repeatCount) in \(rule.withinDays) days", "tag--red") : Self.text("–")
    }

    static func text(_ text: String) -> [String: Any] { ["text": text] }
    static func link(_ text: String, _ href: String) -> [String: Any] { ["text": text, "href": href] }
    static func tag(_ text: String, _ tagClass: String) -> [String: Any] { ["text": text, "tag": true, "tagClass": tagClass] }

    /// ", 2 escalated to you (at the top)" when an overdue review has climbed to the reader's rank.
    static func escalatedCaption(_ count: Int) -> String {
        count == 0 ? "" : ", \(count) escalated to you (at the top)"
    }

    static func gradeClass(_ grade: RiskGrade) -> String {
        switch grade {
        case .high: "tag--red"
        case .medium: "tag--orange"
        case .low: ""
        case .veryLow: "tag--grey"
        }
    }

    // MARK: Report

    static let childFields = [
        FormField(name: "givenName", label: "Given name", kind: .text(width: "input--width-20")),
        FormField(name: "familyName", label: "Family name", kind: .text(width: "input--width-20")),
        FormField(name: "dateOfBirth", label: "Date of birth (if known)", hint: "For example, 2011-03-27", kind: .text(width: "input--width-10")),
        FormField(name: "estimatedAge", label: "Estimated age, if the date of birth is not known", kind: .number),
        FormField(name: "sex", label: "Sex (optional)", kind: .text(width: "input--width-10")),
    ]

    static let reportFields = [
        FormField(
            name: "lastSeenAt", label: "When the child was last seen", hint: "UK time. Use your best estimate and say so in the circumstances.",
            kind: .dateTime),
        FormField(name: "lastSeenPlace", label: "Where the child was last seen", kind: .text()),
        FormField(name: "lastSeenPostcode", label: "Postcode (optional)", kind: .text(width: "input--width-10")),
        FormField(
            name: "circumstances", label: "Circumstances",
            hint: "What happened, what has been done to find them, and why the person reporting is worried.",
            kind: .textarea(rows: 6, languageCheck: true)),
        FormField(name: "description", label: "Description (optional)", kind: .textarea(rows: 3)),
        FormField(name: "clothing", label: "Clothing (optional)", kind: .textarea(rows: 2)),
        FormField(name: "phone", label: "The child's phone number (optional)", kind: .text(width: "input--width-20")),
        FormField(name: "socialMedia", label: "Social media accounts (optional)", kind: .text()),
    ]

    static let reporterFields = [
        FormField(name: "reporterName", label: "Name of the person reporting", kind: .text(width: "input--width-20")),
        FormField(
            name: "reporterRelationship", label: "Their relationship to the child (optional)",
            hint: "For example, mother, foster carer, residential key worker", kind: .text(width: "input--width-20")),
        FormField(
            name: "reporterContact", label: "How to reach them", hint: "A phone number that will be answered tonight",
            kind: .text(width: "input--width-20")),
        FormField(name: "reportedAt", label: "When it was reported", kind: .dateTime),
    ]

    static var gradeField: FormField {
        FormField(
            name: "grade", label: "Risk grade", hint: "Choose a different grade only with a written rationale.",
            kind: .radios(),
            options: [("recommended", "Use Lantern's recommendation")]
                + RiskGrade.allCases.reversed().map { ($0.rawValue, $0.title) })
    }

    static let rationaleField = FormField(
        name: "rationale", label: "Rationale (needed when you choose a different grade)",
        kind: .textarea(rows: 4, languageCheck: true))

    func reportForm(
        _ state: FormState, matches: [PersonCandidate], known: [String: Any]?,
        riskRecord: (factors: ChildRiskFactors, answers: [RiskAnswer])? = nil, recommendation: RiskRecommendation? = nil,
        review: LanguageReviewNeeded? = nil, reviewText: String = "", context: LanternRequestContext,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        var data = state.templateData
        data["childFields"] = Self.childFields.map { $0.data(state) }
        data["reportFields"] = Self.reportFields.map { $0.data(state) }
        data["reporterFields"] = Self.reporterFields.map { $0.data(state) }
        data["gradeFields"] = [Self.gradeField.data(state, default: "recommended"), Self.rationaleField.data(state)]
        if let known { data["knownChild"] = known }
        data["hasMatches"] = !matches.isEmpty && known == nil
        data["newSelected"] = state.values["childChoice"] == "new"
        data["matches"] = matches.enumerated().map { index, candidate -> [String: Any] in
            [
                "id": candidate.person.id, "inputID": index == 0 ? "childChoice" : "childChoice-\(candidate.person.id)",
                "name": candidate.person.displayName,
                "dateOfBirth": candidate.person.dateOfBirth ?? "", "score": candidate.match.score,
                "reasons": candidate.match.reasons.joined(separator: ", "), "selected": state.values["childChoice"] == candidate.person.id,
            ]
        }
        if let factors = riskRecord?.factors, !factors.protectedReasons.isEmpty {
            data["knownRisk"] = ["items": factors.protectedReasons]
        }
        let fromRecord = Dictionary((riskRecord?.answers ?? []).map { ($0.questionID, $0.detail) }, uniquingKeysWith: { a, _ in a })
        let subject = MissingSubject(rawValue: state.values["subject"] ?? "") ?? .child
        data["subject"] = subject.rawValue
        data["adult"] = subject == .adultAtRisk
        data["questions"] = store.missing.rules.checklist(for: subject).map { question -> [String: Any] in
            let base = "answers.\(question.id)"
            let chosen = state.values[base] ?? ""
            return [
                "base": base, "text": question.text, "ifYes": question.ifYes.title.lowercased(),
                "fromRecord": fromRecord[question.id] ?? "", "changeReason": state.values["\(base).changeReason"] ?? "",
                "detail": state.values["\(base).detail"] ?? "", "source": state.values["\(base).source"] ?? "",
                "contact": state.values["\(base).contact"] ?? "",
                "error": state.errors.first { $0.field.hasPrefix(base) }?.message ?? "",
                "options": RiskAnswerValue.allCases.enumerated().map { index, value -> [String: Any] in
                    [
                        "id": index == 0 ? base : "\(base)-\(value.rawValue)", "name": base, "value": value.rawValue, "title": value.title,
                        "selected": chosen == value.rawValue,
                    ]
                },
            ]
        }
        if let recommendation {
            data["recommendation"] =
                [
                    "grade": recommendation.grade.title.lowercased(),
                    "reasons": recommendation.drivers.map(\.text),
                ] as [String: Any]
        }
        if let review { data["language"] = LanguageHighlight.panel(review, text: reviewText) }
        return pages.render(
            "missing-report", title: subject == .child ? "Report a child missing" : "Report an adult at risk missing",
            data: data, context: context, status: status)
    }

    /// The checklist as the report form sent it: each answer with its detail, source, contact and change reason.
    func formAnswers(_ form: FormData, subject: MissingSubject) -> [RiskAnswer] {
        store.missing.rules.checklist(for: subject).map { question in
            let base = "answers.\(question.id)"
            return RiskAnswer(
                questionID: question.id, value: form.text(base).flatMap(RiskAnswerValue.init(rawValue:)) ?? .notKnown,
                detail: form[base + ".detail"] ?? "", sourceName: form[base + ".source"] ?? "",
                sourceContact: form[base + ".contact"] ?? "", changeReason: form[base + ".changeReason"] ?? "")
        }
    }

    /// People Lantern may already know: children for a child's report, adults for an adult at risk.
    func reportMatches(_ form: FormData, subject: MissingSubject, context: AccessContext) async throws -> [PersonCandidate] {
        guard subject == .adultAtRisk else {
            return try await store.children.matches(
                givenName: form["givenName"] ?? "", familyName: form["familyName"] ?? "",
                dateOfBirth: form.text("dateOfBirth"), context: context)
        }
        let now = store.clock.now()
        return try await store.identity.matches(
            givenName: form["givenName"] ?? "", familyName: form["familyName"] ?? "",
            dateOfBirth: form.text("dateOfBirth"), context: context
        ).filter { !$0.person.isChild(on: now) }
    }

    /// The report as the form describes it.
    static func missingReport(_ form: FormData, reportedAt: Date, lastSeen: Date) -> MissingReport {
        MissingReport(
            reportedAt: reportedAt, lastSeenAt: lastSeen, lastSeenPlace: form["lastSeenPlace"] ?? "",
            lastSeenPostcode: form.text("lastSeenPostcode"), circumstances: form["circumstances"] ?? "",
            description: form["description"] ?? "", clothing: form["clothing"] ?? "", phone: form["phone"] ?? "",
            socialMedia: form["socialMedia"] ?? "", reporterName: form["reporterName"] ?? "",
            reporterRelationship: form["reporterRelationship"] ?? "", reporterContact: form["reporterContact"] ?? "")
    }

    /// To the episode's page, with what happened said at the top.
    static func episodeRedirect(_ id: String, notice: String) -> Response {
        Response(
            status: .seeOther,
            headers: [
                .location: "/missing/\(id)?purpose=missing-episode&saved="
                    + (notice.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            ])
    }

    func submitReport(_ form: FormData, context: LanternRequestContext) async throws -> Response {
        var state = FormState(values: form.fields)
        let access = try context.accessContext()
        let now = store.clock.now()
        var errors: [FieldError] = []
        let choice = form.text("childChoice")
        var known: [String: Any]?
        let subject = try MissingSubject.parse(form.text("subject"))
        state.values["subject"] = subject.rawValue
        // Before a new person is created, look for one Lantern already knows.
        if choice == nil, form.text("givenName") != nil || form.text("familyName") != nil {
            let matches = try await reportMatches(form, subject: subject, context: access)
            if !matches.isEmpty {
                state.errors = [FieldError("childChoice", "Lantern may already know this child: choose the record, or say none of these match")]
                return reportForm(state, matches: matches, known: nil, context: context, status: .unprocessableContent)
            }
        }
        if let choice, choice != "new" {
            known = ["id": choice, "name": "the chosen child", "dateOfBirth": ""]
        }
        let lastSeen = EpisodeForms.time(form, "lastSeenAt", label: "when the child was last seen", errors: &errors)
        let reportedAt = EpisodeForms.time(form, "reportedAt", label: "when it was reported", errors: &errors, optional: true) ?? now
        var estimatedAge: Int?
        if let text = form.text("estimatedAge") {
            estimatedAge = Int(text)
            if estimatedAge == nil { errors.append(FieldError("estimatedAge", "Enter the estimated age as a whole number, like 14")) }
        }
        let answers = formAnswers(form, subject: subject)
        var grade: RiskGrade?
        if let text = form.text("grade"), text != "recommended" {
            grade = RiskGrade(rawValue: text)
            if grade == nil { errors.append(FieldError("grade", "Choose a risk grade")) }
        }
        if !errors.isEmpty || lastSeen == nil {
            state.errors = errors
            return reportForm(state, matches: [], known: known, context: context, status: .unprocessableContent)
        }
        let report = Self.missingReport(form, reportedAt: reportedAt, lastSeen: lastSeen!)
        let isExisting = choice != nil && choice != "new"
        let new = MissingStore.NewReport(
            childID: isExisting ? choice : nil,
            newChild: isExisting
                ? nil
                : MissingStore.NewChild(
                    givenName: form["givenName"] ?? "", familyName: form["familyName"] ?? "",
                    dateOfBirth: form.text("dateOfBirth"), estimatedAge: estimatedAge,
                    sex: form["sex"] ?? ""),
            report: report, answers: answers, grade: grade, rationale: form["rationale"] ?? "",
            acknowledgedLanguage: EpisodeForms.acknowledged(form), subject: subject)
        do {
            let outcome = try await store.missing.report(new, context: access)
            let notice =
                "Report saved as \(outcome.episode.reference): \(outcome.episode.grade.title.lowercased()) risk."
                + (outcome.philomenaAgeDays.map { " The child's Philomena profile was last updated \($0) days ago." } ?? "")
                + (outcome.repeatMissing.flagged ? " This child is repeat missing and has been put on the exploitation-screening queue." : "")
            return Self.episodeRedirect(outcome.episode.id, notice: notice)
        } catch let review as LanguageReviewNeeded {
            state.errors = [FieldError(review.field, review.message)]
            let record = isExisting ? try await store.missing.riskRecord(child: choice!, lastSeen: lastSeen, context: access) : nil
            return reportForm(
                state, matches: [], known: known, riskRecord: record, review: review, reviewText: form[review.field] ?? "",
                context: context, status: .unprocessableContent)
        } catch let failure as ValidationFailure {
            state.errors = failure.errors
            // An override refused: show what Lantern recommends and why, so the officer can decide.
            let showRecommendation = failure.errors.contains { $0.field == "rationale" || $0.field == "grade" }
            let recommendation = showRecommendation ? try await store.missing.recommendation(for: new, context: access) : nil
            let record = isExisting ? try await store.missing.riskRecord(child: choice!, lastSeen: lastSeen, context: access) : nil
            return reportForm(
                state, matches: [], known: known, riskRecord: record, recommendation: recommendation,
                context: context, status: .unprocessableContent)
        } catch let open as AlreadyMissing {
            // The child is already missing: go to the open episode rather than start a second one.
            let notice = "This child is already reported missing on \(open.reference): record what is new here."
            return Self.episodeRedirect(open.episodeID, notice: notice)
        }
    }

    // MARK: Episode page

    static func downgradeText(_ e: MissingEpisode) -> String {
        guard let recommended = e.awaitingDowngradeFrom else { return "" }
        return "Downgrade awaiting supervisor: graded \(e.grade.title.lowercased()) where Lantern recommends \(recommended.title.lowercased()). "
            + "The review is due now; until a supervisor agrees, plan for \(recommended.title.lowercased()) risk."
    }

    /// One task on the episode page; the return home interview can still be recorded after closure.
    static func taskRow(_ t: EpisodeTask, episode e: MissingEpisode, canWork: Bool, purpose: String, now: Date) -> [String: Any] {
        [
            "id": t.id, "episodeID": e.id, "title": t.title, "owner": t.owner, "dueAt": UKTime.show(t.dueAt),
            "overdue": t.isOverdue(at: now), "outcome": t.outcome.map { $0.title + (t.result.isEmpty ? "" : ": " + t.result) } ?? "Open",
            "childSaid": t.childSaid, "purpose": purpose,
            "canRecord": canWork && t.isOpen && (e.status != .closed || t.kind == .returnHomeInterview),
        ]
    }

    /// When the next supervisory review is due, or why there is none.
    static func reviewText(_ e: MissingEpisode, state: ReviewState) -> String {
        guard e.needsReview else {
            return e.status == .closed ? "None: the episode is closed" : "Done: the child's return has been reviewed"
        }
        var text = "\(e.nextReview.rank.title) review due \(UKTime.show(e.nextReview.dueAt))"
        if e.status == .found { text = "Review of the child's return: \(text)" }
        if case .overdue(let by, _, let rank) = state {
            text += ": overdue by \(UKTime.duration(by)), escalated to \(rank.title.lowercased())"
        }
        return text
    }

    /// Assessments and supervisory reviews, newest first.
    static func gradeHistory(_ r: EpisodeRecord) -> [[String: Any]] {
        var history: [[String: Any]] = r.assessments.map { a in
            [
                "at": UKTime.show(a.at), "by": a.assessorName, "kind": a.kind == .initial ? "First assessment" : "Re-assessment",
                "grade": a.decision.grade.title, "overridden": a.decision.overridden, "recommended": a.decision.recommended.title.lowercased(),
                "reasons": a.decision.drivers.map(\.text), "rationale": a.decision.rationale, "sortKey": a.at.timeIntervalSince1970,
            ]
        }
        history += r.reviews.map { v in
            [
                "at": UKTime.show(v.at), "by": "\(v.reviewerName) (\(v.reviewerRank.title))",
                "kind": "Supervisory review" + (v.late ? " (late)" : ""),
                "grade": v.grade.title + (v.regraded ? " (was \(v.previousGrade.title.lowercased()))" : ""),
                "overridden": false, "recommended": "", "reasons": [String](), "rationale": v.rationale, "direction": v.direction,
                "sortKey": v.at.timeIntervalSince1970,
            ]
        }
        history.sort { ($0["sortKey"] as? Double ?? 0) > ($1["sortKey"] as? Double ?? 0) }
        return history
    }

    static func contactRow(_ c: AgencyContact) -> [String: Any] {
        [
            "at": UKTime.show(c.at), "method": c.method.title.lowercased(), "agency": c.agency.title, "organisation": c.organisation,
            "notifies": c.notifiesLocalAuthority, "personName": c.personName, "summary": c.summary, "reference": c.reference,
        ]
    }

    static func sightingRow(_ s: RecordedSighting) -> [String: Any] {
        [
            "at": UKTime.show(s.sighting.at), "place": s.sighting.place, "reportedBy": s.sighting.reportedBy,
            "detail": s.sighting.detail, "childSaid": s.sighting.childSaid, "hasChildSaid": !s.sighting.childSaid.isEmpty,
        ]
    }

    static func pastEpisodeRow(_ h: EpisodeSummary, purpose: String) -> [String: Any] {
        [
            "id": h.id, "reference": h.reference, "lastSeenAt": UKTime.show(h.lastSeenAt), "grade": h.grade.title.lowercased(),
            "status": h.status.title.lowercased(), "purpose": purpose, "openAlerts": h.openAlerts,
        ]
    }

    func episodePage(
        _ r: EpisodeRecord, purpose: AccessPurpose?, notice: String, errors: [FieldError], context: LanternRequestContext,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let now = store.clock.now()
        let rules = store.missing.rules
        let e = r.episode
        let actor = context.session?.actor
        let policy = store.policy
        let canWork = actor.map { policy.decide($0, .workMissingEpisode, on: r.child.scope).isAllowed } ?? false
        let reviewState = SupervisionClock.state(of: e.nextReview, at: now, rules: rules)
        let purposeCode = purpose?.rawValue ?? "missing-episode"
        let reviewText = Self.reviewText(e, state: reviewState)
        let history = Self.gradeHistory(r)
        var data: [String: Any] = [
            "id": e.id, "reference": e.reference, "statusTitle": e.status.title, "childID": r.child.id, "childName": r.child.displayName,
            "gradeTitle": e.grade.title, "gradeClass": Self.gradeClass(e.grade), "purpose": purposeCode,
            "purposeTitle": purpose?.title ?? "", "notice": notice,
            "repeatFlagged": r.repeatMissing.flagged, "repeatCount": r.repeatMissing.count, "repeatDays": r.repeatMissing.withinDays,
            "lastSeenAt": UKTime.show(e.report.lastSeenAt), "lastSeenPlace": e.report.lastSeenPlace,
            "lastSeenPostcode": e.report.lastSeenPostcode ?? "", "found": e.foundAt != nil,
            "timeMissing": UKTime.duration(e.timeMissing(at: now)), "reviewText": reviewText,
            "reviewOverdue": reviewState.isOverdue && e.needsReview,
            "downgradeAwaiting": Self.downgradeText(e),
            "previouslyFlagged": r.previouslyFlagged, "hasPreviouslyFlagged": !r.previouslyFlagged.isEmpty,
            "laNotified": e.localAuthorityNotifiedAt.map { "Yes, " + UKTime.show($0) } ?? "Not yet recorded",
            "philomenaText": r.philomena.map { p in
                "Version \(p.version), last updated \(p.ageInDays(at: now)) days ago"
                    + (p.isStale(at: now, rules: rules) ? " (out of date: ask the carer for an update)" : "")
            } ?? (r.profile?.lookedAfter == true ? "None on record for this looked-after child" : "None on record"),
            "circumstances": e.report.circumstances, "description": e.report.description, "clothing": e.report.clothing,
            "phone": e.report.phone, "socialMedia": e.report.socialMedia, "reporterName": e.report.reporterName,
            "reporterRelationship": e.report.reporterRelationship, "reporterContact": e.report.reporterContact,
            "reportedAt": UKTime.show(e.report.reportedAt),
            "adult": e.subject == .adultAtRisk, "open": e.status == .open, "reviewReturn": e.status == .found && e.needsReview, "canWork": canWork,
            "canWorkNotClosed": canWork && e.status != .closed,
            "canReview": actor.map {
                policy.decide($0, .reviewMissingEpisode, on: r.child.scope).isAllowed && SupervisionClock.mayReview($0, rank: e.nextReview.rank)
            } ?? false,
            "canClose": e.status != .closed && (actor.map { policy.decide($0, .closeMissingEpisode, on: r.child.scope).isAllowed } ?? false),
            "closureNeeds": r.unmetForClosure.map { ["field": $0.field, "message": $0.message] }, "hasClosureNeeds": !r.unmetForClosure.isEmpty,
            "alerts": r.alerts.filter { $0.resolvedAt == nil }.map {
                ["title": $0.kind.title, "detail": $0.detail, "raisedAt": UKTime.show($0.raisedAt)]
            },
            "hasAlerts": r.alerts.contains { $0.resolvedAt == nil },
            "tasks": r.tasks.map { Self.taskRow($0, episode: e, canWork: canWork, purpose: purposeCode, now: now) },
            "hasTasks": !r.tasks.isEmpty,
            "contacts": r.contacts.map(Self.contactRow),
            "hasContacts": !r.contacts.isEmpty,
            "sightings": r.sightings.map(Self.sightingRow),
            "hasSightings": !r.sightings.isEmpty, "gradeHistory": history,
            "history": r.history.map { Self.pastEpisodeRow($0, purpose: purposeCode) },
            "historyCount": r.history.count,
        ]
        if let f = r.found {
            data["foundRecord"] = [
                "foundAt": UKTime.show(f.foundAt), "place": f.place, "postcode": f.postcode ?? "", "howFound": f.howFound.title,
                "withWhom": f.withWhom.joined(separator: ", "), "condition": f.condition, "childSaid": f.childSaid,
            ]
        }
        var state = FormState()
        state.errors = errors
        for (key, value) in state.templateData { data[key] = value }
        return pages.render("episode", title: "\(r.child.displayName), \(e.reference)", data: data, context: context, status: status)
    }
}
