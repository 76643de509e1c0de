import CExactDecimal

/// An exact decimal number: every price, size and margin the client sends or receives.
///
/// The value is `coefficient × 10^-scale`: a signed integer of at most ``maxDigits`` (38)
/// decimal digits and a scale of 0…``maxScale`` (38) digits after the point. The scale is
/// kept, so `"10.50"` prints `10.50`; equality, ordering and hashing are by value, so
/// `1.0 == 1.00`.
///
/// Nothing is ever lost silently: parsing is strict, `+ - *` are exact, division rounds to
/// a scale you state with a ``RoundingMode`` you choose, and every result that does not fit
/// throws ``DecimalError``. The operators `+ - *` throw too (write `try a + b`), so an
/// overflow is an error you handle, never a crash of the host.
///
/// Why 38 digits: the coefficient is a 128-bit integer (±1.7 × 10^38), the fastest exact
/// representation that holds every Bybit amount with room to spare (prices and sizes have at
/// most 8–10 decimals; 38 digits allow e.g. 10^20 with 18 decimals). Every 38-digit value
/// fits, so the range is symmetric and negation never fails. The scale may use all 38 digits
/// (a value below 1 with 38 decimals); a result whose exact scale would exceed 38, such as the
/// product of two 20-decimal numbers, throws instead of rounding.
///
/// ## Layout
/// The stored representation is CExactDecimal's `ed_Decimal` (`exact_decimal.h`): the
/// 128-bit coefficient as two 64-bit halves and the scale, 24 bytes aligned to **8**. It is
/// the one definition of a decimal's bytes: the Lua binding keeps the value inline in a full
/// userdata (Lua aligns userdata memory to 8) and the C metamethods read and write the same
/// struct, so the two sides cannot disagree. The type is trivially copyable
/// (`BitwiseCopyable`, no references):
///
/// ```swift
/// let memory = lua_newuserdatauv(L, MemoryLayout<ExactDecimal>.size, 0)!
/// memory.initializeMemory(as: ExactDecimal.self, to: value)    // push
/// let value = memory.load(as: ExactDecimal.self)                // read back
/// ```
@frozen
public struct ExactDecimal: Sendable, BitwiseCopyable {
    /// The bytes, as C declares them: coefficient halves and scale.
    @usableFromInline var bits: ed_Decimal

    /// Low 64 bits of the two's-complement coefficient.
    @inlinable var low: UInt64 { @inline(__always) get { bits.low } }
    /// High 64 bits of the two's-complement coefficient.
    @inlinable var high: Int64 { @inline(__always) get { bits.high } }
    /// Digits after the point, 0...maxScale.
    @inlinable var storedScale: UInt8 { @inline(__always) get { bits.scale } }

    /// The most significant digits a coefficient may have (38).
    @inlinable public static var maxDigits: Int { 38 }
    /// The most digits after the point a value may have (38).
    @inlinable public static var maxScale: Int { 38 }

    /// Builds a value whose coefficient is already known to be within ±(10^38 - 1) and whose
    /// scale is within 0...maxScale.
    @inlinable @inline(__always)
    init(uncheckedCoefficient coefficient: Int128, scale: UInt8) {
        bits = ed_Decimal(
            low: UInt64(truncatingIfNeeded: coefficient), high: Int64(truncatingIfNeeded: coefficient >> 64),
            scale: scale)
    }

    /// Builds a value from a sign and a magnitude already known to be below 10^38.
    @inlinable @inline(__always)
    init(uncheckedMagnitude magnitude: UInt128, negative: Bool, scale: UInt8) {
        let positive = Int128(bitPattern: magnitude)
        self.init(uncheckedCoefficient: negative ? 0 &- positive : positive, scale: scale)
    }

    /// Creates `coefficient × 10^-scale`, e.g. `(12345, 2)` is `123.45`.
    ///
    /// - Throws: ``DecimalError/Code/tooManyDigits`` if `|coefficient| ≥ 10^38`,
    ///   ``DecimalError/Code/invalidArgument`` if `scale` is outside `0...maxScale`.
    public init(coefficient: Int128, scale: Int) throws(DecimalError) {
        guard coefficient.magnitude < Pow10.limit else {
            throw .tooManyDigits(String(coefficient), digits: String(coefficient.magnitude).count)
        }
        guard (0...Self.maxScale).contains(scale) else {
            throw .invalidArgument("decimal scale \(scale) is outside 0...\(Self.maxScale)")
        }
        self.init(uncheckedCoefficient: coefficient, scale: UInt8(scale))
    }

    /// Creates the integer `value` with scale 0. Every `Int` fits.
    @inlinable
    public init(_ value: Int) {
        self.init(uncheckedCoefficient: Int128(value), scale: 0)
    }

    /// The signed integer coefficient: the value is `coefficient × 10^-scale`.
    @inlinable
    public var coefficient: Int128 {
        @inline(__always) get { Int128(high) << 64 | Int128(low) }
    }

    /// The number of digits after the point (0...``maxScale``); kept for printing.
    @inlinable
    public var scale: Int { Int(storedScale) }

    /// -1, 0 or 1 for a negative, zero or positive value.
    @inlinable
    public var sign: Int { high < 0 ? -1 : (high == 0 && low == 0 ? 0 : 1) }

    /// Whether the value is zero (at any scale: `0`, `0.00` and `-0.0` are all zero).
    @inlinable
    public var isZero: Bool { high == 0 && low == 0 }

    /// Whether the value is below zero.
    @inlinable
    public var isNegative: Bool { high < 0 }

    /// Zero with scale 0.
    @inlinable
    public static var zero: ExactDecimal { ExactDecimal(uncheckedCoefficient: 0, scale: 0) }

    /// One with scale 0.
    @inlinable
    public static var one: ExactDecimal { ExactDecimal(uncheckedCoefficient: 1, scale: 0) }
}

extension ExactDecimal: ExpressibleByIntegerLiteral {
    /// Creates an integer decimal from a literal: `let fee: ExactDecimal = 5`.
    @inlinable
    public init(integerLiteral value: Int) {
        self.init(value)
    }
}
