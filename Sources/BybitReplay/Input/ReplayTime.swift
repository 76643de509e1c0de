/// Times in price files and on the command line: milliseconds since 1970, or ISO-8601 UTC
/// (`2024-08-05T00:00:00Z`, `2024-08-05T00:00:00.250Z`, `+00:00` for `Z`, or a date alone,
/// `2024-08-05`, meaning its midnight UTC).
public enum ReplayTime {
    /// The earliest millisecond value taken as milliseconds (1973-03-03): a smaller number
    /// is almost surely seconds, and taking it as milliseconds would replay 1970.
    static let smallestMs: Int64 = 100_000_000_000

    /// The time `text` names, in ms, or why it names none.
    public static func parse(_ text: some StringProtocol) -> Result<Int64, TimeProblem> {
        // Milliseconds, the usual case, read digit by digit (no copy: a price file has one
        // per row); up to 18 digits cannot overflow.
        var digits = 0
        var value: Int64 = 0
        for b in text.utf8 {
            guard b >= 48, b <= 57 else {
                digits = -1
                break
            }
            digits += 1
            if digits <= 18 { value = value * 10 + Int64(b - 48) }
        }
        if digits > 0 {
            guard digits <= 18 else { return .failure(.notATime) }
            return value < smallestMs ? .failure(.looksLikeSeconds) : .success(value)
        }
        return iso(Array(text.utf8)).map { .success($0) } ?? .failure(.notATime)
    }

    /// Why a text is not a time.
    public enum TimeProblem: Error, Sendable {
        case notATime, looksLikeSeconds

        /// The problem with `text`, in the user's words.
        public func message(_ text: some StringProtocol) -> String {
            switch self {
            case .notATime:
                "'\(text)' is not a time: write milliseconds since 1970 (1722816000000) or ISO-8601 UTC "
                    + "(2024-08-05T00:00:00Z)"
            case .looksLikeSeconds:
                "'\(text)' looks like seconds; times are milliseconds since 1970 (\(text)000) or ISO-8601 UTC"
            }
        }
    }

    /// `ms` as ISO-8601 UTC with milliseconds, e.g. `2024-08-05T00:00:00.000Z`.
    public static func iso(_ ms: Int64) -> String {
        let days = ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
        let rest = ms - days * 86_400_000
        let (y, m, d) = civil(fromDays: days)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let millis = rest % 1000
        let millisText = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(y)-\(two(m))-\(two(d))T\(two(rest / 3_600_000)):\(two(rest / 60_000 % 60)):"
            + "\(two(rest / 1000 % 60)).\(millisText)Z"
    }

    /// `YYYY-MM-DD[THH:MM[:SS[.fff]](Z|+00:00)]`.
    private static func iso(_ b: [UInt8]) -> Int64? {
        var i = 0
        func number(_ width: Int) -> Int64? {
            guard i + width <= b.count else { return nil }
            var v: Int64 = 0
            for k in i..<(i + width) {
                guard b[k] >= 48, b[k] <= 57 else { return nil }
                v = v * 10 + Int64(b[k] - 48)
            }
            i += width
            return v
        }
        func expect(_ c: Character) -> Bool {
            guard i < b.count, b[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        guard let y = number(4), expect("-"), let mo = number(2), expect("-"), let d = number(2),
            (1...12).contains(mo), d >= 1, d <= daysIn(month: mo, year: y)
        else { return nil }
        var ms = days(year: y, month: mo, day: d) * 86_400_000
        if i == b.count { return ms }
        guard expect("T") || expect(" "), let h = number(2), expect(":"), let mi = number(2), h < 24, mi < 60 else {
            return nil
        }
        var s: Int64 = 0
        var frac: Int64 = 0
        if expect(":") {
            guard let sv = number(2), sv < 60 else { return nil }
            s = sv
            if expect(".") {
                var digits = 0
                while i < b.count, b[i] >= 48, b[i] <= 57 {
                    if digits < 3 { frac = frac * 10 + Int64(b[i] - 48) }
                    digits += 1
                    i += 1
                }
                guard digits > 0 else { return nil }
                while digits < 3 {
                    frac *= 10
                    digits += 1
                }
            }
        }
        guard expect("Z") || (expect("+") && number(2) == 0 && expect(":") && number(2) == 0), i == b.count else {
            return nil
        }
        ms += h * 3_600_000 + mi * 60_000 + s * 1000 + frac
        return ms
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][Int(month - 1)]
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day count since 1970-01-01.
    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
