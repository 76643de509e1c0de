import BybitAPI

/// Turns scenario JSON into instruments, accounts and a price path, checking every field.
enum ScenarioParser {
    static func scenario(_ root: JSONNode) throws(ScenarioError) -> Scenario {
        guard case .object = root else { throw ScenarioError("scenario must be a JSON object") }
        try known(root, ["instruments", "accounts", "pricePath"], at: "scenario")
        var instruments = DefaultBook.instruments
        for (i, spec) in try array(root["instruments"], "instruments").enumerated() {
            try InstrumentSpec.apply(spec, to: &instruments, at: "instruments[\(i)]")
        }
        var accounts: [Account] = []
        for (i, spec) in try array(root["accounts"], "accounts").enumerated() {
            let account = try AccountSpec.account(spec, instruments: instruments, at: "accounts[\(i)]")
            guard !accounts.contains(where: { $0.apiKey == account.apiKey }) else {
                throw ScenarioError("accounts[\(i)].apiKey '\(account.apiKey)' is used twice")
            }
            accounts.append(account)
        }
        let path = try root["pricePath"].map { v throws(ScenarioError) in try pricePath(v, instruments: instruments) }
        return Scenario(instruments: instruments, accounts: accounts, pricePath: path)
    }

    static func pricePath(_ v: JSONNode, instruments: [Instrument]) throws(ScenarioError) -> PricePath {
        try known(v, ["intervalMs", "loop", "steps"], at: "pricePath")
        let interval = try v["intervalMs"].map { x throws(ScenarioError) in try int(x, "pricePath.intervalMs") } ?? 1000
        guard interval > 0 else { throw ScenarioError("pricePath.intervalMs must be positive") }
        var steps: [[String: ExactDecimal]] = []
        for (i, step) in try array(v["steps"], "pricePath.steps").enumerated() {
            guard let members = step.objectMembers else {
                throw ScenarioError("pricePath.steps[\(i)] must be an object")
            }
            var marks: [String: ExactDecimal] = [:]
            for (symbol, value) in members {
                guard let instrument = instruments.first(where: { $0.symbol == symbol }) else {
                    throw ScenarioError("pricePath.steps[\(i)]: '\(symbol)' is not a listed instrument")
                }
                let price = try decimal(value, "pricePath.steps[\(i)].\(symbol)")
                if let problem = instrument.markPriceProblem(price) {
                    throw ScenarioError("pricePath.steps[\(i)]: \(problem)")
                }
                marks[symbol] = price
            }
            steps.append(marks)
        }
        return PricePath(
            intervalMs: Int(interval), steps: steps,
            loop: try v["loop"].map { x throws(ScenarioError) in try bool(x, "pricePath.loop") } ?? false)
    }

    // MARK: field readers

    static func known(_ v: JSONNode, _ keys: Set<String>, at path: String) throws(ScenarioError) {
        guard let members = v.objectMembers else { throw ScenarioError("\(path) must be an object") }
        for (key, _) in members where !keys.contains(key) {
            throw ScenarioError("\(path): unknown field '\(key)' (known: \(keys.sorted().joined(separator: ", ")))")
        }
    }

    static func array(_ v: JSONNode?, _ path: String) throws(ScenarioError) -> [JSONNode] {
        guard let v else { return [] }
        guard let items = v.arrayValue else { throw ScenarioError("\(path) must be an array") }
        return items
    }

    static func string(_ v: JSONNode?, _ path: String) throws(ScenarioError) -> String {
        guard let s = v?.stringValue, !s.isEmpty else { throw ScenarioError("\(path) must be a non-empty string") }
        return s
    }

    static func decimal(_ v: JSONNode?, _ path: String) throws(ScenarioError) -> ExactDecimal {
        guard let text = v?.stringValue ?? v?.numberText else {
            throw ScenarioError("\(path) must be a decimal (string or number)")
        }
        do {
            return try ExactDecimal(parsing: text)
        } catch {
            throw ScenarioError("\(path): \(error)")
        }
    }

    static func int(_ v: JSONNode, _ path: String) throws(ScenarioError) -> Int64 {
        guard let n = v.int64Value else { throw ScenarioError("\(path) must be an integer") }
        return n
    }

    static func bool(_ v: JSONNode, _ path: String) throws(ScenarioError) -> Bool {
        switch v {
        case .bool(let b): return b
        case .int(0): return false
        case .int(1): return true
        default: throw ScenarioError("\(path) must be true/false or 0/1")
        }
    }
}
