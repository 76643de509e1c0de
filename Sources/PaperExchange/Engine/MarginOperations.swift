import BybitAPI

/// The two margin mutations, with Bybit's refusal rules in the order
/// they are checked. Each works on the book in place; the caller (``ExchangeCore``) runs
/// it on a copy, so a thrown error leaves the real book untouched.
extension Book {
    /// The slot a request means: `positionIdx` must match the symbol's position mode
    /// (absent or 0 in one-way mode, 1 or 2 in hedge mode).
    func slot(for symbol: String, positionIdx: Int?, in account: Account) throws(PaperAPIError) -> Int {
        let hedge = account.hedgeModeSymbols.contains(symbol)
        switch (hedge, positionIdx) {
        case (false, nil), (false, 0): return 0
        case (true, 1), (true, 2): return positionIdx!
        default: throw PaperAPIError.positionIdxMismatch
        }
    }

    func account(_ apiKey: String) throws(PaperAPIError) -> Account {
        guard let account = accounts[apiKey] else { throw PaperAPIError.invalidAPIKey }
        return account
    }

    /// `POST /v5/position/add-margin`: positive `margin` adds, negative reduces.
    ///
    /// Refusals: portfolio margin 110077; cross mode 110015; no open position 110033; more
    /// than the available balance 110014; reducing more than the extra margin 110078 (only margin added on top
    /// of `value / leverage` may be taken out — the rule Bybit-style venues document, and
    /// the one that leaves 110011 reachable); a reduction that puts the liquidation price at
    /// or through the current mark 110011.
    mutating func addMargin(
        apiKey: String, instrument: Instrument, margin: ExactDecimal, positionIdx: Int?, nowMs: Int64
    ) throws(PaperAPIError) -> Position {
        var account = try account(apiKey)
        let idx = try slot(for: instrument.symbol, positionIdx: positionIdx, in: account)
        guard account.marginMode != .portfolio else { throw PaperAPIError.portfolioMarginUnsupported }
        guard account.marginMode == .isolated else { throw PaperAPIError.crossMarginMode }
        var position = account.position(
            symbol: instrument.symbol, positionIdx: idx, defaultLeverage: instrument.defaultLeverage)
        guard position.isOpen else { throw PaperAPIError.noOpenPosition }
        let coin = instrument.settleCoin
        if margin.sign > 0 {
            let available = try arithmetic { () throws(DecimalError) in try availableBalance(coin, in: account) }
            guard margin <= available else { throw PaperAPIError.insufficientForAddMargin }
        } else if margin.abs > ExactDecimal.max(.zero, position.extraMargin) {
            throw PaperAPIError.reduceMoreThanMax
        }
        position.extraMargin = try arithmetic { () throws(DecimalError) in try position.extraMargin.adding(margin) }
        position.updatedTime = nowMs
        if margin.isNegative, try metrics(position, in: account).isLiquidated {
            throw PaperAPIError.liquidationTriggered
        }
        account.store(position)
        account.updatedTime = nowMs
        accounts[apiKey] = account
        ledger.append(
            timeMs: nowMs, apiKey: apiKey, action: .addMargin, symbol: instrument.symbol, positionIdx: idx,
            detail: [
                "margin": margin.description,
                "positionIM": (try? metrics(position, in: account)).map { Format.amountText($0.positionIM) } ?? "",
            ])
        return position
    }

    /// `POST /v5/position/set-auto-add-margin` (linear only; the route checks the category).
    ///
    /// Refusals: portfolio margin 110077; cross mode 110076. The flag belongs to the slot,
    /// so it may be set before a position is opened (Bybit documents no "no position" error
    /// for this endpoint). Turning it on re-runs the auto-add check at once, as the exchange watches continuously.
    mutating func setAutoAddMargin(
        apiKey: String, instrument: Instrument, enabled: Bool, positionIdx: Int?, nowMs: Int64
    ) throws(PaperAPIError) -> Position {
        var account = try account(apiKey)
        let idx = try slot(for: instrument.symbol, positionIdx: positionIdx, in: account)
        guard account.marginMode != .portfolio else { throw PaperAPIError.portfolioMarginUnsupported }
        guard account.marginMode == .isolated else { throw PaperAPIError.autoAddOnlyIsolated }
        var position = account.position(
            symbol: instrument.symbol, positionIdx: idx, defaultLeverage: instrument.defaultLeverage)
        position.autoAddMargin = enabled
        position.updatedTime = nowMs
        account.store(position)
        account.updatedTime = nowMs
        accounts[apiKey] = account
        ledger.append(
            timeMs: nowMs, apiKey: apiKey, action: .setAutoAddMargin, symbol: instrument.symbol, positionIdx: idx,
            detail: ["autoAddMargin": enabled ? "1" : "0"])
        if enabled {
            reconcile(apiKey: apiKey, key: PositionKey(symbol: instrument.symbol, positionIdx: idx), nowMs: nowMs)
        }
        return accounts[apiKey]?.position(
            symbol: instrument.symbol, positionIdx: idx, defaultLeverage: instrument.defaultLeverage)
            ?? position
    }
}

extension Instrument {
    /// Leverage shown for a slot that never held a position.
    var defaultLeverage: ExactDecimal { 10 }
}
