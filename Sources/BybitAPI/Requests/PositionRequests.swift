/// `POST /v5/position/add-margin`: add (positive) or reduce (negative) the margin of an
/// isolated position.
public struct AddMarginRequest: Sendable, Equatable {
    /// `linear` (default) or `inverse`.
    public var category: Category
    /// Upper-case symbol, e.g. `BTCUSDT`.
    public var symbol: String
    /// Non-zero, at most 4 decimals; positive adds, negative reduces. Sent as a string.
    public var margin: ExactDecimal
    /// 0 one-way, 1 hedge Buy, 2 hedge Sell; required by Bybit in hedge mode.
    public var positionIdx: Int?

    /// A request; validated when sent.
    public init(category: Category = .linear, symbol: String, margin: ExactDecimal, positionIdx: Int? = nil) {
        self.category = category
        self.symbol = symbol
        self.margin = margin
        self.positionIdx = positionIdx
    }
}

/// `POST /v5/position/set-auto-add-margin`: turn auto-add-margin on or off for an
/// isolated linear position.
public struct SetAutoAddMarginRequest: Sendable, Equatable {
    /// Only `linear` is allowed (Bybit removed inverse support).
    public var category: Category
    /// Upper-case symbol.
    public var symbol: String
    /// On or off; sent as `autoAddMargin` 1 or 0.
    public var autoAddMargin: Bool
    /// 0 one-way, 1 hedge Buy, 2 hedge Sell; required by Bybit in hedge mode.
    public var positionIdx: Int?

    /// A request; validated when sent.
    public init(category: Category = .linear, symbol: String, autoAddMargin: Bool, positionIdx: Int? = nil) {
        self.category = category
        self.symbol = symbol
        self.autoAddMargin = autoAddMargin
        self.positionIdx = positionIdx
    }
}

/// `GET /v5/position/list`. The client follows `nextPageCursor` until the last page.
public struct PositionListRequest: Sendable, Equatable {
    /// `linear`, `inverse` or `option`.
    public var category: Category
    /// Upper-case symbol; with it Bybit returns the position whether or not it is open.
    public var symbol: String?
    /// Option base coin.
    public var baseCoin: String?
    /// Settle coin (`USDT`); for linear, `symbol` or `settleCoin` is required.
    public var settleCoin: String?
    /// Page size, 1...200 (Bybit's default is 20).
    public var limit: Int?

    /// A request; validated when sent.
    public init(
        category: Category = .linear, symbol: String? = nil, baseCoin: String? = nil, settleCoin: String? = nil,
        limit: Int? = nil
    ) {
        self.category = category
        self.symbol = symbol
        self.baseCoin = baseCoin
        self.settleCoin = settleCoin
        self.limit = limit
    }
}
