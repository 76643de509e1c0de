/// Equality, ordering and hashing by value: `1.0 == 1.00`, `0.1 < 0.10000000001`.
///
/// Operands of equal scale compare their coefficients directly. Mixed scales compare signs
/// first, then magnitudes after rescaling the operand with the smaller scale; if that
/// rescaling would exceed 128 bits, that operand is known to be the larger in magnitude, so
/// the comparison is exact for every pair of values.
extension ExactDecimal: Comparable, Hashable {
    /// Whether `lhs` and `rhs` have the same value, whatever their scales.
    @inlinable
    public static func == (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        if _fastPath(lhs.storedScale == rhs.storedScale) {
            return lhs.low == rhs.low && lhs.high == rhs.high
        }
        return compareMixedScales(lhs, rhs) == 0
    }

    /// Whether the two have the same digits and the same scale (`1.0` and `1.00` are equal
    /// by value but not identical): what a cache of results whose text shows the scale
    /// compares its inputs by.
    @inlinable
    public func isIdentical(to other: ExactDecimal) -> Bool {
        storedScale == other.storedScale && low == other.low && high == other.high
    }

    /// A cheap mix of the stored bits (not `Hashable`'s: no seeded hasher), for a slot index.
    @inlinable
    public var bitMix: UInt64 { low ^ UInt64(bitPattern: high) &* 31 ^ UInt64(storedScale) &* 0x9E37_79B9 }

    /// Whether `lhs` is less than `rhs` by value.
    @inlinable
    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        lhs.compare(rhs) < 0
    }

    /// Whether `lhs` is less than or equal to `rhs` by value.
    @inlinable
    public static func <= (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        lhs.compare(rhs) <= 0
    }

    /// Whether `lhs` is greater than `rhs` by value.
    @inlinable
    public static func > (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        lhs.compare(rhs) > 0
    }

    /// Whether `lhs` is greater than or equal to `rhs` by value.
    @inlinable
    public static func >= (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        lhs.compare(rhs) >= 0
    }

    /// -1, 0 or 1 as `self` is less than, equal to or greater than `other` by value.
    @inlinable
    public func compare(_ other: ExactDecimal) -> Int {
        if _fastPath(storedScale == other.storedScale) {
            let (a, b) = (coefficient, other.coefficient)
            return a < b ? -1 : (a == b ? 0 : 1)
        }
        return Self.compareMixedScales(self, other)
    }

    /// ``compare(_:)`` for operands of different scales; exact even when rescaling overflows.
    @usableFromInline
    static func compareMixedScales(_ a: ExactDecimal, _ b: ExactDecimal) -> Int {
        let scale = Swift.max(a.scale, b.scale)
        if scale - a.scale <= 18, scale - b.scale <= 18,
            let aSmall = Int64(exactly: a.coefficient), let bSmall = Int64(exactly: b.coefficient)
        {
            // 64-bit coefficients a few digits apart: rescale both exactly into Int128.
            let x = Pow10.widen(aSmall, timesPowerOfTen: scale - a.scale)
            let y = Pow10.widen(bSmall, timesPowerOfTen: scale - b.scale)
            return x < y ? -1 : (x == y ? 0 : 1)
        }
        let (aSign, bSign) = (a.sign, b.sign)
        if aSign != bSign { return aSign < bSign ? -1 : 1 }
        if aSign == 0 { return 0 }
        var (aMagnitude, bMagnitude) = (a.coefficient.magnitude, b.coefficient.magnitude)
        let magnitudeOrder: Int
        if a.storedScale < b.storedScale {
            if let scaled = Pow10.multiply(aMagnitude, byPowerOfTen: b.scale - a.scale) {
                aMagnitude = scaled
                magnitudeOrder = aMagnitude < bMagnitude ? -1 : (aMagnitude == bMagnitude ? 0 : 1)
            } else {
                magnitudeOrder = 1  // ≥ 2^128 > every coefficient
            }
        } else {
            if let scaled = Pow10.multiply(bMagnitude, byPowerOfTen: a.scale - b.scale) {
                bMagnitude = scaled
                magnitudeOrder = aMagnitude < bMagnitude ? -1 : (aMagnitude == bMagnitude ? 0 : 1)
            } else {
                magnitudeOrder = -1
            }
        }
        return aSign > 0 ? magnitudeOrder : -magnitudeOrder
    }

    /// Hashes the value, not the representation: equal values at any scale hash alike.
    public func hash(into hasher: inout Hasher) {
        let (coefficient, scale) = normalized
        hasher.combine(coefficient)
        hasher.combine(scale)
    }

    /// The coefficient and scale with trailing zeros after the point removed (zero has scale 0).
    var normalized: (coefficient: Int128, scale: Int) {
        var scale = self.scale
        let value = coefficient
        if value == 0 { return (0, 0) }
        if let small = Int64(exactly: value) {  // 64-bit division is much cheaper
            var small = small
            while scale > 0 && small % 10 == 0 { (small, scale) = (small / 10, scale - 1) }
            return (Int128(small), scale)
        }
        var wide = value
        while scale > 0 && wide % 10 == 0 { (wide, scale) = (wide / 10, scale - 1) }
        return (wide, scale)
    }

    /// The larger of `a` and `b` by value; `a` when they are equal (like Lua's `math.max`).
    @inlinable
    public static func max(_ a: ExactDecimal, _ b: ExactDecimal) -> ExactDecimal {
        a.compare(b) >= 0 ? a : b
    }

    /// The smaller of `a` and `b` by value; `a` when they are equal (like Lua's `math.min`).
    @inlinable
    public static func min(_ a: ExactDecimal, _ b: ExactDecimal) -> ExactDecimal {
        a.compare(b) <= 0 ? a : b
    }
}
