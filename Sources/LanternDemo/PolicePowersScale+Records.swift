import Foundation
import LanternCore
import LanternStore

extension ScaleDemo {
    static let protectionGrounds = [
        "Found alone at night in a flat with no food and no adult; the carer could not be traced for hours.",
        "Found at an address where adults were using drugs, with no responsible adult; missing from home for two days.",
        "The carer was arrested for assaulting the child's mother in front of the child; no other adult could care for them.",
        "Found with bruising the child said came from the carer, who was drunk and threatening to take the child away.",
        "A baby left in a car outside a pub at 23:00; the parent could not be found for over an hour.",
        "Found in the early hours with two older men not known to the family; the child could not say where they had been.",
    ]
    static let arrestPlaces = [
        "Outside 14 Station Road", "12 Church Lane car park", "Flat 3, 40 Manor Way", "2 High Street, outside the station",
        "Rear of 88 Queens Road", "Bus shelter outside 210 Kings Avenue",
    ]
    static let welfareReasons = [
        "A neighbour worried about a child heard crying for an hour; the school nurse knows the family and agreed to visit.",
        "The ward reported the child had walked out; their own staff are searching the grounds and have the parent's number.",
        "A request to take a child to A&E for a sprained wrist; no risk to life or of serious harm, ambulance service asked.",
        "The unit reported a child absent after leave; the unit's own staff are in touch with the child by phone.",
    ]
}

/// The records themselves: each made as the live path would make it and checked by the same Core rules.
extension PolicePowersScale {
    /// One police protection, ended by now unless taken in the last few days; a share with a mandatory duty left
    /// unrecorded. A child in a planted network is sometimes taken from the network's address, with its adult.
    func protection(takenAt: Date, counters: inout [Int: Int], into batch: inout PolicePowersBatch) throws {
        let (c, person, profile, team) = child()
        let kindDraw = run.uniform()
        let accommodation: PoliceProtection.Accommodation =
            kindDraw < 0.03
            ? .init(
                kind: .policeStation, place: "\(person.borough) police station, juvenile room",
                exceptionalReason: "No emergency placement could be found overnight; EDT asked to keep looking.")
            : .init(kind: kindDraw < 0.1 ? .hospital : .localAuthority, place: "Emergency placement arranged by \(person.borough) EDT")
        var protection = PoliceProtection(
            id: run.newID(), childID: person.id, grounds: run.pick(ScaleDemo.protectionGrounds),
            power: run.uniform() < 0.9 ? .removed : .preventedRemoval,
            accommodation: accommodation, takenAt: takenAt, takenBy: officer.userID)
        let hours = 3 + run.uniform() * 66
        let ended = takenAt.addingTimeInterval(hours * 3600)
        let appointed = min(takenAt.addingTimeInterval((0.5 + run.uniform() * 3) * 3600), ended)
        if appointed <= now { protection.designatedOfficer = .init(userID: supervisor.userID, rank: supervisor.rank, appointedAt: appointed) }
        let skipParents = run.uniform() < 0.08
        for duty in rules.protection.duties where duty.mandatory {
            let at = duty.id == "designated-officer" ? appointed : takenAt.addingTimeInterval((0.2 + run.uniform() * 5) * 3600)
            if at > now || (skipParents && duty.id == "parents-informed") { continue }
            let note = duty.needsNote ? "The child said they wanted to go to their nan's and to keep their phone." : ""
            protection.duties.append(.init(duty: duty.id, by: officer.displayName, at: min(at, ended), note: note))
        }
        if ended <= now {
            let codeDraw = run.uniform()
            let code = codeDraw < 0.55 ? "released" : codeDraw < 0.9 || protection.designatedOfficer == nil ? "local-authority" : "epo-application"
            protection.ending = .init(code: code, by: supervisor.userID, at: ended, note: "")
        } else {
            summary.inProtectionNow += 1
        }
        try protection.check(now: now, rules: rules)
        if !PoliceProtectionClock.outstandingDuties(of: protection, rules: rules).isEmpty { summary.dutiesOutstanding += 1 }
        let network = run.uniform() < 0.3 ? run.plantedFound[c]?.first : nil
        if network != nil { summary.takenFromANetworkAddress += 1 }
        let scene =
            network.map { PlaceAndPeople(place: $0.place, postcode: $0.postcode, withPersonIDs: [$0.adult.id]) }
            ?? PlaceAndPeople(place: profile.homeAddress)
        batch.protections.append(
            (protection, reference("PP", at: takenAt, &counters), team, person.borough, scene))
        summary.protections += 1
    }

    /// One child detained: the appropriate adult after a wait, and for a share charged with bail refused, the s38(6)
    /// transfer or the certificate. A child in a planted network is sometimes arrested with its adult at its address.
    func detention(detainedAt: Date, counters: inout [Int: Int], into batch: inout PolicePowersBatch) throws {
        let (c, person, profile, team) = child()
        guard (PersonDraft.age(ofBirthDate: person.dateOfBirth ?? "", on: detainedAt) ?? 0) >= 10 else { return }
        let at = { (hours: Double) in detainedAt.addingTimeInterval(hours * 3600) }
        var detention = ChildInCustody(
            id: run.newID(), childID: person.id,
            custodyRecord: String(format: "01%@/%04d/26", String(person.borough.prefix(2)).uppercased(), run.below(10_000)),
            detainedAt: detainedAt, dateOfBirth: person.dateOfBirth, isGirl: profile.sex == "Female",
            womanInCare: profile.sex == "Female" ? "The detention officer on duty (a woman)" : nil, welfarePerson: "Parent or carer",
            welfareInformedAt: at(0.25))
        let waited = 0.3 + run.uniform() * run.uniform() * 6
        let volunteer = run.uniform() < 0.5
        detention.appropriateAdult = AppropriateAdult(
            name: volunteer ? "Appropriate adult scheme volunteer" : "Parent", relationship: volunteer ? .volunteer : .parent,
            requestedAt: at(0.15), arrivedAt: at(0.15 + waited) <= now ? at(0.15 + waited) : nil)
        var leaves = at(0.15 + waited + 1 + run.uniform() * 8)
        if run.uniform() < 0.08, let refused = transfer(&detention, at: at) {
            leaves = refused
            summary.bailRefused += 1
        }
        if leaves <= now { detention.releasedAt = leaves } else { summary.inCustodyNow += 1 }
        try detention.check(now: now, rules: rules)
        let network = run.uniform() < 0.5 ? run.plantedFound[c]?.first : nil
        if network != nil { summary.arrestedWithANetworkAdult += 1 }
        let scene =
            network.map { PlaceAndPeople(place: $0.place, postcode: $0.postcode, withPersonIDs: [$0.adult.id]) }
            ?? PlaceAndPeople(place: run.pick(ScaleDemo.arrestPlaces))
        batch.detentions.append((detention, reference("CC", at: detainedAt, &counters), team, person.borough, scene))
        summary.detentions += 1
    }

    /// Charged, bail refused, the authority asked; transferred when it accepts, otherwise certified impracticable and
    /// held for court. Returns when the child leaves custody; nil (no transfer) when bail would be refused after `now`.
    func transfer(_ detention: inout ChildInCustody, at: (Double) -> Date) -> Date? {
        let charged = 3 + run.uniform() * 6
        guard at(charged + 0.2) <= now else { return nil }
        var transfer = TransferRequest(chargedAt: at(charged), bailRefusedAt: at(charged + 0.2), requestedAt: at(charged + 0.5 + run.uniform()))
        let leaves: Date
        if run.uniform() < 0.7 {
            transfer.answer = .accepted
            transfer.answeredAt = at(charged + 1.8)
            transfer.transferredAt = at(charged + 2 + run.uniform() * 4)
            leaves = transfer.transferredAt!
            summary.transferred += 1
        } else {
            transfer.answer = .declined
            transfer.answeredAt = at(charged + 2)
            transfer.certificate = .init(
                ground: .impracticable,
                reasons: "The emergency duty team searched until the early hours and found no placement of any kind; confirmed in writing.",
                custodyOfficer: "Custody sergeant", at: at(charged + 3))
            leaves = at(charged + 14)
            summary.certified += 1
        }
        for date in [transfer.requestedAt, transfer.answeredAt, transfer.transferredAt, transfer.certificate?.at] where (date ?? now) > now {
            (transfer.answer, transfer.answeredAt, transfer.transferredAt, transfer.certificate) = (nil, nil, nil, nil)
        }
        if (transfer.requestedAt ?? now) > now { transfer.requestedAt = nil }
        detention.transfer = transfer
        return leaves
    }

    /// A welfare call about a child: attended when the threshold or the carve-out says so, otherwise most handed to a
    /// partner agency and seen by the MASH, which takes up most of those more than a day old.
    func welfareCall(receivedAt: Date, counters: inout [Int: Int], into batch: inout PolicePowersBatch) throws {
        let (_, person, _, team) = child()
        let kind = run.pick(rules.welfare.callKinds.value)
        let threshold = run.uniform() < 0.2
        let mustAttend = threshold || rules.welfare.childAlwaysAttended.value.contains(kind)
        let decision: WelfareCall.Decision = mustAttend || run.uniform() < 0.3 ? .attend : .notAttend
        let call = WelfareCall(
            id: run.newID(), kind: kind, receivedAt: receivedAt, subjectID: person.id, subjectIsChild: true, thresholdMet: threshold,
            decision: decision, reason: run.pick(ScaleDemo.welfareReasons), partnerAgency: decision == .notAttend ? "NHS trust" : nil,
            decidedBy: officer.displayName)
        try WelfareCallTriage.check(call, now: now, rules: rules)
        var row = WelfareCallRow(call, reference: reference("WC", at: receivedAt, &counters), team: team, borough: person.borough, createdAt: now)
        if decision == .notAttend {
            summary.welfareToMASH += 1
            if receivedAt < now.addingTimeInterval(-86_400) && run.uniform() < 0.85 {
                row.takenUp(
                    by: "Lambeth MASH", at: receivedAt.addingTimeInterval(4 * 3600), note: "Shared with the social worker, who visited the next day.")
                summary.welfareTakenUp += 1
            }
        }
        batch.calls.append(row)
        summary.welfareCalls += 1
    }
}
