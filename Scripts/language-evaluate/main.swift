// Scores the language check on labelled corpora the way LanguageTests does (a sentence is flagged when it has
// a writer finding): precision, recall, and each miss or false alarm. For measuring a pack or a revision of the
// language sources outside the test build, e.g. at an earlier commit:
//     Scripts/language-evaluate/run.sh Tests/Fixtures/language-holdout-3.tsv

import Foundation
let args = CommandLine.arguments
let pack = try! LanguagePack.decode(try! Data(contentsOf: URL(fileURLWithPath: args[1])))
let checker = try! LanguageChecker(pack: pack)
for file in args.dropFirst(2) {
    let text = try! String(contentsOfFile: file, encoding: .utf8)
    var tp = 0, fp = 0, fn = 0, tn = 0
    var out: [String] = []
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
        let blame = parts[0] == "blame"
        let sentence = String(parts[parts.count - 1]).replacingOccurrences(of: "\\n", with: "\n")
        let f = checker.writerFindings(sentence)
        switch (blame, !f.isEmpty) {
        case (true, true): tp += 1
        case (true, false): fn += 1; out.append("  MISS: \(sentence)")
        case (false, true): fp += 1; out.append("  FA \(f.map { "\($0.ruleID):\($0.text)" }): \(sentence)")
        case (false, false): tn += 1
        }
    }
    let p = Double(tp) / Double(max(1, tp + fp)), r = Double(tp) / Double(max(1, tp + fn))
    print(String(format: "%@: precision %.3f recall %.3f (TP %d FP %d FN %d TN %d)", (file as NSString).lastPathComponent, p, r, tp, fp, fn, tn))
    if ProcessInfo.processInfo.environment["QUIET"] == nil { out.forEach { print($0) } }
}
