import BybitAPI

/// A scenario's `instruments` entry: overrides for a listed symbol, or a new instrument.
enum InstrumentSpec {
    static let fields: Set<String> = [
        "symbol", "category", "baseCoin", "quoteCoin", "priceScale", "tickSize", "qtyStep", "maxLeverage",
        "markPrice", "maintenanceMarginRate", "mmDeduction", "riskTiers",
    ]

    static func apply(_ value: JSONNode, to instruments: inout [Instrument], at path: String) throws(ScenarioError) {
        let spec = try FileFields(value, at: path, known: fields)
        let symbol = try spec.requiredString("symbol")
        guard symbol == symbol.uppercased() else { throw ScenarioError("\(path).symbol must be upper-case") }
        let existing = instruments.firstIndex { $0.symbol == symbol }
        let base: Instrument
        if let existing {
            base = instruments[existing]
        } else {
            base = try newInstrument(spec, symbol: symbol)
        }
        let d = { (key: String, fallback: ExactDecimal) throws(ScenarioError) -> ExactDecimal in
            try spec.decimal(key) ?? fallback
        }
        var tiers = base.riskTiers
        if spec.has("maintenanceMarginRate") || spec.has("mmDeduction") {
            tiers = [
                RiskTier(
                    id: 1, riskLimitValue: tiers[0].riskLimitValue,
                    maintenanceMarginRate: try d("maintenanceMarginRate", tiers[0].maintenanceMarginRate),
                    mmDeduction: try d("mmDeduction", tiers[0].mmDeduction))
            ]
        }
        if spec.has("riskTiers") {
            tiers = try riskTiers(spec.array("riskTiers"), at: "\(path).riskTiers")
        }
        let mark = try d("markPrice", base.initialMarkPrice)
        let instrument = Instrument(
            symbol: symbol, category: base.category, baseCoin: base.baseCoin, quoteCoin: base.quoteCoin,
            priceScale: base.priceScale, tickSize: base.tickSize, qtyStep: base.qtyStep, minOrderQty: base.minOrderQty,
            maxOrderQty: base.maxOrderQty, maxLeverage: try d("maxLeverage", base.maxLeverage), riskTiers: tiers,
            initialMarkPrice: mark, maxMktOrderQty: base.maxMktOrderQty, minNotionalValue: base.minNotionalValue,
            minLeverage: base.minLeverage, leverageStep: base.leverageStep)
        if let problem = instrument.markPriceProblem(mark) { throw ScenarioError("\(path).markPrice: \(problem)") }
        if let existing { instruments[existing] = instrument } else { instruments.append(instrument) }
    }

    private static func newInstrument(_ spec: FileFields, symbol: String) throws(ScenarioError) -> Instrument {
        let path = spec.path
        guard spec.has("category") else {
            throw ScenarioError("\(path).category (required for a new instrument) must be linear or inverse")
        }
        guard let category = Instrument.Category(rawValue: try spec.requiredString("category")) else {
            throw ScenarioError("\(path).category must be linear or inverse")
        }
        let scale = try spec.integer("priceScale") ?? 2
        guard (0...10).contains(scale) else { throw ScenarioError("\(path).priceScale must be 0...10") }
        let tick = try spec.requiredDecimal("tickSize")
        let step = try spec.requiredDecimal("qtyStep")
        guard tick.sign > 0, step.sign > 0 else {
            throw ScenarioError("\(path): tickSize and qtyStep must be positive")
        }
        guard let onScale = try? tick.rounded(scale: Int(scale), mode: .down), onScale == tick else {
            throw ScenarioError("\(path).tickSize \(tick) has more decimals than priceScale \(scale)")
        }
        return Instrument(
            symbol: symbol, category: category,
            baseCoin: try spec.requiredString("baseCoin"),
            quoteCoin: try spec.requiredString("quoteCoin"),
            priceScale: Int(scale), tickSize: tick, qtyStep: step, minOrderQty: step, maxOrderQty: 1_000_000,
            maxLeverage: 100,
            riskTiers: [
                RiskTier(id: 1, riskLimitValue: 1_000_000_000, maintenanceMarginRate: DefaultBook.maintenanceMarginRate)
            ],
            initialMarkPrice: try spec.requiredDecimal("markPrice"))
    }

    private static func riskTiers(_ list: [JSONNode], at path: String) throws(ScenarioError) -> [RiskTier] {
        var tiers: [RiskTier] = []
        for (i, item) in list.enumerated() {
            let t = try FileFields(
                item, at: "\(path)[\(i)]", known: ["id", "riskLimitValue", "maintenanceMarginRate", "mmDeduction"])
            let mmr = try t.requiredDecimal("maintenanceMarginRate")
            guard mmr.sign >= 0, mmr < 1 else {
                throw ScenarioError("\(t.path).maintenanceMarginRate must be in [0, 1)")
            }
            tiers.append(
                RiskTier(
                    id: Int(try t.integer("id") ?? Int64(i + 1)),
                    riskLimitValue: try t.requiredDecimal("riskLimitValue"),
                    maintenanceMarginRate: mmr, mmDeduction: try t.decimal("mmDeduction") ?? .zero))
        }
        guard !tiers.isEmpty else { throw ScenarioError("\(path) must list at least one tier") }
        guard zip(tiers, tiers.dropFirst()).allSatisfy({ $0.riskLimitValue < $1.riskLimitValue }) else {
            throw ScenarioError("\(path) must be in increasing riskLimitValue order")
        }
        return tiers
    }
}
