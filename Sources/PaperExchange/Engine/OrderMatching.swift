import BybitAPI

/// How one fill changes a position, the wallet and the order: Bybit's one-way and hedge
/// position arithmetic with fees.
///
/// - A fill against an open position of the other side closes up to its size first:
///   realised PnL `closed × (exit − entry)` (linear; inverse `closed × (1/entry − 1/exit)`),
///   the added margin shrinks in proportion (the liquidation price of what is left stays
///   put), and a full close leaves the slot flat.
/// - The rest opens or adds: the entry becomes the size-weighted average (inverse: the
///   harmonic one, so the value in coin adds up), rounded half-up to 8 decimals.
/// - The fee, `value × rate` (taker or maker) rounded half-up to 8 decimals, leaves the
///   wallet; realised PnL enters it. `cumRealisedPnl` counts both, as Bybit's does.
extension Book {
    /// The price a taker gets now: the mark, moved against the taker by the run's
    /// slippage and rounded to the tick away from the taker's favour, inside the price filter.
    func takerPrice(_ instrument: Instrument, side: PositionSide) throws(DecimalError) -> ExactDecimal {
        let mark = mark(instrument.symbol)
        let slip = trading.terms.forSymbol(instrument.symbol).marketSlippage
        guard slip.sign > 0 else { return mark }
        let factor = try side == .buy ? ExactDecimal.one.adding(slip) : ExactDecimal.one.subtracting(slip)
        let moved = try mark.multiplied(by: factor).quantized(
            step: instrument.tickSize, mode: side == .buy ? .ceiling : .floor)
        return ExactDecimal.min(instrument.maxPrice, ExactDecimal.max(instrument.minPrice, moved))
    }

    /// The value of `qty` at `price` in the settle coin (`qty × price`, inverse `qty / price`).
    static func value(_ instrument: Instrument, qty: ExactDecimal, price: ExactDecimal) throws(DecimalError)
        -> ExactDecimal
    {
        try IsolatedMargin.positionValue(terms(instrument, side: .buy, qty: qty, price: price, leverage: .one))
    }

    static func terms(
        _ instrument: Instrument, side: PositionSide, qty: ExactDecimal, price: ExactDecimal,
        leverage: ExactDecimal
    ) -> PositionTerms {
        PositionTerms(
            category: instrument.category, side: side, size: qty, entryPrice: price, leverage: leverage,
            maintenanceMarginRate: .zero, priceScale: instrument.priceScale)
    }

    /// Fills `order` whole at `price`: updates the position and the wallet, records the
    /// execution, and marks the order `Filled` (the caller stores it).
    mutating func fill(
        _ order: inout Order, at price: ExactDecimal, isMaker: Bool, apiKey: String, instrument: Instrument,
        nowMs: Int64
    ) throws(PaperAPIError) {
        var account = try account(apiKey)
        var position = account.position(
            symbol: order.symbol, positionIdx: order.positionIdx, defaultLeverage: instrument.defaultLeverage)
        let coin = instrument.settleCoin
        let terms = trading.terms.forSymbol(instrument.symbol)
        let rate = isMaker ? terms.makerFeeRate : terms.takerFeeRate
        let (execValue, fee, pnl, closed) = try arithmetic {
            () throws(DecimalError) -> (ExactDecimal, ExactDecimal, ExactDecimal, ExactDecimal) in
            let qty = order.qty
            let execValue = try Self.value(instrument, qty: qty, price: price)
            let fee = try execValue.multiplied(by: rate).rounded(scale: IsolatedMargin.amountScale, mode: .halfUp)
            var pnl = ExactDecimal.zero
            var closed = ExactDecimal.zero
            if let side = position.side, position.isOpen, side != order.side {
                closed = ExactDecimal.min(qty, position.size)
                pnl = try IsolatedMargin.unrealisedPnl(
                    Self.terms(instrument, side: side, qty: closed, price: position.avgPrice, leverage: .one),
                    mark: price)
                let left = try position.size.subtracting(closed)
                if left.isZero {
                    position = position.closed(at: nowMs)
                } else {
                    position.extraMargin = try position.extraMargin.multiplied(by: left).divided(
                        by: position.size, scale: IsolatedMargin.amountScale, rounding: .halfUp)
                    position.size = left
                }
            }
            let opened = try qty.subtracting(closed)
            if opened.sign > 0 {
                if position.isOpen {
                    position.avgPrice = try Self.averageEntry(instrument, position, adding: opened, at: price)
                    position.size = try position.size.adding(opened)
                } else {
                    position.side = order.side
                    position.size = opened
                    position.avgPrice = price
                    position.extraMargin = .zero
                    position.createdTime = nowMs
                }
            }
            let net = try pnl.subtracting(fee)
            position.cumRealisedPnl = try position.cumRealisedPnl.adding(net)
            account.wallets[coin] = try account.walletBalance(coin).adding(net)
            return (execValue, fee, pnl, closed)
        }
        position.updatedTime = nowMs
        account.store(position)
        account.updatedTime = nowMs
        accounts[apiKey] = account

        let (execId, seq) = trading.nextExecId()
        trading.append(
            Execution(
                execId: execId, orderId: order.orderId, orderLinkId: order.orderLinkId, symbol: order.symbol,
                category: instrument.category, side: order.side, orderType: order.orderType, orderPrice: order.price,
                orderQty: order.qty, stopKind: order.stopKind, execPrice: price, execQty: order.qty,
                execValue: execValue, execFee: fee, feeRate: rate, feeCurrency: coin, isMaker: isMaker,
                closedSize: closed, execPnl: pnl, markPrice: mark(order.symbol), execTime: nowMs, seq: seq),
            for: apiKey)
        order.status = .filled
        order.cumExecQty = order.qty
        order.cumExecValue = execValue
        order.cumExecFee = fee
        order.avgPrice = price
        order.closedPnl = (try? pnl.subtracting(fee)) ?? pnl
        order.updatedTime = nowMs
    }

    /// The entry after adding `qty` at `price` to an open position.
    private static func averageEntry(
        _ instrument: Instrument, _ p: Position, adding qty: ExactDecimal, at price: ExactDecimal
    ) throws(DecimalError) -> ExactDecimal {
        let total = try p.size.adding(qty)
        switch instrument.category {
        case .linear:  // (size × entry + qty × price) / total
            let cost = try p.size.multiplied(by: p.avgPrice).adding(qty.multiplied(by: price))
            return try cost.divided(by: total, scale: IsolatedMargin.amountScale, rounding: .halfUp)
        case .inverse:  // total / (size / entry + qty / price), as one division
            let numerator = try total.multiplied(by: p.avgPrice).multiplied(by: price)
            let denominator = try p.size.multiplied(by: price).adding(qty.multiplied(by: p.avgPrice))
            return try numerator.divided(by: denominator, scale: IsolatedMargin.amountScale, rounding: .halfUp)
        }
    }
}
