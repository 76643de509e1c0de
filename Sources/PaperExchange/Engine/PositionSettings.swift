import BybitAPI

/// `POST /v5/position/set-leverage` and `POST /v5/position/switch-mode`, with Bybit's
/// refusal rules in the order they are checked. Like every mutation they work on the book
/// in place; the caller (``ExchangeCore``) runs them on a copy, so a refusal changes nothing.
extension Book {
    /// Sets the leverage of a symbol's slots: slot 0 in one-way mode, slots 1 (buy) and 2
    /// (sell) in hedge mode.
    ///
    /// Refusals: portfolio margin 110038; a value outside the leverage filter 10001;
    /// different buy and sell values outside hedge-mode isolated margin 10001; nothing
    /// changes 110043; a lower leverage whose extra initial margin is not available 110044;
    /// a higher one that puts the liquidation price at or through the mark 110011.
    /// An open position's added margin is reset (Bybit: "changing leverage resets the added
    /// margin"), so its IM becomes `value / leverage` and its liquidation price moves.
    mutating func setLeverage(
        apiKey: String, instrument: Instrument, buy: ExactDecimal, sell: ExactDecimal, nowMs: Int64
    ) throws(PaperAPIError) {
        var account = try account(apiKey)
        guard account.marginMode != .portfolio else { throw PaperAPIError.leverageInPortfolioMargin }
        for (name, value) in [("buyLeverage", buy), ("sellLeverage", sell)] {
            if let problem = instrument.leverageProblem(value) { throw .params("\(name) \(problem)") }
        }
        let hedge = account.hedgeModeSymbols.contains(instrument.symbol)
        if buy != sell && (!hedge || account.marginMode != .isolated) {
            let why = hedge ? "in cross margin mode" : "in one-way mode"
            throw .params("buyLeverage (\(buy)) and sellLeverage (\(sell)) must be equal \(why)")
        }
        var changed: [Position] = []
        for (idx, leverage) in hedge ? [(1, buy), (2, sell)] : [(0, buy)] {
            var position = account.position(
                symbol: instrument.symbol, positionIdx: idx, defaultLeverage: instrument.defaultLeverage)
            guard position.leverage != leverage else { continue }
            let before = try metrics(position, in: account).positionIM
            position.leverage = leverage
            position.extraMargin = .zero
            position.updatedTime = nowMs
            if position.isOpen {
                let after = try metrics(position, in: account).positionIM
                let needed = try arithmetic { () throws(DecimalError) in try after.subtracting(before) }
                let available = try arithmetic { () throws(DecimalError) in
                    try availableBalance(instrument.settleCoin, in: account)
                }
                guard needed <= available else { throw PaperAPIError.availableMarginInsufficient }
            }
            account.store(position)
            if position.isOpen, try metrics(position, in: account).isLiquidated {
                throw PaperAPIError.liquidationTriggered
            }
            changed.append(position)
        }
        guard !changed.isEmpty else { throw PaperAPIError.leverageNotModified }
        account.updatedTime = nowMs
        accounts[apiKey] = account
        for position in changed {
            ledger.append(
                timeMs: nowMs, apiKey: apiKey, action: .setLeverage, symbol: instrument.symbol,
                positionIdx: position.positionIdx, detail: ["leverage": Format.amountText(position.leverage)])
            reconcile(
                apiKey: apiKey, key: PositionKey(symbol: instrument.symbol, positionIdx: position.positionIdx),
                nowMs: nowMs)
        }
    }

    /// Switches the position mode of one symbol, or of every linear symbol settled in
    /// `coin` (`symbol` wins when both are given, as on Bybit).
    ///
    /// Refusals: hedge mode on a contract that is one-way only 110029; the symbol already in
    /// that mode 110025; an open position 110024; open orders 110028. By coin, symbols with a
    /// position or open orders are left as they are (Bybit: "every symbol of that settle
    /// coin that has no position or open order"); when none could switch, the first
    /// symbol's refusal is the answer.
    /// - Returns: the symbols switched.
    @discardableResult
    mutating func switchPositionMode(
        apiKey: String, instruments: [Instrument], hedge: Bool, nowMs: Int64, action: LedgerEntry.Action = .switchMode
    ) throws(PaperAPIError) -> [String] {
        var account = try account(apiKey)
        if hedge, instruments.contains(where: { !$0.supportsHedgeMode }) {
            throw PaperAPIError.hedgeModeUnsupported
        }
        let pending = instruments.filter { account.hedgeModeSymbols.contains($0.symbol) != hedge }
        guard !pending.isEmpty else { throw PaperAPIError.positionModeNotModified }
        var switched: [String] = []
        var firstRefusal: PaperAPIError?
        for instrument in pending {
            let symbol = instrument.symbol
            let open = account.slotIndices(for: symbol).contains { idx in
                account.position(symbol: symbol, positionIdx: idx, defaultLeverage: instrument.defaultLeverage).isOpen
            }
            if open || !trading.openOrders(apiKey, symbol: symbol).isEmpty {
                firstRefusal = firstRefusal ?? (open ? .switchModeWithPosition : .switchModeWithOrders)
                continue
            }
            account.movePositionMode(of: instrument, hedge: hedge, nowMs: nowMs)
            switched.append(symbol)
            var detail = ["mode": hedge ? "hedge" : "one-way"]
            if action == .paperControl { detail["control"] = "set-position-mode" }
            ledger.append(timeMs: nowMs, apiKey: apiKey, action: action, symbol: symbol, positionIdx: 0, detail: detail)
        }
        if switched.isEmpty, let firstRefusal { throw firstRefusal }
        account.updatedTime = nowMs
        accounts[apiKey] = account
        return switched
    }
}

extension Account {
    /// Replaces a flat symbol's slots with those of the other position mode; the leverage
    /// and auto-add setting carry over (a symbol's leverage survives a mode switch).
    mutating func movePositionMode(of instrument: Instrument, hedge: Bool, nowMs: Int64) {
        let symbol = instrument.symbol
        let template = position(
            symbol: symbol, positionIdx: slotIndices(for: symbol)[0], defaultLeverage: instrument.defaultLeverage)
        for idx in slotIndices(for: symbol) { positions[PositionKey(symbol: symbol, positionIdx: idx)] = nil }
        if hedge { hedgeModeSymbols.insert(symbol) } else { hedgeModeSymbols.remove(symbol) }
        for idx in slotIndices(for: symbol) {
            store(
                Position(
                    symbol: symbol, positionIdx: idx, side: nil, size: .zero, avgPrice: .zero,
                    leverage: template.leverage, autoAddMargin: template.autoAddMargin, updatedTime: nowMs))
        }
    }
}
