public import BybitAPI

/// The book every account starts with when no scenario says otherwise:
/// 100,000 USDT and 2 BTC; isolated one-way positions BTCUSDT long 1 @ 60,000 ×10,
/// ETHUSDT short 10 @ 3,000 ×10 and BTCUSD (inverse) long 10,000 @ 60,000 ×10; the
/// instruments BTCUSDT, ETHUSDT, SOLUSDT, BTCUSD and ETHUSD, each with MMR 0.5 %.
public enum DefaultBook {
    /// The maintenance margin rate of every default instrument.
    public static let maintenanceMarginRate = d("0.005")

    /// The default instruments, marks at the entry prices of the default positions.
    public static var instruments: [Instrument] {
        [
            linear(
                "BTCUSDT", base: "BTC", priceScale: 2, tick: "0.10", qtyStep: "0.001", mark: "60000",
                riskLimit: "2000000"),
            linear(
                "ETHUSDT", base: "ETH", priceScale: 2, tick: "0.01", qtyStep: "0.01", mark: "3000", riskLimit: "1000000"
            ),
            linear(
                "SOLUSDT", base: "SOL", priceScale: 3, tick: "0.010", qtyStep: "0.1", mark: "150", riskLimit: "200000"),
            inverse("BTCUSD", base: "BTC", priceScale: 2, tick: "0.50", mark: "60000", riskLimit: "150"),
            inverse("ETHUSD", base: "ETH", priceScale: 2, tick: "0.05", mark: "3000", riskLimit: "3000"),
        ]
    }

    /// A fresh default account for `credential`.
    public static func account(for credential: APICredential, nowMs: Int64) -> Account {
        Account(
            credential: credential, marginMode: .isolated,
            wallets: ["USDT": 100_000, "BTC": 2],
            positions: [
                Position(
                    symbol: "BTCUSDT", positionIdx: 0, side: .buy, size: 1, avgPrice: 60_000, leverage: 10,
                    createdTime: nowMs, updatedTime: nowMs),
                Position(
                    symbol: "ETHUSDT", positionIdx: 0, side: .sell, size: 10, avgPrice: 3_000, leverage: 10,
                    createdTime: nowMs, updatedTime: nowMs),
                Position(
                    symbol: "BTCUSD", positionIdx: 0, side: .buy, size: 10_000, avgPrice: 60_000, leverage: 10,
                    createdTime: nowMs, updatedTime: nowMs),
            ],
            updatedTime: nowMs)
    }

    static func linear(
        _ symbol: String, base: String, priceScale: Int, tick: String, qtyStep: String, mark: String, riskLimit: String
    ) -> Instrument {
        Instrument(
            symbol: symbol, category: .linear, baseCoin: base, quoteCoin: "USDT", priceScale: priceScale,
            tickSize: d(tick), qtyStep: d(qtyStep), minOrderQty: d(qtyStep), maxOrderQty: 1_000_000,
            maxLeverage: 100,
            riskTiers: [RiskTier(id: 1, riskLimitValue: d(riskLimit), maintenanceMarginRate: maintenanceMarginRate)],
            initialMarkPrice: d(mark))
    }

    static func inverse(_ symbol: String, base: String, priceScale: Int, tick: String, mark: String, riskLimit: String)
        -> Instrument
    {
        Instrument(
            symbol: symbol, category: .inverse, baseCoin: base, quoteCoin: "USD", priceScale: priceScale,
            tickSize: d(tick), qtyStep: 1, minOrderQty: 1, maxOrderQty: 100_000_000, maxLeverage: 100,
            riskTiers: [RiskTier(id: 1, riskLimitValue: d(riskLimit), maintenanceMarginRate: maintenanceMarginRate)],
            initialMarkPrice: d(mark))
    }

    /// Parses a constant; the literals above are valid by inspection and covered by tests.
    private static func d(_ text: String) -> ExactDecimal {
        (try? ExactDecimal(parsing: text)) ?? .zero
    }
}
