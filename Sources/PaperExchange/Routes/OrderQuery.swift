import BybitAPI

/// The filters `order/realtime`, `order/history` and `execution/list` share, and their
/// paging: newest first, `limit` rows a page, `nextPageCursor` as `position/list` has it.
struct OrderQuery {
    let category: Instrument.Category
    let symbol: String?
    let baseCoin: String?
    let settleCoin: String?
    let orderId: String?
    let orderLinkId: String?
    let limit: Int
    let offset: Int

    /// Reads the filters; linear needs `symbol`, `baseCoin` or `settleCoin` unless
    /// `requireScope` is off (history and executions default to every symbol).
    init(_ p: RequestParams, maxLimit: Int, defaultLimit: Int, requireScope: Bool) throws(PaperAPIError) {
        let category = try ParamValidation.category(p, allowed: ["linear", "inverse"])
        self.category = category == "linear" ? .linear : .inverse
        symbol = try ParamValidation.symbol(p, required: false)
        baseCoin = try p.string("baseCoin")
        settleCoin = try p.string("settleCoin")
        orderId = try p.string("orderId")
        orderLinkId = try p.string("orderLinkId")
        let limit = try p.integer("limit") ?? Int64(defaultLimit)
        guard (1...Int64(maxLimit)).contains(limit) else {
            throw .params("limit must be between 1 and \(maxLimit), got \(limit)")
        }
        self.limit = Int(limit)
        offset = try Cursor.decode(try p.string("cursor"))
        if requireScope && self.category == .linear && symbol == nil && baseCoin == nil && settleCoin == nil {
            throw .params("Missing some parameters that must be filled in, symbol or settleCoin or baseCoin")
        }
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
