public import BybitWire

/// The book every account starts with when no scenario says otherwise:
/// 100,000 USDT and 2 BTC; isolated one-way positions BTCUSDT long 1 @ 60,000 ×10,
/// ETHUSDT short 10 @ 3,000 ×10 and BTCUSD (inverse) long 10,000 @ 60,000 ×10; the
/// instruments BTCUSDT, ETHUSDT, SOLUSDT, BTCUSD, ETHUSD and the USDC-settled BTCPERP and
/// ETHPERP, each with MMR 0.5 %. (No USDC is held: a scenario or the paper controls add it.)
public enum DefaultBook {
    /// The maintenance margin rate of every default instrument.
    public static let maintenanceMarginRate = d("0.005")

    /// The default instruments, marks at the entry prices of the default positions. The
    /// filters are Bybit's published ones for these symbols (BTCUSDT's lot-size filter as
    /// in the instruments-info example; Bybit retunes the `max*` quantities twice a
    /// month, so these are a snapshot). USDC-settled perpetuals are named as Bybit names
    /// them (`BTCPERP`, `ETHPERP`) and listed last, so a seeded random walk moves the
    /// other marks as before.
    public static var instruments: [Instrument] {
        [
            linear(
                "BTCUSDT", base: "BTC", priceScale: 2, tick: "0.10", lot: ("0.001", "1190.000", "500.000"),
                mark: "60000", riskLimit: "2000000"),
            linear(
                "ETHUSDT", base: "ETH", priceScale: 2, tick: "0.01", lot: ("0.01", "7240.00", "3620.00"),
                mark: "3000", riskLimit: "1000000"),
            linear(
                "SOLUSDT", base: "SOL", priceScale: 3, tick: "0.010", lot: ("0.1", "79770.0", "20000.0"),
                mark: "150", riskLimit: "200000"),
            inverse("BTCUSD", base: "BTC", priceScale: 2, tick: "0.50", mark: "60000", riskLimit: "150"),
            inverse("ETHUSD", base: "ETH", priceScale: 2, tick: "0.05", mark: "3000", riskLimit: "3000"),
            linear(
                "BTCPERP", base: "BTC", quote: "USDC", priceScale: 2, tick: "0.50",
                lot: ("0.001", "1190.000", "500.000"), mark: "60000", riskLimit: "2000000"),
            linear(
                "ETHPERP", base: "ETH", quote: "USDC", priceScale: 2, tick: "0.05", lot: ("0.01", "7240.00", "3620.00"),
                mark: "3000", riskLimit: "1000000"),
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

    /// A linear perpetual; `lot` is (`qtyStep` = `minOrderQty`, `maxOrderQty`, `maxMktOrderQty`).
    static func linear(
        _ symbol: String, base: String, quote: String = "USDT", priceScale: Int, tick: String,
        lot: (step: String, max: String, maxMarket: String), mark: String, riskLimit: String
    ) -> Instrument {
        Instrument(
            symbol: symbol, category: .linear, baseCoin: base, quoteCoin: quote, priceScale: priceScale,
            tickSize: d(tick), qtyStep: d(lot.step), minOrderQty: d(lot.step), maxOrderQty: d(lot.max),
            maxLeverage: 100,
            riskTiers: [RiskTier(id: 1, riskLimitValue: d(riskLimit), maintenanceMarginRate: maintenanceMarginRate)],
            initialMarkPrice: d(mark), maxMktOrderQty: d(lot.maxMarket), minNotionalValue: 5)
    }

    /// An inverse perpetual: size in whole USD contracts.
    static func inverse(_ symbol: String, base: String, priceScale: Int, tick: String, mark: String, riskLimit: String)
        -> Instrument
    {
        Instrument(
            symbol: symbol, category: .inverse, baseCoin: base, quoteCoin: "USD", priceScale: priceScale,
            tickSize: d(tick), qtyStep: 1, minOrderQty: 1, maxOrderQty: 1_000_000, maxLeverage: 100,
            riskTiers: [RiskTier(id: 1, riskLimitValue: d(riskLimit), maintenanceMarginRate: maintenanceMarginRate)],
            initialMarkPrice: d(mark), maxMktOrderQty: 500_000, minNotionalValue: 0)
    }

    /// Parses a constant; the literals above are valid by inspection and covered by tests.
    private static func d(_ text: String) -> ExactDecimal {
        (try? ExactDecimal(parsing: text)) ?? .zero
    }
}
