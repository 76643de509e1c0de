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
