/// The Aho-Corasick automaton the language matcher walks: a complete transition table over
/// word symbols, built so that start-up stays well under a second even for a pack that
/// expands to tens of thousands of phrases, in a debug build as in a release one.
///
/// Building it takes no per-state allocation and no lookups: the phrases are sorted, so
/// each one shares with its predecessor exactly the trie prefix it shares with any earlier
/// phrase, and the failure links are then filled breadth-first, each state's row copied from
/// its failure state's row (already complete, being shallower) with its own children written over.
struct PhraseAutomaton: Sendable {
    static let symbolCount = 39

    /// `stateCount × symbolCount` targets; a target that completes a phrase is stored negated
    /// (as `-state - 1`), so the hot loop tests for output with one sign check.
    let table: [Int32]
    /// The phrase that ends exactly at each state, or -1.
    let own: [Int32]
    /// The next state down the failure chain at which a phrase ends, or -1.
    let outputLink: [Int32]
    /// How many phrases end at each state: its own and every one down the failure chain.
    let outputCount: [Int32]

    var stateCount: Int { own.count }

    /// - Parameter phrases: each phrase as symbols (see `LanguageMatcher.symbol(ofNormalised:)`),
    ///   boundaries included; no two alike.
    init(phrases: [[UInt8]]) {
        // Symbols are below 128, so as a String each phrase sorts by the standard library's byte comparison.
        let keys = phrases.map { String(decoding: $0, as: UTF8.self) }
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        let trie = Self.trie(phrases, sortedBy: order)
        let n = Self.symbolCount
        let stateCount = trie.depth.count
        var own = Array(repeating: Int32(-1), count: stateCount)
        for (phrase, state) in trie.ends.enumerated() { own[Int(state)] = Int32(phrase) }
        var table = Array(repeating: Int32(0), count: stateCount * n)
        for state in 1..<stateCount {
            table[Int(trie.parent[state]) * n + Int(trie.symbol[state])] = Int32(state)
        }
        var outputLink = Array(repeating: Int32(-1), count: stateCount)
        var outputCount = own.map { $0 >= 0 ? Int32(1) : 0 }
        let breadthFirst = Self.breadthFirst(depths: trie.depth)
        table.withUnsafeMutableBufferPointer { table in
            own.withUnsafeBufferPointer { own in
                outputLink.withUnsafeMutableBufferPointer { link in
                    outputCount.withUnsafeMutableBufferPointer { count in
                        var fail = [Int32](repeating: 0, count: stateCount)
                        fail.withUnsafeMutableBufferPointer { fail in
                            for state in breadthFirst {
                                Self.complete(row: Int(state), table: table, fail: fail, own: own, link: link, count: count)
                            }
                        }
                    }
                }
            }
        }
        self.table = table
        self.own = own
        self.outputLink = outputLink
        self.outputCount = outputCount
    }

    /// Completes one state's row, and sets the failure link, output link and output count of each of its children.
    /// The row holds only the state's own children (raw, positive) until now; every state shallower than this one is complete.
    private static func complete(
        row state: Int, table: UnsafeMutableBufferPointer<Int32>, fail: UnsafeMutableBufferPointer<Int32>,
        own: UnsafeBufferPointer<Int32>, link: UnsafeMutableBufferPointer<Int32>,
        count: UnsafeMutableBufferPointer<Int32>
    ) {
        let n = symbolCount
        let row = state * n
        let failRow = Int(fail[state]) * n
        for symbol in 0..<n {
            let child = Int(table[row + symbol])
            guard child > 0 else {
                // No child: go where the failure state goes (already encoded). The root's gaps stay at the root.
                if state != 0 { table[row + symbol] = table[failRow + symbol] }
                continue
            }
            var target = 0
            if state != 0 {
                let encoded = Int(table[failRow + symbol])
                target = encoded < 0 ? -encoded - 1 : encoded
            }
            fail[child] = Int32(target)
            link[child] = own[target] >= 0 ? Int32(target) : link[target]
            count[child] += count[target]
            table[row + symbol] = count[child] > 0 ? Int32(-child - 1) : Int32(child)
        }
    }

    /// The trie of the sorted phrases: each state's parent, incoming symbol and depth, and the state each phrase ends at.
    private static func trie(_ phrases: [[UInt8]], sortedBy order: [Int]) -> (parent: [Int32], symbol: [UInt8], depth: [Int32], ends: [Int32]) {
        var parent: [Int32] = [0]
        var symbol: [UInt8] = [0]
        var depth: [Int32] = [0]
        var ends = [Int32](repeating: 0, count: phrases.count)
        var path: [Int32] = [0]  // path[d]: the state at depth d on the previous phrase's path
        var previous: [UInt8] = []
        for index in order {
            let phrase = phrases[index]
            var shared = 0
            while shared < phrase.count && shared < previous.count && phrase[shared] == previous[shared] { shared += 1 }
            path.removeSubrange((shared + 1)...)
            for position in shared..<phrase.count {
                parent.append(path[position])
                symbol.append(phrase[position])
                depth.append(Int32(position + 1))
                path.append(Int32(parent.count - 1))
            }
            ends[index] = path[phrase.count]
            previous = phrase
        }
        return (parent, symbol, depth, ends)
    }

    /// States in order of depth (a counting sort), which is the order failure links must be filled in.
    private static func breadthFirst(depths: [Int32]) -> [Int32] {
        let maxDepth = Int(depths.max() ?? 0)
        var starts = [Int](repeating: 0, count: maxDepth + 2)
        for depth in depths { starts[Int(depth) + 1] += 1 }
        for depth in 0...maxDepth { starts[depth + 1] += starts[depth] }
        var order = [Int32](repeating: 0, count: depths.count)
        for (state, depth) in depths.enumerated() {
            order[starts[Int(depth)]] = Int32(state)
            starts[Int(depth)] += 1
        }
        return order
    }
}
