import BybitAPI
import Testing

@testable import PaperExchange

/// Scenarios, fault plans and the state file are read with BybitWire's one field reader:
/// the same types everywhere, `null` as absent, and errors that name the field.
@Suite struct FileFieldsTests {
    static func position(_ extra: String) -> String {
        #"{"accounts": [{"apiKey": "A", "apiSecret": "s", "positions": [{"symbol": "BTCUSDT", "side": "Buy", "size": "1", "avgPrice": "60000", "leverage": "10""#
            + extra + "}]}]}"
    }

    func scenarioError(_ json: String) -> String? {
        do {
            _ = try Scenario(json: Array(json.utf8))
            return nil
        } catch { return error.description }
    }

    @Test func aScenarioReadsNullAsAbsentAndDecimalsFromNumbersExactly() throws {
        let s = try Scenario(json: Array(Self.position(#", "positionIdx": null, "extraMargin": 0.10"#).utf8))
        #expect(s.accounts[0].allPositions[0].positionIdx == 0)
        #expect(s.accounts[0].allPositions[0].extraMargin.description == "0.10")
    }

    @Test func scenarioFieldsOfTheWrongTypeAreNamedByTheirPath() {
        let cases: [(String, String)] = [
            (Self.position(#", "positionIdx": "0""#), "accounts[0].positions[0].positionIdx must be an integer"),
            (Self.position(#", "autoAddMargin": "yes""#), "accounts[0].positions[0].autoAddMargin must be a boolean"),
            (Self.position(#", "extraMargin": """#), "accounts[0].positions[0].extraMargin: "),
            (Self.position(#", "extraMargin": true"#), "accounts[0].positions[0].extraMargin must be a decimal"),
            (
                #"{"accounts": [{"apiKey": "A", "apiSecret": "s", "hedgeMode": ["ETHUSDT", 1]}]}"#,
                "accounts[0].hedgeMode must be an array of strings"
            ),
            (
                #"{"accounts": [{"apiKey": "A", "apiSecret": "s", "wallet": ["USDT"]}]}"#,
                "accounts[0].wallet must be an object"
            ),
            (#"{"pricePath": {"intervalMs": "50"}}"#, "pricePath.intervalMs must be an integer"),
            (#"{"pricePath": {"steps": [{"BTCUSDT": null}]}}"#, "pricePath.steps[0].BTCUSDT must be a decimal"),
            (
                #"{"instruments": [{"symbol": "BTCUSDT", "riskTiers": [{"riskLimitValue": "1"}]}]}"#,
                "instruments[0].riskTiers[0].maintenanceMarginRate must be a decimal"
            ),
        ]
        for (json, message) in cases {
            let error = scenarioError(json)
            #expect(error?.contains(message) == true, "\(json) → \(error ?? "accepted")")
        }
    }

    func faultError(_ json: String) throws -> String? {
        let plan = try JSONParser.parse(Array(json.utf8))
        do {
            _ = try FaultPlan(json: plan)
            return nil
        } catch { return error.retMsg }
    }

    @Test func faultPlanFieldsOfTheWrongTypeAreNamed() throws {
        let cases: [(String, String)] = [
            (#"{"dropConnection": {"count": 1, "afterApply": "yes"}}"#, "dropConnection.afterApply must be a boolean"),
            (#"{"badGateway": {"count": 1, "evry": 2}}"#, "badGateway has an unknown field 'evry'"),
            (#"{"serverError": {"count": 1.5}}"#, "serverError.count must be an integer"),
            (#"{"latencyMs": "5"}"#, "latencyMs must be an integer"),
            (#"{"paths": ["/v5/position/add-margin", 1]}"#, "paths must be an array of strings"),
            (#"{"latency": 5}"#, "unknown fault 'latency'; known: latencyMs, clockSkewMs,"),
        ]
        for (json, message) in cases {
            let error = try faultError(json)
            #expect(error?.contains(message) == true, "\(json) → \(error ?? "accepted")")
        }
        let plan = try FaultPlan(
            json: JSONParser.parse(
                Array(#"{"slowReply": {"count": 2, "every": 3}, "slowReplyMs": 10, "paths": null}"#.utf8)))
        #expect(plan.slowReply == FaultTrigger(count: 2, every: 3) && plan.slowReplyMs == 10 && plan.paths == nil)
    }

    static let stored = Account(
        credential: APICredential(apiKey: "K", hmacSecret: "S"), marginMode: .isolated,
        wallets: ["USDT": dec("100.50")],
        hedgeModeSymbols: ["ETHUSDT"],
        positions: [
            Position(
                symbol: "ETHUSDT", positionIdx: 1, side: .buy, size: dec("1"), avgPrice: dec("3000"),
                leverage: dec("10"),
                extraMargin: dec("0.10"), autoAddMargin: true)
        ])

    @Test func aStoredAccountReadsBackAsItWasWritten() throws {
        let back = try AccountRecord.decode(AccountRecord.encode(Self.stored))
        #expect(AccountRecord.sameState(back, Self.stored) && back.apiKey == "K")
    }

    @Test func aStateFileFieldOfTheWrongTypeIsAnErrorNotADefault() throws {
        let text = AccountRecord.encode(Self.stored)
        for (from, to, message) in [
            (#""positionIdx":1"#, #""positionIdx":"1""#, "account 'K'.positions[0].positionIdx must be an integer"),
            (
                #""hedgeModeSymbols":["ETHUSDT"]"#, #""hedgeModeSymbols":[1]"#,
                "hedgeModeSymbols must be an array of strings"
            ),
            (#""USDT":"100.50""#, #""USDT":"100,50""#, "account 'K'.wallets.USDT: "),
            (#""autoAddMargin":true"#, #""autoAddMargin":"true""#, "positions[0].autoAddMargin must be a boolean"),
        ] {
            let corrupt = text.replacingOccurrences(of: from, with: to)
            #expect(corrupt != text, "\(from) is not in \(text)")
            #expect(throws: ScenarioError.self) { try AccountRecord.decode(corrupt) }
            do {
                _ = try AccountRecord.decode(corrupt)
            } catch {
                #expect("\(error)".contains(message), "\(to) → \(error)")
            }
        }
    }
}
