public import BybitWire

/// The take-profit, stop-loss and trailing stop of a position (`position/trading-stop`,
/// `tpslMode` `Full`): each closes the whole position at market when the mark crosses it.
/// Zero means "not set", as Bybit shows it.
public struct PositionStops: Sendable, Equatable {
    /// Close when the mark reaches this price in the position's favour; 0: none.
    public var takeProfit: ExactDecimal = .zero
    /// Close when the mark reaches this price against the position; 0: none.
    public var stopLoss: ExactDecimal = .zero
    /// Distance of the trailing stop behind the best mark since it was set; 0: none.
    public var trailingStop: ExactDecimal = .zero
    /// The best mark seen since the trailing stop was set (highest for a long).
    public var trailingPeak: ExactDecimal = .zero
    /// What each stop is compared with (`MarkPrice`, `LastPrice` or `IndexPrice`: on paper
    /// they are one price).
    public var tpTriggerBy = "MarkPrice"
    /// See ``tpTriggerBy``.
    public var slTriggerBy = "MarkPrice"

    /// No stops.
    public init() {}

    /// Whether any stop is set.
    public var isEmpty: Bool { takeProfit.isZero && stopLoss.isZero && trailingStop.isZero }
}
