import BybitAPI

/// A scenario's `trading` object: the fee rates and the market-order slippage of the run,
/// and optionally of particular instruments,
///
///     "trading": {"takerFeeRate": "0.00055", "makerFeeRate": "0.0002", "marketSlippage": "0.001",
///                 "symbols": {"BTCUSDT": {"takerFeeRate": "0.0004"}}}
///
/// each optional (Bybit's base rates and no slippage otherwise; an instrument's omitted
/// fields are the run's). Rates are fractions in [0, 0.1) (a maker rebate, a negative rate,
/// is not modelled); the slippage in [0, 0.1).
enum TradingSpec {
    static func terms(_ value: JSONNode, instruments: [Instrument]) throws(ScenarioError) -> TradingTerms {
        let spec = try FileFields(
            value, at: "trading", known: ["takerFeeRate", "makerFeeRate", "marketSlippage", "symbols"])
        var terms = try rates(spec, base: TradingTerms())
        if let symbols = try spec.object("symbols") {
            for symbol in symbols.fields.members.keys {
                guard instruments.contains(where: { $0.symbol == symbol }) else {
                    throw ScenarioError("trading.symbols: '\(symbol)' is not a listed instrument")
                }
                let item = try FileFields(
                    symbols.fields.value(symbol) ?? .null, at: "trading.symbols.\(symbol)",
                    known: ["takerFeeRate", "makerFeeRate", "marketSlippage"])
                terms.symbols[symbol] = try rates(item, base: terms)
            }
        }
        return terms
    }

    /// `base` with the rates `spec` states.
    private static func rates(_ spec: FileFields, base: TradingTerms) throws(ScenarioError) -> TradingTerms {
        var terms = base
        terms.symbols = [:]
        let limit = (try? ExactDecimal(coefficient: 1, scale: 1)) ?? .one  // 0.1
        for (key, field) in [
            ("takerFeeRate", \TradingTerms.takerFeeRate), ("makerFeeRate", \.makerFeeRate),
            ("marketSlippage", \.marketSlippage),
        ] {
            guard let rate = try spec.decimal(key) else { continue }
            guard rate.sign >= 0, rate < limit else {
                throw ScenarioError("\(spec.path).\(key) must be in [0, 0.1), got \(rate)")
            }
            terms[keyPath: field] = rate
        }
        return terms
    }
}
