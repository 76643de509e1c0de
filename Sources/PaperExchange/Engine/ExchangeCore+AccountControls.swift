import BybitAPI

/// The account controls (Swift API, `/paper/` endpoints and, through the runner, Lua's
/// `bybit.paper.*`): one implementation behind all three, each a single atomic mutation.
extension ExchangeCore {
    /// Opens or replaces a position (``Book/openPosition(apiKey:instrument:_:nowMs:)``).
    func openPosition(apiKey: String, symbol: String, _ order: Book.PositionOrder) throws(PaperAPIError) -> Position {
        let now = serverNowMs()
        return try mutate { (book: inout Book) throws(PaperAPIError) -> Position in
            try book.openPosition(apiKey: apiKey, instrument: try book.listed(symbol), order, nowMs: now)
        }
    }

    /// Sets one coin's wallet balance.
    func setWallet(apiKey: String, coin: String, amount: ExactDecimal) throws(PaperAPIError) {
        guard !coin.isEmpty, coin == coin.uppercased(), coin.allSatisfy({ $0.isLetter || $0.isNumber }) else {
            throw .params("coin '\(coin)' must be an upper-case coin name such as USDT")
        }
        let now = serverNowMs()
        try mutate { (book: inout Book) throws(PaperAPIError) in
            try book.setWallet(apiKey: apiKey, coin: coin, amount: amount, nowMs: now)
        }
    }

    /// Sets the account's margin mode without Bybit's checks; returns what the engine did
    /// about it (a position that isolated margin no longer keeps alive is liquidated).
    func setMarginModeControl(apiKey: String, _ mode: MarginMode) throws(PaperAPIError) -> [LedgerEntry] {
        let now = serverNowMs()
        return try mutate { (book: inout Book) throws(PaperAPIError) -> [LedgerEntry] in
            try book.setMarginMode(apiKey: apiKey, to: mode, nowMs: now, enforce: false)
        }
    }

    /// Puts a flat symbol in hedge or one-way mode; setting the mode it is in changes nothing.
    func setPositionModeControl(apiKey: String, symbol: String, hedge: Bool) throws(PaperAPIError) {
        let now = serverNowMs()
        try mutate { (book: inout Book) throws(PaperAPIError) in
            let instrument = try book.listed(symbol)
            guard !hedge || instrument.supportsHedgeMode else {
                throw .params("hedge mode is not supported for \(symbol): only linear USDT contracts have it")
            }
            let account = try book.account(apiKey)
            guard account.hedgeModeSymbols.contains(symbol) != hedge else { return }
            do throws(PaperAPIError) {
                try book.switchPositionMode(
                    apiKey: apiKey, instruments: [instrument], hedge: hedge, nowMs: now, action: .paperControl)
            } catch {
                guard error == .switchModeWithPosition || error == .switchModeWithOrders else { throw error }
                throw .params("\(symbol) has an open position or open orders: set its position mode before opening one")
            }
        }
    }
}

extension Book {
    /// The listed instrument `symbol` (10001 naming it otherwise).
    func listed(_ symbol: String) throws(PaperAPIError) -> Instrument {
        guard let instrument = instrument(symbol) else {
            throw .params("Not supported symbols: '\(symbol)' is not listed")
        }
        return instrument
    }
}
