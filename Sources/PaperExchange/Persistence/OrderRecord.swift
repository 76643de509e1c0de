import BybitAPI

/// An open order as JSON in the state file; decimals as their text.
enum OrderRecord {
    static func encode(_ o: Order) -> JSONNode {
        var members: [(String, JSONNode)] = [
            ("orderId", .string(o.orderId)), ("orderLinkId", .string(o.orderLinkId)), ("symbol", .string(o.symbol)),
            ("category", .string(o.category.rawValue)), ("side", .string(o.side.rawValue)),
            ("orderType", .string(o.orderType.rawValue)), ("qty", .string(o.qty.description)),
            ("timeInForce", .string(o.timeInForce.rawValue)), ("reduceOnly", .bool(o.reduceOnly)),
            ("closeOnTrigger", .bool(o.closeOnTrigger)), ("positionIdx", .int(o.positionIdx)),
            ("createdTime", .int(o.createdTime)), ("updatedTime", .int(o.updatedTime)),
        ]
        if let price = o.price { members.append(("price", .string(price.description))) }
        return .object(members)
    }

    /// Only open orders are stored, so status and fill fields start fresh.
    static func decode(_ value: JSONNode, at path: String) throws(ScenarioError) -> Order {
        let f = StoredFields(node: value, path: path)
        guard let category = Instrument.Category(rawValue: try f.text("category")),
            let side = PositionSide(rawValue: try f.text("side")),
            let type = Order.OrderType(rawValue: try f.text("orderType")),
            let tif = Order.TimeInForce(rawValue: try f.text("timeInForce"))
        else { throw ScenarioError("\(path): bad category, side, orderType or timeInForce") }
        return Order(
            orderId: try f.text("orderId"), orderLinkId: try f.text("orderLinkId"), symbol: try f.text("symbol"),
            category: category, side: side, orderType: type,
            price: value["price"] == nil ? nil : try f.decimal("price"), qty: try f.decimal("qty"), timeInForce: tif,
            reduceOnly: f.bool("reduceOnly"), closeOnTrigger: f.bool("closeOnTrigger"),
            positionIdx: try f.int("positionIdx"), status: .new, createdTime: Int64(try f.int("createdTime")),
            updatedTime: Int64(try f.int("updatedTime")))
    }
}
