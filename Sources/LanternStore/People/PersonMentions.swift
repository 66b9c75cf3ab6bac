import Foundation
import LanternCore
import SQLKit

/// Renders stored text that mentions people (``PersonMention``) for one reader, and says whom it
/// named, so the response's access-log entry lists every person it showed.
enum PersonMentions {
    struct Rendered {
        var texts: [String]
        /// The people shown by name, each once, in order.
        var named: [String]
    }

    static func render(_ texts: [String], for actor: Actor, policy: AccessPolicy, in sql: any SQLDatabase) async throws -> Rendered {
        var ids: [String] = []
        for text in texts { for id in PersonMention.ids(in: text) where !ids.contains(id) { ids.append(id) } }
        guard !ids.isEmpty else { return Rendered(texts: texts, named: []) }
        var people: [String: Person] = [:]
        for chunk in LinkStore.chunks(ids, of: 500) {
            for person in try await sql.select().columns(PersonStore.columns).from("people").where("id", .in, Array(chunk)).all().map(
                PersonStore.decode)
            {
                people[person.id] = person
            }
        }
        var named: [String] = []
        let rendered = texts.map { text in
            PersonMention.render(text) { id -> String? in
                guard let person = people[id] else { return nil }
                if person.erasedAt != nil { return PersonMention.erased }
                guard policy.decide(actor, .consultPersonRecord, on: person.scope).isAllowed else { return nil }
                if !named.contains(id) { named.append(id) }
                return person.displayName
            }
        }
        return Rendered(texts: rendered, named: named)
    }

    static func render(_ text: String, for actor: Actor, policy: AccessPolicy, in sql: any SQLDatabase) async throws -> Rendered {
        try await render([text], for: actor, policy: policy, in: sql)
    }
}

extension PersonMentions {
    /// Renders every system-written text on an episode for its reader: alerts, earlier finds with flagged
    /// people, and the record-sourced risk answers and reasons. Returns the people it named.
    static func render(_ record: inout EpisodeRecord, for actor: Actor, policy: AccessPolicy, in sql: any SQLDatabase) async throws -> [String] {
        var texts = record.alerts.map(\.detail) + record.alertsRaised.map(\.detail) + record.previouslyFlagged
        for assessment in record.assessments {
            texts += assessment.answers.map(\.detail) + assessment.decision.reasons.map(\.text)
        }
        let rendered = try await render(texts, for: actor, policy: policy, in: sql)
        var next = rendered.texts.makeIterator()
        func take(_ old: String) -> String { next.next() ?? old }
        for i in record.alerts.indices { record.alerts[i].detail = take(record.alerts[i].detail) }
        for i in record.alertsRaised.indices { record.alertsRaised[i].detail = take(record.alertsRaised[i].detail) }
        record.previouslyFlagged = record.previouslyFlagged.map(take)
        for a in record.assessments.indices {
            for i in record.assessments[a].answers.indices { record.assessments[a].answers[i].detail = take(record.assessments[a].answers[i].detail) }
            for i in record.assessments[a].decision.reasons.indices {
                record.assessments[a].decision.reasons[i].text = take(record.assessments[a].decision.reasons[i].text)
            }
        }
        return rendered.named
    }

    /// Alerts raised by a request, rendered for the one who made it.
    static func render(_ alerts: [EpisodeAlert], for actor: Actor, policy: AccessPolicy, in sql: any SQLDatabase) async throws -> [EpisodeAlert] {
        let rendered = try await render(alerts.map(\.detail), for: actor, policy: policy, in: sql)
        return zip(alerts, rendered.texts).map { alert, text in
            var alert = alert
            alert.detail = text
            return alert
        }
    }
}
