import BybitAPI
import LuaKit

/// `bybit.order`, `bybit.cancel`, `bybit.orders` and `bybit.order_status`. Arguments are
/// Bybit's field names, read by the kinds the catalog declares; a symbol without
/// `category` takes the instrument list's (``SymbolCategories``). The mutations go through
/// the session (guards, dry run, audit); the reads follow pages and convert by
/// `Catalog.order`.
enum OrderBindings {
    static func natives(_ session: BybitSession, symbols: SymbolCategories) -> [LuaNative] {
        [order(session, symbols), cancel(session, symbols), orders(session, symbols), status(session, symbols)]
    }

    private static func order(_ session: BybitSession, _ symbols: SymbolCategories) -> LuaNative {
        LuaNative(
            "order",
            LuaSignature(
                """
                Places an order (default: a reduce-only Market order) and returns it as the exchange then lists
                it, with `sends` (create requests sent: 1 unless a lost answer was retried with the same
                orderLinkId) and `recovered` (true when it was found by its orderLinkId after a lost answer).
                `reduceOnly = false` (an order that can open or increase a position) is a `guard` error unless
                the run was started with --allow-open-orders. An orderLinkId is generated when none is given and
                recorded in the audit log before sending; the order is placed at most once, and an
                `outcome_unknown` error carries `err.orderLinkId` to look it up with `bybit.order_status`.
                With --dry-run returns `{dryRun = true, request = {…}}` and sends nothing.
                """,
                parameters: [.init("args", "bybit.OrderArgs")], returns: ["bybit.PlacedOrder|bybit.DryRun"]),
            .closure { call in
                let a = try ArgumentTable(call, 1, endpoint: Catalog.orderCreate)
                let symbol = try a.string("symbol", required: true)!
                let sideText = try a.string("side", required: true)!
                guard let side = OrderSide(rawValue: sideText) else {
                    throw LuaArgumentError(1, "field 'side': \"Buy\" or \"Sell\" expected, got '\(sideText)'")
                }
                let qty = try a.decimal("qty", required: true)!
                var request = OrderRequest(
                    category: .linear, symbol: symbol, side: side, qty: qty,
                    orderType: try a.string("orderType") ?? "Market")
                request.price = try a.decimal("price", required: false)
                request.timeInForce = try a.string("timeInForce")
                request.reduceOnly = try a.flag("reduceOnly", required: false) ?? true
                request.positionIdx = try a.integer("positionIdx")
                request.orderLinkId = try a.string("orderLinkId")
                request.category = try symbols.resolve(
                    symbol, given: try a.optionalCategory(), argument: 1, field: "symbol")
                let result = try symbols.explaining(symbol, in: request.category, argument: 1) {
                    try session.placeOrder(request)
                }
                return push(result, call, shape: Catalog.order)
            })
    }

    private static func cancel(_ session: BybitSession, _ symbols: SymbolCategories) -> LuaNative {
        LuaNative(
            "cancel",
            LuaSignature(
                """
                Cancels an open order by `orderId` or `orderLinkId`; returns `{orderId, orderLinkId}` (Bybit's
                acknowledgement). An order that has already finished is an `api` error 110001. With --dry-run
                returns `{dryRun = true, request = {…}}`.
                """,
                parameters: [.init("args", "bybit.CancelArgs")], returns: ["bybit.OrderAck|bybit.DryRun"]),
            .closure { call in
                let a = try ArgumentTable(call, 1, endpoint: Catalog.orderCancel)
                let symbol = try a.string("symbol", required: true)!
                let orderId = try a.string("orderId")
                let linkId = try a.string("orderLinkId")
                guard orderId != nil || linkId != nil else {
                    throw LuaArgumentError(1, "field 'orderId' or 'orderLinkId': one of them is required")
                }
                let category = try symbols.resolve(
                    symbol, given: try a.optionalCategory(), argument: 1, field: "symbol")
                let request = CancelOrderRequest(
                    category: category, symbol: symbol, orderId: orderId, orderLinkId: linkId)
                let result = try symbols.explaining(symbol, in: category, argument: 1) {
                    try session.cancelOrder(request)
                }
                return push(result, call, shape: Catalog.orderAck)
            })
    }

    private static func orders(_ session: BybitSession, _ symbols: SymbolCategories) -> LuaNative {
        LuaNative(
            "orders",
            LuaSignature(
                """
                Open orders (pages followed), newest first; `openOnly = false` lists recently finished ones
                instead. Without `symbol`: the category's (default linear: USDT- and USDC-settled ones, unless
                `settleCoin` names one).
                """,
                parameters: [
                    .init(
                        "args?",
                        "{symbol?: string, category?: \"linear\"|\"inverse\", settleCoin?: string, openOnly?: boolean}")
                ],
                returns: ["bybit.Order[]"]),
            .closure { call in
                var symbol: String?
                var given: BybitAPI.Category?
                var settleCoin: String?
                var openOnly = true
                if !call.isNoneOrNil(1) {
                    let a = try ArgumentTable(call, 1, fields: ["symbol", "category", "settleCoin", "openOnly"])
                    symbol = try a.string("symbol")
                    given = try a.optionalCategory()
                    settleCoin = try a.string("settleCoin")
                    openOnly = try a.flag("openOnly", required: false) ?? true
                }
                let category =
                    try symbol.map { s in try symbols.resolve(s, given: given, argument: 1, field: "symbol") }
                    ?? given ?? .linear
                // Bybit lists linear orders per symbol or settle coin: without either, ask each settle coin.
                let coins: [String?] =
                    symbol == nil && settleCoin == nil && category == .linear ? ["USDT", "USDC"] : [settleCoin]
                var list: [JSONValue] = []
                for coin in coins {
                    let request = OrderListRequest(
                        category: category, symbol: symbol, settleCoin: coin, openOnly: openOnly)
                    list += try ReadBindings.reading(request) { (r) in try session.client().orders(r) }
                }
                JSONToLua.push(call.L, .array(list), shape: Catalog.order)
                return 1
            })
    }

    private static func status(_ session: BybitSession, _ symbols: SymbolCategories) -> LuaNative {
        LuaNative(
            "order_status",
            LuaSignature(
                """
                One order by `orderLinkId` or `orderId`, open or finished (realtime, then history), or nil when
                the exchange has neither. Without `symbol`, linear USDT-, then USDC-settled, then (without
                `category`) inverse orders are searched.
                """,
                parameters: [
                    .init(
                        "args",
                        "{orderLinkId?: string, orderId?: string, symbol?: string, category?: \"linear\"|\"inverse\"}")
                ],
                returns: ["bybit.Order?"]),
            .closure { call in
                let a = try ArgumentTable(call, 1, fields: ["orderLinkId", "orderId", "symbol", "category"])
                let linkId = try a.string("orderLinkId")
                let orderId = try a.string("orderId")
                guard linkId != nil || orderId != nil else {
                    throw LuaArgumentError(1, "field 'orderLinkId' or 'orderId': one of them is required")
                }
                let symbol = try a.string("symbol")
                let given = try a.optionalCategory()
                var places: [(BybitAPI.Category, String?)]
                if let symbol {
                    places = [(try symbols.resolve(symbol, given: given, argument: 1, field: "symbol"), nil)]
                } else if given == .inverse {
                    places = [(.inverse, nil)]
                } else {
                    places = [(.linear, "USDT"), (.linear, "USDC")]
                    if given == nil { places.append((.inverse, nil)) }
                }
                for (category, coin) in places {
                    let found = try ReadBindings.reading(()) { _ in
                        try session.client().orderStatus(
                            category: category, symbol: symbol, settleCoin: coin, orderId: orderId,
                            orderLinkId: linkId)
                    }
                    if let found {
                        JSONToLua.push(call.L, found, shape: Catalog.order)
                        return 1
                    }
                }
                call.pushNil()
                return 1
            })
    }

    /// Pushes what a mutation returned: the reply converted by `shape`, or the dry-run table.
    static func push(_ result: BybitSession.MutationResult, _ call: LuaCall, shape: Shape?) -> Int32 {
        switch result {
        case .sent(let raw): JSONToLua.push(call.L, raw, shape: shape)
        case .dryRun(let dry): dry.push(call)
        }
        return 1
    }
}
