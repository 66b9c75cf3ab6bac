import Foundation

/// Days as officers read them, in UK local time (GMT or BST): what the pages show and what stored explanations say.
public enum UKCalendar {
    public static let zone = TimeZone(identifier: "Europe/London") ?? TimeZone(identifier: "UTC")!

    /// A Gregorian calendar in UK time. Calendar is a value type, so sharing it across requests is safe;
    /// a DateFormatter per call cost ~50 µs, which a queue page of a thousand rows felt.
    public static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }()
    public static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The UK day only ("3 Dec 2026").
    public static func day(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return "\(c.day!) \(months[c.month! - 1]) \(c.year!)"
    }
}
