import BybitAPI

/// An account as a JSON document in the state file. Decimals are stored as their text,
/// so nothing is rounded on the way to disk and back; RSA keys as their public PEM.
enum AccountRecord {
    static func encode(_ a: Account) -> String {
        var credential: [(String, JSONNode)] = [("apiKey", .string(a.apiKey))]
        switch a.credential.verification {
        case .hmac(let secret): credential.append(("apiSecret", .string(secret)))
        case .rsa(let key): credential.append(("rsaPublicKeyPEM", .string(key.pemRepresentation)))
        }
        let positions: [JSONNode] = a.allPositions.map { p in
            .object([
                ("symbol", .string(p.symbol)), ("positionIdx", .int(p.positionIdx)),
                ("side", .string(p.side?.rawValue ?? "")),
                ("size", .string(p.size.description)), ("avgPrice", .string(p.avgPrice.description)),
                ("leverage", .string(p.leverage.description)), ("extraMargin", .string(p.extraMargin.description)),
                ("autoAddMargin", .bool(p.autoAddMargin)), ("cumRealisedPnl", .string(p.cumRealisedPnl.description)),
                ("createdTime", .int(p.createdTime)), ("updatedTime", .int(p.updatedTime)),
            ])
        }
        return JSONNode.object(
            credential + [
                ("marginMode", .string(a.marginMode.rawValue)),
                (
                    "wallets",
                    .object(a.wallets.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value.description)) })
                ),
                ("hedgeModeSymbols", .array(a.hedgeModeSymbols.sorted().map(JSONNode.string))),
                ("positions", .array(positions)),
                ("updatedTime", .int(a.updatedTime)),
            ]
        ).serialized
    }

    /// The account a state file's document holds; a field of the wrong type or a decimal
    /// that does not parse is an error naming the account and the field, never a default.
    static func decode(_ text: String) throws -> Account {
        let doc = try JSONParser.parse(Array(text.utf8))
        let apiKey = try FileFields(doc, at: "state file: account").requiredString("apiKey")
        let account = try FileFields(doc, at: "state file: account '\(apiKey)'")
        let credential: APICredential
        if let pem = try account.string("rsaPublicKeyPEM") {
            credential = try APICredential(apiKey: apiKey, rsaPublicKeyPEM: pem)
        } else if let secret = try account.string("apiSecret") {
            credential = APICredential(apiKey: apiKey, hmacSecret: secret)
        } else {
            throw ScenarioError("\(account.path) has neither apiSecret nor rsaPublicKeyPEM")
        }
        guard let mode = MarginMode(rawValue: try account.requiredString("marginMode")) else {
            throw ScenarioError("\(account.path): bad marginMode")
        }
        var wallets: [String: ExactDecimal] = [:]
        if let coins = try account.object("wallets") {
            for coin in coins.keys { wallets[coin] = try coins.requiredDecimal(coin) }
        }
        var positions: [Position] = []
        for (i, item) in try account.array("positions").enumerated() {
            let p = try FileFields(item, at: "\(account.path).positions[\(i)]")
            positions.append(
                Position(
                    symbol: try p.requiredString("symbol"), positionIdx: Int(try p.integer("positionIdx") ?? 0),
                    side: PositionSide(rawValue: try p.string("side") ?? ""),
                    size: try p.requiredDecimal("size"), avgPrice: try p.requiredDecimal("avgPrice"),
                    leverage: try p.requiredDecimal("leverage"), extraMargin: try p.requiredDecimal("extraMargin"),
                    autoAddMargin: try p.bool("autoAddMargin") ?? false,
                    cumRealisedPnl: try p.requiredDecimal("cumRealisedPnl"),
                    createdTime: try p.integer("createdTime") ?? 0, updatedTime: try p.integer("updatedTime") ?? 0))
        }
        return Account(
            credential: credential, marginMode: mode, wallets: wallets,
            hedgeModeSymbols: Set(try account.strings("hedgeModeSymbols")), positions: positions,
            updatedTime: try account.integer("updatedTime") ?? 0)
    }

    /// Whether two copies of an account hold the same state (the credential never changes).
    static func sameState(_ a: Account, _ b: Account) -> Bool {
        a.marginMode == b.marginMode && a.wallets == b.wallets && a.hedgeModeSymbols == b.hedgeModeSymbols
            && a.positions == b.positions && a.updatedTime == b.updatedTime
    }
}
