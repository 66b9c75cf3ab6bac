/// A small deterministic random generator (SplitMix64): the same seed gives the same demo data
/// and the same benchmark graph on every machine.
public struct SeededRandom: Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

extension SeededRandom {
    static let hex = Array("0123456789abcdef".utf8)

    /// A version-4-shaped UUID in lower case ("3f2b…-4…-8…"), drawn from this generator: generated
    /// records carry ids that look like every other id and are the same for the same seed.
    public mutating func uuid() -> String {
        let halves = (next(), next())
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for i in 0..<16 {
            var byte = UInt8(truncatingIfNeeded: (i < 8 ? halves.0 : halves.1) >> UInt64(56 - 8 * (i % 8)))
            if i == 6 { byte = (byte & 0x0F) | 0x40 }
            if i == 8 { byte = (byte & 0x3F) | 0x80 }
            if i == 4 || i == 6 || i == 8 || i == 10 { text.append(UInt8(ascii: "-")) }
            text.append(Self.hex[Int(byte >> 4)])
            text.append(Self.hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
