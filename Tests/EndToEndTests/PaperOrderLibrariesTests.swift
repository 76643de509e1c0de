import Foundation
import Testing

/// pybit's and ccxt's order calls, unchanged, against `bybit-lua paper` (the built binary):
/// place (market reduce-only and limit), list open orders, cancel, order history, fills and
/// pybit's `set_trading_stop`; the server's ledger then shows exactly the orders placed.
///
/// Needs a Python that imports both (`pip install pybit ccxt`); `BYBIT_LUA_PYTHON` names
/// it (default `python3`). Without them the test is skipped, saying so.
@Suite(.processBudget) struct PaperOrderLibrariesTests {
    static let python = ProcessInfo.processInfo.environment["BYBIT_LUA_PYTHON"] ?? "python3"

    /// Runs `python` with `arguments` to completion (60 s at most), returning status and
    /// output; waits off the concurrency pool (see ``offThePool(_:)``).
    static func runPython(_ arguments: [String], environment: [String: String] = [:]) async -> (Int32, String) {
        await offThePool { runPythonBlocking(arguments, environment: environment) }
    }

    private static func runPythonBlocking(_ arguments: [String], environment: [String: String]) -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [python] + arguments
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        guard (try? p.run()) != nil else { return (-1, "cannot start \(python)") }
        let pid = p.processIdentifier  // only the pid: a queued item must not keep the pipes open
        let watchdog = DispatchWorkItem { kill(pid, SIGTERM) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        watchdog.cancel()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static let librariesInstalled = runPythonBlocking(["-c", "import pybit, ccxt"], environment: [:]).0 == 0

    static let script = #"""
        import json, os
        from pybit.unified_trading import HTTP
        import ccxt
        url, key, secret = os.environ["PAPER_URL"], os.environ["PAPER_KEY"], os.environ["PAPER_SECRET"]
        out = {}
        s = HTTP(api_key=key, api_secret=secret)
        s.endpoint = url
        out["pybit_market"] = s.place_order(category="linear", symbol="BTCUSDT", side="Sell", orderType="Market",
                                            qty="0.1", reduceOnly=True, orderLinkId="py-market")["result"]
        s.place_order(category="linear", symbol="BTCUSDT", side="Buy", orderType="Limit", qty="0.01",
                      price="50000", orderLinkId="py-limit")
        out["pybit_open"] = [o["orderLinkId"] for o in
                             s.get_open_orders(category="linear", symbol="BTCUSDT")["result"]["list"]]
        out["pybit_cancel"] = s.cancel_order(category="linear", symbol="BTCUSDT", orderLinkId="py-limit")["retCode"]
        out["pybit_history"] = [o["orderStatus"] for o in s.get_order_history(category="linear")["result"]["list"]]
        out["pybit_fills"] = [e["execQty"] for e in s.get_executions(category="linear")["result"]["list"]]
        out["pybit_stop"] = s.set_trading_stop(category="linear", symbol="BTCUSDT", stopLoss="50000",
                                               tpslMode="Full", positionIdx=0)["retCode"]
        ex = ccxt.bybit({"apiKey": key, "secret": secret, "enableRateLimit": False})
        for k in ("spot", "futures", "v2", "public", "private"):
            ex.urls["api"][k] = url
        o = ex.create_order("BTC/USDT:USDT", "market", "sell", 0.1, None, {"reduceOnly": True})
        limit = ex.create_order("BTC/USDT:USDT", "limit", "buy", 0.01, 50000)
        out["ccxt_open"] = len(ex.fetch_open_orders("BTC/USDT:USDT"))
        out["ccxt_cancel"] = ex.cancel_order(limit["id"], "BTC/USDT:USDT")["id"] == limit["id"]
        out["ccxt_trades"] = len(ex.fetch_my_trades("BTC/USDT:USDT"))
        out["ccxt_status"] = ex.fetch_order(o["id"], "BTC/USDT:USDT", {"acknowledged": True})["status"]
        print("RESULT " + json.dumps(out, sort_keys=True))
        """#

    @Test(.enabled(if: librariesInstalled, "pybit and ccxt are not importable by \(python): pip install pybit ccxt"))
    func pybitAndCcxtPlaceListAndCancelOrders() async throws {
        let server = try await PaperServer(arguments: ["--no-rate-limits"])
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("orders-\(UUID().uuidString).py")
        try Self.script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, output) = await Self.runPython(
            [file.path],
            environment: ["PAPER_URL": server.url, "PAPER_KEY": server.apiKey, "PAPER_SECRET": server.apiSecret])
        #expect(status == 0, "\(output)")
        let line =
            output.split(separator: "\n").first { $0.hasPrefix("RESULT ") }.map { String($0.dropFirst(7)) } ?? "{}"
        let result = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
        #expect((result["pybit_market"] as? [String: Any])?["orderLinkId"] as? String == "py-market", "\(output)")
        #expect(result["pybit_open"] as? [String] == ["py-limit"])
        #expect(result["pybit_cancel"] as? Int == 0)
        #expect(result["pybit_history"] as? [String] == ["Cancelled", "Filled"])
        #expect(result["pybit_fills"] as? [String] == ["0.1"])
        #expect(result["pybit_stop"] as? Int == 0)
        #expect(result["ccxt_open"] as? Int == 1)
        #expect(result["ccxt_cancel"] as? Bool == true)
        #expect(result["ccxt_trades"] as? Int == 2)
        #expect(result["ccxt_status"] as? String == "closed")
        // Four orders placed, each once; nothing refused.
        let ledger = try server.control("GET", "/paper/ledger")
        #expect(ledger.contains(#""order-create":4"#), "\(ledger)")
        #expect(ledger.contains(#""order-refused":0"#), "\(ledger)")
    }
}
