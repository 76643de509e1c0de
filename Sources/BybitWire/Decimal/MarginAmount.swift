/// The one rule for the `margin` of `POST /v5/position/add-margin`, shared by the client
/// (which checks the exact text it is about to send) and the paper exchange (which checks
/// the text it received), so both accept and refuse the same strings.
///
/// Bybit documents the field as a string, "Support up to 4 decimal", and writes every
/// decimal in plain notation (`"10"`, `"-10"`, `"0.01"`). The rule is therefore:
/// - **Form:** an optional `-`, digits, and optionally `.` followed by digits. Nothing else:
///   no `+`, no exponent (`"1e1"`), no bare point (`".5"`, `"5."`), no spaces or grouping.
///   Bybit shows none of those forms, so a script must not come to rely on one on paper.
/// - **Decimals:** at most 4 that matter. Trailing zeros are not decimals of the amount:
///   `"1.12340"` is the amount 1.1234 and is accepted (as `1.1234`); `"1.00001"` is not.
/// - **Value:** not zero (positive adds, negative reduces).
///
/// The client never sends the forms refused above: it writes every amount in plain
/// notation, so only the decimals and the zero decide for a value it is given.
public enum MarginAmount {
    /// The most decimals Bybit accepts in `margin`.
    public static let maxDecimals = 4

    /// Why a margin text was refused: a sentence naming the field and what is allowed.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        /// The sentence, e.g. `margin '1.00001' has 5 decimals; Bybit accepts at most 4`.
        public let description: String
    }

    /// Checks `text` as it goes on the wire.
    ///
    /// - Returns: the amount with at most ``maxDecimals`` decimals: unchanged, or with the
    ///   trailing zeros beyond the 4th decimal dropped (`"1.50000"` → `1.5000`).
    /// - Throws: a ``Refusal`` saying what is wrong with the text.
    public static func parse(_ text: String) throws(Refusal) -> ExactDecimal {
        guard !text.isEmpty else { throw Refusal(description: "margin must not be empty") }
        guard isPlainDecimal(text.utf8) else {
            throw Refusal(
                description: "margin \(String(reflecting: text)) is not a decimal number as Bybit writes one"
                    + " (digits with an optional leading '-' and '.', e.g. \"10\" or \"-0.5\")")
        }
        let value: ExactDecimal
        do {
            value = try ExactDecimal(parsing: text)
        } catch {
            throw Refusal(description: "margin '\(text)' has too many digits to be an amount")
        }
        guard !value.isZero else {
            throw Refusal(description: "margin must not be zero (positive adds, negative reduces)")
        }
        guard value.scale > maxDecimals else { return value }
        if let trimmed = try? value.rounded(scale: maxDecimals, mode: .down), trimmed == value { return trimmed }
        let decimals = text.split(separator: ".").last.map { $0.reversed().drop { $0 == "0" }.count } ?? 0
        throw Refusal(
            description: "margin '\(text)' has \(decimals) decimals; Bybit accepts at most \(maxDecimals)")
    }

    /// Checks an amount the client was given, through the text it will send
    /// (``ExactDecimal/description``, always plain notation).
    public static func check(_ value: ExactDecimal) throws(Refusal) -> ExactDecimal {
        try parse(value.description)
    }

    /// `-?[0-9]+(\.[0-9]+)?`, byte by byte.
    static func isPlainDecimal(_ bytes: String.UTF8View) -> Bool {
        var digitsBefore = 0
        var digitsAfter = 0
        var sawPoint = false
        var first = true
        for byte in bytes {
            defer { first = false }
            switch byte {
            case UInt8(ascii: "-") where first: continue
            case UInt8(ascii: "."):
                guard !sawPoint, digitsBefore > 0 else { return false }
                sawPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if sawPoint { digitsAfter += 1 } else { digitsBefore += 1 }
            default:
                return false
            }
        }
        return digitsBefore > 0 && (!sawPoint || digitsAfter > 0)
    }
}
