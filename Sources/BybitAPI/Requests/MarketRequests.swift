/// `GET /v5/market/tickers`.
public struct TickersRequest: Sendable, Equatable {
    /// `spot`, `linear`, `inverse` or `option`.
    public var category: Category
    /// Upper-case symbol; all symbols of the category when `nil`.
    public var symbol: String?
    /// Option base coin.
    public var baseCoin: String?
    /// Option expiry date, e.g. `25DEC22`.
    public var expDate: String?

    /// A request; validated when sent.
    public init(category: Category = .linear, symbol: String? = nil, baseCoin: String? = nil, expDate: String? = nil) {
        self.category = category
        self.symbol = symbol
        self.baseCoin = baseCoin
        self.expDate = expDate
    }
}

/// `GET /v5/market/instruments-info` (one page).
public struct InstrumentsInfoRequest: Sendable, Equatable {
    /// `spot`, `linear`, `inverse` or `option`.
    public var category: Category
    /// Upper-case symbol; every instrument of the category when `nil`.
    public var symbol: String?
    /// Base coin filter.
    public var baseCoin: String?
    /// Page size, 1...1000 (Bybit's default 500).
    public var limit: Int?
    /// `nextPageCursor` of the previous page.
    public var cursor: String?

    /// A request; validated when sent.
    public init(
        category: Category, symbol: String? = nil, baseCoin: String? = nil, limit: Int? = nil, cursor: String? = nil
    ) {
        self.category = category
        self.symbol = symbol
        self.baseCoin = baseCoin
        self.limit = limit
        self.cursor = cursor
    }
}
