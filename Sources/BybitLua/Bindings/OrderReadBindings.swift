import BybitAPI
import LuaKit

/// `bybit.orders` and `bybit.order_status`: open orders (every page) and one order by its
/// id, converted by `Catalog.order`. Linear orders are listed per symbol or settle coin, so
/// a call without a symbol asks each settle coin (USDT, USDC).
enum OrderReadBindings {
    static func natives(_ session: BybitSession, symbols: SymbolCategories) -> [LuaNative] {
        [orders(session, symbols), status(session, symbols)]
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
}
