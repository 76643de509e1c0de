import BybitAPI

/// A scenario's `trading` object: the fee rates and the market-order slippage of the run,
///
///     "trading": {"takerFeeRate": "0.00055", "makerFeeRate": "0.0002", "marketSlippage": "0.001"}
///
/// each optional (Bybit's base rates and no slippage otherwise). Rates are fractions in
/// [0, 0.1) (a maker rebate, a negative rate, is not modelled); the slippage in [0, 0.1).
enum TradingSpec {
    static func terms(_ value: JSONNode) throws(ScenarioError) -> TradingTerms {
        let spec = try FileFields(value, at: "trading", known: ["takerFeeRate", "makerFeeRate", "marketSlippage"])
        var terms = TradingTerms()
        let limit = (try? ExactDecimal(coefficient: 1, scale: 1)) ?? .one  // 0.1
        for (key, field) in [
            ("takerFeeRate", \TradingTerms.takerFeeRate), ("makerFeeRate", \.makerFeeRate),
            ("marketSlippage", \.marketSlippage),
        ] {
            guard let rate = try spec.decimal(key) else { continue }
            guard rate.sign >= 0, rate < limit else {
                throw ScenarioError("trading.\(key) must be in [0, 0.1), got \(rate)")
            }
            terms[keyPath: field] = rate
        }
        return terms
    }
}
