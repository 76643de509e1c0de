#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `Buy` or `Sell`.
public enum OrderSide: String, Sendable {
    /// Buy: opens or adds to a long, reduces a short.
    case buy = "Buy"
    /// Sell: opens or adds to a short, reduces a long.
    case sell = "Sell"
}

/// `POST /v5/order/create`: a Market or Limit order. Reduce-only unless said otherwise.
public struct OrderRequest: Sendable, Equatable {
    /// `linear` (default) or `inverse`.
    public var category: Category
    /// Upper-case symbol.
    public var symbol: String
    /// `Sell` reduces a long, `Buy` a short.
    public var side: OrderSide
    /// Greater than zero, at most 8 decimals; a multiple of the instrument's `qtyStep`.
    public var qty: ExactDecimal
    /// `Market` (default) or `Limit`.
    public var orderType: String
    /// The limit price (Limit orders; required there).
    public var price: ExactDecimal?
    /// `GTC`, `IOC`, `FOK` or `PostOnly`; Bybit runs Market orders as IOC whatever is sent.
    public var timeInForce: String?
    /// Only reduce a position (default); sent as JSON `true`/`false`.
    public var reduceOnly: Bool
    /// 0 one-way, 1 hedge Buy side, 2 hedge Sell side (required in hedge mode).
    public var positionIdx: Int?
    /// The caller's unique id, the key that makes ``BybitClient/placeOrder(_:)`` exactly
    /// once. ``BybitClient/placeOrder(_:)`` requires it.
    public var orderLinkId: String?

    /// A request; validated when sent.
    public init(
        category: Category = .linear, symbol: String, side: OrderSide, qty: ExactDecimal,
        orderType: String = "Market", price: ExactDecimal? = nil, timeInForce: String? = nil,
        reduceOnly: Bool = true, positionIdx: Int? = nil, orderLinkId: String? = nil
    ) {
        self.category = category
        self.symbol = symbol
        self.side = side
        self.qty = qty
        self.orderType = orderType
        self.price = price
        self.timeInForce = timeInForce
        self.reduceOnly = reduceOnly
        self.positionIdx = positionIdx
        self.orderLinkId = orderLinkId
    }

    /// The request's values by Bybit's field names (``Catalog/orderCreate``).
    public var values: RequestValues {
        var v = RequestValues()
        v["category"] = .text(category.rawValue)
        v["symbol"] = .text(symbol)
        v["side"] = .text(side.rawValue)
        v["orderType"] = .text(orderType)
        v["qty"] = .decimal(qty)
        v["price"] = price.map(WireValue.decimal)
        v["timeInForce"] = timeInForce.map(WireValue.text)
        v["reduceOnly"] = .flag(reduceOnly)
        v["positionIdx"] = positionIdx.map { .integer(Int64($0)) }
        v["orderLinkId"] = orderLinkId.map(WireValue.text)
        return v
    }

    /// The request after the checks made before the wire (category, symbol, side, order
    /// type, qty > 0 with at most 8 decimals, a Limit's price, time in force, positionIdx,
    /// orderLinkId of at most 36 of `[0-9A-Za-z_-]`). Callers that must not send (dry
    /// runs, guards) validate with this.
    public func validated() throws(BybitError) -> OrderRequest {
        _ = try Catalog.orderCreate.checked(values)
        return self
    }

    /// A new `orderLinkId`: `bl-`, the time in ms (base 36) and 12 random characters,
    /// at most 24 of `[0-9a-z-]`; unique in practice (2^62 random values per millisecond).
    public static func newOrderLinkId() -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        let ms = Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
        var random = SystemRandomNumberGenerator()
        var tail = ""
        for _ in 0..<12 { tail.append(Character(UnicodeScalar(alphabet[Int(random.next() % 36)]))) }
        return "bl-" + String(ms, radix: 36) + "-" + tail
    }
}

/// `POST /v5/order/cancel`: an open order by `orderId` or `orderLinkId` (one required).
public struct CancelOrderRequest: Sendable, Equatable {
    /// `linear` (default) or `inverse`.
    public var category: Category
    /// Upper-case symbol.
    public var symbol: String
    /// The exchange's id; wins over `orderLinkId` when both are given.
    public var orderId: String?
    /// The caller's id.
    public var orderLinkId: String?

    /// A request; validated when sent.
    public init(category: Category = .linear, symbol: String, orderId: String? = nil, orderLinkId: String? = nil) {
        self.category = category
        self.symbol = symbol
        self.orderId = orderId
        self.orderLinkId = orderLinkId
    }

    /// The request's values (``Catalog/orderCancel``).
    public var values: RequestValues {
        var v = RequestValues()
        v["category"] = .text(category.rawValue)
        v["symbol"] = .text(symbol)
        v["orderId"] = orderId.map(WireValue.text)
        v["orderLinkId"] = orderLinkId.map(WireValue.text)
        return v
    }

    /// The request after the checks made before the wire.
    public func validated() throws(BybitError) -> CancelOrderRequest {
        _ = try Catalog.orderCancel.checked(values)
        return self
    }
}

/// `GET /v5/order/realtime`, every page: open orders (`openOnly`), or recently finished
/// ones (`openOnly == false`); by `orderId`/`orderLinkId` either. Linear needs `symbol`,
/// `settleCoin` or `baseCoin`.
public struct OrderListRequest: Sendable, Equatable {
    /// `linear` (default) or `inverse`.
    public var category: Category
    /// Upper-case symbol.
    public var symbol: String?
    /// Settle coin (`USDT`): every symbol settled in it.
    public var settleCoin: String?
    /// Base coin (`BTC`).
    public var baseCoin: String?
    /// `true` (default): open orders (`openOnly=0`); `false`: recently finished (`openOnly=1`).
    public var openOnly: Bool
    /// One order by the exchange's id (open or finished).
    public var orderId: String?
    /// One order by the caller's id (open or finished).
    public var orderLinkId: String?
    /// Page size, 1...50 (Bybit's default 20).
    public var limit: Int?

    /// A request; validated when sent.
    public init(
        category: Category = .linear, symbol: String? = nil, settleCoin: String? = nil, baseCoin: String? = nil,
        openOnly: Bool = true, orderId: String? = nil, orderLinkId: String? = nil, limit: Int? = nil
    ) {
        self.category = category
        self.symbol = symbol
        self.settleCoin = settleCoin
        self.baseCoin = baseCoin
        self.openOnly = openOnly
        self.orderId = orderId
        self.orderLinkId = orderLinkId
        self.limit = limit
    }

    /// The request's values (without the page cursor).
    public var values: RequestValues {
        var v = RequestValues()
        v["category"] = .text(category.rawValue)
        v["symbol"] = symbol.map(WireValue.text)
        v["baseCoin"] = baseCoin.map(WireValue.text)
        v["settleCoin"] = settleCoin.map(WireValue.text)
        v["orderId"] = orderId.map(WireValue.text)
        v["orderLinkId"] = orderLinkId.map(WireValue.text)
        v["openOnly"] = .integer(openOnly ? 0 : 1)
        v["limit"] = limit.map { .integer(Int64($0)) }
        return v
    }
}
