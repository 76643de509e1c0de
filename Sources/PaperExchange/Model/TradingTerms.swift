public import BybitWire

/// Fees and the market-order price of a paper run.
///
/// Bybit's base (VIP 0) derivatives rates are the defaults: 0.055 % taker, 0.02 % maker. A
/// market order fills at the mark moved against the taker by ``marketSlippage`` (a
/// fraction: 0.001 is 0.1 %), rounded to the tick away from the taker's favour; 0 fills
/// at the mark itself.
public struct TradingTerms: Sendable, Equatable {
    /// Fee rate of fills that take liquidity (market orders, marketable limits, stops).
    public var takerFeeRate: ExactDecimal
    /// Fee rate of resting limit orders filled by a mark crossing their price.
    public var makerFeeRate: ExactDecimal
    /// How far against the taker a market fill lands, as a fraction of the mark.
    public var marketSlippage: ExactDecimal
    /// Terms of particular instruments, by symbol, in place of these.
    public var symbols: [String: TradingTerms] = [:]

    /// The defaults unless stated.
    public init(
        takerFeeRate: ExactDecimal = (try? ExactDecimal(coefficient: 55, scale: 5)) ?? .zero,
        makerFeeRate: ExactDecimal = (try? ExactDecimal(coefficient: 2, scale: 4)) ?? .zero,
        marketSlippage: ExactDecimal = .zero
    ) {
        self.takerFeeRate = takerFeeRate
        self.makerFeeRate = makerFeeRate
        self.marketSlippage = marketSlippage
    }

    /// The terms `symbol` trades on: its own when the run names it, else these.
    public func forSymbol(_ symbol: String) -> TradingTerms { symbols[symbol] ?? self }
}
