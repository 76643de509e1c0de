import BybitAPI

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A starting state and price path (`--scenario FILE`), in JSON:
///
///     {
///       "instruments": [ {"symbol": "BTCUSDT", "markPrice": "60000", "maintenanceMarginRate": "0.005"},
///                        {"symbol": "XRPUSDT", "category": "linear", "baseCoin": "XRP", "quoteCoin": "USDT",
///                         "priceScale": 4, "tickSize": "0.0001", "qtyStep": "1", "markPrice": "0.5"} ],
///       "accounts": [ {"apiKey": "K", "apiSecret": "S",            // or "rsaPublicKeyPEM": "-----BEGIN…"
///                      "marginMode": "ISOLATED_MARGIN",           // or "REGULAR_MARGIN" (cross)
///                      "wallet": {"USDT": "100000", "BTC": "2"},
///                      "hedgeMode": ["ETHUSDT"],
///                      "positions": [ {"symbol": "BTCUSDT", "side": "Buy", "size": "1", "avgPrice": "60000",
///                                      "leverage": "10", "positionIdx": 0, "autoAddMargin": 1, "extraMargin": "0"} ]} ],
///       "pricePath": {"intervalMs": 1000, "loop": false,
///                     "steps": [ {"BTCUSDT": "59000"}, {"BTCUSDT": "58000", "ETHUSDT": "3100"} ]},
///       "trading": {"takerFeeRate": "0.00055", "makerFeeRate": "0.0002", "marketSlippage": "0"}
///     }
///
/// Listed instruments override or extend the default five; `accounts` replaces the default
/// book (configured keys not named here still get it); decimals may be strings or JSON
/// numbers (read from their text, never through a float).
public struct Scenario: Sendable {
    /// The instruments of the run: the defaults, overridden and extended.
    public var instruments: [Instrument]
    /// The accounts the scenario defines.
    public var accounts: [Account]
    /// The scripted marks, if any.
    public var pricePath: PricePath?
    /// Fee rates and market-order slippage (Bybit's base rates, no slippage, by default).
    public var trading = TradingTerms()

    /// A scenario with the default instruments and nothing else.
    public init(
        instruments: [Instrument] = DefaultBook.instruments, accounts: [Account] = [], pricePath: PricePath? = nil
    ) {
        self.instruments = instruments
        self.accounts = accounts
        self.pricePath = pricePath
    }

    /// Reads and checks a scenario file.
    public static func load(path: String) throws -> Scenario {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ScenarioError("cannot read scenario file \(path): \(error.localizedDescription)")
        }
        return try Scenario(json: Array(data))
    }

    /// Parses and checks scenario JSON.
    public init(json bytes: [UInt8]) throws(ScenarioError) {
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            throw ScenarioError("scenario is not valid JSON: \(error)")
        }
        self = try ScenarioParser.scenario(root)
    }
}

/// Why a scenario was refused, naming the field.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, naming the field (e.g. `accounts[0].positions[1].side …`).
    public let description: String
    init(_ description: String) { self.description = description }
}
