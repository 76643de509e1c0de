import BybitAPI

/// The whole exchange state: instruments, mark prices, accounts and the ledger.
///
/// A value type kept behind one lock (``ExchangeCore``): a mutation works on a copy and
/// the copy replaces the book only when every check passed, so a refused request leaves
/// no partial change behind.
struct Book: Sendable {
    /// Instruments in listing order.
    var instruments: [Instrument]
    var marks: [String: ExactDecimal]
    /// Lowest and highest mark seen, for the 24 h fields of tickers.
    var markRange: [String: (low: ExactDecimal, high: ExactDecimal)]
    var accounts: [String: Account]
    var ledger = Ledger()
    /// Orders, fills and the fee terms.
    var trading = TradingBook()

    init(instruments: [Instrument], accounts: [Account]) {
        self.instruments = instruments
        self.marks = Dictionary(uniqueKeysWithValues: instruments.map { ($0.symbol, $0.initialMarkPrice) })
        self.markRange = Dictionary(
            uniqueKeysWithValues: instruments.map { ($0.symbol, (low: $0.initialMarkPrice, high: $0.initialMarkPrice)) }
        )
        self.accounts = Dictionary(accounts.map { ($0.apiKey, $0) }, uniquingKeysWith: { _, last in last })
    }

    func instrument(_ symbol: String) -> Instrument? { instruments.first { $0.symbol == symbol } }

    func mark(_ symbol: String) -> ExactDecimal { marks[symbol] ?? .zero }

    /// The value of one unit of `coin` in USD(T), from the `<coin>USDT` mark; 1 for stablecoins.
    func usdPrice(of coin: String) -> ExactDecimal {
        if coin == "USDT" || coin == "USDC" || coin == "USD" { return .one }
        return marks[coin + "USDT"] ?? marks[coin + "USD"] ?? .zero
    }

    /// Figures for one stored position at the current mark.
    func metrics(_ position: Position, in account: Account) throws(PaperAPIError) -> PositionMetrics {
        guard let instrument = instrument(position.symbol) else {
            // Positions are only stored for listed instruments; scenario loading checks it.
            throw PaperAPIError.internalFailure("no instrument \(position.symbol)")
        }
        return try arithmetic { () throws(DecimalError) in
            var collateral = ExactDecimal.zero
            if account.marginMode.isAccountWide && position.isOpen {
                collateral = ExactDecimal.max(.zero, try availableBalance(instrument.settleCoin, in: account))
            }
            return try PositionMetrics.compute(
                position, instrument: instrument, mark: mark(position.symbol), crossCollateral: collateral)
        }
    }

    /// Total `positionIM` of the open positions settled in `coin`.
    func totalPositionIM(_ coin: String, in account: Account) throws(DecimalError) -> ExactDecimal {
        var total = ExactDecimal.zero
        for position in account.positions.values where position.isOpen {
            guard let instrument = instrument(position.symbol), instrument.settleCoin == coin,
                let terms = try PositionMetrics.terms(of: position, instrument: instrument)
            else { continue }
            total = try total.adding(IsolatedMargin.positionMargin(terms))
        }
        return total
    }

    /// Available balance for isolated margin (reference §4.5):
    /// `walletBalance − totalPositionIM − totalOrderIM − locked − bonus` (no locks or
    /// bonus exist here).
    func availableBalance(_ coin: String, in account: Account) throws(DecimalError) -> ExactDecimal {
        try account.walletBalance(coin).subtracting(totalPositionIM(coin, in: account))
            .subtracting(totalOrderIM(coin, in: account))
    }
}
