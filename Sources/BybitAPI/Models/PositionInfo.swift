/// One position ("position info" in Bybit's docs), as returned by
/// `GET /v5/position/list` and `POST /v5/position/add-margin`.
///
/// Typed fields cover what margin logic reads; ``raw`` keeps every field the exchange
/// sent (the Lua layer converts that, not these). Decimal fields are `nil` when Bybit
/// sends `""` (e.g. `liqPrice` beyond the price limits, everything in PM mode).
public struct PositionInfo: Sendable, Equatable {
    /// The position object exactly as received.
    public let raw: JSONValue
    /// Symbol, e.g. `BTCUSDT`.
    public let symbol: String
    /// `linear` or `inverse`, when the object says (add-margin replies do; list items
    /// take it from the page).
    public let category: Category?
    /// 0 one-way, 1 hedge Buy, 2 hedge Sell.
    public let positionIdx: Int?
    /// `Buy` (long), `Sell` (short), or `nil` for an empty position (`""`).
    public let side: String?
    /// Size, always positive.
    public let size: ExactDecimal?
    /// Average entry price.
    public let avgPrice: ExactDecimal?
    /// Position value.
    public let positionValue: ExactDecimal?
    /// Leverage (`nil` in portfolio-margin mode).
    public let leverage: ExactDecimal?
    /// Mark price.
    public let markPrice: ExactDecimal?
    /// Liquidation price (`nil` when Bybit sends `""`).
    public let liqPrice: ExactDecimal?
    /// Bankruptcy price (deprecated by Bybit, usually `nil`).
    public let bustPrice: ExactDecimal?
    /// Initial margin.
    public let positionIM: ExactDecimal?
    /// Maintenance margin.
    public let positionMM: ExactDecimal?
    /// Whether auto-add-margin is on (isolated only).
    public let autoAddMargin: Bool?
    /// `Normal`, `Liq` or `Adl`.
    public let positionStatus: String?
    /// Risk-limit tier id.
    public let riskId: Int64?
    /// Risk-limit value.
    public let riskLimitValue: ExactDecimal?
    /// Take-profit, stop-loss and trailing-stop prices.
    public let takeProfit: ExactDecimal?, stopLoss: ExactDecimal?, trailingStop: ExactDecimal?
    /// Unrealised PnL.
    public let unrealisedPnl: ExactDecimal?
    /// Realised PnL of the current holding, and cumulative realised PnL.
    public let curRealisedPnl: ExactDecimal?, cumRealisedPnl: ExactDecimal?
    /// Created and updated times, Unix ms.
    public let createdTime: Int64?, updatedTime: Int64?

    /// Decodes a position object.
    /// - Throws: `decoding` when `symbol` is missing or a field has the wrong type.
    init(json: JSONValue, endpoint: String) throws(BybitError) {
        let r = try ModelFields(json, what: "position", endpoint: endpoint)
        raw = json
        symbol = try r.requiredString("symbol")
        category = try r.string("category").flatMap { $0.isEmpty ? nil : Category(rawValue: $0) }
        positionIdx = try r.int("positionIdx").map { Int($0) }
        side = try r.string("side").flatMap { $0.isEmpty ? nil : $0 }
        size = try r.decimal("size")
        avgPrice = try r.decimal("avgPrice")
        positionValue = try r.decimal("positionValue")
        leverage = try r.decimal("leverage")
        markPrice = try r.decimal("markPrice")
        liqPrice = try r.decimal("liqPrice")
        bustPrice = try r.decimal("bustPrice")
        positionIM = try r.decimal("positionIM")
        positionMM = try r.decimal("positionMM")
        autoAddMargin = try r.bool("autoAddMargin")
        positionStatus = try r.string("positionStatus")
        riskId = try r.int("riskId")
        riskLimitValue = try r.decimal("riskLimitValue")
        takeProfit = try r.decimal("takeProfit")
        stopLoss = try r.decimal("stopLoss")
        trailingStop = try r.decimal("trailingStop")
        unrealisedPnl = try r.decimal("unrealisedPnl")
        curRealisedPnl = try r.decimal("curRealisedPnl")
        cumRealisedPnl = try r.decimal("cumRealisedPnl")
        createdTime = try r.int("createdTime")
        updatedTime = try r.int("updatedTime")
    }
}

/// The positions of `GET /v5/position/list`, every page followed.
public struct PositionList: Sendable, Equatable {
    /// The `category` of the reply.
    public let category: Category
    /// Every position from every page, in order.
    public let positions: [PositionInfo]
    /// The `result` object of each page exactly as received, in order.
    public let rawPages: [JSONValue]
}
