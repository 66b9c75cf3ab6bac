import Foundation
import LanternCore

/// A row of `child_voice`: the child's own words, recorded where they were said.
struct ChildVoiceRow: Codable, Equatable {
    var id: String
    var personId: String
    var episodeId: String?
    var atMs: Int64
    var context: String
    var words: String
    var recordedBy: String

    init(id: String, _ voice: ChildVoice, episodeId: String?) {
        self.id = id
        personId = voice.personID
        self.episodeId = episodeId
        atMs = voice.at.millisecondsSince1970
        context = voice.context
        words = voice.words
        recordedBy = voice.recordedBy
    }

    var voice: ChildVoice {
        ChildVoice(personID: personId, at: Date(millisecondsSince1970: atMs), context: context, words: words, recordedBy: recordedBy)
    }
}
