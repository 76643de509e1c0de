import BybitAPI
import LuaKit

/// The order endpoints behind `bybit.request`, held to `bybit.order`'s rule: nothing sent
/// through the door can open or increase a position unless the run allows it
/// (`--allow-open-orders`).
extension BybitSession {
    /// An order/create's params as ``OrderRequest`` (so the reduce-only rule and the
    /// exactly-once `orderLinkId` apply). As with `bybit.order`, `reduceOnly` defaults to
    /// true: no door sends an order that can open a position unless the script says so
    /// and the run allows it.
    static func orderRequest(_ r: GenericRequest, resolve: CategoryResolver) throws -> OrderRequest {
        let a = try RequestArguments(
            r,
            fields: [
                "category", "symbol", "side", "qty", "orderType", "price", "timeInForce", "reduceOnly", "positionIdx",
                "orderLinkId",
            ])
        let symbol = try a.text("symbol", required: true)!
        let sideText = try a.text("side", required: true)!
        guard let side = OrderSide(rawValue: sideText) else {
            throw LuaArgumentError(
                1, "field 'params.side': \"Buy\" or \"Sell\" expected, got \(EndpointPolicy.quoted(sideText))")
        }
        return OrderRequest(
            category: try resolve(symbol, try a.category()), symbol: symbol, side: side,
            qty: try a.decimal("qty", required: true)!, orderType: try a.text("orderType") ?? "Market",
            price: try a.decimal("price", required: false), timeInForce: try a.text("timeInForce"),
            reduceOnly: try a.flag("reduceOnly", required: false) ?? true, positionIdx: try a.integer("positionIdx"),
            orderLinkId: try a.text("orderLinkId"))
    }

    /// An amend changes an order's quantity or price, and an order that is not reduce-only
    /// can open or increase a position; so without `--allow-open-orders` only a reduce-only
    /// order may be amended (reduce-only is fixed when an order is created: an amend cannot
    /// change it). The order is read first; one that cannot be found is refused too.
    /// - Throws: a `guard` error naming the order (nothing sent), or a bad argument.
    func checkAmendedOrderIsReduceOnly(_ r: GenericRequest) throws {
        let a = try RequestArguments(r, fields: nil)
        let orderId = try a.text("orderId")
        let orderLinkId = try a.text("orderLinkId")
        guard orderId != nil || orderLinkId != nil else {
            throw LuaArgumentError(1, "field 'params.orderId' or 'params.orderLinkId': one is required to amend")
        }
        let category = BybitAPI.Category(rawValue: try a.text("category") ?? "linear")
        let symbol = try a.text("symbol")
        let order = try ReadBindings.reading(()) { (_: ()) in
            try client().orderStatus(category: category, symbol: symbol, orderId: orderId, orderLinkId: orderLinkId)
        }
        let named = orderId.map { "orderId \($0)" } ?? "orderLinkId \(orderLinkId ?? "")"
        guard let order else {
            throw refuse(
                r,
                "the order to amend (\(named)) was not found, so it cannot be shown to be reduce-only; "
                    + "nothing was sent")
        }
        guard order["reduceOnly"] == .bool(true) else {
            throw refuse(
                r,
                "the order to amend (\(named)) is not reduce-only, so amending it could open or increase a "
                    + "position; this run allows only reduce-only orders (start it with --allow-open-orders to "
                    + "allow them); nothing was sent")
        }
    }
}
