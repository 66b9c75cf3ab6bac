/// No record with that id exists, or the actor may not know that it does.
public struct RecordNotFound: Error, Sendable, Equatable {
    public var recordType: String
    public var id: String
    public init(recordType: String, id: String) {
        self.recordType = recordType
        self.id = id
    }
}

/// Opening this record needs a purpose from ``AccessPurpose`` (DPA 2018 s62(2)).
public struct PurposeRequired: Error, Sendable, Equatable {
    public init() {}
}

/// A change was made against an older version of the record than the one stored:
/// someone else changed it first. Nothing was overwritten.
public struct VersionConflict: Error, Sendable, Equatable {
    public var recordType: String
    public var id: String
    public var expectedVersion: Int
    public var currentVersion: Int
    /// The fields the other change touched, so the user knows what to look at.
    public var changedFields: [String]

    public init(recordType: String, id: String, expectedVersion: Int, currentVersion: Int, changedFields: [String]) {
        self.recordType = recordType
        self.id = id
        self.expectedVersion = expectedVersion
        self.currentVersion = currentVersion
        self.changedFields = changedFields
    }
}

/// A write to a record whose subject has been erased: nothing more may be recorded about them.
public struct RecordErased: Error, Sendable, Equatable {
    public var recordType: String
    public var reference: String
    public init(recordType: String, reference: String) {
        self.recordType = recordType
        self.reference = reference
    }
}
