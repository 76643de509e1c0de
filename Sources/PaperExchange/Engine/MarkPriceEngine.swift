import BybitAPI

/// What happens when a mark price moves: auto-add-margin tops up
/// positions approaching liquidation, and positions whose liquidation price the mark
/// reached are closed at their bankruptcy price.
extension Book {
    /// Sets a mark price and applies its consequences to every account, in key order so
    /// a run is reproducible. Returns the ledger entries the move caused.
    ///
    /// Every runtime path that moves a mark comes through here, so this is where the
    /// instrument's price filter is enforced.
    /// - Throws: 10001 for an unlisted symbol or a price outside the price filter.
    mutating func setMark(_ symbol: String, to price: ExactDecimal, nowMs: Int64) throws(PaperAPIError) -> [LedgerEntry]
    {
        guard let instrument = instrument(symbol) else {
            throw .params("Not supported symbols: '\(symbol)' is not listed")
        }
        if let problem = instrument.markPriceProblem(price) { throw .params(problem) }
        marks[symbol] = price
        if let range = markRange[symbol] {
            markRange[symbol] = (ExactDecimal.min(range.low, price), ExactDecimal.max(range.high, price))
        }
        let before = ledger.total
        fireOrderTriggers(symbol: symbol, nowMs: nowMs)  // limit fills and stops come before liquidation
        for apiKey in accounts.keys.sorted() {
            guard let account = accounts[apiKey] else { continue }
            for position in account.positions(on: symbol) where position.isOpen {
                reconcile(
                    apiKey: apiKey, key: PositionKey(symbol: symbol, positionIdx: position.positionIdx), nowMs: nowMs)
            }
            settleOrders(apiKey: apiKey, symbol: symbol, eventsSince: before, nowMs: nowMs)
        }
        return Array(ledger.entries.suffix(ledger.total - before))
    }

    /// Auto-add, then liquidation, for one position at the current mark.
    ///
    /// Engine failures (an arithmetic overflow on absurd scenario numbers) leave the
    /// position as it was rather than stopping the price feed.
    mutating func reconcile(apiKey: String, key: PositionKey, nowMs: Int64) {
        guard var account = accounts[apiKey], var position = account.positions[key], position.isOpen,
            let instrument = instrument(key.symbol)
        else { return }
        autoAdd(&position, account: &account, instrument: instrument, nowMs: nowMs)
        liquidateIfReached(&position, account: &account, instrument: instrument, nowMs: nowMs)
        accounts[apiKey] = account
    }

    /// "Approaching" liquidation: the position's equity (margin + unrealised PnL) is at or
    /// below twice its maintenance margin. Bybit says only "about to reach the maintenance
    /// level"; twice MM fires shortly before the liquidation price (54,600 for the default
    /// BTCUSDT long whose liquidation price is 54,300).
    static func isApproachingLiquidation(_ m: PositionMetrics) throws(DecimalError) -> Bool {
        try m.equity <= m.maintenanceMargin.multiplied(by: 2)
    }

    /// Auto-Margin Replenishment (reference §5.4): adds an amount equal to the position's
    /// initial margin from the available balance — all that is left when less — and never
    /// beyond 1× leverage (margin = position value). Repeats while still approaching, so a
    /// single large move is handled like a sequence of small ones.
    private mutating func autoAdd(
        _ position: inout Position, account: inout Account, instrument: Instrument, nowMs: Int64
    ) {
        guard position.autoAddMargin, account.marginMode == .isolated else { return }
        for _ in 0..<1000 {
            do {
                let m = try PositionMetrics.compute(position, instrument: instrument, mark: mark(instrument.symbol))
                guard try Self.isApproachingLiquidation(m) else { return }
                let room = try m.positionValue.subtracting(m.positionIM)
                let available = try availableBalance(instrument.settleCoin, in: account)
                let amount = ExactDecimal.min(m.initialMargin, ExactDecimal.min(available, room))
                guard amount.sign > 0 else { return }
                position.extraMargin = try position.extraMargin.adding(amount)
                position.updatedTime = nowMs
                account.store(position)
                ledger.append(
                    timeMs: nowMs, apiKey: account.apiKey, action: .autoAddMargin, symbol: position.symbol,
                    positionIdx: position.positionIdx,
                    detail: ["margin": Format.amountText(amount), "markPrice": mark(instrument.symbol).description])
            } catch {
                return
            }
        }
    }

    /// Closes the position at its bankruptcy price when the mark reached its liquidation
    /// price. At that price the loss equals the margin behind the position exactly: its
    /// `positionIM` (isolated), or that plus the free balance that backed it (cross).
    private mutating func liquidateIfReached(
        _ position: inout Position, account: inout Account, instrument: Instrument, nowMs: Int64
    ) {
        do {
            var collateral = ExactDecimal.zero
            if account.marginMode.isAccountWide {
                collateral = ExactDecimal.max(.zero, try availableBalance(instrument.settleCoin, in: account))
            }
            let m = try PositionMetrics.compute(
                position, instrument: instrument, mark: mark(instrument.symbol), crossCollateral: collateral)
            guard m.isLiquidated else { return }
            let loss = try m.positionIM.adding(collateral)
            let coin = instrument.settleCoin
            account.wallets[coin] = try account.walletBalance(coin).subtracting(loss)
            var closed = position.closed(at: nowMs)
            closed.cumRealisedPnl = try position.cumRealisedPnl.subtracting(loss)
            account.store(closed)
            account.updatedTime = nowMs
            ledger.append(
                timeMs: nowMs, apiKey: account.apiKey, action: .liquidation, symbol: position.symbol,
                positionIdx: position.positionIdx,
                detail: [
                    "side": position.side?.rawValue ?? "", "size": position.size.description,
                    "markPrice": m.markPrice.description, "liqPrice": m.liqPrice?.description ?? "",
                    "bustPrice": m.bustPrice?.description ?? "", "loss": Format.amountText(loss),
                ])
            position = closed
        } catch {
            return
        }
    }
}
