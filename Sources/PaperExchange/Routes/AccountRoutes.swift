import BybitAPI

/// `GET /v5/account/wallet-balance` and `GET /v5/account/info`.
enum AccountRoutes {
    static let routes: [Route] = [
        Route(Catalog.walletBalance, access: .signed(.accountRead, mutates: false), handler: walletBalance),
        Route(Catalog.accountInfo, access: .signed(.accountRead, mutates: false), handler: info),
    ]

    /// `accountType=UNIFIED` is required; `coin` filters (comma-separated), otherwise only
    /// coins with a non-zero balance are listed.
    static func walletBalance(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let accountType = input.values.text("accountType")!
        guard accountType == "UNIFIED" else {
            throw .params("accountType '\(accountType)' is not supported; expected UNIFIED")
        }
        // The catalog checked each comma-separated coin.
        let coins = input.values.text("coin").map { $0.split(separator: ",").map(String.init) }
        let apiKey = input.apiKey ?? ""
        return try input.core.read { (book: Book) throws(PaperAPIError) -> JSONNode in
            let account = try book.account(apiKey)
            let entry = try WalletRenderer.render(account, in: book, coins: coins)
            return .object([("list", .array([entry]))])
        }
    }

    /// The account's settings in UTA 2.0's shape: `marginMode` (isolated, cross or
    /// portfolio, as set by the scenario, set-margin-mode or the paper control),
    /// `unifiedMarginStatus` 5 (UTA 2.0), `updatedTime`, and the deprecated fields at the
    /// values the docs give them (`dcpStatus` OFF, `timeWindow` 0, `smpGroup` 0).
    static func info(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let apiKey = input.apiKey ?? ""
        return try input.core.read { (book: Book) throws(PaperAPIError) -> JSONNode in
            let account = try book.account(apiKey)
            return .object([
                ("marginMode", .string(account.marginMode.rawValue)),
                ("updatedTime", Format.ms(account.updatedTime)),
                ("unifiedMarginStatus", 5),
                ("isMasterTrader", false),
                ("spotHedgingStatus", "OFF"),
                ("dcpStatus", "OFF"),
                ("timeWindow", 0),
                ("smpGroup", 0),
            ])
        }
    }
}
