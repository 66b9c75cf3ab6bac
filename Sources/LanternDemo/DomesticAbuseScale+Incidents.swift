import Foundation
import LanternCore
import LanternStore

extension ScaleDemo {
    static let whatHappened = [
        "A neighbour called police after hearing shouting and banging from the flat. The suspect had left before officers arrived; "
            + "the victim had a cut lip and the children were in the bedroom.",
        "The victim called 999 saying the suspect had pushed them against a wall and taken their phone. The children were upstairs and heard it.",
        "The suspect came to the address in breach of a non-molestation order and would not leave; officers arrested the suspect at the door.",
        "A child called 999 from a bedroom saying an adult was hurting their parent. Officers arrived within 12 minutes and arrested the suspect.",
        "The victim said the suspect had taken their bank card and would not let them leave the flat for two days. The children were at home.",
        "The front door was damaged and a window broken; the victim said the suspect threw a chair across the room with the children there.",
        "The victim disclosed months of controlling behaviour: the suspect checks their phone, limits money and stops them seeing family.",
        "The suspect sent repeated threatening messages and waited outside the children's school; the victim is frightened to go out.",
    ]
    static let childVoice = [
        "Said they hid under the bed with their little brother until it went quiet.",
        "Told the officer they were scared and wanted their mum to be safe.",
        "Did not want to talk and held on to their mum.",
        "Said it happens most weekends and they turn the music up so they cannot hear it.",
        "Drew a picture of the broken door and said they want the shouting to stop.",
    ]
    static let judgementReason =
        "The victim describes the abuse escalating quickly and the children are frightened of the suspect coming back."
}

extension DomesticAbuseScale {
    typealias Event = (at: Date, household: Int, ordinal: Int)

    /// Every household's incidents spread over the window and taken in time order, so each incident sees the history
    /// before it (call-outs, MARAC referrals, repeats) as the live path would; written a thousand to a transaction.
    func generateIncidents() async throws {
        var events: [Event] = []
        for (h, household) in households.enumerated() {
            let times = (0..<household.incidents).map { _ in
                Date(timeIntervalSince1970: (now.timeIntervalSince1970 - 600 - run.uniform() * (window - 600)).rounded(.down))
            }
            events += times.sorted().enumerated().map { (at: $0.element, household: h, ordinal: $0.offset) }
        }
        events.sort { ($0.at, $0.household, $0.ordinal) < ($1.at, $1.household, $1.ordinal) }
        var counters = try await run.existingCounters("domestic-abuse-incident")
        var batch = DomesticAbuseBatch()
        for event in events {
            try incident(event, counters: &counters, into: &batch)
            if batch.incidents.count >= 1_000 {
                try await batch.write(store, system: run.system, assessor: officer.userID, now: now)
                batch = DomesticAbuseBatch()
            }
        }
        try await batch.write(store, system: run.system, assessor: officer.userID, now: now)
        try await run.saveCounters(counters, counter: "domestic-abuse-incident")
    }

    /// One incident and what follows it: a MARAC referral at once for a repeat MARAC case, the DASH assessment (and a
    /// referral when it is high), and a notification to each school-age child's school.
    func incident(_ event: Event, counters: inout [Int: Int], into batch: inout DomesticAbuseBatch) throws {
        let household = households[event.household]
        let moved = household.movesAfter.map { event.ordinal >= $0 } ?? false
        let home = moved ? household.movedTo! : household.home
        // Now and then the police are called by the other adult: the roles are recorded the other way round.
        let swapped = run.uniform() < 0.04
        let victim = swapped ? household.suspect : household.victim
        let suspect = swapped ? household.victim : household.suspect
        let createdAt = min(now, event.at.addingTimeInterval(1_800 + run.uniform() * 3 * 3_600))
        let year = run.calendar.component(.year, from: createdAt)
        counters[year, default: 0] += 1
        let report = IncidentReport(
            occurredAt: event.at, address: home.address, postcode: home.postcode, whatHappened: run.pick(ScaleDemo.whatHappened),
            attendedBy: (0...run.below(2)).map { _ in "PC \(1_000 + run.below(9_000))" },
            adults: [IncidentAdult(personID: victim, role: .victim), IncidentAdult(personID: suspect, role: .suspect)],
            children: household.children.map { child in
                let presence = run.pick([ChildPresence.present, .present, .witnessed, .witnessed, .livesThere, .livesThere, .livesElsewhere])
                let voice = presence != .livesThere && presence != .livesElsewhere && run.uniform() < 0.3 ? run.pick(ScaleDemo.childVoice) : ""
                return IncidentChild(childID: child, presence: presence, voice: voice)
            })
        let incident = DomesticAbuseIncident(
            id: run.newID(), reference: String(format: "DA-%d-%06d", year, counters[year]!), report: report,
            team: "\(household.borough) response team", borough: household.borough, createdBy: run.officer, createdAt: createdAt)
        batch.incidents.append(incident)
        batch.narratives.append((run.newID(), incident.id, incident.borough, incident.team, createdAt, findingsIn(report.whatHappened)))
        countRepeat(report)
        for person in [victim, suspect] { callOutTimes[person, default: []].append(event.at) }
        refer(incident, victim: victim, grade: nil, at: createdAt, into: &batch)
        if let assessment = try assess(incident, victim: victim) {
            batch.assessments.append(assessment)
            summary.assessments += 1
            if assessment.result.grade == .high { summary.highRisk += 1 }
            refer(incident, victim: victim, grade: assessment.result.grade, at: assessment.assessedAt, into: &batch)
        }
        notifySchools(of: incident, into: &batch)
        tellSocialCare(about: incident, into: &batch)
        summary.incidents += 1
    }

    /// The language check's count on a narrative, worked out once for each template.
    func findingsIn(_ text: String) -> Int {
        if let known = findings[text] { return known }
        let count = store.language.checker.writerFindings(text).count
        findings[text] = count
        return count
    }

    /// Counted as the live path finds repeats: an earlier incident in the window at the same address or between the same adults.
    func countRepeat(_ report: IncidentReport) {
        let since = WorkingDays.monthsBefore(rules.repeatIncident.withinMonths, report.occurredAt)
        let key = RepeatIncidents.addressKey(report.address, postcode: report.postcode)
        let pairs = report.victimSuspectPairs
        let isRepeat = (lastAtAddress[key].map { $0 >= since } ?? false) || pairs.contains { lastForPair[$0].map { $0 >= since } ?? false }
        if isRepeat { summary.repeatIncidents += 1 }
        lastAtAddress[key] = report.occurredAt
        for pair in pairs { lastForPair[pair] = report.occurredAt }
    }

    /// Most incidents are assessed within a day and a half of the report; the newest may still be waiting.
    func assess(_ incident: DomesticAbuseIncident, victim: String) throws -> RecordedDashAssessment? {
        let age = now.timeIntervalSince(incident.createdAt)
        let share = age > 7 * 86_400 ? 0.97 : age > 3 * 86_400 ? 0.9 : age > 86_400 ? 0.75 : 0.4
        let assessedAt = incident.createdAt.addingTimeInterval(1_800 + pow(run.uniform(), 2) * 30 * 3_600)
        guard run.uniform() < share, assessedAt <= now else { return nil }
        // Each incident has its own share of "yes" answers (5% to 50%); a tenth of the rest are not known.
        let yesShare = 0.05 + 0.45 * pow(run.uniform(), 2)
        var answers: [String: DashAnswer] = [:]
        for question in rules.questions {
            let u = run.uniform()
            if u < yesShare { answers[question.id] = .yes } else if u >= yesShare + 0.1 { answers[question.id] = .no }
        }
        let judgement = run.uniform() < 0.015 ? ProfessionalJudgement(raisesTo: .high, reason: ScaleDemo.judgementReason) : nil
        let submission = DashSubmission(answers: answers, judgement: judgement)
        let callOuts = DashGrading.callOuts(callOutTimes[victim] ?? [], before: incident.report.occurredAt, rules: rules)
        let result = try DashGrading.grade(submission, callOutsInWindow: callOuts, rules: rules)
        return RecordedDashAssessment(
            id: run.newID(), incidentID: incident.id, victimID: victim, submission: submission, result: result, callOuts: callOuts,
            assessedBy: officer.displayName, assessedAt: assessedAt)
    }

    /// A referral when Core's MARAC decision says so, once per incident and victim; most made before they are due.
    func refer(_ incident: DomesticAbuseIncident, victim: String, grade: DashGrade?, at: Date, into batch: inout DomesticAbuseBatch) {
        guard !batch.referrals.contains(where: { $0.referral.incidentID == incident.id && $0.referral.victimID == victim }),
            let decision = Marac.decide(
                grade: grade, assessedAt: at, incidentAt: incident.report.occurredAt, earlierReferrals: referralTimes[victim] ?? [], rules: rules)
        else { return }
        let overdue = decision.dueAt < now
        let referredAt =
            run.uniform() < (overdue ? 0.93 : 0.4) ? min(now, at.addingTimeInterval(run.uniform() * (overdue ? 30 : 12) * 3_600)) : nil
        let meetingAt = referredAt.map { $0.addingTimeInterval(Double(7 + run.below(15)) * 86_400) }
        batch.referrals.append(
            (
                MaracReferral(
                    id: run.newID(), incidentID: incident.id, victimID: victim, dueAt: decision.dueAt, referredAt: referredAt, meetingAt: meetingAt,
                    isRepeat: decision.isRepeat, why: decision.why), at
            ))
        referralTimes[victim, default: []].append(at)
        summary.maracReferrals += 1
        if decision.isRepeat { summary.repeatMaracReferrals += 1 }
    }
}

extension DomesticAbuseScale {
    /// A notification for each child of school age on the day it is due, settled as a busy force settles them: most
    /// sent before the school day starts, some late, a few excepted, and a few still open (the queue's volume).
    func notifySchools(of incident: DomesticAbuseIncident, into batch: inout DomesticAbuseBatch) {
        let dueAt = calendar.nextSchoolDayStart(after: incident.report.occurredAt)
        let day = WorkingDays.ukDay(of: dueAt)
        for child in incident.report.children.map(\.childID) {
            if let born = birthDays[child], !Encompass.isSchoolAge(born: born, on: day, rules: rules.encompass) { continue }
            var notification = EncompassNotification(
                id: run.newID(), incidentID: incident.id, childID: child, schoolID: childSchool[child], dueAt: dueAt)
            settle(&notification, createdAt: incident.createdAt)
            summary.notifications += 1
            if notification.notSentReason != nil { summary.notificationsNotSent += 1 }
            if !notification.isSettled { summary.notificationsOpen += 1 }
            batch.notifications.append(notification)
        }
    }

    /// Each child referred or notified to their local authority, as a busy force does: nearly all within hours, a few
    /// forgotten (the data-quality queue's volume), more of the last two days' still to do.
    func tellSocialCare(about incident: DomesticAbuseIncident, into batch: inout DomesticAbuseBatch) {
        let recent = now.timeIntervalSince(incident.createdAt) < 2 * 86_400
        for child in incident.report.children {
            guard run.uniform() < (recent ? 0.7 : 0.97) else {
                summary.childrenNotReferred += 1
                continue
            }
            let at = min(now, Date(timeIntervalSince1970: (incident.createdAt.timeIntervalSince1970 + run.uniform() * 6 * 3_600).rounded(.down)))
            let night = !(8..<18).contains(run.calendar.component(.hour, from: at))
            batch.socialCare.append(
                ChildSocialCareContact(
                    id: run.newID(), incidentID: incident.id, childID: child.childID, kind: run.uniform() < 0.6 ? .referral : .notification,
                    agency: night ? .emergencyDutyTeam : .childrensSocialCare, organisation: "\(incident.borough) Children's Services",
                    personName: night ? "Emergency duty team social worker" : "MASH duty social worker", at: at,
                    method: run.uniform() < 0.7 ? .phone : .secureEmail, summary: "Police attended a domestic abuse incident; the child was there.",
                    recordedBy: officer.displayName, recordedAt: at))
        }
    }

    func settle(_ n: inout EncompassNotification, createdAt: Date) {
        guard let school = n.schoolID else {
            // Not knowing the school is no exception: the notification stays due until the school is found.
            if notInEducation.contains(n.childID) {
                n.notSentReason = "not-in-education"
                n.notSentNote = "Home educated; the local authority's elective home education team was told instead."
                n.sentBy = officer.displayName
            }
            return
        }
        let exception = run.uniform()
        if exception < 0.004 {
            n.notSentReason = "risk-to-child"
            n.notSentNote =
                "The suspect works at the school; the supervisor agreed the designated safeguarding lead at the local authority is told instead."
            n.sentBy = supervisor.displayName
            return
        }
        let overdueFor = now.timeIntervalSince(n.dueAt)
        let sendShare = overdueFor > 3 * 86_400 ? 0.995 : overdueFor > 0 ? 0.85 : 0.3
        guard run.uniform() < sendShare else { return }
        let late = overdueFor > 0 && run.uniform() < 0.08
        let from = late ? n.dueAt : createdAt
        let until = min(now, late ? n.dueAt.addingTimeInterval(36 * 3_600) : n.dueAt)
        n.sentAt = Date(timeIntervalSince1970: (from.timeIntervalSince1970 + max(0, until.timeIntervalSince(from)) * run.uniform()).rounded(.down))
        n.sentBy = officer.displayName
        n.keyAdult = keyAdults[school]
        n.shared = rules.encompass.shared.value
    }
}
