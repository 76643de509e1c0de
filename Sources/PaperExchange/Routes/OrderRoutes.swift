import BybitAPI

/// `POST /v5/order/create` and `POST /v5/order/cancel`.
///
/// Every create reaches the ledger: accepted as `order-create`, refused (by any check:
/// the catalog's, the paper exchange's limits or the engine's) as `order-refused` with
/// the retCode, through the route's refusal recorder, so a test can count how many orders
/// one `orderLinkId` produced whatever the client saw.
enum OrderRoutes {
    static let routes: [Route] = [
        Route(
            Catalog.orderCreate, access: .signed(.marginWrite, mutates: true), recordRefusal: recordRefusal,
            handler: create),
        Route(Catalog.orderCancel, access: .signed(.marginWrite, mutates: true), handler: cancel),
    ]

    /// What `create` supports: Market and Limit; GTC, IOC, FOK (filled whole or not at
    /// all: paper fills are never partial) and PostOnly; reduce-only and close-on-trigger
    /// (with qty "0": Bybit's close-all). The fields are read and checked by
    /// ``Catalog/orderCreate``; the engine checks them against the book.
    static func create(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let apiKey = input.apiKey ?? ""
        let v = input.values
        let category = v.text("category")!
        let symbol = v.text("symbol")!
        // Fields Bybit takes that the paper exchange does not implement: refused, not
        // ignored, so a script never believes a conditional order or a TP/SL was placed.
        try OrderParams.refuseUnsupported(
            input.params, ["triggerPrice", "takeProfit", "stopLoss", "tpLimitPrice", "slLimitPrice", "orderIv"],
            what: "on order/create (conditional orders and attached TP/SL); set stops with /v5/position/trading-stop")
        let type: Order.OrderType = v.text("orderType") == "Limit" ? .limit : .market
        let request = OrderRequest(
            side: v.text("side") == "Buy" ? .buy : .sell, orderType: type, qty: v.decimal("qty")!,
            // A Market order's price is ignored, as on Bybit.
            price: type == .limit ? v.decimal("price") : nil,
            timeInForce: v.text("timeInForce").flatMap(Order.TimeInForce.init(rawValue:)),
            reduceOnly: v.flag("reduceOnly") ?? false, closeOnTrigger: v.flag("closeOnTrigger") ?? false,
            positionIdx: v.integer("positionIdx").map { Int($0) }, orderLinkId: v.text("orderLinkId") ?? "")
        return try input.core.mutate { (book: inout Book) throws(PaperAPIError) -> JSONNode in
            // A throw discards the whole copy of the book: a refusal changes nothing.
            let instrument = try ParamValidation.instrument(symbol, category: category, in: book)
            let order = try book.createOrder(apiKey: apiKey, instrument: instrument, request, nowMs: input.nowMs)
            return .object([("orderId", .string(order.orderId)), ("orderLinkId", .string(order.orderLinkId))])
        }
    }

    /// Puts a refused create in the ledger (a separate mutation: the refused one left
    /// nothing). Its fields come from the raw request: the refusal may be the catalog's.
    private static func recordRefusal(_ error: PaperAPIError, input: Route.Input) {
        let p = input.params
        let symbol = (try? p.string("symbol")).flatMap { $0 } ?? ""
        let orderLinkId = (try? p.string("orderLinkId")).flatMap { $0 } ?? ""
        _ = try? input.core.mutate { (book: inout Book) throws(PaperAPIError) in
            book.ledger.append(
                timeMs: input.nowMs, apiKey: input.apiKey ?? "", action: .orderRefused, symbol: symbol,
                positionIdx: Int((try? p.integer("positionIdx")).flatMap { $0 } ?? 0),
                detail: ["orderLinkId": orderLinkId, "retCode": String(error.retCode), "retMsg": error.retMsg])
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
