import BybitAPI

/// A scenario's `accounts` entry.
enum AccountSpec {
    static let fields: Set<String> = [
        "apiKey", "apiSecret", "rsaPublicKeyPEM", "marginMode", "wallet", "hedgeMode", "positions",
    ]
    static let positionFields: Set<String> = [
        "symbol", "side", "size", "avgPrice", "leverage", "positionIdx", "autoAddMargin", "extraMargin",
    ]

    static func account(_ value: JSONNode, instruments: [Instrument], at path: String) throws(ScenarioError)
        -> Account
    {
        let spec = try FileFields(value, at: path, known: fields)
        let apiKey = try spec.requiredString("apiKey")
        let credential: APICredential
        switch (spec.fields.value("apiSecret")?.stringValue, spec.fields.value("rsaPublicKeyPEM")?.stringValue) {
        case (let secret?, nil) where !secret.isEmpty:
            credential = APICredential(apiKey: apiKey, hmacSecret: secret)
        case (nil, let pem?):
            do {
                credential = try APICredential(apiKey: apiKey, rsaPublicKeyPEM: pem)
            } catch {
                throw ScenarioError("\(path).rsaPublicKeyPEM is not an RSA public key in PEM form")
            }
        default:
            throw ScenarioError("\(path) needs exactly one of apiSecret (HMAC) or rsaPublicKeyPEM (RSA)")
        }
        let modeText = try spec.string("marginMode") ?? MarginMode.isolated.rawValue
        guard let mode = MarginMode(rawValue: modeText) else {
            throw ScenarioError("\(path).marginMode must be ISOLATED_MARGIN, REGULAR_MARGIN or PORTFOLIO_MARGIN")
        }
        var wallets: [String: ExactDecimal] = [:]
        if let coins = try spec.object("wallet") {
            for coin in coins.keys {
                let value = try coins.requiredDecimal(coin)
                guard value.sign >= 0 else { throw ScenarioError("\(path).wallet.\(coin) must not be negative") }
                wallets[coin] = value
            }
        }
        var hedge = Set<String>()
        for (i, symbol) in try spec.strings("hedgeMode").enumerated() {
            guard let instrument = instruments.first(where: { $0.symbol == symbol }) else {
                throw ScenarioError("\(path).hedgeMode[\(i)]: '\(symbol)' is not listed")
            }
            guard instrument.category == .linear else {
                throw ScenarioError("\(path).hedgeMode[\(i)]: hedge mode is not supported for inverse '\(symbol)'")
            }
            guard instrument.supportsHedgeMode else {
                throw ScenarioError("\(path).hedgeMode[\(i)]: hedge mode is for USDT contracts, not '\(symbol)'")
            }
            hedge.insert(symbol)
        }
        var positions: [Position] = []
        for (i, p) in try spec.array("positions").enumerated() {
            let position = try position(p, instruments: instruments, hedge: hedge, at: "\(path).positions[\(i)]")
            guard !positions.contains(where: { $0.symbol == position.symbol && $0.positionIdx == position.positionIdx })
            else {
                throw ScenarioError(
                    "\(path).positions[\(i)]: a second position in slot \(position.symbol)/\(position.positionIdx)")
            }
            positions.append(position)
        }
        return Account(
            credential: credential, marginMode: mode, wallets: wallets, hedgeModeSymbols: hedge, positions: positions)
    }

    static func position(_ value: JSONNode, instruments: [Instrument], hedge: Set<String>, at path: String)
        throws(ScenarioError) -> Position
    {
        let p = try FileFields(value, at: path, known: positionFields)
        let symbol = try p.requiredString("symbol")
        guard let instrument = instruments.first(where: { $0.symbol == symbol }) else {
            throw ScenarioError("\(path).symbol '\(symbol)' is not listed")
        }
        guard let side = PositionSide(rawValue: try p.requiredString("side")) else {
            throw ScenarioError("\(path).side must be Buy or Sell")
        }
        let size = try p.requiredDecimal("size")
        let price = try p.requiredDecimal("avgPrice")
        let leverage = try p.requiredDecimal("leverage")
        guard size.sign > 0, price.sign > 0 else { throw ScenarioError("\(path): size and avgPrice must be positive") }
        guard leverage >= 1, leverage <= instrument.maxLeverage else {
            throw ScenarioError("\(path).leverage must be between 1 and \(instrument.maxLeverage)")
        }
        let isHedge = hedge.contains(symbol)
        let expectedIdx = isHedge ? (side == .buy ? 1 : 2) : 0
        let idx = try p.integer("positionIdx")
        guard idx == nil || idx == Int64(expectedIdx) else {
            throw ScenarioError(
                "\(path).positionIdx must be \(expectedIdx) for a \(side.rawValue) position in \(isHedge ? "hedge" : "one-way") mode"
            )
        }
        let auto = try p.bool("autoAddMargin") ?? false
        if auto && instrument.category == .inverse {
            throw ScenarioError("\(path).autoAddMargin: auto-add-margin is for linear contracts only")
        }
        return Position(
            symbol: symbol, positionIdx: expectedIdx, side: side, size: size, avgPrice: price, leverage: leverage,
            extraMargin: try p.decimal("extraMargin") ?? .zero, autoAddMargin: auto)
    }
}
