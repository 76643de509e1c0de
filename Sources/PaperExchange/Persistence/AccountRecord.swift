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

    static func decode(_ text: String) throws -> Account {
        let doc = try JSONParser.parse(Array(text.utf8))
        func string(_ v: JSONNode?, _ field: String) throws -> String {
            guard let s = v?.stringValue else { throw ScenarioError("state file: account field \(field) is missing") }
            return s
        }
        func decimal(_ v: JSONNode?, _ field: String) throws -> ExactDecimal {
            try ExactDecimal(parsing: string(v, field))
        }
        let apiKey = try string(doc["apiKey"], "apiKey")
        let credential =
            try doc["rsaPublicKeyPEM"]?.stringValue.map { try APICredential(apiKey: apiKey, rsaPublicKeyPEM: $0) }
            ?? APICredential(apiKey: apiKey, hmacSecret: string(doc["apiSecret"], "apiSecret"))
        guard let mode = MarginMode(rawValue: try string(doc["marginMode"], "marginMode")) else {
            throw ScenarioError("state file: bad marginMode for \(apiKey)")
        }
        var wallets: [String: ExactDecimal] = [:]
        for (coin, amount) in doc["wallets"]?.objectMembers ?? [] {
            wallets[coin] = try decimal(amount, "wallets.\(coin)")
        }
        var positions: [Position] = []
        for p in doc["positions"]?.arrayValue ?? [] {
            positions.append(
                Position(
                    symbol: try string(p["symbol"], "symbol"), positionIdx: Int(p["positionIdx"]?.int64Value ?? 0),
                    side: PositionSide(rawValue: try string(p["side"], "side")),
                    size: try decimal(p["size"], "size"), avgPrice: try decimal(p["avgPrice"], "avgPrice"),
                    leverage: try decimal(p["leverage"], "leverage"),
                    extraMargin: try decimal(p["extraMargin"], "extraMargin"),
                    autoAddMargin: p["autoAddMargin"] == .bool(true),
                    cumRealisedPnl: try decimal(p["cumRealisedPnl"], "cumRealisedPnl"),
                    createdTime: p["createdTime"]?.int64Value ?? 0, updatedTime: p["updatedTime"]?.int64Value ?? 0))
        }
        let hedge = Set((doc["hedgeModeSymbols"]?.arrayValue ?? []).compactMap(\.stringValue))
        return Account(
            credential: credential, marginMode: mode, wallets: wallets, hedgeModeSymbols: hedge, positions: positions,
            updatedTime: doc["updatedTime"]?.int64Value ?? 0)
    }

    /// Whether two copies of an account hold the same state (the credential never changes).
    static func sameState(_ a: Account, _ b: Account) -> Bool {
        a.marginMode == b.marginMode && a.wallets == b.wallets && a.hedgeModeSymbols == b.hedgeModeSymbols
            && a.positions == b.positions && a.updatedTime == b.updatedTime
    }
}
