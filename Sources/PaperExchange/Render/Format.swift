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
        // On the bytes (a decimal's text is ASCII): `String.contains(String)` goes through
        // Foundation here and Character-wise trimming costs ~1,400 instructions, and this
        // runs for several prices of every ticker a replay renders.
        var copy = text
        let out = copy.withUTF8 { b -> String? in
            var dot = false
            for c in b {
                if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") { return nil }
                if c == UInt8(ascii: ".") { dot = true }
            }
            guard dot else { return nil }
            var n = b.count
            while n > 0, b[n - 1] == UInt8(ascii: "0") { n -= 1 }
            if n > 0, b[n - 1] == UInt8(ascii: ".") { n -= 1 }
            if n == 2, b[0] == UInt8(ascii: "-"), b[1] == UInt8(ascii: "0") { return "0" }
            return String(decoding: UnsafeBufferPointer(rebasing: b[0..<n]), as: UTF8.self)
        }
        return out ?? text
    }
}
