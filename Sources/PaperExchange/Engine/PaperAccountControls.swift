import BybitAPI

/// The paper controls that put an account in a chosen state (`/paper/position`,
/// `/paper/wallet`; the margin and position modes reuse the settings' own code). They
/// skip Bybit's trading rules — no order, no fee — but keep the book one Bybit could
/// show: sizes on the lot grid, prices inside the price filter, leverage inside the
/// leverage filter, margin that the wallet can hold.
extension Book {
    /// What `open_position` asks for; nil fields take their defaults (entry at the mark,
    /// the slot's leverage, the slot the side and position mode imply).
    struct PositionOrder: Sendable {
        var side: PositionSide
        var size: ExactDecimal
        var entryPrice: ExactDecimal?
        var leverage: ExactDecimal?
        var positionIdx: Int?
    }

    /// Opens (or replaces) the position in one slot of `apiKey`'s account; the slot's
    /// auto-add setting is kept, its added margin and stops start at zero.
    ///
    /// Refused (10001, saying why) when the size is off the lot grid, the entry outside the
    /// price filter, the leverage outside the leverage filter, the index not the slot of
    /// this side in the symbol's position mode, the wallet cannot hold the initial margin,
    /// or the mark is already at or through the new position's liquidation price.
    mutating func openPosition(
        apiKey: String, instrument: Instrument, _ order: PositionOrder, nowMs: Int64
    ) throws(PaperAPIError) -> Position {
        var account = try account(apiKey)
        let symbol = instrument.symbol
        let hedge = account.hedgeModeSymbols.contains(symbol)
        let idx = hedge ? (order.side == .buy ? 1 : 2) : 0
        if let asked = order.positionIdx, asked != idx {
            throw .params(
                "positionIdx \(asked) is not the slot of a \(order.side.rawValue) position on \(symbol) in "
                    + "\(hedge ? "hedge" : "one-way") mode (\(idx))")
        }
        if let problem = instrument.sizeProblem(order.size) { throw .params(problem) }
        let entry = order.entryPrice ?? mark(symbol)
        if let problem = instrument.markPriceProblem(entry) {
            throw .params("entryPrice: \(problem)")
        }
        let slot = account.position(symbol: symbol, positionIdx: idx, defaultLeverage: instrument.defaultLeverage)
        let leverage = order.leverage ?? slot.leverage
        if let problem = instrument.leverageProblem(leverage) { throw .params("leverage \(problem)") }
        let position = Position(
            symbol: symbol, positionIdx: idx, side: order.side, size: order.size, avgPrice: entry, leverage: leverage,
            autoAddMargin: slot.autoAddMargin, createdTime: nowMs, updatedTime: nowMs)
        account.store(position)
        let coin = instrument.settleCoin
        let available = try arithmetic { () throws(DecimalError) in try availableBalance(coin, in: account) }
        guard available.sign >= 0 else {
            throw .params(
                "the wallet's \(coin) cannot hold this position's initial margin (short by \(Format.amountText(available.abs))): raise it with set_wallet"
            )
        }
        let m = try metrics(position, in: account)
        if m.isLiquidated {
            throw .params(
                "the mark \(m.markPrice) is already at or through this position's liquidation price \(m.liqPrice.map { "\($0)" } ?? "")"
            )
        }
        account.updatedTime = nowMs
        accounts[apiKey] = account
        ledger.append(
            timeMs: nowMs, apiKey: apiKey, action: .paperControl, symbol: symbol, positionIdx: idx,
            detail: [
                "control": "open-position", "side": order.side.rawValue, "size": order.size.description,
                "entryPrice": entry.description, "leverage": leverage.description,
            ])
        return position
    }

    /// Sets the wallet balance of `coin`. Refused (10001) for a negative amount, or one
    /// below the margin the coin's open positions hold (the balance would not cover them).
    /// A lower balance moves cross-margin liquidation prices, so the engine then reacts.
    mutating func setWallet(apiKey: String, coin: String, amount: ExactDecimal, nowMs: Int64) throws(PaperAPIError) {
        guard amount.sign >= 0 else { throw .params("amount must not be negative, got \(amount)") }
        var account = try account(apiKey)
        account.wallets[coin] = amount
        let held = try arithmetic { () throws(DecimalError) in try totalPositionIM(coin, in: account) }
        guard amount >= held else {
            throw .params(
                "amount \(amount) is below the \(coin) margin held by open positions (\(Format.amountText(held)))")
        }
        account.updatedTime = nowMs
        accounts[apiKey] = account
        ledger.append(
            timeMs: nowMs, apiKey: apiKey, action: .paperControl, symbol: "", positionIdx: 0,
            detail: ["control": "set-wallet", "coin": coin, "amount": amount.description])
        for position in account.allPositions where position.isOpen && instrument(position.symbol)?.settleCoin == coin {
            reconcile(
                apiKey: apiKey, key: PositionKey(symbol: position.symbol, positionIdx: position.positionIdx),
                nowMs: nowMs)
        }
    }
}
