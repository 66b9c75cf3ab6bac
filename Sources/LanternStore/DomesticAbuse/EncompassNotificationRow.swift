import Foundation
import LanternCore

/// A row of `encompass_notifications`.
package struct EncompassNotificationRow: Codable, Equatable {
    package static let table = "encompass_notifications"

    var id: String
    var incidentId: String
    var childId: String
    var schoolId: String?
    var dueAtMs: Int64
    var sentAtMs: Int64?
    var sentBy: String?
    var keyAdult: String?
    var shared: String?
    var notSentReason: String?
    var notSentNote: String?
    var version: Int

    package init(_ n: EncompassNotification) {
        id = n.id
        incidentId = n.incidentID
        childId = n.childID
        schoolId = n.schoolID
        dueAtMs = n.dueAt.millisecondsSince1970
        sentAtMs = n.sentAt?.millisecondsSince1970
        sentBy = n.sentBy
        keyAdult = n.keyAdult
        shared = n.shared
        notSentReason = n.notSentReason
        notSentNote = n.notSentNote
        version = n.version
    }

    var notification: EncompassNotification {
        EncompassNotification(
            id: id, incidentID: incidentId, childID: childId, schoolID: schoolId, dueAt: Date(millisecondsSince1970: dueAtMs),
            sentAt: sentAtMs.map(Date.init(millisecondsSince1970:)), sentBy: sentBy, keyAdult: keyAdult, shared: shared,
            notSentReason: notSentReason, notSentNote: notSentNote, version: version)
    }
}

/// A row of `schools`: a school or college a force tells under Operation Encompass.
package struct SchoolRow: Codable, Equatable {
    package static let table = "schools"

    var id: String
    var name: String
    var keyAdult: String
    var contact: String
    var borough: String
    var createdAtMs: Int64
    var version: Int

    package init(id: String, name: String, keyAdult: String, contact: String, borough: String, createdAtMs: Int64, version: Int) {
        self.id = id
        self.name = name
        self.keyAdult = keyAdult
        self.contact = contact
        self.borough = borough
        self.createdAtMs = createdAtMs
        self.version = version
    }

    var school: School {
        School(id: id, name: name, keyAdult: keyAdult, contact: contact, borough: borough, version: version)
    }
}

/// A row of `child_schools`: the school a child attends, as last recorded.
package struct ChildSchoolRow: Codable, Equatable {
    package static let table = "child_schools"

    var childId: String
    var schoolId: String
    var recordedBy: String
    var recordedAtMs: Int64

    package init(childId: String, schoolId: String, recordedBy: String, recordedAtMs: Int64) {
        self.childId = childId
        self.schoolId = schoolId
        self.recordedBy = recordedBy
        self.recordedAtMs = recordedAtMs
    }
}

/// A school or college: who its key adult (designated safeguarding lead) is and how to reach them.
public struct School: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var keyAdult: String
    public var contact: String
    public var borough: String
    public var version: Int
}
