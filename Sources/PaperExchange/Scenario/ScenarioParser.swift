import BybitAPI

/// Turns scenario JSON into instruments, accounts and a price path, checking every field.
enum ScenarioParser {
    static func scenario(_ root: JSONNode) throws(ScenarioError) -> Scenario {
        guard case .object = root else { throw ScenarioError("scenario must be a JSON object") }
        let spec = try FileFields(root, at: "scenario", known: ["instruments", "accounts", "pricePath", "trading"])
        var instruments = DefaultBook.instruments
        for (i, item) in try spec.array("instruments").enumerated() {
            try InstrumentSpec.apply(item, to: &instruments, at: "instruments[\(i)]")
        }
        var accounts: [Account] = []
        for (i, item) in try spec.array("accounts").enumerated() {
            let account = try AccountSpec.account(item, instruments: instruments, at: "accounts[\(i)]")
            guard !accounts.contains(where: { $0.apiKey == account.apiKey }) else {
                throw ScenarioError("accounts[\(i)].apiKey '\(account.apiKey)' is used twice")
            }
            accounts.append(account)
        }
        let path = try spec.fields.value("pricePath").map { v throws(ScenarioError) in
            try pricePath(v, instruments: instruments)
        }
        var scenario = Scenario(instruments: instruments, accounts: accounts, pricePath: path)
        if let trading = spec.fields.value("trading") {
            scenario.trading = try TradingSpec.terms(trading, instruments: instruments)
        }
        return scenario
    }

    static func pricePath(_ v: JSONNode, instruments: [Instrument]) throws(ScenarioError) -> PricePath {
        let spec = try FileFields(v, at: "pricePath", known: ["intervalMs", "loop", "steps"])
        let interval = try spec.integer("intervalMs") ?? 1000
        guard interval > 0 else { throw ScenarioError("pricePath.intervalMs must be positive") }
        var steps: [[String: ExactDecimal]] = []
        for (i, item) in try spec.array("steps").enumerated() {
            let step = try FileFields(item, at: "pricePath.steps[\(i)]")
            var marks: [String: ExactDecimal] = [:]
            for symbol in step.keys {
                guard let instrument = instruments.first(where: { $0.symbol == symbol }) else {
                    throw ScenarioError("pricePath.steps[\(i)]: '\(symbol)' is not a listed instrument")
                }
                let price = try step.requiredDecimal(symbol)
                if let problem = instrument.markPriceProblem(price) {
                    throw ScenarioError("pricePath.steps[\(i)]: \(problem)")
                }
                marks[symbol] = price
            }
            steps.append(marks)
        }
        return PricePath(
            intervalMs: Int(interval), steps: steps, loop: try spec.bool("loop") ?? false)
    }
}
