import BybitAPI

/// Operations the control surface (Swift and `/paper/`) performs on the book.
extension ExchangeCore {
    /// Sets a mark price and runs auto-add and liquidation; returns what that caused.
    /// Refused (10001) for an unlisted symbol or a price outside its price filter.
    func setMarkPrice(symbol: String, _ price: ExactDecimal) throws(PaperAPIError) -> [LedgerEntry] {
        let now = serverNowMs()
        return try mutate { (book: inout Book) throws(PaperAPIError) -> [LedgerEntry] in
            try book.setMark(symbol, to: price, nowMs: now)
        }
    }

    /// Sets several marks in one atomic step (a walk tick, a price-path step): all of them,
    /// or none when one is refused.
    func setMarkPrices(_ prices: [(String, ExactDecimal)]) throws(PaperAPIError) -> [LedgerEntry] {
        let now = serverNowMs()
        return try mutate { (book: inout Book) throws(PaperAPIError) -> [LedgerEntry] in
            var events: [LedgerEntry] = []
            for (symbol, price) in prices { events += try book.setMark(symbol, to: price, nowMs: now) }
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
