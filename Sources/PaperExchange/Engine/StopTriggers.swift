import BybitAPI

/// What a mark move does to orders: resting limit orders whose price the mark crossed
/// fill as makers at their price, and positions whose stop the mark crossed are closed
/// at market (a taker fill recorded as an order with `stopOrderType` StopLoss, TakeProfit
/// or TrailingStop). Runs before auto-add and liquidation, as a stop placed before the
/// liquidation price fires first while the price travels there.
///
/// Engine failures (an overflow on absurd numbers) leave that order or position as it was
/// rather than stopping the price feed.
extension Book {
    mutating func fireOrderTriggers(symbol: String, nowMs: Int64) {
        guard let instrument = instrument(symbol) else { return }
        let mark = mark(symbol)
        for apiKey in accounts.keys.sorted() {
            let open = trading.openOrders(apiKey, symbol: symbol)
            let resting = open.filter { $0.orderType == .limit }.map(\.orderId)
            for id in resting {
                // Re-read: an earlier fill may have trimmed or cancelled a closing order.
                sweepReduceOnly(apiKey: apiKey, symbol: symbol, nowMs: nowMs)
                guard let order = trading.openOrders(apiKey, symbol: symbol).first(where: { $0.orderId == id }),
                    let price = order.price, order.side == .buy ? mark <= price : mark >= price
                else { continue }
                engineFill(
                    order, at: price, isMaker: true, action: .orderFill, apiKey: apiKey, instrument: instrument,
                    nowMs: nowMs)
            }
            for position in accounts[apiKey]?.positions(on: symbol) ?? [] where position.isOpen {
                fireStops(position, apiKey: apiKey, instrument: instrument, nowMs: nowMs)
            }
            // A stop's fill is no resting order: with none open before, there is nothing to trim.
            if !open.isEmpty { sweepReduceOnly(apiKey: apiKey, symbol: symbol, nowMs: nowMs) }
        }
    }

    /// Fills `order` whole at `price` as the engine (not a request) does, stores it and
    /// records `action`; an engine failure leaves the book as it was.
    private mutating func engineFill(
        _ order: Order, at price: ExactDecimal, isMaker: Bool, action: LedgerEntry.Action, apiKey: String,
        instrument: Instrument, nowMs: Int64
    ) {
        var order = order
        let before = self
        do throws(PaperAPIError) {
            try fill(&order, at: price, isMaker: isMaker, apiKey: apiKey, instrument: instrument, nowMs: nowMs)
        } catch {
            self = before
            return
        }
        if action == .orderFill { trading.update(order, for: apiKey) } else { trading.append(order, for: apiKey) }
        var detail = OrderChecks.ledgerDetail(order)
        detail["markPrice"] = mark(instrument.symbol).description
        ledger.append(
            timeMs: nowMs, apiKey: apiKey, action: action, symbol: order.symbol, positionIdx: order.positionIdx,
            detail: detail)
    }

    /// Which stop the mark reached, if any (stop-loss first, then trailing, then take-profit).
    private static func reachedStop(_ p: Position, mark: ExactDecimal) -> (Order.StopKind, ExactDecimal, String)? {
        let s = p.stops
        let long = p.side == .buy
        if !s.stopLoss.isZero, long ? mark <= s.stopLoss : mark >= s.stopLoss {
            return (.stopLoss, s.stopLoss, s.slTriggerBy)
        }
        if !s.trailingStop.isZero, let level = trailingLevel(s, long: long), long ? mark <= level : mark >= level {
            return (.trailingStop, level, "MarkPrice")
        }
        if !s.takeProfit.isZero, long ? mark >= s.takeProfit : mark <= s.takeProfit {
            return (.takeProfit, s.takeProfit, s.tpTriggerBy)
        }
        return nil
    }

    static func trailingLevel(_ s: PositionStops, long: Bool) -> ExactDecimal? {
        try? long ? s.trailingPeak.subtracting(s.trailingStop) : s.trailingPeak.adding(s.trailingStop)
    }

    private mutating func fireStops(_ position: Position, apiKey: String, instrument: Instrument, nowMs: Int64) {
        guard !position.stops.isEmpty, let side = position.side, var account = accounts[apiKey] else { return }
        let mark = mark(instrument.symbol)
        var p = position
        if !p.stops.trailingStop.isZero {  // the trailing stop follows the best mark
            let better = side == .buy ? mark > p.stops.trailingPeak : mark < p.stops.trailingPeak
            if better {
                p.stops.trailingPeak = mark
                account.store(p)
                accounts[apiKey] = account
            }
        }
        guard let (kind, level, triggerBy) = Self.reachedStop(p, mark: mark) else { return }
        let closing: PositionSide = side == .buy ? .sell : .buy
        var order = Order(
            orderId: trading.nextOrderId(), orderLinkId: "", symbol: p.symbol, category: instrument.category,
            side: closing, orderType: .market, price: nil, qty: p.size, timeInForce: .ioc, reduceOnly: true,
            closeOnTrigger: true, positionIdx: p.positionIdx, status: .new, createdTime: nowMs, updatedTime: nowMs)
        order.stopKind = kind
        order.triggerPrice = level
        order.triggerBy = triggerBy
        guard let price = try? takerPrice(instrument, side: closing) else { return }
        engineFill(
            order, at: price, isMaker: false, action: .stopTriggered, apiKey: apiKey, instrument: instrument,
            nowMs: nowMs)
    }

    /// After auto-add and liquidation: a liquidated slot's open orders are cancelled
    /// (`cancelType` CancelAllBeforeLiq, as Bybit clears them before it liquidates), and
    /// closing orders are trimmed to what is left.
    mutating func settleOrders(apiKey: String, symbol: String, eventsSince seq: Int, nowMs: Int64) {
        let open = trading.openOrders(apiKey, symbol: symbol)
        guard !open.isEmpty else { return }  // nothing to cancel or trim (every mark move asks)
        let liquidated = Set(
            ledger.entries.suffix(ledger.total - seq).filter {
                $0.action == .liquidation && $0.apiKey == apiKey && $0.symbol == symbol
            }.map(\.positionIdx))
        for var order in open where liquidated.contains(order.positionIdx) {
            order.status = .cancelled
            order.cancelType = "CancelAllBeforeLiq"
            order.updatedTime = nowMs
            trading.update(order, for: apiKey)
        }
        sweepReduceOnly(apiKey: apiKey, symbol: symbol, nowMs: nowMs)
    }

    /// Trims resting closing orders to what their slot still holds and cancels those left
    /// with nothing (`cancelType` CancelByReduceOnly), as Bybit does when a position shrinks
    /// or is cleared (a fill, a stop, a liquidation).
    mutating func sweepReduceOnly(apiKey: String, symbol: String, nowMs: Int64) {
        guard let account = accounts[apiKey] else { return }
        var room: [Int: ExactDecimal] = [:]
        for order in trading.openOrders(apiKey, symbol: symbol) {
            let slotSide: PositionSide? = order.positionIdx == 1 ? .buy : order.positionIdx == 2 ? .sell : nil
            guard order.reduceOnly || (slotSide != nil && slotSide != order.side) else { continue }
            let p = account.position(symbol: symbol, positionIdx: order.positionIdx, defaultLeverage: 1)
            let left = room[order.positionIdx] ?? (p.isOpen && p.side != order.side ? p.size : .zero)
            var o = order
            if left.sign <= 0 {
                o.status = .cancelled
                o.cancelType = "CancelByReduceOnly"
            } else if o.leavesQty > left {
                o.qty = left
            }
            if o != order {
                o.updatedTime = nowMs
                trading.update(o, for: apiKey)
            }
            room[order.positionIdx] = ExactDecimal.max(.zero, (try? left.subtracting(o.leavesQty)) ?? .zero)
        }
    }
}
