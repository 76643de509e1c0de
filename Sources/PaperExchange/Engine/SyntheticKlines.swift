import BybitAPI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The candles the paper exchange serves on `/v5/market/kline` and
/// `/v5/market/mark-price-kline`: a made-up, deterministic path around each instrument's
/// initial mark (two slow waves, ±2 % over 6 hours and ±0.5 % over 47 minutes; a candle's
/// high and low are the path's extremes inside it, sampled, plus a wick of 0.02–0.1 % drawn
/// from a hash of the symbol and the candle's start).
///
/// The exchange keeps no mark history, and its live marks (scenario, random walk, paper
/// controls) do not enter these candles: a candle is a function of symbol, interval and
/// start time only, so every query, whatever its range or page size, agrees with every other.
/// Candles end at the exchange's clock (the one containing "now" is open, its close the
/// path's price now). Traded klines carry volume and turnover "0": nothing traded on this path.
enum SyntheticKlines {
    /// Monday 1970-01-05, where Bybit's weekly candles are aligned.
    private static let firstMondayMs: Int64 = 4 * 86_400_000

    /// The interval's length in ms; nil for `M` (calendar months are not served).
    static func stepMs(_ interval: String) -> Int64? {
        switch interval {
        case "D": 86_400_000
        case "W": 7 * 86_400_000
        case "M": nil
        default: Int64(interval).map { $0 * 60_000 }
        }
    }

    /// The start of the candle of length `step` containing `t` (weeks start on Monday).
    static func candleStart(containing t: Int64, step: Int64) -> Int64 {
        let origin = step == 7 * 86_400_000 ? firstMondayMs : 0
        let shifted = t - origin
        let floored = shifted >= 0 ? shifted / step * step : (shifted - step + 1) / step * step
        return floored + origin
    }

    /// The candle starting at `start`: open, high, low, close as Bybit writes them.
    static func candle(_ instrument: Instrument, start: Int64, step: Int64, nowMs: Int64) -> [String] {
        let end = min(start + step, max(start, nowMs))
        let open = price(instrument, at: start)
        let close = price(instrument, at: end)
        // The extremes of the path inside the candle (sampled), then a wick beyond them.
        let inside = (1..<16).map { price(instrument, at: start + (end - start) * Int64($0) / 16) }
        let wick = 0.0002 + 0.0008 * Double(hash(instrument.symbol, start) % 1000) / 1000
        let high = ticks(([open, close] + inside).max()! * (1 + wick), instrument, rounding: .up)
        let low = ticks(([open, close] + inside).min()! * (1 - wick), instrument, rounding: .down)
        return [
            text(ticks(open, instrument, rounding: .toNearestOrEven), instrument), text(high, instrument),
            text(low, instrument), text(ticks(close, instrument, rounding: .toNearestOrEven), instrument),
        ]
    }

    /// The path's price at `t` (ms).
    static func price(_ instrument: Instrument, at t: Int64) -> Double {
        let base = instrument.initialMarkPrice.doubleValue
        let phase = Double(hash(instrument.symbol, 0) % 628) / 100
        let slow = 0.02 * sin(2 * Double.pi * Double(t) / 21_600_000)
        let fast = 0.005 * sin(2 * Double.pi * Double(t) / 2_820_000 + phase)
        return base * (1 + slow + fast)
    }

    /// `price` in whole ticks, at least one.
    private static func ticks(_ price: Double, _ instrument: Instrument, rounding: FloatingPointRoundingRule) -> Int64 {
        max(1, Int64((price / instrument.tickSize.doubleValue).rounded(rounding)))
    }

    private static func text(_ ticks: Int64, _ instrument: Instrument) -> String {
        let tick = instrument.tickSize
        let value = try? ExactDecimal(coefficient: Int128(ticks) * tick.coefficient, scale: tick.scale)
        return value?.description ?? instrument.initialMarkPrice.description
    }

    /// FNV-1a over the symbol's bytes and the start time: the same on every run.
    private static func hash(_ symbol: String, _ start: Int64) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in symbol.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        for shift in stride(from: 0, to: 64, by: 8) {
            h = (h ^ UInt64((start >> Int64(shift)) & 0xff)) &* 0x100_0000_01b3
        }
        return h
    }
}
