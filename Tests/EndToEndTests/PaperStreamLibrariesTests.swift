import Foundation
import Testing

/// pybit's `WebSocket` and ccxt.pro's `watch_ticker` / `watch_positions`, unchanged, against
/// `bybit-lua paper` (the built binary): pybit with its URL constants pointed at the paper
/// exchange before construction, ccxt.pro with `urls['api']['ws']` overridden. Each gets
/// the ticker snapshot, a pushed mark change, and a position push after an add-margin.
///
/// Needs a Python that imports both (scripts/test installs them in .build/pyenv);
/// `BYBIT_LUA_PYTHON` names it (default `python3`). Without them the test is skipped.
@Suite(.processBudget) struct PaperStreamLibrariesTests {
    static let script = #"""
        import asyncio, json, os, threading, urllib.request, logging
        logging.basicConfig(level=logging.WARNING)
        url, key, secret = os.environ["PAPER_URL"], os.environ["PAPER_KEY"], os.environ["PAPER_SECRET"]
        ws_base = url.replace("http://", "ws://")
        out = {}

        def control(path, body):
            req = urllib.request.Request(url + path, data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
            return json.loads(urllib.request.urlopen(req, timeout=30).read())

        def wait_for(messages, cond, event):
            if not event.wait(30):
                raise SystemExit("timed out; got " + json.dumps(messages)[-2000:])
            event.clear()

        # pybit: its URL constants patched before construction (the documented way to point it elsewhere).
        import pybit.unified_trading as ut
        from pybit.unified_trading import HTTP, WebSocket
        ut.PUBLIC_WSS = ws_base + "/v5/public/{CHANNEL_TYPE}"
        ut.PRIVATE_WSS = ws_base + "/v5/private"
        ticks, positions = [], []
        tick_seen, position_seen = threading.Event(), threading.Event()
        def on_tick(m):
            ticks.append(m)
            tick_seen.set()
        def on_position(m):
            positions.append(m)
            position_seen.set()
        # pybit says (at debug level) when a subscription was acknowledged; the script waits for that
        # before changing the position, since the change comes over another (REST) connection.
        subscribed = threading.Event()
        class Acks(logging.Handler):
            def emit(self, record):
                if record.getMessage().startswith("Subscription to") and '"position"' in record.getMessage():
                    subscribed.set()
        pybit_log = logging.getLogger("pybit._websocket_stream")
        pybit_log.setLevel(logging.DEBUG)
        pybit_log.addHandler(Acks())
        public = WebSocket(testnet=False, channel_type="linear")
        private = WebSocket(testnet=False, channel_type="private", api_key=key, api_secret=secret)
        public.ticker_stream(symbol="BTCUSDT", callback=on_tick)
        private.position_stream(callback=on_position)
        wait_for(ticks, None, tick_seen)
        out["pybit_snapshot_mark"] = ticks[-1]["data"]["markPrice"]
        control("/paper/mark-price", {"symbol": "BTCUSDT", "markPrice": "59000"})
        while ticks[-1]["data"]["markPrice"] != "59000.00":
            wait_for(ticks, None, tick_seen)
        out["pybit_pushed_mark"] = ticks[-1]["data"]["markPrice"]
        if not subscribed.wait(30):
            raise SystemExit("pybit's position subscription was not acknowledged")
        http = HTTP(api_key=key, api_secret=secret)
        http.endpoint = url
        http.add_or_reduce_margin(category="linear", symbol="BTCUSDT", margin="100")
        wait_for(positions, None, position_seen)
        out["pybit_position"] = {k: positions[-1]["data"][0][k] for k in ("symbol", "positionIM")}
        out["pybit_position_topic"] = positions[-1]["topic"]
        public.exit()
        private.exit()

        # ccxt.pro: urls['api']['ws'] (and the REST urls) overridden after construction.
        import ccxt.pro
        async def ccxt_run():
            acked = asyncio.Event()
            class Bybit(ccxt.pro.bybit):  # tells when a subscribe is acknowledged, changes nothing
                def handle_message(self, client, message):
                    if isinstance(message, dict) and message.get("op") == "subscribe" and message.get("success"):
                        acked.set()
                    return super().handle_message(client, message)
            ex = Bybit({"apiKey": key, "secret": secret, "enableRateLimit": False})
            ex.urls["api"]["ws"] = {
                "public": {t: f"{ws_base}/v5/public/{t}" for t in ("spot", "linear", "inverse", "option")},
                "private": {"spot": {"unified": f"{ws_base}/v5/private", "nonUnified": f"{ws_base}/v5/private"},
                            "contract": f"{ws_base}/v5/private", "usdc": f"{ws_base}/v5/private",
                            "trade": f"{ws_base}/v5/trade"}}
            for k in ("spot", "futures", "v2", "public", "private"):
                ex.urls["api"][k] = url
            ex.options["fetchMarkets"] = {"types": ["linear"]}
            ex.options["enableUnifiedMargin"] = False
            ex.options["enableUnifiedAccount"] = True
            try:
                t = await asyncio.wait_for(ex.watch_ticker("BTC/USDT:USDT"), 30)
                out["ccxt_snapshot_mark"] = t["markPrice"]
                await asyncio.get_running_loop().run_in_executor(
                    None, control, "/paper/mark-price", {"symbol": "BTCUSDT", "markPrice": "58000"})
                while t["markPrice"] != 58000.0:
                    t = await asyncio.wait_for(ex.watch_ticker("BTC/USDT:USDT"), 30)
                out["ccxt_pushed_mark"] = t["markPrice"]
                first = await asyncio.wait_for(ex.watch_positions(["BTC/USDT:USDT"]), 30)
                before = [p["initialMargin"] for p in first if p["symbol"] == "BTC/USDT:USDT"]
                acked.clear()
                watching = asyncio.ensure_future(ex.watch_positions(["BTC/USDT:USDT"]))
                await asyncio.wait_for(acked.wait(), 30)
                await ex.private_post_v5_position_add_margin({"category": "linear", "symbol": "BTCUSDT", "margin": "100"})
                pushed = await asyncio.wait_for(watching, 30)
                out["ccxt_position"] = {"before": before, "after": [p["initialMargin"] for p in pushed]}
            finally:
                await ex.close()
        asyncio.run(ccxt_run())
        print("RESULT " + json.dumps(out, sort_keys=True))
        """#

    @Test(
        .enabled(
            if: PaperOrderLibrariesTests.librariesInstalled,
            "pybit and ccxt are not importable by \(PaperOrderLibrariesTests.python): pip install pybit ccxt"))
    func pybitAndCcxtProStreamTickersAndPositions() async throws {
        let server = try await PaperServer(arguments: ["--no-rate-limits"])
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("streams-\(UUID().uuidString).py")
        try Self.script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, output) = await PaperOrderLibrariesTests.runPython(
            [file.path],
            environment: ["PAPER_URL": server.url, "PAPER_KEY": server.apiKey, "PAPER_SECRET": server.apiSecret])
        #expect(status == 0, "\(output)")
        let line =
            output.split(separator: "\n").first { $0.hasPrefix("RESULT ") }.map { String($0.dropFirst(7)) } ?? "{}"
        let result = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
        #expect(result["pybit_snapshot_mark"] as? String == "60000.00", "\(output)")
        #expect(result["pybit_pushed_mark"] as? String == "59000.00")
        #expect(result["pybit_position_topic"] as? String == "position")
        // The default book's BTCUSDT long holds 6000 USDT; pybit added 100.
        #expect((result["pybit_position"] as? [String: Any])?["positionIM"] as? String == "6100")
        #expect(result["ccxt_snapshot_mark"] as? Double == 59000)
        #expect(result["ccxt_pushed_mark"] as? Double == 58000)
        let ccxt = result["ccxt_position"] as? [String: Any]
        #expect(ccxt?["before"] as? [Double] == [6100], "\(output)")
        #expect(ccxt?["after"] as? [Double] == [6200], "the pushed position after ccxt added 100")
        // What the libraries saw is what the exchange applied: two add-margins.
        let ledger = try server.control("GET", "/paper/ledger?action=add-margin")
        let counts = try JSONSerialization.jsonObject(with: Data(ledger.utf8)) as? [String: Any]
        #expect(((counts?["result"] as? [String: Any])?["counts"] as? [String: Any])?["add-margin"] as? Int == 2)
    }
}
