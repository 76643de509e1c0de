import BybitAPI

/// The `wallet-balance` entry of an account: per-coin figures in the coin, account totals
/// in USD at the current marks.
enum WalletRenderer {
    struct CoinFigures {
        var wallet = ExactDecimal.zero
        var positionIM = ExactDecimal.zero
        /// Initial margin held back by resting orders.
        var orderIM = ExactDecimal.zero
        var positionMM = ExactDecimal.zero
        var upl = ExactDecimal.zero
        var cumRealised = ExactDecimal.zero
    }

    static func figures(_ account: Account, in book: Book) throws(PaperAPIError) -> [String: CoinFigures] {
        var byCoin: [String: CoinFigures] = [:]
        for (coin, balance) in account.wallets { byCoin[coin, default: CoinFigures()].wallet = balance }
        for position in account.allPositions {
            guard let instrument = book.instrument(position.symbol) else { continue }
            let m = try book.metrics(position, in: account)
            try arithmetic { () throws(DecimalError) in
                var f = byCoin[instrument.settleCoin] ?? CoinFigures()
                f.positionIM = try f.positionIM.adding(m.positionIM)
                f.positionMM = try f.positionMM.adding(m.maintenanceMargin)
                f.upl = try f.upl.adding(m.unrealisedPnl)
                f.cumRealised = try f.cumRealised.adding(position.cumRealisedPnl)
                byCoin[instrument.settleCoin] = f
            }
        }
        for coin in byCoin.keys {
            byCoin[coin]?.orderIM = try arithmetic { () throws(DecimalError) in try book.totalOrderIM(coin, in: account) }
        }
        return byCoin
    }

    static func render(_ account: Account, in book: Book, coins: [String]?) throws(PaperAPIError) -> JSONNode {
        let byCoin = try figures(account, in: book)
        let listed =
            coins
            ?? byCoin.keys.sorted().filter {
                !(byCoin[$0]?.wallet.isZero ?? true) || !(byCoin[$0]?.positionIM.isZero ?? true)
            }
        return try arithmetic { () throws(DecimalError) -> JSONNode in
            var rows: [JSONNode] = []
            var totals = (
                wallet: ExactDecimal.zero, equity: ExactDecimal.zero, available: ExactDecimal.zero,
                upl: ExactDecimal.zero, im: ExactDecimal.zero, mm: ExactDecimal.zero
            )
            for (coin, f) in byCoin.sorted(by: { $0.key < $1.key }) {
                let usd = book.usdPrice(of: coin)
                let equity = try f.wallet.adding(f.upl)
                let available = try f.wallet.subtracting(f.positionIM).subtracting(f.orderIM)
                totals.wallet = try totals.wallet.adding(f.wallet.multiplied(by: usd))
                totals.equity = try totals.equity.adding(equity.multiplied(by: usd))
                totals.available = try totals.available.adding(ExactDecimal.max(.zero, available).multiplied(by: usd))
                totals.upl = try totals.upl.adding(f.upl.multiplied(by: usd))
                totals.im = try totals.im.adding(f.positionIM.adding(f.orderIM).multiplied(by: usd))
                totals.mm = try totals.mm.adding(f.positionMM.multiplied(by: usd))
            }
            for coin in listed {
                let f = byCoin[coin] ?? CoinFigures()
                let equity = try f.wallet.adding(f.upl)
                rows.append(
                    .object([
                        ("coin", .string(coin)),
                        ("equity", Format.amount(equity)),
                        ("usdValue", Format.amount(try equity.multiplied(by: book.usdPrice(of: coin)))),
                        ("walletBalance", Format.amount(f.wallet)),
                        ("free", ""), ("locked", "0"), ("spotHedgingQty", "0"),
                        ("borrowAmount", "0"), ("availableToWithdraw", ""), ("availableToBorrow", ""),
                        ("accruedInterest", "0"), ("totalOrderIM", Format.amount(f.orderIM)),
                        ("totalPositionIM", Format.amount(f.positionIM)),
                        ("totalPositionMM", Format.amount(f.positionMM)),
                        ("unrealisedPnl", Format.amount(f.upl)),
                        ("cumRealisedPnl", Format.amount(f.cumRealised)),
                        ("bonus", "0"), ("marginCollateral", true), ("collateralSwitch", true), ("spotBorrow", "0"),
                    ]))
            }
            let marginBalance = try totals.wallet.adding(totals.upl)
            let imRate =
                marginBalance.sign > 0
                ? Format.plain(try totals.im.divided(by: marginBalance, scale: 4, rounding: .halfUp)) : "0"
            let mmRate =
                marginBalance.sign > 0
                ? Format.plain(try totals.mm.divided(by: marginBalance, scale: 4, rounding: .halfUp)) : "0"
            return .object([
                ("accountType", "UNIFIED"),
                ("accountIMRate", imRate), ("accountMMRate", mmRate),
                ("accountIMRateByMp", imRate), ("accountMMRateByMp", mmRate),
                ("accountLTV", "0"),
                ("totalEquity", Format.amount(totals.equity)),
                ("totalWalletBalance", Format.amount(totals.wallet)),
                ("totalMarginBalance", Format.amount(marginBalance)),
                ("totalAvailableBalance", Format.amount(totals.available)),
                ("totalPerpUPL", Format.amount(totals.upl)),
                ("totalInitialMargin", Format.amount(totals.im)),
                ("totalInitialMarginByMp", Format.amount(totals.im)),
                ("totalMaintenanceMargin", Format.amount(totals.mm)),
                ("totalMaintenanceMarginByMp", Format.amount(totals.mm)),
                ("coin", .array(rows)),
            ])
        }
    }
}
