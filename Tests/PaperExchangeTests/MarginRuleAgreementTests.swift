import Testing

@testable import BybitAPI
@testable import BybitWire
@testable import PaperExchange

/// One table of `margin` texts run against both sides of the one rule (``MarginAmount``):
/// the paper exchange over signed loopback HTTP, and the client's validation of the text
/// it would send. Both must accept and refuse the same texts, and what the client sends
/// for any amount it is given must be a text the exchange accepts.
@Suite struct MarginRuleAgreementTests {
    /// A text, and either the amount it stands for (accepted) or a fragment of the refusal.
    struct Case: Sendable, CustomStringConvertible {
        let text: String
        let accepted: String?
        let refusal: String?
        var description: String { String(reflecting: text) }
    }

    static func ok(_ text: String, _ amount: String) -> Case { Case(text: text, accepted: amount, refusal: nil) }
    static func no(_ text: String, _ reason: String) -> Case { Case(text: text, accepted: nil, refusal: reason) }

    static let table: [Case] = [
        ok("10", "10"), ok("0.0001", "0.0001"), ok("25.5", "25.5"),
        // Trailing zeros are not decimals of the amount (Bybit: "up to 4 decimal").
        ok("1.12340", "1.1234"), ok("1.1234000000", "1.1234"), ok("2.50000", "2.5"), ok("3.0000", "3"),
        // Reductions, after the adds above gave the position margin to take back.
        ok("-10", "-10"), ok("-0.5", "-0.5"), ok("-0.25000", "-0.25"),
        no("1.00001", "has 5 decimals; Bybit accepts at most 4"),
        no("1.123450", "has 5 decimals; Bybit accepts at most 4"),
        no("-0.12345", "has 5 decimals"),
        no("0", "must not be zero"), no("0.0000", "must not be zero"), no("-0", "must not be zero"),
        // Forms Bybit never writes: refused, whatever their value.
        no("1e1", "not a decimal number as Bybit writes one"), no("1E1", "not a decimal number"),
        no("1e-4", "not a decimal number"), no("+1", "not a decimal number"), no(".5", "not a decimal number"),
        no("5.", "not a decimal number"), no(" 1", "not a decimal number"), no("1 ", "not a decimal number"),
        no("1,5", "not a decimal number"), no("--1", "not a decimal number"), no("1.2.3", "not a decimal number"),
        no("NaN", "not a decimal number"), no("0x10", "not a decimal number"), no("", "must not be empty"),
        no(String(repeating: "9", count: 39), "too many digits"),
    ]

    /// The exchange's verdict: the amount applied (from the ledger), or the refusal text.
    static func exchangeVerdict(_ c: PaperClient, _ ex: PaperExchange, _ text: String) async throws -> (String?, String)
    {
        let body = #"{"category":"linear","symbol":"BTCUSDT","margin":"\#(text)"}"#
        let before = ex.ledger.count(.addMargin)
        let reply = try await c.post("/v5/position/add-margin", body)
        guard reply.retCode == 0 else {
            #expect(reply.retCode == 10001, "\(String(reflecting: text)): \(reply.body)")
            #expect(ex.ledger.count(.addMargin) == before)  // nothing applied
            return (nil, reply.retMsg)
        }
        // The ledger keeps the amount as applied (`2.5000`); compare amounts, not spellings.
        return (ex.ledger.entries(.addMargin).last?.detail["margin"].map { Format.amountText(dec($0)) }, "")
    }

    /// The client's verdict on sending exactly `text`: the amount it would send, or its
    /// refusal. The client is given amounts and writes them in plain notation, so it can
    /// send a text verbatim only when the amount prints back as that text.
    static func clientVerdict(_ text: String) -> (String?, String)? {
        guard let value = try? ExactDecimal(parsing: text), value.description == text else { return nil }
        do throws(BybitError) {
            let sent = try AddMarginRequest(symbol: "BTCUSDT", margin: value).validated().margin
            return (Format.amountText(sent), "")
        } catch {
            return (nil, error.message)
        }
    }

    @Test func clientAndExchangeAcceptAndRefuseTheSameMarginTexts() async throws {
        try await withExchange(manualConfig(rateLimits: false)) { ex in
            let c = PaperClient(ex)
            for item in Self.table {
                let (applied, refusal) = try await Self.exchangeVerdict(c, ex, item.text)
                #expect(applied == item.accepted, "exchange, \(item): \(refusal)")
                if let reason = item.refusal { #expect(refusal.contains(reason), "exchange, \(item): \(refusal)") }
                // The one function both sides call gives the same verdict on the same text.
                let shared = Result { () throws(MarginAmount.Refusal) in try MarginAmount.parse(item.text) }
                #expect((try? shared.get()).map(Format.amountText) == item.accepted, "MarginAmount, \(item)")
                guard let (sent, clientRefusal) = Self.clientVerdict(item.text) else {
                    // A text the client never sends as it is: its amount, if it has one, goes
                    // out in plain notation, which the exchange judges by the same rule.
                    if let value = try? ExactDecimal(parsing: item.text) {
                        #expect(MarginAmount.isPlainDecimal(value.description.utf8), "\(item)")
                    }
                    continue
                }
                #expect(
                    sent == applied,
                    "client sends \(sent ?? "nothing") for \(item), exchange applied \(applied ?? "nothing")")
                if let reason = item.refusal {
                    #expect(clientRefusal.contains(reason), "client, \(item): \(clientRefusal)")
                }
            }
        }
    }

    /// The project's client, end to end against the exchange: an amount with trailing zeros
    /// goes out and is applied; one with five decimals that matter never leaves the client.
    @Test func theProjectClientSendsWhatTheExchangeAccepts() async throws {
        try await withExchange { ex in
            var config = BybitClientConfiguration(
                environment: try BybitEnvironment.custom(baseURL: ex.baseURL, name: "paper"))
            config.readTimeout = 30_000
            let client = BybitClient(configuration: config, signer: Signer(apiKey: ex.apiKey, hmacSecret: ex.apiSecret))
            defer { client.shutdown() }
            let refusal: String = try await onThread {
                _ = try client.addMargin(AddMarginRequest(symbol: "BTCUSDT", margin: dec("1.12340")))
                _ = try client.addMargin(AddMarginRequest(symbol: "BTCUSDT", margin: dec("1e1")))
                do throws(BybitError) {
                    _ = try client.addMargin(AddMarginRequest(symbol: "BTCUSDT", margin: dec("1.00001")))
                    return "sent"
                } catch {
                    return error.message
                }
            }
            #expect(refusal.contains("has 5 decimals; Bybit accepts at most 4"))
            #expect(ex.ledger.entries(.addMargin).map { $0.detail["margin"] } == ["1.1234", "10"])
        }
    }
}
