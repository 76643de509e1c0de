public import BybitWire

/// Bybit's published isolated-margin formulas (reference §5), for linear and inverse
/// contracts, long and short. Pure functions of ``PositionTerms``: no state, no clock.
///
/// Linear (USDT; size in base coin; margin in USDT):
///
///     PV = size × entry            IM = PV / leverage        MM = PV × MMR − deduction
///     LP(long)  = entry − (IM + extra − MM) / size     BP(long)  = entry − (IM + extra) / size
///     LP(short) = entry + (IM + extra − MM) / size     BP(short) = entry + (IM + extra) / size
///
/// Inverse (coin-settled; size in USD contracts; margin in coin):
///
///     PV = size / entry            IM = PV / leverage        MM = PV × MMR − deduction
///     LP(long)  = size / (PV + IM + extra − MM)       BP(long)  = size / (PV + IM + extra)
///     LP(short) = size / (PV − IM − extra + MM)       BP(short) = size / (PV − IM − extra)
///
/// The inverse form puts the extra margin inside the denominator (reference §5.2's
/// recommendation; the 2024 "− Extra/Qty" variant is dimensionally wrong). Fees are not
/// modelled. Amounts are rounded half-up to 8 decimals once, prices half-up to the
/// instrument's price scale once, from exact intermediates. A price that would be zero
/// or negative (or a short whose denominator vanishes) has no liquidation: nil, shown `""`.
public enum IsolatedMargin {
    /// Digits after the point in margin amounts, values and PnL.
    public static let amountScale = 8

    /// Position value: `size × entry` (quote coin) or `size / entry` (coin).
    public static func positionValue(_ t: PositionTerms) throws(DecimalError) -> ExactDecimal {
        switch t.category {
        case .linear: return try t.size.multiplied(by: t.entryPrice).rounded(scale: amountScale, mode: .halfUp)
        case .inverse: return try t.size.divided(by: t.entryPrice, scale: amountScale, rounding: .halfUp)
        }
    }

    /// Initial margin without extra: `PV / leverage`.
    public static func initialMargin(_ t: PositionTerms) throws(DecimalError) -> ExactDecimal {
        try positionValue(t).divided(by: t.leverage, scale: amountScale, rounding: .halfUp)
    }

    /// `positionIM`: the initial margin plus the extra margin.
    public static func positionMargin(_ t: PositionTerms) throws(DecimalError) -> ExactDecimal {
        try initialMargin(t).adding(t.extraMargin)
    }

    /// Maintenance margin: `PV × MMR − deduction`, never below zero.
    public static func maintenanceMargin(_ t: PositionTerms) throws(DecimalError) -> ExactDecimal {
        let mm = try positionValue(t).multiplied(by: t.maintenanceMarginRate).subtracting(t.mmDeduction)
        return try ExactDecimal.max(.zero, mm).rounded(scale: amountScale, mode: .halfUp)
    }

    /// The mark price at which the position is liquidated, or nil when none exists.
    public static func liquidationPrice(_ t: PositionTerms) throws(DecimalError) -> ExactDecimal? {
        try price(t, keeping: maintenanceMargin(t))
    }

    /// The price at which the position's margin is exhausted (where it is closed when
    /// liquidated), or nil when none exists.
    public static func bankruptcyPrice(_ t: PositionTerms) throws(DecimalError) -> ExactDecimal? {
        try price(t, keeping: .zero)
    }

    /// The price at which margin + PnL falls to `kept` (MM for liquidation, 0 for bankruptcy).
    static func price(_ t: PositionTerms, keeping kept: ExactDecimal) throws(DecimalError) -> ExactDecimal? {
        guard t.size.sign > 0 else { return nil }
        let cushion = try positionMargin(t).subtracting(kept)  // margin that losses may consume
        let result: ExactDecimal
        switch (t.category, t.side) {
        case (.linear, .buy):
            let numerator = try t.entryPrice.multiplied(by: t.size).subtracting(cushion)
            result = try numerator.divided(by: t.size, scale: t.priceScale, rounding: .halfUp)
        case (.linear, .sell):
            let numerator = try t.entryPrice.multiplied(by: t.size).adding(cushion)
            result = try numerator.divided(by: t.size, scale: t.priceScale, rounding: .halfUp)
        case (.inverse, .buy):
            let denominator = try positionValue(t).adding(cushion)
            guard denominator.sign > 0 else { return nil }
            result = try t.size.divided(by: denominator, scale: t.priceScale, rounding: .halfUp)
        case (.inverse, .sell):
            let denominator = try positionValue(t).subtracting(cushion)
            guard denominator.sign > 0 else { return nil }
            result = try t.size.divided(by: denominator, scale: t.priceScale, rounding: .halfUp)
        }
        return result.sign > 0 ? result : nil
    }

    /// Unrealised PnL at `mark`, in the settle coin.
    ///
    /// Linear: `size × (mark − entry)` for a long. Inverse: `size × (1/entry − 1/mark)`,
    /// computed as `size × (mark − entry) / (entry × mark)` so it is rounded only once.
    public static func unrealisedPnl(_ t: PositionTerms, mark: ExactDecimal) throws(DecimalError) -> ExactDecimal {
        let move = try t.side == .buy ? mark.subtracting(t.entryPrice) : t.entryPrice.subtracting(mark)
        switch t.category {
        case .linear:
            return try t.size.multiplied(by: move).rounded(scale: amountScale, mode: .halfUp)
        case .inverse:
            let denominator = try t.entryPrice.multiplied(by: mark)
            return try t.size.multiplied(by: move).divided(by: denominator, scale: amountScale, rounding: .halfUp)
        }
    }

    /// Whether `mark` has reached the liquidation price (at or beyond it).
    public static func isLiquidated(_ t: PositionTerms, mark: ExactDecimal) throws(DecimalError) -> Bool {
        guard let lp = try liquidationPrice(t) else { return false }
        return t.side == .buy ? mark <= lp : mark >= lp
    }
}
