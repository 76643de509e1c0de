import BybitAPI

/// The instrument's filters applied to an order (all 10001 with a message naming the
/// field, except a price outside the price filter, 110003).
enum OrderChecks {
    /// A limit order needs a price on the tick grid inside `minPrice...maxPrice`.
    static func price(_ r: OrderRequest, instrument i: Instrument) throws(PaperAPIError) {
        guard r.orderType == .limit else { return }
        guard let price = r.price else { throw .params("price is required for a Limit order") }
        guard price.sign > 0 else { throw .params("price must be positive, got \(price)") }
        if price < i.minPrice || price > i.maxPrice {
            throw .priceOutOfRange("price \(price) for \(i.symbol) is outside \(i.minPrice)...\(i.maxPrice)")
        }
        guard isMultiple(price, of: i.tickSize) else {
            throw .params("price \(price) is not a multiple of the tickSize \(i.tickSize) of \(i.symbol)")
        }
    }

    /// `qty` on the `qtyStep` grid, at least `minOrderQty` and (for an order that may open)
    /// at most `maxMktOrderQty` (market) or `maxOrderQty` (limit); Bybit splits a larger
    /// reduce-only order, so the paper fills it whole.
    static func quantity(_ r: OrderRequest, instrument i: Instrument) throws(PaperAPIError) {
        if r.qty.isZero {
            guard r.reduceOnly && r.closeOnTrigger else {
                throw .params(
                    "The number of contracts exceeds minimum limit allowed: qty 0 (a zero qty closes the position only with reduceOnly and closeOnTrigger)"
                )
            }
            return
        }
        guard isMultiple(r.qty, of: i.qtyStep) else {
            throw .params("qty \(r.qty) is not a multiple of the qtyStep \(i.qtyStep) of \(i.symbol)")
        }
        guard r.qty >= i.minOrderQty else {
            throw .params(
                "The number of contracts exceeds minimum limit allowed: qty \(r.qty) is below the minOrderQty \(i.minOrderQty) of \(i.symbol)"
            )
        }
        // Bybit caps market orders lower than limit orders (`maxMktOrderQty`).
        let (cap, capName) =
            r.orderType == .market ? (i.maxMktOrderQty, "maxMktOrderQty") : (i.maxOrderQty, "maxOrderQty")
        guard r.reduceOnly || r.qty <= cap else {
            throw .params(
                "The number of contracts exceeds maximum limit allowed: qty \(r.qty) is above the \(capName) \(cap) of \(i.symbol)"
            )
        }
    }

    /// 110094 when an order that may open is worth less than `minNotionalValue` at `price`
    /// (linear; the filter is 0 for inverse). Reduce-only orders are exempt, so a small
    /// remainder of a position can always be closed.
    static func notional(_ r: OrderRequest, qty: ExactDecimal, instrument i: Instrument, price: ExactDecimal)
        throws(PaperAPIError)
    {
        guard !r.reduceOnly, i.category == .linear, i.minNotionalValue.sign > 0,
            let value = try? qty.multiplied(by: price), value < i.minNotionalValue
        else { return }
        throw PaperAPIError(
            110094,
            "Order notional value below the lower limit: \(value) \(i.quoteCoin) is below the minNotionalValue \(i.minNotionalValue) of \(i.symbol)"
        )
    }

    static func isMultiple(_ value: ExactDecimal, of step: ExactDecimal) -> Bool {
        guard step.sign > 0, let rest = try? value.floorModulo(step) else { return false }
        return rest.isZero
    }

    /// What the ledger keeps of an accepted order.
    static func ledgerDetail(_ o: Order) -> [String: String] {
        var d = [
            "orderId": o.orderId, "orderLinkId": o.orderLinkId, "side": o.side.rawValue,
            "orderType": o.orderType.rawValue, "qty": o.qty.description, "reduceOnly": o.reduceOnly ? "1" : "0",
            "orderStatus": o.status.rawValue,
        ]
        if let price = o.price { d["price"] = price.description }
        if let avg = o.avgPrice {
            d["execPrice"] = avg.description
            d["execFee"] = Format.amountText(o.cumExecFee)
        }
        if let kind = o.stopKind {
            d["stopOrderType"] = kind.rawValue
            d["triggerPrice"] = o.triggerPrice.description
        }
        return d
    }
}
