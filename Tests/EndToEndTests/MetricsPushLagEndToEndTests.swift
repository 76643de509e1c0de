import Foundation
import Testing

/// `--metrics`' event lag covers every pushed event, by type: a ticker (from the push's
/// `ts`), a position and a wallet (from the account push's `creationTime`), as orders and
/// executions did before. The positions and wallet read over REST when the loop starts
/// were not pushed and have no lag (their times are when the account last changed).
@Suite(.serialized, .processBudget) struct MetricsPushLagEndToEndTests {
    @Test func tickerPositionAndWalletPushesReportTheirLag() async throws {
        let (run, url) = try await MetricsEndToEndTests.start([
            "-e",
            """
            local bybit = require "bybit"
            local since, wallets, pushed = nil, 0, {}
            for ev in bybit.events{positions = true, wallet = true, tickers = {"BTCUSDT"}} do
              if not since then  -- the first event: rows read at start; then one add, pushed back
                since = bybit.now()
                add_margin{symbol = "BTCUSDT", margin = "1"}
              end
              if ev.type == "ticker" then pushed.ticker = true end
              if ev.type == "wallet" then wallets = wallets + 1; pushed.wallet = wallets > 1 end
              if ev.type == "position" and ev.position.symbol == "BTCUSDT"
                 and tonumber(ev.position.updatedTime) >= since then pushed.position = true end
              if pushed.ticker and pushed.wallet and pushed.position then
                print("pushed") io.stdout:flush()
                io.read()  -- the scrape happens here
                break
              end
            end
            """,
        ])
        let pushed = await run.awaitOutput("pushed\n")
        #expect(pushed)
        let text = MetricsEndToEndTests.get(url).body
        for type in ["ticker", "position", "wallet"] {
            let count = MetricsEndToEndTests.sample(text, #"bybit_event_lag_seconds_count{type="\#(type)"}"#) ?? 0
            let sum = MetricsEndToEndTests.sample(text, #"bybit_event_lag_seconds_sum{type="\#(type)"}"#) ?? -1
            #expect(count >= 1, "\(type): \(text)")
            // from the push's time to delivery: not negative, and not the age of a row read at start
            #expect(sum >= 0 && sum < 60 * count, "\(type): \(text)")
        }
        // the three positions and the wallet read at start are events without a lag
        let positions = MetricsEndToEndTests.sample(text, #"bybit_events_total{type="position"}"#) ?? 0
        let positionLags = MetricsEndToEndTests.sample(text, #"bybit_event_lag_seconds_count{type="position"}"#) ?? 0
        #expect(positions >= positionLags + 3, "\(text)")
        let wallets = MetricsEndToEndTests.sample(text, #"bybit_events_total{type="wallet"}"#) ?? 0
        let walletLags = MetricsEndToEndTests.sample(text, #"bybit_event_lag_seconds_count{type="wallet"}"#) ?? 0
        #expect(wallets >= walletLags + 1, "\(text)")
        run.closeInput()
        let end = await run.finish()
        #expect(run.process.terminationStatus == 0, "\(end.stderr)")
    }
}
