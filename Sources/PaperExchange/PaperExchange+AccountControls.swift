public import BybitWire

/// The account controls in Swift (the same code as `/paper/position`, `/paper/wallet`,
/// `/paper/margin-mode` and `/paper/position-mode`). `apiKey` nil means the exchange's
/// first key (``PaperExchange/apiKey``). Refusals are ``PaperAPIError``s (10001 naming the
/// problem; 10003 for an unknown key).
extension PaperExchange {
    /// Opens (or replaces) a position: entry at the mark and the slot's leverage unless
    /// given; `positionIdx` defaults to the slot the side and the symbol's position mode imply.
    /// - Returns: the position as stored.
    @discardableResult
    public func openPosition(
        symbol: String, side: PositionSide, size: ExactDecimal, entryPrice: ExactDecimal? = nil,
        leverage: ExactDecimal? = nil, positionIdx: Int? = nil, apiKey: String? = nil
    ) throws -> Position {
        try core.openPosition(
            apiKey: apiKey ?? self.apiKey, symbol: symbol,
            Book.PositionOrder(
                side: side, size: size, entryPrice: entryPrice, leverage: leverage, positionIdx: positionIdx))
    }

    /// Sets the wallet balance of `coin` (`USDT`, `USDC`, `BTC`, …).
    public func setWallet(coin: String, amount: ExactDecimal, apiKey: String? = nil) throws {
        try core.setWallet(apiKey: apiKey ?? self.apiKey, coin: coin, amount: amount)
    }

    /// Sets the account's margin mode, without set-margin-mode's checks; the engine then
    /// reacts (a position isolated margin no longer keeps alive is liquidated).
    /// - Returns: the events that caused.
    @discardableResult
    public func setMarginMode(_ mode: MarginMode, apiKey: String? = nil) throws -> [LedgerEntry] {
        try core.setMarginModeControl(apiKey: apiKey ?? self.apiKey, mode)
    }

    /// Puts a flat symbol in hedge mode (`true`) or one-way mode; refused for a symbol with
    /// an open position or orders, and hedge mode for contracts that are one-way only.
    public func setPositionMode(symbol: String, hedge: Bool, apiKey: String? = nil) throws {
        try core.setPositionModeControl(apiKey: apiKey ?? self.apiKey, symbol: symbol, hedge: hedge)
    }
}
