import BybitAPI
import LuaKit

/// `bybit.order` and `bybit.cancel` (the reads are ``OrderReadBindings``). Arguments are
/// Bybit's field names, read by the kinds the catalog declares; a symbol without
/// `category` takes the instrument list's (``SymbolCategories``). Both go through the
/// session: guards, dry run, the write-ahead audit.
enum OrderBindings {
    static func natives(_ session: BybitSession, symbols: SymbolCategories) -> [LuaNative] {
        [order(session, symbols), cancel(session, symbols)]
            + OrderReadBindings.natives(session, symbols: symbols)
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

    /// Pushes what a mutation returned: the reply converted by `shape`, or the dry-run table.
    static func push(_ result: BybitSession.MutationResult, _ call: LuaCall, shape: Shape?) -> Int32 {
        switch result {
        case .sent(let raw): JSONToLua.push(call.L, raw, shape: shape)
        case .dryRun(let dry): dry.push(call)
        }
        return 1
    }
}
