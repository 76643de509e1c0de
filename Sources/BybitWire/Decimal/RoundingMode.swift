/// How an ``ExactDecimal`` result that does not fit the requested scale is rounded.
///
/// The raw values are the names Lua scripts use (`d:round(4, "half_even")`); they mirror
/// decNumber and Python's `decimal` (`ROUND_DOWN`, `ROUND_UP`, `ROUND_HALF_UP`,
/// `ROUND_HALF_EVEN`, `ROUND_FLOOR`, `ROUND_CEILING`) and behave exactly like them.
///
/// | mode        | 2.5 | -2.5 | 2.51 | -2.49 |
/// |-------------|-----|------|------|-------|
/// | `down`      |  2  |  -2  |  2   |  -2   |
/// | `up`        |  3  |  -3  |  3   |  -3   |
/// | `halfUp`    |  3  |  -3  |  3   |  -2   |
/// | `halfEven`  |  2  |  -2  |  3   |  -2   |
/// | `floor`     |  2  |  -3  |  2   |  -3   |
/// | `ceiling`   |  3  |  -2  |  3   |  -2   |
public enum RoundingMode: String, CaseIterable, Sendable {
    /// Toward zero (truncate).
    case down
    /// Away from zero.
    case up
    /// To nearest; a tie goes away from zero.
    case halfUp = "half_up"
    /// To nearest; a tie goes to the even neighbour (banker's rounding).
    case halfEven = "half_even"
    /// Toward negative infinity.
    case floor
    /// Toward positive infinity.
    case ceiling
}

/// Where a discarded remainder lies relative to half of the rounding unit.
@usableFromInline
enum DiscardedPart: Sendable {
    case zero, belowHalf, half, aboveHalf
}

extension RoundingMode {
    /// Whether a truncated magnitude must be incremented by one unit.
    ///
    /// - Parameters:
    ///   - discarded: where the discarded remainder lies.
    ///   - negative: whether the exact value is negative.
    ///   - odd: whether the truncated magnitude is odd (only `halfEven` looks at it).
    @usableFromInline
    func roundsAwayFromZero(discarded: DiscardedPart, negative: Bool, odd: Bool) -> Bool {
        if discarded == .zero { return false }
        switch self {
        case .down: return false
        case .up: return true
        case .halfUp: return discarded != .belowHalf
        case .halfEven: return discarded == .aboveHalf || (discarded == .half && odd)
        case .floor: return negative
        case .ceiling: return !negative
        }
    }
}
