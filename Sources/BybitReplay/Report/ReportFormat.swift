import BybitWire

/// The report's text formatting, written out by hand so it never depends on the locale, the
/// time zone or the platform's number printing: the same trace gives the same bytes anywhere.
enum ReportFormat {
    /// `2024-08-05T06:12:00Z` (UTC), with `.123` before the `Z` when the milliseconds are not 0.
    static func iso(_ timeMs: Int64) -> String {
        let (date, clock, millis) = parts(timeMs)
        return "\(date)T\(clock)" + (millis == 0 ? "" : "." + pad(millis, 3)) + "Z"
    }

    /// The date `2024-08-05`, the time `06:12:00` and the milliseconds of `timeMs` in UTC.
    static func parts(_ timeMs: Int64) -> (date: String, clock: String, millis: Int64) {
        let days = floorDiv(timeMs, 86_400_000)
        let msOfDay = timeMs - days * 86_400_000
        let seconds = msOfDay / 1000
        let (year, month, day) = ReplayTime.civil(fromDays: days)
        let date = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        let clock = "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        return (date, clock, msOfDay % 1000)
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// `value` zero-padded to `width` digits (a minus sign in front when negative).
    static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let padded = String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
        return value < 0 ? "-" + padded : padded
    }

    /// `value` with exactly `decimals` digits after the point, rounded half away from zero:
    /// `fixed(12.345, 1)` is `12.3`. For coordinates and axis labels, never for amounts.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (value * scale).rounded(.toNearestOrAwayFromZero)
        guard abs(scaled) < 9e15 else { return String(Int64(value.rounded())) }
        let integer = Int64(scaled)
        let magnitude = integer.magnitude
        let sign = integer < 0 ? "-" : ""
        guard decimals > 0 else { return sign + String(magnitude) }
        let unit = UInt64(scale)
        return sign + String(magnitude / unit) + "." + pad(Int64(magnitude % unit), decimals)
    }

    /// An amount exactly as recorded, or `-` for none.
    static func amount(_ value: ExactDecimal?) -> String { value?.description ?? "-" }

    /// `text` safe inside HTML and SVG, in element content and in quoted attributes.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            // Control characters other than tab/newline are not allowed in XML 1.0.
            case _ where character.value < 0x20 && character != "\t" && character != "\n": result += "\u{FFFD}"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// `text` padded with spaces to `width` characters (for the terminal table).
    static func padRight(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: Swift.max(0, width - text.count))
    }
}
