extension Catalog {
    /// `orderLinkId`: the caller's id of an order, unique per account; at most 36 of
    /// `[0-9A-Za-z_-]` (Bybit's create-order page). The exactly-once key of a create.
    static let orderLinkId = Field(
        "orderLinkId", .text, checks: [.maxLength(36), .identifier],
        doc: "the caller's id, unique: at most 36 of letters, digits, '_' and '-'")

    /// `POST /v5/order/create`: a Market or Limit order (linear or inverse). The reply is
    /// an acknowledgement: the order was accepted, not filled.
    ///
    /// `qty` "0" is Bybit's close-all, allowed only with `reduceOnly` and `closeOnTrigger`
    /// both true. The client has no use for `closeOnTrigger` (it never sends one, so it
    /// refuses every zero qty); the paper exchange accepts the close-all as Bybit does.
    public static let orderCreate = EndpointSpec(
        .post, "/v5/order/create", isPrivate: true, isMutation: true,
        request: [
            category(["linear", "inverse"]),
            Field("symbol", .symbol, required: true),
            Field("side", .choice(["Buy", "Sell"]), required: true, doc: "Sell reduces a long, Buy a short"),
            Field("orderType", .choice(["Market", "Limit"]), required: true),
            Field(
                "qty", .decimal, required: true, checks: [.maxDecimals(8)],
                lua: "Decimal|string|integer|number",
                doc: "greater than zero, at most 8 decimals; a multiple of the instrument's qtyStep"),
            Field("price", .decimal, checks: [.positive], doc: "Limit orders only"),
            Field(
                "timeInForce", .choice(["GTC", "IOC", "FOK", "PostOnly"]),
                doc: "Market orders always run as IOC"),
            Field("reduceOnly", .flag, checks: [.boolean], lua: "boolean", doc: "sent as JSON true/false"),
            positionIdx,
            orderLinkId,
        ],
        exchangeOnly: [
            Field(
                "closeOnTrigger", .flag, checks: [.boolean],
                doc: "close-only: with reduceOnly, qty \"0\" closes the whole position")
        ],
        rules: [
            .positiveOrZeroWith("qty", flags: ["reduceOnly", "closeOnTrigger"]),
            .needsOneOf(["price"], when: "orderType", equals: "Limit"),
        ],
        luaArguments: "bybit.OrderArgs", result: orderAck)

    /// `POST /v5/order/cancel`: an open order, by `orderId` or `orderLinkId`.
    public static let orderCancel = EndpointSpec(
        .post, "/v5/order/cancel", isPrivate: true, isMutation: true,
        request: [
            category(["linear", "inverse"]),
            Field("symbol", .symbol, required: true),
            Field("orderId", .text, checks: [.maxLength(64)], doc: "wins over orderLinkId when both are given"),
            orderLinkId,
        ],
        rules: [.needsOneOf(["orderId", "orderLinkId"], when: "category", equals: nil)],
        luaArguments: "bybit.CancelArgs", result: orderAck)

    /// `GET /v5/order/realtime`: open orders, or (`openOnly` 1) recently finished ones; by
    /// `orderId`/`orderLinkId` open and finished alike.
    public static let orderRealtime = EndpointSpec(
        .get, "/v5/order/realtime", isPrivate: true, isMutation: false,
        request: [
            category(["linear", "inverse"]),
            Field("symbol", .symbol), Field("baseCoin", .coin), Field("settleCoin", .coin),
            Field("orderId", .text, checks: [.maxLength(64)]), orderLinkId,
            Field(
                "openOnly", .integer, checks: [.range(0...1, described: "0 (open orders) or 1 (recently finished)")]),
            limit(1...50),
            Field("cursor", .text, doc: "the previous page's nextPageCursor"),
        ],
        rules: [.needsOneOf(["symbol", "settleCoin", "baseCoin"], when: "category", equals: "linear")],
        result: orderPage)

    /// `GET /v5/order/history`: finished orders of the last 7 days.
    public static let orderHistory = EndpointSpec(
        .get, "/v5/order/history", isPrivate: true, isMutation: false,
        request: [
            category(["linear", "inverse"]),
            Field("symbol", .symbol), Field("baseCoin", .coin), Field("settleCoin", .coin),
            Field("orderId", .text, checks: [.maxLength(64)]), orderLinkId,
            Field("orderStatus", .choice(orderStatuses)),
            Field("startTime", .timestamp, doc: "ms"), Field("endTime", .timestamp, doc: "ms; at most 7 days after"),
            limit(1...50),
            Field("cursor", .text, doc: "the previous page's nextPageCursor"),
        ],
        result: orderPage)

    /// `GET /v5/execution/list`: fills, newest first.
    public static let executionList = EndpointSpec(
        .get, "/v5/execution/list", isPrivate: true, isMutation: false,
        request: [
            category(["linear", "inverse"]),
            Field("symbol", .symbol), Field("baseCoin", .coin), Field("settleCoin", .coin),
            Field("orderId", .text, checks: [.maxLength(64)]), orderLinkId,
            Field("startTime", .timestamp, doc: "ms"), Field("endTime", .timestamp, doc: "ms; at most 7 days after"),
            Field("execType", .text, doc: "\"Trade\", \"Funding\", …"),
            limit(1...100),
            Field("cursor", .text, doc: "the previous page's nextPageCursor"),
        ],
        result: Shape(
            "bybit.ExecutionPage",
            [Field("category", .text), Field("list", .list(execution)), Field("nextPageCursor", .text)]))

    /// Bybit's `orderStatus` values.
    static let orderStatuses = [
        "New", "PartiallyFilled", "Untriggered", "Rejected", "PartiallyFilledCanceled", "Filled", "Cancelled",
        "Triggered", "Deactivated",
    ]

    /// The reply of create and cancel: which order (asynchronous: accepted, not done).
    public static let orderAck = Shape(
        "bybit.OrderAck", [Field("orderId", .text, required: true), Field("orderLinkId", .text)])

    /// One page of `order/realtime` or `order/history`.
    public static let orderPage = Shape(
        "bybit.OrderPage", [Field("category", .text), Field("list", .list(order)), Field("nextPageCursor", .text)])
}
