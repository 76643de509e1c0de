import BybitAPI

/// The filters `order/realtime`, `order/history` and `execution/list` share, and their
/// paging: newest first, `limit` rows a page, `nextPageCursor` as `position/list` has it.
/// The fields are read and checked by the endpoints' catalog declarations, the ones the
/// client checks before sending.
struct OrderQuery {
    let category: Instrument.Category
    let symbol: String?
    let baseCoin: String?
    let settleCoin: String?
    let orderId: String?
    let orderLinkId: String?
    let limit: Int
    let offset: Int

    /// The filters as the endpoint's catalog declaration read and checked them (category,
    /// symbols and coins, ids, `limit` within its range, linear's scope for
    /// `order/realtime`); `defaultLimit` when none is given.
    init(_ v: RequestValues, defaultLimit: Int) throws(PaperAPIError) {
        category = v.text("category") == "inverse" ? .inverse : .linear
        symbol = v.text("symbol")
        baseCoin = v.text("baseCoin")
        settleCoin = v.text("settleCoin")
        orderId = v.text("orderId")
        orderLinkId = v.text("orderLinkId")
        limit = v.integer("limit").map { Int($0) } ?? defaultLimit
        offset = try Cursor.decode(v.text("cursor"))
    }

    /// Whether an order or fill of `symbol` with these ids passes the filters. `orderId`
    /// and `orderLinkId` take precedence over the symbol filters, as Bybit documents.
    func matches(symbol s: String, orderId id: String, orderLinkId link: String, in book: Book) -> Bool {
        guard let instrument = book.instrument(s), instrument.category == category else { return false }
        if let orderId { return id == orderId }
        if let orderLinkId { return link == orderLinkId }
        if let symbol, s != symbol { return false }
        if let baseCoin, instrument.baseCoin != baseCoin { return false }
        if let settleCoin, instrument.settleCoin != settleCoin { return false }
        return true
    }

    /// Whether the query names one order.
    var byId: Bool { orderId != nil || orderLinkId != nil }

    /// One page of `rows` (already newest first) with its cursor.
    func page(_ rows: [JSONNode], listKey: String = "list") -> JSONNode {
        let page = Array(rows.dropFirst(offset).prefix(limit))
        let next = offset + page.count < rows.count ? Cursor.encode(offset + page.count) : ""
        return .object([
            ("category", .string(category.rawValue)), (listKey, .array(page)), ("nextPageCursor", .string(next)),
        ])
    }
}
