/// A row of `counters`: a named running number (one per kind of reference and year, "missing-episode-2026").
package struct CounterRow: Codable, Equatable {
    package static let table = "counters"

    package var name: String
    package var value: Int64

    package init(name: String, value: Int64) {
        self.name = name
        self.value = value
    }
}
