public import BybitWire

/// A perpetual contract the paper exchange lists.
public struct Instrument: Sendable, Equatable {
    /// Linear contracts settle in the quote coin (USDT) with size in the base coin;
    /// inverse contracts settle in the base coin with size in USD contracts.
    public enum Category: String, Sendable, CaseIterable {
        case linear, inverse
    }

    /// e.g. `BTCUSDT`.
    public let symbol: String
    /// Linear or inverse.
    public let category: Category
    /// e.g. `BTC`.
    public let baseCoin: String
    /// `USDT` for linear, `USD` for inverse.
    public let quoteCoin: String
    /// The coin margin and PnL are in: the quote coin for linear, the base coin for inverse.
    public var settleCoin: String { category == .linear ? quoteCoin : baseCoin }
    /// Digits after the point in prices (`liqPrice`, `markPrice`, …).
    public let priceScale: Int
    /// Price step (`priceFilter.tickSize`).
    public let tickSize: ExactDecimal
    /// Lowest price (`priceFilter.minPrice`); a mark below it is refused.
    public let minPrice: ExactDecimal
    /// Highest price (`priceFilter.maxPrice`); a mark above it is refused.
    public let maxPrice: ExactDecimal
    /// Size step.
    public let qtyStep: ExactDecimal
    /// Smallest order size.
    public let minOrderQty: ExactDecimal
    /// Largest order size (`lotSizeFilter.maxOrderQty`, limit orders).
    public let maxOrderQty: ExactDecimal
    /// Largest market order size (`lotSizeFilter.maxMktOrderQty`).
    public let maxMktOrderQty: ExactDecimal
    /// Smallest order value in the quote coin (`lotSizeFilter.minNotionalValue`; 0 for inverse).
    public let minNotionalValue: ExactDecimal
    /// Lowest leverage allowed (`leverageFilter.minLeverage`).
    public let minLeverage: ExactDecimal
    /// Highest leverage allowed (`leverageFilter.maxLeverage`).
    public let maxLeverage: ExactDecimal
    /// Leverage must be a multiple of this (`leverageFilter.leverageStep`).
    public let leverageStep: ExactDecimal
    /// Risk tiers, lowest first; a position uses the first whose limit covers its value.
    public let riskTiers: [RiskTier]
    /// The mark price a run starts with.
    public let initialMarkPrice: ExactDecimal

    /// An instrument; the parameters mirror Bybit's instruments-info fields. The price
    /// filter defaults to Bybit's usual one: `minPrice` one tick, `maxPrice`
    /// 19,999,998 ticks (BTCUSDT: 0.10 and 1999999.80); the leverage filter to 1× in
    /// steps of 0.01; `maxMktOrderQty` to `maxOrderQty`; `minNotionalValue` to 5 for
    /// linear contracts and 0 for inverse ones.
    public init(
        symbol: String, category: Category, baseCoin: String, quoteCoin: String, priceScale: Int,
        tickSize: ExactDecimal, qtyStep: ExactDecimal, minOrderQty: ExactDecimal, maxOrderQty: ExactDecimal,
        maxLeverage: ExactDecimal, riskTiers: [RiskTier], initialMarkPrice: ExactDecimal,
        minPrice: ExactDecimal? = nil, maxPrice: ExactDecimal? = nil, maxMktOrderQty: ExactDecimal? = nil,
        minNotionalValue: ExactDecimal? = nil, minLeverage: ExactDecimal = 1, leverageStep: ExactDecimal? = nil
    ) {
        self.symbol = symbol
        self.category = category
        self.baseCoin = baseCoin
        self.quoteCoin = quoteCoin
        self.priceScale = priceScale
        self.tickSize = tickSize
        self.minPrice = minPrice ?? tickSize
        self.maxPrice = maxPrice ?? (try? tickSize.multiplied(by: Self.maxPriceTicks)) ?? tickSize
        self.qtyStep = qtyStep
        self.minOrderQty = minOrderQty
        self.maxOrderQty = maxOrderQty
        self.maxMktOrderQty = maxMktOrderQty ?? maxOrderQty
        self.minNotionalValue = minNotionalValue ?? (category == .linear ? 5 : 0)
        self.minLeverage = minLeverage
        self.maxLeverage = maxLeverage
        self.leverageStep = leverageStep ?? Self.usualLeverageStep
        self.riskTiers = riskTiers
        self.initialMarkPrice = initialMarkPrice
    }

    /// Bybit's leverage step on every perpetual (`0.01`).
    static let usualLeverageStep = ExactDecimal("0.01") ?? 1

    /// The tier for a position of this value (in the settle coin for inverse, the quote
    /// coin for linear); the last tier when the value is above every limit.
    public func riskTier(forValue value: ExactDecimal) -> RiskTier {
        riskTiers.first { value <= $0.riskLimitValue } ?? riskTiers[riskTiers.count - 1]
    }
}

/// One risk-limit tier (`GET /v5/market/risk-limit`).
public struct RiskTier: Sendable, Equatable {
    /// `riskId`.
    public let id: Int
    /// The largest position value the tier covers.
    public let riskLimitValue: ExactDecimal
    /// Maintenance margin rate (0.005 is 0.5 %).
    public let maintenanceMarginRate: ExactDecimal
    /// Subtracted from `value × MMR` in the tier's MM formula.
    public let mmDeduction: ExactDecimal

    /// A tier; the deduction defaults to zero.
    public init(
        id: Int, riskLimitValue: ExactDecimal, maintenanceMarginRate: ExactDecimal, mmDeduction: ExactDecimal = .zero
    ) {
        self.id = id
        self.riskLimitValue = riskLimitValue
        self.maintenanceMarginRate = maintenanceMarginRate
        self.mmDeduction = mmDeduction
    }
}
