public import BybitWire

/// The price filter every mark goes through: the control endpoint, the Swift and Lua
/// control calls, a scenario's marks and price path, the random walk and a restored
/// state file. A mark Bybit could never show (`1e-38`, more decimals than the price
/// scale) would otherwise make the position figures overflow or fire nothing.
extension Instrument {
    /// Bybit's usual `maxPrice` in ticks (BTCUSDT: 1999999.80 = 19,999,998 × 0.10).
    static let maxPriceTicks: ExactDecimal = 19_999_998

    /// Why `price` cannot be this instrument's mark price, or nil when it can: it must lie
    /// within `minPrice...maxPrice` and have at most `priceScale` decimals (trailing zeros
    /// do not count). Bybit publishes marks and liquidation prices at the price scale, not
    /// only on the order tick (an inverse liquidation price such as 49261.08 with tick
    /// 0.50), so the scale is the grid a mark must be on.
    public func markPriceProblem(_ price: ExactDecimal) -> String? {
        // Built only for a refusal: every mark move (a replay: every price row) passes here.
        var filter: String { "minPrice \(minPrice), maxPrice \(maxPrice)" }
        if price < minPrice {
            return "mark price \(price) for \(symbol) is below the price filter (\(filter))"
        }
        if price > maxPrice {
            return "mark price \(price) for \(symbol) is above the price filter (\(filter))"
        }
        guard let onGrid = try? price.rounded(scale: priceScale, mode: .down), onGrid == price else {
            return "mark price \(price) for \(symbol) has more than \(priceScale) decimals (its price scale)"
        }
        return nil
    }

    /// `price` moved into the filter: clamped to `minPrice...maxPrice`, then rounded
    /// down to the tick grid (for the random walk, which must never stop on an edge).
    func clampedToPriceFilter(_ price: ExactDecimal) -> ExactDecimal {
        let inside = ExactDecimal.min(maxPrice, ExactDecimal.max(minPrice, price))
        guard let onTick = try? inside.quantized(step: tickSize, mode: .down), onTick >= minPrice else {
            return minPrice
        }
        return onTick
    }
}
