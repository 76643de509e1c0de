import BybitAPI

/// How numbers go on the wire: strings, as Bybit sends every decimal.
enum Format {
    /// An amount (margin, value, PnL, balance): at most 8 decimals, trailing zeros
    /// dropped (`6000`, `0.01666667`), as Bybit's responses show them.
    static func amount(_ value: ExactDecimal) -> JSONNode {
        guard let rounded = try? value.rounded(scale: IsolatedMargin.amountScale, mode: .halfUp) else {
            return .string(value.description)
        }
        return .string(trimmed(rounded.description))
    }

    /// ``amount(_:)`` as plain text, for ledger details.
    static func amountText(_ value: ExactDecimal) -> String { amount(value).stringValue ?? value.description }

    /// A price at the instrument's price scale (`54300.00`); `""` for none.
    static func price(_ value: ExactDecimal?, scale: Int) -> JSONNode {
        guard let value else { return "" }
        guard let rounded = try? value.rounded(scale: scale, mode: .halfUp) else { return .string(value.description) }
        return .string(rounded.description)
    }

    /// A decimal as stored, trailing zeros dropped (`10`, `0.5`).
    static func plain(_ value: ExactDecimal) -> JSONNode { .string(trimmed(value.description)) }

    /// Milliseconds as a string field (`createdTime` and friends are strings on Bybit).
    static func ms(_ value: Int64) -> JSONNode { .string(String(value)) }

    static func trimmed(_ text: String) -> String {
        // Byte checks: `String.contains(String)` goes through Foundation (NSString) here, and
        // this runs for every price of every ticker a replay renders.
        let utf8 = text.utf8
        guard utf8.contains(UInt8(ascii: ".")), !utf8.contains(UInt8(ascii: "e")), !utf8.contains(UInt8(ascii: "E"))
        else { return text }
        var s = Substring(text)
        while s.last == "0" { s = s.dropLast() }
        if s.last == "." { s = s.dropLast() }
        return s == "-0" ? "0" : String(s)
    }
}
