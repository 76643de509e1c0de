import BybitAPI

/// The computed figures of one position at one mark price: what `position/list` shows and
/// what the engine's add-margin, auto-add and liquidation rules compare.
struct PositionMetrics: Sendable {
    let tier: RiskTier
    let markPrice: ExactDecimal
    let positionValue: ExactDecimal
    /// `PV / leverage`, without extra margin.
    let initialMargin: ExactDecimal
    /// `positionIM`: initial margin plus extra margin.
    let positionIM: ExactDecimal
    let maintenanceMargin: ExactDecimal
    let liqPrice: ExactDecimal?
    let bustPrice: ExactDecimal?
    let unrealisedPnl: ExactDecimal
    /// The terms the prices were computed from (extra includes cross collateral).
    let terms: PositionTerms?

    /// Margin plus unrealised PnL.
    var equity: ExactDecimal { get throws(DecimalError) { try positionIM.adding(unrealisedPnl) } }

    /// The formula inputs for an open position.
    static func terms(
        of position: Position, instrument: Instrument, extraCollateral: ExactDecimal = .zero
    ) throws(DecimalError) -> PositionTerms? {
        guard let side = position.side, position.size.sign > 0 else { return nil }
        var t = PositionTerms(
            category: instrument.category, side: side, size: position.size, entryPrice: position.avgPrice,
            leverage: position.leverage, extraMargin: try position.extraMargin.adding(extraCollateral),
            maintenanceMarginRate: .zero, priceScale: instrument.priceScale)
        let tier = instrument.riskTier(forValue: try IsolatedMargin.positionValue(t))
        t.maintenanceMarginRate = tier.maintenanceMarginRate
        t.mmDeduction = tier.mmDeduction
        return t
    }

    /// Figures for `position` at `mark`.
    /// - Parameter crossCollateral: for a cross-margin position, the free balance of the
    ///   settle coin, which also stands behind it; its liquidation and bankruptcy prices are
    ///   then estimates, as Bybit labels them. Zero for isolated positions.
    static func compute(
        _ position: Position, instrument: Instrument, mark: ExactDecimal, crossCollateral: ExactDecimal = .zero
    ) throws(DecimalError) -> PositionMetrics {
        guard let own = try terms(of: position, instrument: instrument) else {
            return PositionMetrics(
                tier: instrument.riskTiers[0], markPrice: mark, positionValue: .zero, initialMargin: .zero,
                positionIM: .zero, maintenanceMargin: .zero, liqPrice: nil, bustPrice: nil, unrealisedPnl: .zero,
                terms: nil)
        }
        var backing = own
        backing.extraMargin = try own.extraMargin.adding(crossCollateral)
        let figures = try TermsFigures.of(own: own, backing: backing)
        return PositionMetrics(
            tier: instrument.riskTier(forValue: figures.positionValue), markPrice: mark,
            positionValue: figures.positionValue,
            initialMargin: figures.initialMargin,
            positionIM: figures.positionIM,
            maintenanceMargin: figures.maintenanceMargin,
            liqPrice: figures.liqPrice,
            bustPrice: figures.bustPrice,
            unrealisedPnl: try IsolatedMargin.unrealisedPnl(own, mark: mark),
            terms: backing)
    }

    /// Whether the mark is at or beyond the liquidation price.
    var isLiquidated: Bool {
        guard let lp = liqPrice, let side = terms?.side else { return false }
        return side == .buy ? markPrice <= lp : markPrice >= lp
    }
}
