/// Strict parsing of decimal text.
///
/// Accepted: `^[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$`, nothing else: no spaces, no
/// grouping (`"1,5"`), no bare point (`"."`, `".5"`, `"5."`), no `NaN`/`inf`, no trailing
/// text (`"0.1x"`). The exponent form exists because `Double.description` can produce
/// `"1e-05"` or `"1e+20"`; it is accepted when the value fits exactly.
///
/// The scale is kept: it is the number of fraction digits minus the exponent, never below
/// zero (`"10.50"` → `10.50`, `"1.5e-3"` → `0.0015`, `"1e2"` → `100`, `"1000e-2"` → `10.00`).
/// Leading zeros are allowed and do not count as digits (`"007"` is `7`).
extension ExactDecimal {
    /// Parses `text` strictly; see the rules above.
    ///
    /// - Throws: ``DecimalError/Code/invalidSyntax`` for text that is not a decimal,
    ///   ``DecimalError/Code/tooManyDigits`` when it needs more than 38 significant digits
    ///   (`"1e400"`, a 39-digit integer), ``DecimalError/Code/scaleTooLarge`` when it needs
    ///   more than 38 digits after the point (`"1e-39"`).
    public init(parsing text: some StringProtocol) throws(DecimalError) {
        let result =
            text.utf8.withContiguousStorageIfAvailable { Self.parse(UnsafeRawBufferPointer($0)) }
            ?? Array(text.utf8).withUnsafeBytes { Self.parse($0) }
        self = try result.get()
    }

    /// Parses `text` strictly: the same rules and errors as the generic `init(parsing:)`,
    /// without its generic dispatch (this is the overload a `String` argument picks).
    public init(parsing text: String) throws(DecimalError) {
        var text = text
        self = try text.withUTF8 { Self.parse(UnsafeRawBufferPointer($0)) }.get()
    }

    /// Parses UTF-8 bytes strictly, without making a `String` (for the Lua binding, which has
    /// a pointer and a length from `lua_tolstring`). Same rules and errors as
    /// ``init(parsing:)``; any byte outside the grammar, including NUL, is an error.
    public init(parsingUTF8 bytes: UnsafeRawBufferPointer) throws(DecimalError) {
        self = try Self.parse(bytes).get()
    }

    /// The parser; returns a `Result` so it can run inside non-throwing buffer closures.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<ExactDecimal, DecimalError> {
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }

        // Digits before and after the point feed one coefficient. Leading zeros are not
        // significant; the first 19 significant digits accumulate in 64 bits (cheap), the
        // rest up to the 38th in 128 bits, and digits past the 38th are only counted.
        var small: UInt64 = 0
        var magnitude: UInt128 = 0
        var significant = 0
        func scanDigits() -> Int {
            let start = index
            while index < bytes.count {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                if significant > 0 || digit != 0 {
                    significant += 1
                    if significant <= 19 {
                        small = small &* 10 &+ UInt64(digit)
                    } else if significant <= maxDigits {
                        if significant == 20 { magnitude = UInt128(small) }
                        magnitude = magnitude &* 10 &+ UInt128(digit)
                    }
                }
                index += 1
            }
            return index - start
        }

        guard scanDigits() > 0 else { return .failure(.invalidSyntax(text(bytes))) }
        var fractionDigits = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            fractionDigits = scanDigits()
            guard fractionDigits > 0 else { return .failure(.invalidSyntax(text(bytes))) }
        }

        var exponent = 0
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var negativeExponent = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                negativeExponent = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            let start = index
            while index < bytes.count, case let digit = bytes[index] &- UInt8(ascii: "0"), digit < 10 {
                // Saturate far beyond any input length, so huge exponents stay huge.
                if exponent < 1 << 40 { exponent = exponent * 10 + Int(digit) }
                index += 1
            }
            guard index > start else { return .failure(.invalidSyntax(text(bytes))) }
            if negativeExponent { exponent = -exponent }
        }
        guard index == bytes.count else { return .failure(.invalidSyntax(text(bytes))) }

        guard significant <= maxDigits else {
            return .failure(.tooManyDigits(text(bytes), digits: significant))
        }
        if significant <= 19 { magnitude = UInt128(small) }
        var scale = fractionDigits - exponent
        guard scale <= maxScale else {
            return .failure(.scaleTooLarge(text(bytes), scale: scale))
        }
        if scale < 0 {  // a positive exponent beyond the fraction: append zeros
            if magnitude != 0 {
                let digits = significant - scale
                guard digits <= maxDigits else {
                    return .failure(.tooManyDigits(text(bytes), digits: digits))
                }
                magnitude *= Pow10.table[-scale]
            }
            scale = 0
        }
        return .success(
            ExactDecimal(uncheckedMagnitude: magnitude, negative: negative, scale: UInt8(scale)))
    }

    /// The input as text for an error message (invalid UTF-8 shows as U+FFFD).
    private static func text(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
