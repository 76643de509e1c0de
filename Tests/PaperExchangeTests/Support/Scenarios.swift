import BybitAPI

@testable import PaperExchange

/// Scenarios built in Swift for the rule tests.
enum Scenarios {
    static let key = "TESTKEY"
    static let secret = "TESTSECRET"

    /// The default instruments and one account with the given positions and wallet.
    static func account(
        marginMode: MarginMode = .isolated, wallet: [String: String] = ["USDT": "100000", "BTC": "2"],
        hedge: Set<String> = [], positions: [Position]
    ) -> Scenario {
        Scenario(accounts: [
            Account(
                credential: APICredential(apiKey: key, hmacSecret: secret), marginMode: marginMode,
                wallets: wallet.mapValues(dec), hedgeModeSymbols: hedge, positions: positions)
        ])
    }

    static func long(
        _ symbol: String = "BTCUSDT", size: String = "1", at price: String = "60000", leverage: String = "10",
        idx: Int = 0, extra: String = "0", autoAdd: Bool = false
    ) -> Position {
        Position(
            symbol: symbol, positionIdx: idx, side: .buy, size: dec(size), avgPrice: dec(price),
            leverage: dec(leverage),
            extraMargin: dec(extra), autoAddMargin: autoAdd)
    }

    static func short(
        _ symbol: String = "BTCUSDT", size: String = "1", at price: String = "60000", leverage: String = "10",
        idx: Int = 0, extra: String = "0", autoAdd: Bool = false
    ) -> Position {
        Position(
            symbol: symbol, positionIdx: idx, side: .sell, size: dec(size), avgPrice: dec(price),
            leverage: dec(leverage),
            extraMargin: dec(extra), autoAddMargin: autoAdd)
    }

    /// BTCUSDT in hedge mode with a long (idx 1) and a short (idx 2).
    static var hedged: Scenario {
        account(hedge: ["BTCUSDT"], positions: [long(idx: 1), short(idx: 2)])
    }
}

extension PaperExchange {
    /// The stored position in a slot of the test account.
    func testPosition(_ symbol: String = "BTCUSDT", idx: Int = 0, key: String = Scenarios.key) -> Position? {
        account(apiKey: key)?.allPositions.first { $0.symbol == symbol && $0.positionIdx == idx }
    }
}
