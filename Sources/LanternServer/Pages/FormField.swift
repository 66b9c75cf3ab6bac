import Foundation
import LanternCore

/// One field of a server-rendered form, described once in Swift and drawn by
/// `form-field.mustache` (GOV.UK patterns: label, hint, error message, then the control).
struct FormField {
    enum Kind {
        case text(width: String = "")
        case number
        case dateTime
        case textarea(rows: Int = 5, languageCheck: Bool = false)
        case radios(inline: Bool = false)
        case select
        case checkbox
    }

    var name: String
    var label: String
    var hint: String = ""
    var kind: Kind = .text()
    var options: [(value: String, title: String)] = []

    /// Template data with the value typed (or the default) and the field's error, if any.
    func data(_ state: FormState, default fallback: String = "") -> [String: Any] {
        let value = state.values[name] ?? fallback
        var out: [String: Any] = ["name": name, "label": label, "hint": hint, "value": value]
        if let error = state.errors.first(where: { $0.field == name }) { out["error"] = error.message }
        switch kind {
        case .text(let width):
            out["isInput"] = true
            out["inputType"] = "text"
            out["widthClass"] = width
        case .number:
            out["isInput"] = true
            out["inputType"] = "text"
            out["inputMode"] = "numeric"
            out["widthClass"] = "input--width-5"
        case .dateTime:
            out["isInput"] = true
            out["inputType"] = "datetime-local"
            out["widthClass"] = "input--width-20"
        case .textarea(let rows, let check):
            out["isInput"] = true
            out["isTextarea"] = true
            out["rows"] = rows
            out["languageCheck"] = check
        case .radios(let inline):
            out["isChoice"] = true
            out["inline"] = inline
            out["options"] = options.enumerated().map { index, option -> [String: Any] in
                [
                    "id": index == 0 ? name : "\(name)-\(option.value)", "name": name, "value": option.value, "title": option.title,
                    "selected": option.value == value,
                ]
            }
        case .select:
            out["isSelect"] = true
            out["options"] = options.map { ["value": $0.value, "title": $0.title, "selected": $0.value == value] as [String: Any] }
        case .checkbox:
            out["isCheckbox"] = true
            out["checked"] = value == "yes"
        }
        return out
    }
}

/// Times as officers read and type them: UK local time (GMT or BST), "26 Nov 2026, 03:15".
enum UKTime {
    static let zone = UKCalendar.zone
    static let calendar = UKCalendar.calendar
    static let months = UKCalendar.months

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    static func show(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return "\(c.day!) \(months[c.month! - 1]) \(c.year!), \(two(c.hour!)):\(two(c.minute!))"
    }

    /// The UK day only ("3 Dec 2026"), for dates that are days: targets and "no earlier than" dates.
    static func showDate(_ date: Date) -> String { UKCalendar.day(date) }

    static func showOptional(_ date: Date?, otherwise: String = "Not yet") -> String {
        date.map(show) ?? otherwise
    }

    /// The value an `<input type="datetime-local">` shows for `date`.
    static func input(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return "\(c.year!)-\(two(c.month!))-\(two(c.day!))T\(two(c.hour!)):\(two(c.minute!))"
    }

    /// Reads "2026-11-26T03:15" (what browsers send) or "2026-11-26 03:15" as UK local time.
    static func parse(_ text: String?) -> Date? {
        guard var value = text?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        value = value.replacingOccurrences(of: " ", with: "T")
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        for format in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: value) { return date }
        }
        return nil
    }

    /// "3 h 20 min", "2 days 4 h": how long, for people.
    static func duration(_ seconds: TimeInterval) -> String {
        let minutes = max(0, Int(seconds / 60))
        if minutes < 60 { return "\(minutes) min" }
        let hours = minutes / 60
        if hours < 48 { return "\(hours) h \(minutes % 60) min" }
        return "\(hours / 24) days \(hours % 24) h"
    }
}
