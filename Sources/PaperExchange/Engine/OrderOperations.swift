import BybitAPI

/// `order/create` and `order/cancel` on the book, with Bybit's checks in its order:
/// duplicate `orderLinkId` (110072), position mode (10001), price (10001 / 110003),
/// quantity (10001), reduce-only (110017), notional (110094), margin (110007). Each works
/// on the book in place; ``ExchangeCore/mutate(_:)`` runs it on a copy, so a refusal
/// changes nothing.
extension Book {
    /// Places an order; a market order (or a marketable limit) fills at once, a resting
    /// limit waits for the mark (``fireOrderTriggers(symbol:nowMs:)``).
    mutating func createOrder(apiKey: String, instrument: Instrument, _ r: OrderRequest, nowMs: Int64)
        throws(PaperAPIError) -> Order
    {
        let account = try account(apiKey)
        if !r.orderLinkId.isEmpty, trading.isUsed(orderLinkId: r.orderLinkId, by: apiKey) {
            throw .orderLinkIdDuplicate
        }
        let idx = try slot(for: instrument.symbol, positionIdx: r.positionIdx, in: account)
        try OrderChecks.price(r, instrument: instrument)
        try OrderChecks.quantity(r, instrument: instrument)
        let position = account.position(
            symbol: instrument.symbol, positionIdx: idx, defaultLeverage: instrument.defaultLeverage)
        // In hedge mode an order against its slot's side closes that slot, as reduce-only does.
        let slotSide: PositionSide? = idx == 1 ? .buy : idx == 2 ? .sell : nil
        let closesOnly = r.reduceOnly || (slotSide != nil && slotSide != r.side)
        if slotSide != nil && slotSide == r.side && r.reduceOnly { throw .reduceOnlyTruncatedToZero }
        var qty = r.qty
        if closesOnly { qty = try reducibleQty(r, position: position, apiKey: apiKey) }
        let mark = mark(instrument.symbol)
        let fillPrice: ExactDecimal? = try arithmetic { () throws(DecimalError) -> ExactDecimal? in
            let taker = try takerPrice(instrument, side: r.side)
            guard let limit = r.price, r.orderType == .limit else { return taker }
            let marketable = r.side == .buy ? limit >= mark : limit <= mark
            guard marketable else { return nil }
            return r.side == .buy ? ExactDecimal.min(taker, limit) : ExactDecimal.max(taker, limit)
        }
        try OrderChecks.notional(r, qty: qty, instrument: instrument, price: fillPrice ?? r.price ?? mark)
        if !closesOnly {
            try checkMargin(
                account: account, instrument: instrument, position: position, side: r.side, qty: qty,
                price: fillPrice ?? r.price ?? mark)
        }
        var order = Order(
            orderId: trading.nextOrderId(), orderLinkId: r.orderLinkId, symbol: instrument.symbol,
            category: instrument.category, side: r.side, orderType: r.orderType,
            price: r.orderType == .limit ? r.price : nil, qty: qty,
            timeInForce: r.orderType == .market ? .ioc : (r.timeInForce ?? .gtc), reduceOnly: r.reduceOnly,
            closeOnTrigger: r.closeOnTrigger, positionIdx: idx, status: .new, createdTime: nowMs, updatedTime: nowMs)
        switch (fillPrice, order.timeInForce) {
        case (.some, .postOnly):  // it would take liquidity: Bybit cancels it
            order.status = .cancelled
            order.rejectReason = "EC_PostOnlyWillTakeLiquidity"
        case (.some(let price), _):
            try fill(&order, at: price, isMaker: false, apiKey: apiKey, instrument: instrument, nowMs: nowMs)
        case (nil, .ioc), (nil, .fok):
            order.status = .cancelled
            order.rejectReason = "EC_NoImmediateQtyToFill"
        case (nil, _):
            break  // rests
        }
        trading.append(order, for: apiKey)
        sweepReduceOnly(apiKey: apiKey, symbol: instrument.symbol, nowMs: nowMs)
        ledger.append(
            timeMs: nowMs, apiKey: apiKey, action: .orderCreate, symbol: instrument.symbol, positionIdx: idx,
            detail: OrderChecks.ledgerDetail(order))
        return order
    }

    /// How much a closing order may take: the position, less what other open closing
    /// orders of the slot already cover (reference part 2, §2.3: Bybit trims, and refuses
    /// with 110017 when nothing is left).
    private func reducibleQty(_ r: OrderRequest, position: Position, apiKey: String) throws(PaperAPIError)
        -> ExactDecimal
    {
        guard position.isOpen, let side = position.side else { throw .reduceOnlyNoPosition }
        guard side != r.side else { throw .reduceOnlyTruncatedToZero }
        let room = try arithmetic { () throws(DecimalError) -> ExactDecimal in
            var room = position.size
            for o in trading.openOrders(apiKey, symbol: position.symbol)
            where o.positionIdx == position.positionIdx && o.side != side {
                room = try room.subtracting(o.leavesQty)
            }
            return room
        }
        guard room.sign > 0 else { throw .reduceOnlyTruncatedToZero }
        if r.qty.isZero { return room }  // close-all: reduceOnly + closeOnTrigger with qty "0"
        return ExactDecimal.min(r.qty, room)
    }

    /// 110007 unless the available balance (plus the margin the closing part frees)
    /// covers the opening part's initial margin and its taker fee.
    private func checkMargin(
        account: Account, instrument: Instrument, position: Position, side: PositionSide, qty: ExactDecimal,
        price: ExactDecimal
    ) throws(PaperAPIError) {
        let enough = try arithmetic { () throws(DecimalError) -> Bool in
            var opening = qty
            var freed = ExactDecimal.zero
            if position.isOpen, position.side != side {
                let closing = ExactDecimal.min(qty, position.size)
                opening = try qty.subtracting(closing)
                if let t = try PositionMetrics.terms(of: position, instrument: instrument) {
                    freed = try IsolatedMargin.positionMargin(t).multiplied(by: closing).divided(
                        by: position.size, scale: IsolatedMargin.amountScale, rounding: .down)
                }
            }
            guard opening.sign > 0 else { return true }
            let value = try Self.value(instrument, qty: opening, price: price)
            let im = try value.divided(by: position.leverage, scale: IsolatedMargin.amountScale, rounding: .up)
            let fee = try value.multiplied(by: trading.terms.forSymbol(instrument.symbol).takerFeeRate)
            let available = try availableBalance(instrument.settleCoin, in: account).adding(freed)
            return try im.adding(fee) <= available
        }
        guard enough else { throw .insufficientForOrder }
    }

    /// `order/cancel`: by `orderId` (which wins) or `orderLinkId`; 110001 when no open
    /// order of the symbol matches (finished orders cannot be cancelled).
    mutating func cancelOrder(
        apiKey: String, instrument: Instrument, orderId: String?, orderLinkId: String?, nowMs: Int64
    ) throws(PaperAPIError) -> Order {
        _ = try account(apiKey)
        let match = trading.openOrders(apiKey, symbol: instrument.symbol).last { o in
            if let orderId { return o.orderId == orderId }
            return o.orderLinkId == orderLinkId
        }
        guard var order = match else { throw .orderNotFound }
        order.status = .cancelled
        order.cancelType = "CancelByUser"
        order.updatedTime = nowMs
        trading.update(order, for: apiKey)
        ledger.append(
            timeMs: nowMs, apiKey: apiKey, action: .orderCancel, symbol: order.symbol, positionIdx: order.positionIdx,
            detail: ["orderId": order.orderId, "orderLinkId": order.orderLinkId])
        return order
    }

    /// `totalOrderIM` of `coin`: the initial margin the opening part of every resting
    /// order holds back (`value at its price / leverage`).
    func totalOrderIM(_ coin: String, in account: Account) throws(DecimalError) -> ExactDecimal {
        var total = ExactDecimal.zero
        for o in trading.openOrders(account.apiKey) where !o.reduceOnly {
            guard let instrument = instrument(o.symbol), instrument.settleCoin == coin, let price = o.price else {
                continue
            }
            let p = account.position(
                symbol: o.symbol, positionIdx: o.positionIdx, defaultLeverage: instrument.defaultLeverage)
            var opening = o.leavesQty
            if p.isOpen, p.side != o.side { opening = ExactDecimal.max(.zero, try opening.subtracting(p.size)) }
            guard opening.sign > 0 else { continue }
            total = try total.adding(
                Self.value(instrument, qty: opening, price: price).divided(
                    by: p.leverage, scale: IsolatedMargin.amountScale, rounding: .up))
        }
        return total
    }
}
