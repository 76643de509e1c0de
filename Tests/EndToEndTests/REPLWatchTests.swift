import Foundation
import Testing

/// `bybit.watch` at the REPL on a real pseudo-terminal: live ticks of the paper exchange's
/// streams, each with the open position's distance to liquidation at that mark, until
/// Ctrl-C brings the prompt back.
@Suite(.processBudget) struct REPLWatchTests {
    @Test func watchPrintsLiveTicksUntilCtrlCAndThePromptComesBack() async throws {
        let server = try await PaperServer()
        let state = try ScratchDirectory()
        var environment = server.credentials
        environment["XDG_STATE_HOME"] = state.path
        let s = try REPLTerminalTests.Session(
            "\(BinaryRunner.binary.path) repl --base-url \(server.url)", environment: environment)
        #expect(await s.await("> "), "\(s.transcript)")
        s.send("bybit.watch(\"BTCUSDT\")\r")
        // The snapshot on subscribe: the default book's BTCUSDT long 1 @ 60,000, liq 54,300.
        #expect(
            await s.await("BTCUSDT    mark 60000.00     last 60000.00      Buy 1 liq 54300.00 9.5000% away"),
            "\(s.transcript)")
        // A live tick: the mark moves on the exchange and the line follows it.
        try server.control("POST", "/paper/mark-price", json: #"{"symbol": "BTCUSDT", "markPrice": "57000"}"#)
        #expect(await s.await("BTCUSDT    mark 57000"), "\(s.transcript)")
        #expect(await s.await("Buy 1 liq 54300.00 4.7368% away"), "\(s.transcript)")
        s.send("\u{03}")
        #expect(await s.await("interrupted!", then: "> "), "\(s.transcript)")
        s.send("print(bybit.stop(), 6 * 7)\r")
        #expect(await s.await("false\t42"), "\(s.transcript)")
        // The Ctrl-C belonged to that line only: a second watch streams again.
        s.send("bybit.watch({\"BTCUSDT\"}, {ticks = 1})\r")
        #expect(await s.await("BTCUSDT    mark 57000", then: "> "), "\(s.transcript)")
        s.send("\u{04}")
        #expect(await s.finish() == 0, "\(s.transcript)")
    }
}
