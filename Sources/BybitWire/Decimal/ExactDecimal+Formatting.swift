/// Text output: plain positional notation that keeps the scale, never an exponent.
///
/// `10.50` prints `10.50`, `1e2` prints `100`, `1.5e-3` prints `0.0015`, and a negative zero
/// prints without its sign (`-0.00` → `0.00`). The text parses back to the same value and
/// scale, so ``ExactDecimal`` is `LosslessStringConvertible`, and it is what goes on the wire.
extension ExactDecimal: CustomStringConvertible, CustomDebugStringConvertible,
    LosslessStringConvertible
{
    /// The value in plain notation with exactly ``scale`` digits after the point.
    public var description: String {
        // Digits, then the text, are built on the stack; short results (≤ 15 bytes, most
        // prices) become small strings without any allocation.
        var storage:
            (
                UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                UInt64, UInt64, UInt64, UInt64, UInt64, UInt64
            ) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &storage) { raw in
            // At most 38 digits; the text is at most sign + "0." + 38 digits = 41 bytes.
            let scratch = UnsafeMutableRawBufferPointer(rebasing: raw[0..<48])
            let output = UnsafeMutableRawBufferPointer(rebasing: raw[48..<96])
            let count = Self.writeDigits(of: coefficient.magnitude, into: scratch)
            var digits = scratch.count - count  // digits are right-aligned in scratch
            var out = 0
            func emit(_ byte: UInt8) {
                output[out] = byte
                out += 1
            }
            if isNegative { emit(UInt8(ascii: "-")) }
            let integerDigits = count - scale
            if integerDigits <= 0 {
                // 0.000ddd: a zero integer part, then zeros up to the first digit.
                emit(UInt8(ascii: "0"))
                emit(UInt8(ascii: "."))
                for _ in 0 ..< -integerDigits { emit(UInt8(ascii: "0")) }
            } else {
                for _ in 0..<integerDigits {
                    emit(scratch[digits])
                    digits += 1
                }
                if scale > 0 { emit(UInt8(ascii: ".")) }
            }
            while digits < scratch.count {
                emit(scratch[digits])
                digits += 1
            }
            return String(decoding: UnsafeRawBufferPointer(rebasing: output[0..<out]), as: UTF8.self)
        }
    }

    /// The value and its scale, e.g. `ExactDecimal(10.50, scale: 2)`.
    public var debugDescription: String {
        "ExactDecimal(\(description), scale: \(scale))"
    }

    /// Parses `description` strictly (see ``init(parsing:)``); nil when it is not a decimal.
    public init?(_ description: String) {
        guard let value = try? ExactDecimal(parsing: description) else { return nil }
        self = value
    }

    /// Writes the ASCII digits of `magnitude` (< 10^38) right-aligned at the end of `buffer`
    /// and returns how many it wrote (at least one: zero is `"0"`).
    ///
    /// A value above 64 bits is split into two 19-digit chunks by one 128-bit division; the
    /// digits then come from cheap 64-bit arithmetic.
    static func writeDigits(of magnitude: UInt128, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        var end = buffer.count
        func write(_ value: UInt64, minimumDigits: Int) {
            var value = value
            var written = 0
            repeat {
                end -= 1
                buffer[end] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
                written += 1
            } while value != 0 || written < minimumDigits
        }
        if let small = UInt64(exactly: magnitude) {  // the common case: no 128-bit division
            write(small, minimumDigits: 1)
        } else {
            let chunk: UInt128 = 10_000_000_000_000_000_000  // 10^19
            let (upper, lower) = magnitude.quotientAndRemainder(dividingBy: chunk)
            write(UInt64(lower), minimumDigits: 19)
            write(UInt64(upper), minimumDigits: 1)  // upper < 10^19: one chunk
        }
        return buffer.count - end
    }
}
