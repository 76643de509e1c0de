import BybitAPI

/// Operations the control surface (Swift and `/paper/`) performs on the book.
extension ExchangeCore {
    /// Sets a mark price and runs auto-add and liquidation; returns what that caused.
    func setMarkPrice(symbol: String, _ price: ExactDecimal) throws(PaperAPIError) -> [LedgerEntry] {
        guard price.sign > 0 else { throw .params("markPrice must be positive, got \(price)") }
        let now = serverNowMs()
        return try mutate { (book: inout Book) throws(PaperAPIError) -> [LedgerEntry] in
            guard book.instrument(symbol) != nil else { throw .params("Not supported symbols: '\(symbol)' is not listed") }
            return book.setMark(symbol, to: price, nowMs: now)
        }
    }

    /// Sets several marks in one atomic step (a walk tick, a price-path step).
    func setMarkPrices(_ prices: [(String, ExactDecimal)]) throws(PaperAPIError) -> [LedgerEntry] {
        let now = serverNowMs()
        return try mutate { (book: inout Book) throws(PaperAPIError) -> [LedgerEntry] in
            var events: [LedgerEntry] = []
            for (symbol, price) in prices {
                guard book.instrument(symbol) != nil, price.sign > 0 else {
                    throw .params("cannot set mark price \(price) for '\(symbol)'")
                }
                events += book.setMark(symbol, to: price, nowMs: now)
            }
            return events
        }
    }

    /// Adds an account with the default book; refuses a key that exists.
    func createAccount(_ credential: APICredential) throws(PaperAPIError) {
        let now = serverNowMs()
        try mutate { (book: inout Book) throws(PaperAPIError) in
            guard book.accounts[credential.apiKey] == nil else {
                throw .params("an account with apiKey '\(credential.apiKey)' already exists")
            }
            book.accounts[credential.apiKey] = DefaultBook.account(for: credential, nowMs: now)
            book.ledger.append(
                timeMs: now, apiKey: credential.apiKey, action: .createAccount, symbol: "", positionIdx: 0, detail: [:])
        }
    }

    /// A copy of the ledger.
    func ledgerSnapshot() -> LedgerSnapshot {
        (try? read { (book: Book) throws(PaperAPIError) in
            LedgerSnapshot(entries: book.ledger.entries, total: book.ledger.total, counts: book.ledger.counts)
        }) ?? LedgerSnapshot(entries: [], total: 0, counts: [:])
    }
}
