import Foundation
import Testing

/// A call that names a symbol without a category takes the category the exchange's
/// instrument list has it in (it went out as linear and met 10001): the exchange's
/// ledger and the `--max-margin` coin both follow it.
@Suite(.processBudget) struct CategoryInferenceEndToEndTests {
    @Test func anInverseSymbolWithoutACategoryIsSentAsInverse() async throws {
        let server = try await PaperServer()
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "--max-margin", "BTC=0.005", "-e",
                """
                local ok, e = pcall(add_margin, { symbol = "BTCUSD", margin = "0.01" })
                print(e.kind, e.message:match("adding 0.01 %a+"))
                local p = add_margin{ symbol = "BTCUSD", margin = "0.004" }
                print(p.category, p.symbol, require("bybit").position("BTCUSD").category)
                """,
            ], environment: server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        // the guard counts inverse margin in the base coin, not USDT
        #expect(r.stdout == "guard\tadding 0.01 BTC\ninverse\tBTCUSD\tinverse\n", "\(r.stdout)\(r.stderr)")
        let ledger = try server.control("GET", "/paper/ledger?action=add-margin")
        #expect(ledger.contains("\"symbol\":\"BTCUSD\"") && ledger.contains("\"margin\":\"0.004\""), "\(ledger)")
    }

    /// An unlisted symbol is an argument error naming it, and no mutation is sent.
    @Test func anUnlistedSymbolIsNamedAndNothingIsSent() async throws {
        let server = try await PaperServer()
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "--audit-log", audit, "-e",
                """
                print(select(2, pcall(add_margin, { symbol = "NOPEUSD", margin = "1" })))
                print(select(2, pcall(require("bybit").ticker, "NOPEUSD")))
                """,
            ], environment: server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout == """
                bad argument #1 to 'add_margin' (field 'symbol': unknown symbol 'NOPEUSD': custom lists it neither as linear nor as inverse)
                bad argument #1 to 'bybit.ticker' (unknown symbol 'NOPEUSD': custom lists it neither as linear nor as inverse)

                """, "\(r.stderr)")
        let ledger = try server.control("GET", "/paper/ledger?action=add-margin")
        #expect(ledger.contains("\"add-margin\":0"), "\(ledger)")
        #expect(((try? String(contentsOfFile: audit, encoding: .utf8)) ?? "").isEmpty, "no mutation was attempted")
    }
}
