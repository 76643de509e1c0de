public import BybitWire

/// One mark price at one instant: a row of a price file, or one of the four points a
/// kline row becomes (see ``CandlePath``).
public struct PriceTick: Sendable, Equatable {
    /// Unix time in milliseconds (UTC).
    public var timeMs: Int64
    /// The instrument, e.g. `BTCUSDT`.
    public var symbol: String
    /// The mark price, exactly as the file wrote it.
    public var mark: ExactDecimal

    /// A tick.
    public init(timeMs: Int64, symbol: String, mark: ExactDecimal) {
        self.timeMs = timeMs
        self.symbol = symbol
        self.mark = mark
    }
}
