public import BybitWire

/// How a kline row (`startTime,open,high,low,close`) becomes mark prices.
///
/// A candle says only where the price opened, closed and how far it went; the replay must
/// still pass through both extremes, never skipping the high or the low, or a liquidation
/// inside the candle would be missed. Each candle becomes four ticks, at 0, ¼, ½ and ¾ of
/// its interval (the interval is the gap between a symbol's consecutive `startTime`s, the
/// same for every symbol of a file; the next candle's open follows at its own start):
///
/// - ``standard``: open → low → high → close for a rising candle (close ≥ open),
///   open → high → low → close for a falling one — the usual bar-path rule: the extreme on
///   the far side of the close is visited first.
/// - ``adverseLong``: open → high → low → close for every candle: the low comes last, after
///   the position's best moment, as bad as the candle allows for a long.
/// - ``adverseShort``: open → low → high → close for every candle: the mirror, for a short.
public enum CandlePath: String, Sendable, CaseIterable {
    case standard
    case adverseLong = "adverse-long"
    case adverseShort = "adverse-short"

    /// The four prices of a candle, in the order this path visits them.
    public func points(open: ExactDecimal, high: ExactDecimal, low: ExactDecimal, close: ExactDecimal)
        -> [ExactDecimal]
    {
        let highFirst: Bool
        switch self {
        case .standard: highFirst = close < open
        case .adverseLong: highFirst = true
        case .adverseShort: highFirst = false
        }
        return highFirst ? [open, high, low, close] : [open, low, high, close]
    }

    /// The offsets, in ms from the candle's start, of its four ticks: 0, ¼, ½ and ¾ of
    /// `intervalMs`.
    public static func offsets(intervalMs: Int64) -> [Int64] {
        [0, intervalMs / 4, intervalMs / 2, intervalMs * 3 / 4]
    }
}
