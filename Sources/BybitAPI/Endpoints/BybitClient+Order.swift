extension BybitClient {
    /// `POST /v5/order/create`, exactly once by `orderLinkId`. Blocking.
    ///
    /// The one mutation the client may send more than once, because Bybit refuses a second
    /// order with the same `orderLinkId` (110072): after an uncertain outcome (timeout or
    /// reset after sending, 10016, HTTP 5xx, an unreadable reply) the order is looked up by
    /// its `orderLinkId` (realtime, then history) and returned if found; only when the
    /// lookups say it is not there is the same request re-sent, at most
    /// ``OrderRecoveryPolicy/maxSends`` times in all. See `Orders/OrderRecovery.swift`.
    /// - Returns: the order as the exchange lists it (or its acknowledgement when it could
    ///   not be read back), how many creates were sent and whether it was recovered.
    /// - Throws: `validation` before sending (no `orderLinkId`, or a value the catalog
    ///   refuses); `api` for a refusal (110017 nothing to reduce, 110007, 10001, …; 110072
    ///   when the id was used before and no order with it can be read); `outcome_unknown`
    ///   naming the `orderLinkId` and the sends when it cannot be known whether the order
    ///   was placed; `rate_limited`, `network`, `timeout` when nothing was sent.
    public func placeOrder(_ request: OrderRequest) throws(BybitError) -> PlacedOrder {
        let path = Catalog.orderCreate.path
        guard let linkId = request.orderLinkId else {
            throw .validation(
                "placeOrder needs an orderLinkId (OrderRequest.newOrderLinkId()): it is what makes the order "
                    + "exactly once", endpoint: path)
        }
        let prepared = try PreparedRequest(Catalog.orderCreate, request.values)
        return try placeExactlyOnce(request, linkId: linkId, prepared: prepared)
    }

    /// `POST /v5/order/cancel`: an open order by `orderId` or `orderLinkId`. Blocking.
    /// Never re-sent after an uncertain outcome (`outcome_unknown`).
    /// - Returns: the result `{orderId, orderLinkId}` (asynchronous: accepted, not done).
    /// - Throws: `validation` before sending; `api` 110001 when the order does not exist or
    ///   has finished (a filled market order); otherwise as ``addMargin(_:)``.
    @discardableResult
    public func cancelOrder(_ request: CancelOrderRequest) throws(BybitError) -> JSONValue {
        try execute(PreparedRequest(Catalog.orderCancel, request.values)).envelope.result
    }

    /// `GET /v5/order/realtime`, following `nextPageCursor` to the last page. Blocking.
    /// - Returns: every order of every page, newest first.
    /// - Throws: `validation` before sending (linear needs symbol, settleCoin or
    ///   baseCoin); `decoding` past ``maxListPages`` pages or ``maxHeldReplyBytes``;
    ///   otherwise as any read.
    public func orders(_ request: OrderListRequest) throws(BybitError) -> [JSONValue] {
        let values = try Catalog.orderRealtime.checked(request.values)
        return try allPages(Catalog.orderRealtime, values, what: "order list")
    }

    /// One order by `orderId` or `orderLinkId`: `order/realtime` (which finds finished
    /// orders by id too), then `order/history`. Blocking.
    /// - Returns: the order, or nil when neither lists it.
    /// - Throws: `validation` without `orderId` and `orderLinkId`, or when linear has
    ///   neither `symbol` nor `settleCoin`; otherwise as any read.
    public func orderStatus(
        category: Category = .linear, symbol: String? = nil, settleCoin: String? = nil, orderId: String? = nil,
        orderLinkId: String? = nil
    ) throws(BybitError) -> JSONValue? {
        guard orderId != nil || orderLinkId != nil else {
            throw .validation("orderStatus needs orderId or orderLinkId", endpoint: Catalog.orderRealtime.path)
        }
        var v = RequestValues()
        v["category"] = .text(category.rawValue)
        v["symbol"] = symbol.map(WireValue.text)
        v["settleCoin"] = settleCoin.map(WireValue.text)
        v["orderId"] = orderId.map(WireValue.text)
        v["orderLinkId"] = orderLinkId.map(WireValue.text)
        if let order = try firstOrder(Catalog.orderRealtime, v) { return order }
        return try firstOrder(Catalog.orderHistory, v)
    }

    /// The first order a list endpoint returns for `values` (one page).
    func firstOrder(_ endpoint: EndpointSpec, _ values: RequestValues) throws(BybitError) -> JSONValue? {
        let result = try execute(PreparedRequest(endpoint, values)).envelope.result
        let fields = try ModelFields(result, what: "order list", endpoint: endpoint.path)
        return try fields.array("list").first
    }

    /// Every `list` item of a paged read, following `nextPageCursor` within the same caps
    /// as ``positions(_:)``.
    func allPages(_ endpoint: EndpointSpec, _ values: RequestValues, what: String) throws(BybitError) -> [JSONValue] {
        let path = endpoint.path
        var items: [JSONValue] = []
        var pages = 0
        var cursor: String?
        var seen: Set<String> = []
        var held = 0
        repeat {
            guard pages < Self.maxListPages else {
                throw .decoding(
                    "the \(what) has more than \(Self.maxListPages) pages; stopping instead of reading more",
                    endpoint: path)
            }
            var page = values
            page["cursor"] = cursor.map(WireValue.text)
            let reply = try execute(PreparedRequest(checked: endpoint, page), holding: held)
            held += reply.bytes
            pages += 1
            let fields = try ModelFields(reply.envelope.result, what: what, endpoint: path)
            items += try fields.array("list")
            cursor = try fields.string("nextPageCursor").flatMap { $0.isEmpty ? nil : $0 }
            if let next = cursor, !seen.insert(next).inserted {
                throw .decoding("nextPageCursor '\(next)' repeated; stopping instead of looping", endpoint: path)
            }
        } while cursor != nil
        return items
    }
}
