import BybitAPI

/// A `POST /v5/position/trading-stop` as the route read it (`tpslMode` Full, market
/// execution): nil leaves a stop as it is, zero cancels it.
struct TradingStopRequest: Sendable {
    var positionIdx: Int
    var takeProfit: ExactDecimal?
    var stopLoss: ExactDecimal?
    var trailingStop: ExactDecimal?
    var tpTriggerBy: String?
    var slTriggerBy: String?
}

extension Book {
    /// Stores the stops on the position (``fireOrderTriggers(symbol:nowMs:)`` watches them).
    ///
    /// Refusals (10001, Bybit's wording): no open position ("can not set tp/sl/ts for zero
    /// position"); a price off the tick grid; a take-profit or stop-loss on the wrong side
    /// of the current price (it would fire at once).
    mutating func setTradingStop(apiKey: String, instrument: Instrument, _ r: TradingStopRequest, nowMs: Int64)
        throws(PaperAPIError) -> Position
    {
        var account = try account(apiKey)
        let idx = try slot(for: instrument.symbol, positionIdx: r.positionIdx, in: account)
        var position = account.position(
            symbol: instrument.symbol, positionIdx: idx, defaultLeverage: instrument.defaultLeverage)
        guard position.isOpen, let side = position.side else {
            throw .params("can not set tp/sl/ts for zero position")
        }
        let mark = mark(instrument.symbol)
        let long = side == .buy
        var stops = position.stops
        for (name, value) in [("takeProfit", r.takeProfit), ("stopLoss", r.stopLoss), ("trailingStop", r.trailingStop)]
        {
            guard let value, !value.isZero else { continue }
            guard OrderChecks.isMultiple(value, of: instrument.tickSize) else {
                throw .params("\(name) \(value) is not a multiple of the tickSize \(instrument.tickSize)")
            }
        }
        if let tp = r.takeProfit {
            if !tp.isZero, long ? tp <= mark : tp >= mark {
                let by = r.tpTriggerBy ?? stops.tpTriggerBy
                throw .params(
                    "tp:\(tp) set for \(side.rawValue) position should \(long ? "greater" : "lower") base_price:\(mark)??\(by)"
                )
            }
            stops.takeProfit = tp
        }
        if let sl = r.stopLoss {
            if !sl.isZero, long ? sl >= mark : sl <= mark {
                let by = r.slTriggerBy ?? stops.slTriggerBy
                throw .params(
                    "sl:\(sl) set for \(side.rawValue) position should \(long ? "lower" : "greater") base_price:\(mark)??\(by)"
                )
            }
            stops.stopLoss = sl
        }
        if let distance = r.trailingStop {
            stops.trailingStop = distance
            stops.trailingPeak = distance.isZero ? .zero : mark
        }
        if let by = r.tpTriggerBy { stops.tpTriggerBy = by }
        if let by = r.slTriggerBy { stops.slTriggerBy = by }
        position.stops = stops
        position.updatedTime = nowMs
        account.store(position)
        account.updatedTime = nowMs
        accounts[apiKey] = account
        ledger.append(
            timeMs: nowMs, apiKey: apiKey, action: .tradingStop, symbol: instrument.symbol, positionIdx: idx,
            detail: [
                "takeProfit": stops.takeProfit.description, "stopLoss": stops.stopLoss.description,
                "trailingStop": stops.trailingStop.description,
            ])
        return position
    }
}
