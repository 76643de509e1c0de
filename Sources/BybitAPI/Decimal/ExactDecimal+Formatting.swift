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
        // At most: sign + 38 digits + point + leading "0" = 41 bytes.
        let capacity = 48
        return String(unsafeUninitializedCapacity: capacity) { output in
            var digits: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
            return withUnsafeMutableBytes(of: &digits) { scratch in
                let count = Self.writeDigits(of: coefficient.magnitude, into: scratch)
                let digitStart = scratch.count - count  // digits are right-aligned in scratch
                var out = 0
                if isNegative {
                    output[out] = UInt8(ascii: "-")
                    out += 1
                }
                let scale = self.scale
                let integerDigits = count - scale
                if integerDigits <= 0 {
                    // 0.000ddd: a zero integer part, then zeros up to the first digit.
                    output[out] = UInt8(ascii: "0")
                    output[out + 1] = UInt8(ascii: ".")
                    out += 2
                    for _ in 0 ..< -integerDigits {
                        output[out] = UInt8(ascii: "0")
                        out += 1
                    }
                    for i in 0 ..< count { output[out + i] = scratch[digitStart + i] }
                    return out + count
                }
                for i in 0 ..< integerDigits { output[out + i] = scratch[digitStart + i] }
                out += integerDigits
                if scale > 0 {
                    output[out] = UInt8(ascii: ".")
                    out += 1
                    for i in 0 ..< scale { output[out + i] = scratch[digitStart + integerDigits + i] }
                    out += scale
                }
                return out
            }
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
    /// Two 128-bit divisions split the value into 19-digit chunks; the digits then come from
    /// cheap 64-bit arithmetic.
    static func writeDigits(of magnitude: UInt128, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let chunk: UInt128 = 10_000_000_000_000_000_000  // 10^19
        let (upper, lower) = magnitude.quotientAndRemainder(dividingBy: chunk)
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
        if upper == 0 {
            write(UInt64(lower), minimumDigits: 1)
        } else {
            write(UInt64(lower), minimumDigits: 19)
            write(UInt64(upper), minimumDigits: 1)  // upper < 10^19: one chunk
        }
        return buffer.count - end
    }
}
