import BybitAPI

/// Two endpoints outside the margin set that ccxt's unified methods call first, so that
/// `fetch_positions`, `fetch_balance` and friends work unchanged instead of failing with
/// 10017:
/// - `GET /v5/asset/coin/query-info` (from `load_markets()` whenever keys are set): the
///   coins the instruments use, with no deposit/withdraw chains (nowhere to withdraw to);
/// - `GET /v5/user/query-api` (from `fetch_balance`, to learn the account type): the key's
///   info, a unified trading account with read-write position permissions.
enum ClientSupportRoutes {
    static let routes: [Route] = [
        Route(
            method: .get, path: "/v5/asset/coin/query-info", access: .signed(.accountRead, mutates: false),
            handler: coinInfo),
        Route(
            method: .get, path: "/v5/user/query-api", access: .signed(.accountRead, mutates: false), handler: apiKeyInfo
        ),
    ]

    static func apiKeyInfo(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let apiKey = input.apiKey ?? ""
        return try input.core.read { (book: Book) throws(PaperAPIError) -> JSONNode in
            let account = try book.account(apiKey)
            let isRSA: Bool
            if case .rsa = account.credential.verification { isRSA = true } else { isRSA = false }
            return .object([
                ("id", "1"), ("note", "paper"), ("apiKey", .string(apiKey)), ("readOnly", 0), ("secret", ""),
                (
                    "permissions",
                    .object([
                        ("ContractTrade", .array(["Order", "Position"])), ("Spot", .array([])),
                        ("Wallet", .array(["AccountTransfer"])),
                        ("Options", .array([])), ("Derivatives", .array([])), ("Exchange", .array([])),
                        ("NFT", .array([])),
                    ])
                ),
                ("ips", .array(["*"])), ("type", isRSA ? 2 : 1), ("deadlineDay", -1), ("expiredAt", ""),
                ("createdAt", .string(String(account.updatedTime))), ("unified", 0), ("uta", 1), ("userID", 1),
                ("inviterID", 0), ("vipLevel", "No VIP"), ("mktMakerLevel", "0"), ("affiliateID", 0),
                ("rsaPublicKey", ""),
                ("isMaster", true),
            ])
        }
    }

    static func coinInfo(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let wanted = try input.params.string("coin")
        let apiKey = input.apiKey ?? ""
        return try input.core.read { (book: Book) throws(PaperAPIError) -> JSONNode in
            let account = try book.account(apiKey)
            var coins = Set(book.instruments.flatMap { [$0.baseCoin, $0.settleCoin] }).subtracting(["USD"])
            coins.formUnion(account.wallets.keys)
            if let wanted { coins = coins.intersection([wanted]) }
            let rows: [JSONNode] = coins.sorted().map { coin in
                .object([
                    ("name", .string(coin)), ("coin", .string(coin)),
                    ("remainAmount", Format.amount(account.walletBalance(coin))), ("chains", .array([])),
                ])
            }
            return .object([("rows", .array(rows))])
        }
    }
}
