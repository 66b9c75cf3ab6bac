import Foundation
import LanternCore
import LanternStore
import SQLKit

/// The episodes of a scale run: spread over the window, newest last, heavy-tailed per child, each with its
/// assessment, narrative, agency contacts and, once found, its found record and interviews.
extension ScaleRun {
    func generateEpisodes() async throws {
        var counters = try await existingCounters("missing-episode")
        var lastSeenByChild: [Int: [Date]] = [:]
        var batch = EpisodeBatch()
        let times = (0..<shape.episodes).map { _ in uniform() }.sorted()
        for (index, fraction) in times.enumerated() {
            let c = weightedChild()
            let lastSeen = now.addingTimeInterval(-(1 - fraction) * shape.days * 86_400 - 1_800)
            let reportedAt = lastSeen.addingTimeInterval(1_800 + uniform() * 4 * 3_600)
            let reported = min(reportedAt, now)
            let earlier = lastSeenByChild[c, default: []]
            lastSeenByChild[c, default: []].append(lastSeen)
            let year = calendar.component(.year, from: reported)
            counters[year, default: 0] += 1
            let reference = String(format: "MP-%d-%06d", year, counters[year]!)
            episode(index: index, child: c, lastSeen: lastSeen, reported: reported, earlier: earlier, reference: reference, into: &batch)
            summary.episodes += 1
            if batch.episodes.count >= 500 {
                summary.contacts += batch.contacts.count
                try await batch.write(store, system: system, now: now, rules: rules)
                batch = EpisodeBatch()
            }
        }
        summary.contacts += batch.contacts.count
        try await batch.write(store, system: system, now: now, rules: rules)
        try await saveCounters(counters, counter: "missing-episode")
        summary.offenderHomeFinds = offenderHomeFinds.count
    }

    /// Each year's reference counter named `counter`, so generated references continue after any already recorded.
    func existingCounters(_ counter: String) async throws -> [Int: Int] {
        let prefix = counter + "-"
        return try await store.database.read { sql in
            var existing: [Int: Int] = [:]
            for row in try await sql.select().column("*").from(CounterRow.table).all(decoding: CounterRow.self, with: StoredRow.decoder) {
                if row.name.hasPrefix(prefix), let year = Int(row.name.dropFirst(prefix.count)) {
                    existing[year] = Int(row.value)
                }
            }
            return existing
        }
    }

    func saveCounters(_ counters: [Int: Int], counter: String) async throws {
        try await store.database.transaction { sql in
            for (year, value) in counters {
                let row = CounterRow(name: "\(counter)-\(year)", value: Int64(value))
                try await sql.delete(from: CounterRow.table).where("name", .equal, row.name).run()
                try await sql.insert(into: CounterRow.table).model(row, with: StoredRow.encoder).run()
            }
        }
    }

    /// One episode of child `c` and what is recorded on it. Most older episodes are found and closed; the last two
    /// days still hold open and found ones.
    private func episode(
        index: Int, child c: Int, lastSeen: Date, reported: Date, earlier: [Date], reference: String,
        into batch: inout EpisodeBatch
    ) {
        let child = children[c]
        let repeatStatus = RepeatMissing.evaluate(lastSeen: earlier + [lastSeen], at: lastSeen, rules: rules)
        let (answers, recommendation) = assessment(of: child, lastSeen: lastSeen, reported: reported, earlier: earlier)
        let blaming = uniform() < 0.12
        let text = blaming ? pick(ScaleDemo.blamingCircumstances) : pick(ScaleDemo.circumstances)
        if blaming { summary.blamingNarratives += 1 }
        let age = now.timeIntervalSince(lastSeen)
        let duration = 3_600 * (1 + pow(uniform(), 3) * 70)
        let foundAt = lastSeen.addingTimeInterval(duration)
        let isFound = foundAt < now && (age > 2 * 86_400 || uniform() < 0.6)
        let notified = uniform() >= 0.08
        if !notified { summary.missingNotifications += 1 }
        let closed = isFound && notified && now.timeIntervalSince(foundAt) > 86_400
        let status: EpisodeStatus = closed ? .closed : isFound ? .found : .open
        if status == .open { summary.openEpisodes += 1 }
        let episode = MissingEpisode(
            id: newID(), reference: reference, childID: child.person.id, status: status,
            report: MissingReport(
                reportedAt: reported, lastSeenAt: lastSeen, lastSeenPlace: "Near \(child.profile.homeAddress)",
                circumstances: text, clothing: "Dark jacket, jeans, trainers", reporterName: "Demo reporter",
                reporterRelationship: child.profile.lookedAfter ? "Carer" : "Parent", reporterContact: "07700 900000"),
            grade: recommendation.grade, gradedAt: reported,
            nextReview: SupervisionClock.firstReview(grade: recommendation.grade, assessedAt: reported, rules: rules),
            foundAt: isFound ? foundAt : nil, closedAt: closed ? foundAt.addingTimeInterval(20 * 3_600) : nil,
            localAuthorityNotifiedAt: notified ? reported.addingTimeInterval(900) : nil, repeatCount: repeatStatus.count,
            rulesVersion: rules.version, team: child.person.team, borough: child.person.borough, createdBy: officer,
            createdAt: reported, updatedAt: reported, version: 1,
            returnReviewedAt: closed ? foundAt.addingTimeInterval(4 * 3_600) : nil)
        batch.episodes.append(episode)
        latest[c] = (episode.id, reported, repeatStatus)
        batch.assessments.append(
            RecordedAssessment(
                id: newID(), kind: .initial, assessedBy: officer, assessorName: "Demo officer", at: reported,
                decision: GradeDecision(
                    grade: recommendation.grade, recommended: recommendation.grade, reasons: recommendation.reasons,
                    rationale: ""), answers: answers, rulesVersion: rules.version))
        let findings = blaming ? store.language.checker.writerFindings(text) : []
        batch.narratives.append((newID(), episode.id, episode.borough, episode.team, reported, findings))
        contacts(on: episode, child: child, index: index, notified: notified, into: &batch)
        if isFound {
            find(episode, child: c, at: foundAt, into: &batch)
            interviews(after: episode, foundAt: foundAt, closed: closed, into: &batch)
        }
    }

    /// The reporter's answers (a few yes, weighted to the lower grades) and the grade they recommend.
    private func assessment(of child: Child, lastSeen: Date, reported: Date, earlier: [Date]) -> ([RiskAnswer], RiskRecommendation) {
        let yes = rules.questions.filter { q in uniform() < (q.ifYes == .high ? 0.015 : q.ifYes == .medium ? 0.1 : 0.25) }.map(\.id)
        let answers = rules.questions.map {
            RiskAnswer(
                questionID: $0.id, value: yes.contains($0.id) ? .yes : .no, sourceName: "Reporter",
                obtainedAt: reported)
        }
        let facts = ChildRecordFacts(profile: child.profile, dateOfBirth: child.person.dateOfBirth, earlierLastSeen: earlier)
        let factors = ChildRiskFactors.gather(facts, lastSeen: lastSeen, now: lastSeen, rules: rules)
        return (answers, RiskGrading.recommend(answers, child: factors, rules: rules))
    }

    /// The local-authority notification (unless this episode is one left missing on purpose) and, half the time,
    /// a call to another agency.
    private func contacts(on episode: MissingEpisode, child: Child, index: Int, notified: Bool, into batch: inout EpisodeBatch) {
        if notified && episode.localAuthorityNotifiedAt! <= now {
            batch.contacts.append(
                AgencyContact(
                    id: newID(), episodeID: episode.id, agency: .childrensSocialCare,
                    organisation: child.profile.lookedAfter ? child.profile.responsibleAuthority : "\(episode.borough) Children's Services",
                    personName: "Duty social worker", at: episode.localAuthorityNotifiedAt!, method: .phone,
                    summary: "Told children's social care the child is missing.", reference: "LA-\(index)", notifiesLocalAuthority: true,
                    recordedBy: "Demo officer", recordedAt: episode.localAuthorityNotifiedAt!))
        }
        if uniform() < 0.5 {
            let at = min(now, episode.report.reportedAt.addingTimeInterval(3_600 * 3))
            batch.contacts.append(
                AgencyContact(
                    id: newID(), episodeID: episode.id, agency: pick([.education, .health, .anotherForce]), organisation: "Demo agency",
                    personName: "Duty contact", at: at, method: .phone, summary: "Asked whether the child had been seen.", reference: "",
                    notifiesLocalAuthority: false, recordedBy: "Demo officer", recordedAt: at))
        }
    }
}

extension ScaleRun {
    /// Where and with whom a found child was: with a planted network's adult most of the time for a network's
    /// children; rarely at a registered sex offender's home (the inspection case); otherwise half the time at
    /// their friend's family's home, one time in five at a public place, the rest somewhere recorded only as text.
    fileprivate func find(_ episode: MissingEpisode, child c: Int, at foundAt: Date, into batch: inout EpisodeBatch) {
        let planted = plantedFound[c].flatMap { list in uniform() < 0.7 ? list[below(list.count)] : nil }
        let offender = planted == nil && !offenders.isEmpty && uniform() < 0.003 ? below(offenders.count) : nil
        let background = planted == nil && offender == nil ? uniform() : 1
        // A friend's parent is sometimes recorded as who the child was with (at home, or they brought the child back).
        let atHousehold = background < 0.5
        let home =
            offender.map(ScaleDemo.offenderHome)
            ?? (atHousehold
                ? ScaleDemo.householdHome(friendHousehold[c])
                : background < 0.7 ? ScaleDemo.publicPlace(below(ScaleDemo.publicPlaces.count)) : nil)
        if let offender, let home {
            offenderHomeFinds.append([
                "child": children[c].person.id, "episode": episode.id, "offender": offenders[offender].id,
                "place": home.address, "postcode": home.postcode,
            ])
        }
        batch.found.append(
            (
                episode.id,
                FoundRecord(
                    foundAt: foundAt, place: planted?.place ?? home?.address ?? "Friend's address, \(episode.borough)",
                    postcode: planted?.postcode ?? home?.postcode,
                    withWhom: planted.map { ["\($0.adult.givenName) \($0.adult.familyName)"] } ?? [],
                    withPersonIDs: planted.map { [$0.adult.id] } ?? (atHousehold && uniform() < 0.2 ? [householdParents[friendHousehold[c]].id] : []),
                    condition: "Safe; tired.", howFound: .returnedThemselves,
                    childSaid: "", vehicles: planted.flatMap { uniform() < 0.3 ? [$0.vehicle] : nil } ?? [],
                    phones: planted.flatMap { uniform() < 0.3 ? [$0.phone] : nil } ?? [])
            ))
    }

    /// The prevention interview and the return home interview referral, done or not as the episode's age allows.
    fileprivate func interviews(after episode: MissingEpisode, foundAt: Date, closed: Bool, into batch: inout EpisodeBatch) {
        let preventionDone = closed || uniform() < 0.5
        batch.tasks.append(
            EpisodeTask(
                id: newID(), episodeID: episode.id, kind: .preventionInterview, title: "Prevention interview (safe and well check)",
                owner: "officer", dueAt: EpisodeClocks.preventionInterviewDue(foundAt: foundAt, grade: episode.grade, rules: rules),
                outcome: preventionDone ? .completed : nil, result: preventionDone ? "Safe and well check completed." : "",
                completedBy: preventionDone ? "Demo officer" : "", completedAt: preventionDone ? min(now, foundAt.addingTimeInterval(7_200)) : nil,
                createdAt: foundAt))
        let rhiDone = closed && uniform() < 0.63
        batch.tasks.append(
            EpisodeTask(
                id: newID(), episodeID: episode.id, kind: .returnHomeInterview,
                title: "Return home interview referral to \(episode.borough) children's services", owner: "local-authority",
                dueAt: EpisodeClocks.returnInterviewDue(foundAt: foundAt, rules: rules), outcome: rhiDone ? .completed : closed ? .declined : nil,
                result: rhiDone ? "Return home interview completed." : closed ? "The child declined." : "",
                completedBy: closed ? "Demo return interview service" : "",
                completedAt: closed ? min(now, foundAt.addingTimeInterval(uniform() * 100 * 3_600)) : nil, createdAt: foundAt))
    }
}
