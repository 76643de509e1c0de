/// An independent, string-only model of the decimal grammar and of what a parse yields,
/// written from the documented rules (ExactDecimal+Parsing.swift's doc comment), not from
/// the parser's code: `^[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$`, at most 38 significant
/// digits, at most 38 digits after the point, scale = fraction digits − exponent (≥ 0).
enum DecimalTextModel {
    enum Outcome: Equatable {
        /// The canonical text the value prints as (sign dropped for zero).
        case value(String)
        case invalidSyntax, tooManyDigits, scaleTooLarge
    }

    static func outcome(_ bytes: [UInt8]) -> Outcome {
        guard let parts = split(bytes) else { return .invalidSyntax }
        let digits = parts.integer + parts.fraction
        let significant = Array(digits.drop { $0 == UInt8(ascii: "0") })
        guard significant.count <= 38 else { return .tooManyDigits }
        // Exponents of more than 12 significant digits are "huge" either way: saturate.
        let exponentDigits = parts.exponent.drop { $0 == UInt8(ascii: "0") }
        let exponent =
            exponentDigits.count > 12 ? 1_000_000_000_000 : Int(String(decoding: exponentDigits, as: UTF8.self)) ?? 0
        let scale = parts.fraction.count - (parts.negativeExponent ? -exponent : exponent)
        guard scale <= 38 else { return .scaleTooLarge }
        var coefficient = significant.isEmpty ? [UInt8(ascii: "0")] : significant
        var finalScale = scale
        if scale < 0 {
            if !significant.isEmpty {
                guard significant.count - scale <= 38 else { return .tooManyDigits }
                coefficient += Array(repeating: UInt8(ascii: "0"), count: -scale)
            }
            finalScale = 0
        }
        // Place the point `finalScale` digits from the right, padding with zeros.
        if coefficient.count <= finalScale {
            coefficient = Array(repeating: UInt8(ascii: "0"), count: finalScale - coefficient.count + 1) + coefficient
        }
        var text = coefficient
        if finalScale > 0 { text.insert(UInt8(ascii: "."), at: coefficient.count - finalScale) }
        let negative = parts.negative && !significant.isEmpty
        return .value((negative ? "-" : "") + String(decoding: text, as: UTF8.self))
    }

    /// The grammar's pieces, or nil when the bytes do not match it.
    static func split(_ bytes: [UInt8]) -> (
        negative: Bool, integer: [UInt8], fraction: [UInt8], negativeExponent: Bool, exponent: [UInt8]
    )? {
        var rest = bytes[...]
        func digits() -> [UInt8] {
            let run = rest.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            rest = rest.dropFirst(run.count)
            return Array(run)
        }
        func sign() -> Bool? {
            guard let first = rest.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") else { return nil }
            rest = rest.dropFirst()
            return first == UInt8(ascii: "-")
        }
        let negative = sign() ?? false
        let integer = digits()
        guard !integer.isEmpty else { return nil }
        var fraction: [UInt8] = []
        if rest.first == UInt8(ascii: ".") {
            rest = rest.dropFirst()
            fraction = digits()
            guard !fraction.isEmpty else { return nil }
        }
        var negativeExponent = false
        var exponent: [UInt8] = []
        if let e = rest.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            rest = rest.dropFirst()
            negativeExponent = sign() ?? false
            exponent = digits()
            guard !exponent.isEmpty else { return nil }
        }
        return rest.isEmpty ? (negative, integer, fraction, negativeExponent, exponent) : nil
    }
}
