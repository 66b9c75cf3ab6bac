import Foundation
import LanternCore
import SQLKit

extension DomesticAbuseStore {
    /// Opens an incident: it names children, so a purpose is required; logged before it is returned. An incident
    /// with a person the reader may not open is, to them, not there.
    public func incident(_ id: String, purpose: AccessPurpose?, purposeNote: String = "", context: AccessContext) async throws -> IncidentRecord {
        try await authoriser.require(.consultPersonRecord, context, recordType: Self.recordType)
        return try await record(id, context: context, logged: true, purpose: purpose, purposeNote: purposeNote)
    }

    func record(
        _ id: String, context: AccessContext, logged: Bool, purpose: AccessPurpose? = nil, purposeNote: String = ""
    ) async throws -> IncidentRecord {
        let now = now()
        let policy = self.policy
        let rules = self.rules
        let outcome: Result<IncidentRecord, any Error> = try await database.transaction { sql in
            guard let (incident, people) = try await Self.load(id, in: sql) else {
                return .failure(RecordNotFound(recordType: "domestic abuse incident", id: id))
            }
            if case .deny(let reason) = policy.decide(context.actor, .consultPersonRecord, onAll: people.values.map(\.scope)) {
                return .failure(AccessDenied(permission: .consultPersonRecord, reason: reason))
            }
            // Asked only once the reader may open it, so the question says nothing about a record they may not.
            if logged && purpose == nil { return .failure(PurposeRequired()) }
            let record = try await Self.assemble(incident, people: people, rules: rules, reader: context.actor, policy: policy, in: sql)
            if logged {
                try await AccessLogStore.append(
                    context.entry(
                        at: now, .consult, recordType: Self.recordType, recordIDs: [id] + people.keys.sorted(), purpose: purpose,
                        purposeNote: purposeNote), in: sql)
            }
            return .success(record)
        }
        return try await authoriser.settle(
            outcome, permission: .consultPersonRecord, context: context, recordType: Self.recordType, id: id, shownAs: "domestic abuse incident")
    }

    static func load(_ id: String, forUpdate: Bool = false, in sql: any SQLDatabase) async throws -> (DomesticAbuseIncident, [String: Person])? {
        guard id.count <= 64 else { return nil }
        var query = sql.select().column("*").from(IncidentRow.table).where("id", .equal, id)
        if forUpdate { query = query.for(.update) }
        guard let row = try await query.first()?.decode(model: IncidentRow.self, with: StoredRow.decoder) else { return nil }
        let peopleRows = try await sql.select().column("*").from(IncidentPersonRow.table).where("incident_id", .equal, id)
            .orderBy("part").orderBy("person_id").all(decoding: IncidentPersonRow.self, with: StoredRow.decoder)
        var people: [String: Person] = [:]
        for personRow in peopleRows {
            guard let person = try await PersonStore.load(sql, personRow.personId) else { return nil }
            people[person.id] = person
        }
        return (try row.incident(people: peopleRows), people)
    }

    static func assemble(
        _ incident: DomesticAbuseIncident, people: [String: Person], rules: DomesticAbuseRules, reader: Actor, policy: AccessPolicy,
        in sql: any SQLDatabase
    ) async throws -> IncidentRecord {
        let id = incident.id
        let assessments = try await sql.select().column("*").from(DashAssessmentRow.table).where("incident_id", .equal, id)
            .orderBy("assessed_at_ms", .descending).all(decoding: DashAssessmentRow.self, with: StoredRow.decoder).map { try $0.assessment() }
        var marac: [MaracReferral] = []
        for row in try await sql.select().column("*").from(MaracReferralRow.table).where("incident_id", .equal, id).orderBy("created_at_ms")
            .all(decoding: MaracReferralRow.self, with: StoredRow.decoder)
        {
            let actions = try await sql.select().column("*").from(MaracActionRow.table).where("referral_id", .equal, row.id).orderBy("due_at_ms")
                .all(decoding: MaracActionRow.self, with: StoredRow.decoder)
            marac.append(row.referral(actions: actions))
        }
        let encompass = try await sql.select().column("*").from(EncompassNotificationRow.table).where("incident_id", .equal, id)
            .orderBy("child_id").all(decoding: EncompassNotificationRow.self, with: StoredRow.decoder).map(\.notification)
        let schoolIDs = Set(encompass.compactMap(\.schoolID))
        var schools: [String: School] = [:]
        if !schoolIDs.isEmpty {
            for row in try await sql.select().column("*").from(SchoolRow.table).where("id", .in, Array(schoolIDs))
                .all(decoding: SchoolRow.self, with: StoredRow.decoder)
            {
                schools[row.id] = row.school
            }
        }
        let repeats = try await repeatMatch(for: incident, rules: rules, reader: reader, policy: policy, in: sql)
        return IncidentRecord(
            incident: incident, people: people, assessments: assessments, marac: marac, encompass: encompass, schools: schools, repeats: repeats,
            socialCare: try await socialCareContacts(of: id, in: sql))
    }

    /// Earlier incidents in the window at the same address or with any of the same adults, matched in Core; an
    /// incident the reader may not open is not counted for them, so its reference says nothing of it.
    static func repeatMatch(
        for incident: DomesticAbuseIncident, rules: DomesticAbuseRules, reader: Actor, policy: AccessPolicy, in sql: any SQLDatabase
    ) async throws -> RepeatIncidentMatch {
        let at = incident.report.occurredAt
        let since = WorkingDays.monthsBefore(rules.repeatIncident.withinMonths, at).millisecondsSince1970
        let key = RepeatIncidents.addressKey(incident.report.address, postcode: incident.report.postcode)
        let adults = incident.report.adults.map(\.personID)
        let byPeople = try await sql.select().column("incident_id").from(IncidentPersonRow.table).where("person_id", .in, adults)
            .where("occurred_at_ms", .greaterThanOrEqual, since).where("occurred_at_ms", .lessThanOrEqual, at.millisecondsSince1970).all()
            .map { try $0.decode(column: "incident_id", as: String.self) }
        let byAddress = try await sql.select().column("id").from(IncidentRow.table).where("address_key", .equal, key)
            .where("occurred_at_ms", .greaterThanOrEqual, since).where("occurred_at_ms", .lessThanOrEqual, at.millisecondsSince1970).all()
            .map { try $0.decode(column: "id", as: String.self) }
        var earlier: [EarlierIncident] = []
        for other in Set(byPeople + byAddress).subtracting([incident.id]).sorted() {
            guard let (found, others) = try await load(other, in: sql),
                policy.decide(reader, .consultPersonRecord, onAll: others.values.map(\.scope)).isAllowed
            else { continue }
            earlier.append(
                EarlierIncident(
                    id: found.reference, occurredAt: found.report.occurredAt,
                    addressKey: RepeatIncidents.addressKey(found.report.address, postcode: found.report.postcode),
                    victimSuspectPairs: found.report.victimSuspectPairs))
        }
        return RepeatIncidents.match(incident.report, among: earlier, rules: rules)
    }
}

extension DomesticAbuseStore {
    /// Many incidents with their people in a handful of queries, for the queues: one query a row made the
    /// Operation Encompass queue take seconds at a London force's volume. Incidents that cannot be assembled
    /// (a person missing) are left out, as `load` leaves them out.
    static func loadMany(_ ids: [String], in sql: any SQLDatabase) async throws -> [String: (DomesticAbuseIncident, [String: Person])] {
        var incidents: [String: IncidentRow] = [:]
        var parts: [String: [IncidentPersonRow]] = [:]
        for chunk in Set(ids).sorted().chunked(400) {
            for row in try await sql.select().column("*").from(IncidentRow.table).where("id", .in, chunk)
                .all(decoding: IncidentRow.self, with: StoredRow.decoder)
            {
                incidents[row.id] = row
            }
            for row in try await sql.select().column("*").from(IncidentPersonRow.table).where("incident_id", .in, chunk)
                .orderBy("part").orderBy("person_id").all(decoding: IncidentPersonRow.self, with: StoredRow.decoder)
            {
                parts[row.incidentId, default: []].append(row)
            }
        }
        var people: [String: Person] = [:]
        for person in try await PersonStore.loadMany(sql, Set(parts.values.flatMap { $0.map(\.personId) })) { people[person.id] = person }
        var out: [String: (DomesticAbuseIncident, [String: Person])] = [:]
        for (id, row) in incidents {
            let rows = parts[id] ?? []
            let named = rows.compactMap { people[$0.personId] }
            guard named.count == rows.count else { continue }
            out[id] = (try row.incident(people: rows), Dictionary(uniqueKeysWithValues: named.map { ($0.id, $0) }))
        }
        return out
    }
}

extension Array {
    /// The array in consecutive pieces of at most `size` elements.
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min(count, $0 + size)]) }
    }
}
