import FlintCore
import Foundation

/// Times as people read them (UTC, to the minute); machines get RFC 3339 in `datetime`.
enum Dates {
    static func display(_ date: Date) -> String {
        let milliseconds = Int64(date.timeIntervalSince1970 * 1000)
        let text = RFC3339.format(milliseconds: milliseconds)
        return String(text.prefix(16)).replacingOccurrences(of: "T", with: " ") + " UTC"
    }
}
