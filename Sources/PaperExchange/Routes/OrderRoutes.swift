import BybitAPI

/// `POST /v5/order/create` and `POST /v5/order/cancel`.
///
/// Every create reaches the ledger: accepted as `order-create`, refused (by any check,
/// its parameters included) as `order-refused` with the retCode, so a test can count how
/// many orders one `orderLinkId` produced whatever the client saw.
enum OrderRoutes {
    static let routes: [Route] = [
        Route(
            method: .post, path: "/v5/order/create", access: .signed(.marginWrite, mutates: true), handler: create),
        Route(Catalog.orderCancel, access: .signed(.marginWrite, mutates: true), handler: cancel),
    ]

    /// What `create` supports: Market and Limit; GTC, IOC, FOK (filled whole or not at
    /// all: paper fills are never partial) and PostOnly; reduce-only and close-on-trigger.
    static func create(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let apiKey = input.apiKey ?? ""
        let p = input.params
        let linkId = (try? p.string("orderLinkId")) ?? nil
        do throws(PaperAPIError) {
            let category = try ParamValidation.category(p, allowed: ["linear", "inverse"])
            let symbol = try ParamValidation.symbol(p, required: true)!
            let request = try parseCreate(p)
            return try input.core.mutate { (book: inout Book) throws(PaperAPIError) -> JSONNode in
                // A throw discards the whole copy of the book: a refusal changes nothing.
                let instrument = try ParamValidation.instrument(symbol, category: category, in: book)
                let order = try book.createOrder(apiKey: apiKey, instrument: instrument, request, nowMs: input.nowMs)
                return .object([("orderId", .string(order.orderId)), ("orderLinkId", .string(order.orderLinkId))])
            }
        } catch {
            recordRefusal(error, input: input, orderLinkId: linkId)
            throw error
        }
    }

    /// The request's fields, checked for form; the engine checks them against the book.
    static func parseCreate(_ p: RequestParams) throws(PaperAPIError) -> OrderRequest {
        let side = try OrderParams.oneOf(p, "side", ["Buy", "Sell"], required: true)!
        let type = try OrderParams.oneOf(p, "orderType", ["Market", "Limit"], required: true)!
        let reduceOnly = try OrderParams.bool(p, "reduceOnly") ?? false
        let closeOnTrigger = try OrderParams.bool(p, "closeOnTrigger") ?? false
        // qty "0" is Bybit's close-all for a reduce-only close-on-trigger order; otherwise
        // the engine refuses it in Bybit's words (``OrderChecks/quantity(_:instrument:)``).
        let qty = try OrderParams.decimal(p, "qty", required: true)!
        if qty.isNegative { throw .params("qty must be positive, got \(qty)") }
        var price: ExactDecimal?
        if type == "Limit" {
            price = try OrderParams.decimal(p, "price")
            if let price, price.sign <= 0 { throw .params("price must be positive, got \(price)") }
        }
        let tif = try OrderParams.oneOf(p, "timeInForce", Order.TimeInForce.allCases.map(\.rawValue))
        try OrderParams.refuseUnsupported(
            p, ["triggerPrice", "takeProfit", "stopLoss", "tpLimitPrice", "slLimitPrice", "orderIv"],
            what: "on order/create (conditional orders and attached TP/SL); set stops with /v5/position/trading-stop")
        return OrderRequest(
            side: side == "Buy" ? .buy : .sell, orderType: type == "Market" ? .market : .limit, qty: qty, price: price,
            timeInForce: tif.flatMap(Order.TimeInForce.init(rawValue:)), reduceOnly: reduceOnly,
            closeOnTrigger: closeOnTrigger, positionIdx: try ParamValidation.positionIdx(p),
            orderLinkId: try OrderParams.orderLinkId(p) ?? "")
    }

    /// Puts a refused create in the ledger (a separate mutation: the refused one left nothing).
    private static func recordRefusal(_ error: PaperAPIError, input: Route.Input, orderLinkId: String?) {
        let symbol = (try? input.params.string("symbol")).flatMap { $0 } ?? ""
        _ = try? input.core.mutate { (book: inout Book) throws(PaperAPIError) in
            book.ledger.append(
                timeMs: input.nowMs, apiKey: input.apiKey ?? "", action: .orderRefused, symbol: symbol,
                positionIdx: Int((try? input.params.integer("positionIdx")).flatMap { $0 } ?? 0),
                detail: [
                    "orderLinkId": orderLinkId ?? "", "retCode": String(error.retCode), "retMsg": error.retMsg,
                ])
        }
    }

    /// The fields are read and checked by ``Catalog/orderCancel`` (one of `orderId` and
    /// `orderLinkId` is required; `orderId` wins when both are given).
    static func cancel(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let v = input.values
        let category = v.text("category")!
        let symbol = v.text("symbol")!
        let orderId = v.text("orderId").flatMap { $0.isEmpty ? nil : $0 }
        let orderLinkId = v.text("orderLinkId")
        let apiKey = input.apiKey ?? ""
        return try input.core.mutate { (book: inout Book) throws(PaperAPIError) -> JSONNode in
            let instrument = try ParamValidation.instrument(symbol, category: category, in: book)
            let order = try book.cancelOrder(
                apiKey: apiKey, instrument: instrument, orderId: orderId, orderLinkId: orderLinkId,
                nowMs: input.nowMs)
            return .object([("orderId", .string(order.orderId)), ("orderLinkId", .string(order.orderLinkId))])
        }
    }
}
