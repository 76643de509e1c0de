import Foundation
import Testing

/// `bybit.request` through the built binary: refused paths never reach the wire (a
/// counting listener is the witness), a POST meets the same guards as the typed call it
/// stands for (the paper exchange's ledger is the judge), and it is audited, dry-run and
/// never re-sent like every mutation.
@Suite(.processBudget) struct RequestEndToEndTests {
    /// Hostile spellings as Lua source: refused endpoints and every way of writing a path
    /// that could name one endpoint to a check and another to a server.
    static let hostilePaths = #"""
        local hostile = {
          "/v5/asset/withdraw/create", "/v5/asset/transfer/inter-transfer", "/v5/asset/transfer/universal-transfer",
          "/v5/user/query-api", "/v5/user/create-sub-api", "/v5/user/delete-api", "/v5/user/create-sub-member",
          "/v5/broker/earnings-info", "/v5/spot-margin-trade/switch-mode", "/v5/ins-loan/loan-order",
          "/v5/lending/purchase", "/v5/asset/coin/query-info",
          "/v5/position/../asset/withdraw/create", "/v5/POSITION/list", "/v5/asset%2Fwithdraw", "/v5//user/x",
          "/v5/position/list?x=/v5/asset", "/v5/market/time/", "/v5", "", "\n", "/v5/market/time\n",
          "/v5/market/time\r\nX: 1", " /v5/market/time", "/v5/market\0/asset/withdraw/create", "/v5/market/time\0",
          "/v5/market/t\xC4\xB1me", "/v5/market/\xFF\xFE", "/v5\\market\\time", "/v5/market/time%00",
          "/v5/market/" .. string.rep("a", 10240), "http://127.0.0.1:1/v5/market/time",
        }
        """#

    /// Every hostile path with GET and POST, plus the POSTs outside the named writes, plus
    /// params that would smuggle a parameter: each is refused (`guard` for the path, a bad
    /// argument for the params) and the listener sees no connection. A run that may connect
    /// shows the listener would have seen one.
    @Test func refusedPathsNeverReachTheWire() async throws {
        let listener = try CountingListener()
        let credentials = ["BYBIT_API_KEY": "k", "BYBIT_API_SECRET": "s"]
        let r = try await BinaryRunner.run(
            [
                "--base-url", listener.url, "-e",
                Self.hostilePaths + """

                    local bybit = require "bybit"
                    local guards, bad, other = 0, 0, 0
                    local function try(args)
                      local ok, e = pcall(bybit.request, args)
                      if ok then other = other + 1
                      elseif type(e) == "table" and e.kind == "guard" then guards = guards + 1
                      elseif type(e) == "string" and e:find("bad argument", 1, true) then bad = bad + 1
                      else other = other + 1; print("unexpected", tostring(e)) end
                    end
                    for _, path in ipairs(hostile) do
                      try{method = "GET", path = path}
                      try{method = "POST", path = path, params = {coin = "USDT", amount = "1"}}
                    end
                    for _, path in ipairs{"/v5/order/create-batch", "/v5/order/cancel-batch", "/v5/account/borrow",
                                          "/v5/position/set-risk-limit", "/v5/market/time", "/v5/position/list"} do
                      try{method = "POST", path = path}
                    end
                    try{method = "GET", path = "/v5/market/time", params = {["x&path"] = "/v5/asset"}}
                    try{method = "GET", path = "/v5/market/time", params = {["a b"] = "1"}}
                    try{method = "GET", path = "/v5/market/time", params = {[1] = "x"}}
                    try{method = "get", path = "/v5/market/time"}
                    try{method = "GET", path = 5}
                    try{method = "GET", path = "/v5/market/time", params = {x = print}}
                    try{method = "GET", path = "/v5/market/time", params = {x = 1/0}}
                    try{method = "GET", path = "/v5/market/time", params = {x = {a = {"b"}}}}
                    try{method = "GET", path = "/v5/market/time", extra = 1}
                    print(guards, bad, other, #hostile)
                    """,
            ], environment: credentials)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "70\t9\t0\t32\n", "\(r.stdout)")
        #expect(listener.connections == 0, "requests on the wire for the hostile table")
        // The witness works: an allowed read does connect.
        _ = try await BinaryRunner.run(
            [
                "--base-url", listener.url, "-e",
                #"pcall(require("bybit").request, {method = "GET", path = "/v5/market/time"})"#,
            ], environment: credentials)
        #expect(listener.connections > 0)
    }

    /// `--max-margin 5`: an add-margin POST through the door meets the cap as add_margin
    /// does, and the running total is one total whichever way the margin was asked for.
    @Test func theMarginCapHoldsThroughTheDoor() async throws {
        let server = try await PaperServer()
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "--max-margin", "5", "-e",
                """
                local bybit = require "bybit"
                local function post(margin)
                  return pcall(bybit.request, {method = "POST", path = "/v5/position/add-margin",
                                               params = {symbol = "BTCUSDT", margin = margin}})
                end
                local ok, e = post("10")
                print(ok, e.kind, e.endpoint)
                print(add_margin{symbol = "BTCUSDT", margin = "3"}.symbol)
                ok, e = post(D"3")
                print(ok, e.kind)
                local p
                ok, p = post(2)
                print(ok, p.symbol, getmetatable(p.positionIM) ~= nil)
                ok, e = pcall(add_margin, {symbol = "BTCUSDT", margin = "0.0001"})
                print(ok, e.kind)
                """,
            ], environment: server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout
                == "false\tguard\t/v5/position/add-margin\nBTCUSDT\nfalse\tguard\ntrue\tBTCUSDT\ttrue\nfalse\tguard\n",
            "\(r.stderr)")
        let ledger = try LedgerRecord.read(server)
        #expect(ledger.margins == [3, 2], "only the calls within the cap were applied")
    }

    /// An order/create through the door is `bybit.order`'s: reduce-only unless the script
    /// says otherwise and the run allows it (the ledger shows the refused one never arrived),
    /// with an orderLinkId in the intent line before the send.
    @Test func anOrderThroughTheDoorMeetsTheReduceOnlyRule() async throws {
        let server = try await PaperServer()
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let script = """
            local bybit = require "bybit"
            local function order(params)
              return pcall(bybit.request, {method = "POST", path = "/v5/order/create", params = params})
            end
            local ok, e = order{symbol = "BTCUSDT", side = "Buy", qty = "0.1", reduceOnly = false}
            print(ok, ok and tostring(e.reduceOnly) or e.kind)
            local o
            ok, o = order{symbol = "BTCUSDT", side = "Sell", qty = "0.25"}
            print(ok, o.reduceOnly, o.orderLinkId == nil, bybit.position("BTCUSDT").size)
            """
        let r = try await BinaryRunner.run(
            ["--base-url", server.url, "--audit-log", audit, "-e", script], environment: server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "false\tguard\ntrue\ttrue\tfalse\t0.75\n", "\(r.stderr)")
        #expect(try ledgerCounts(server)["order-create"] == 1)
        let intent = try String(contentsOfFile: audit, encoding: .utf8).split(separator: "\n")
            .first { $0.contains(#""event":"intent""#) }
        #expect(intent?.contains(#""orderLinkId":"bl-"#) == true, "\(intent ?? "no intent")")
        let allowed = try await BinaryRunner.run(
            ["--base-url", server.url, "--allow-open-orders", "-e", script], environment: server.credentials)
        #expect(allowed.stdout.hasPrefix("true\tfalse\ntrue\ttrue\tfalse\t"), "\(allowed.stdout)\(allowed.stderr)")
        #expect(try ledgerCounts(server)["order-create"] == 3)
    }

    /// An amend reaches only a reduce-only order unless the run allows open orders: the
    /// order is read first, and one that is not reduce-only, or not found, is a guard error
    /// with nothing sent (no intent line); a reduce-only one is sent, audited.
    @Test func anAmendReachesOnlyAReduceOnlyOrder() async throws {
        let server = try await PaperServer()
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let made = try await BinaryRunner.run(
            [
                "--base-url", server.url, "--allow-open-orders", "-e",
                """
                local bybit = require "bybit"
                local open = bybit.order{symbol = "BTCUSDT", side = "Buy", qty = "0.1", orderType = "Limit",
                                         price = "50000", reduceOnly = false}
                local reducing = bybit.order{symbol = "BTCUSDT", side = "Sell", qty = "0.1", orderType = "Limit",
                                             price = "70000"}
                print(open.orderId, reducing.orderLinkId)
                """,
            ], environment: server.credentials)
        let ids = made.stdout.split(whereSeparator: \.isWhitespace).map(String.init)
        #expect(ids.count == 2, "\(made.stderr)")
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "--audit-log", audit, "-e",
                """
                local bybit = require "bybit"
                local function amend(params)
                  params.category, params.symbol, params.qty = "linear", "BTCUSDT", "0.2"
                  return pcall(bybit.request, {method = "POST", path = "/v5/order/amend", params = params})
                end
                local ok, e = amend{orderId = "\(ids.first ?? "")"}
                print(ok, e.kind, e.message:find("is not reduce-only", 1, true) ~= nil)
                ok, e = amend{orderLinkId = "no-such-order"}
                print(ok, e.kind, e.message:find("was not found", 1, true) ~= nil)
                ok, e = amend{orderLinkId = "\(ids.last ?? "")"}
                print(e == nil or e.kind ~= "guard")
                """,
            ], environment: server.credentials)
        #expect(r.stdout == "false\tguard\ttrue\nfalse\tguard\ttrue\ntrue\n", "\(r.stderr)")
        let lines = try String(contentsOfFile: audit, encoding: .utf8).split(separator: "\n")
        let intents = lines.filter { $0.contains(#""event":"intent""#) }
        #expect(intents.count == 1 && intents.first?.contains(#""endpoint":"/v5/order/amend""#) == true, "\(lines)")
        #expect(lines.filter { $0.contains(#""outcome":"guard""#) }.count == 2)
    }

    /// A POST no typed call owns is audited write-ahead (intent, then outcome), answers with
    /// the reply's `result`, and a Bybit refusal is an `api` error with its code.
    @Test func aWriteIsAuditedAndBybitsRefusalIsAnAPIError() async throws {
        let server = try await PaperServer()
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "--audit-log", audit, "-e",
                """
                local bybit = require "bybit"
                local args = {method = "POST", path = "/v5/position/set-leverage",
                              params = {category = "linear", symbol = "BTCUSDT", buyLeverage = "7", sellLeverage = D"7"}}
                local r = bybit.request(args)
                print(type(r), next(r))
                local ok, e = pcall(bybit.request, args)
                print(ok, e.kind, e.code, e.endpoint)
                print(bybit.position("BTCUSDT").leverage)
                """,
            ], environment: server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "table\tnil\nfalse\tapi\t110043\t/v5/position/set-leverage\n7\n", "\(r.stderr)")
        let lines = try String(contentsOfFile: audit, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(lines)")
        #expect(lines.first?.contains(#""event":"intent""#) == true)
        #expect(lines.first?.contains(#""endpoint":"/v5/position/set-leverage""#) == true)
        #expect(lines.first?.contains(#""buyLeverage":"7""#) == true, "\(lines.first ?? "")")
        #expect(lines.dropFirst().first?.contains(#""outcome":"ok""#) == true)
        #expect(lines.last?.contains(#""retCode":110043"#) == true)
        let counts = try ledgerCounts(server)
        #expect(counts["set-leverage"] == 1, "\(counts)")
    }

    /// `--dry-run`: `{dryRun = true, request = {method, path, params}}`, one dry_run line,
    /// no intent and nothing applied; an add-margin POST answers as add_margin's dry run.
    @Test func aDryRunSendsNothing() async throws {
        let server = try await PaperServer()
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "--dry-run", "--audit-log", audit, "-e",
                """
                local bybit = require "bybit"
                local d = bybit.request{method = "POST", path = "/v5/order/cancel-all",
                                        params = {category = "linear", symbol = "BTCUSDT"}}
                print(d.dryRun, d.request.method, d.request.path, d.request.params.symbol)
                local m = bybit.request{method = "POST", path = "/v5/position/add-margin",
                                        params = {symbol = "BTCUSDT", margin = "1"}}
                print(m.dryRun, m.request.margin, m.flat)
                """,
            ], environment: server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "true\tPOST\t/v5/order/cancel-all\tBTCUSDT\ntrue\t1\tfalse\n", "\(r.stderr)")
        let text = try String(contentsOfFile: audit, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 2 && !text.contains(#""event":"intent""#), "\(text)")
        let counts = try ledgerCounts(server)
        #expect((counts["order-cancel"] ?? 0) == 0 && (counts["add-margin"] ?? 0) == 0, "\(counts)")
    }

    /// A POST whose connection drops after the exchange applied it: `outcome_unknown` with
    /// the request, not re-sent (the ledger has it once).
    @Test func anUncertainWriteIsNotReSent() async throws {
        let server = try await PaperServer()
        try server.control(
            "POST", "/paper/faults",
            json: #"{"dropConnection": {"count": 1, "afterApply": true}, "paths": ["/v5/position/set-leverage"]}"#)
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "-e",
                """
                local ok, e = pcall(require("bybit").request, {method = "POST", path = "/v5/position/set-leverage",
                  params = {category = "linear", symbol = "BTCUSDT", buyLeverage = "6", sellLeverage = "6"}})
                print(ok, e.kind, e.request.buyLeverage, #e.positions)
                """,
            ], environment: server.credentials)
        #expect(r.stdout == "false\toutcome_unknown\t6\t1\n", "\(r.stderr)")
        #expect(try ledgerCounts(server)["set-leverage"] == 1)
    }

    /// Results convert the generic way, or by the catalog's kinds when it declares the path.
    @Test func resultsAreConvertedLikeEveryOtherCall() async throws {
        let server = try await PaperServer()
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "-e",
                """
                local bybit = require "bybit"
                local t = bybit.request{method = "GET", path = "/v5/market/time"}
                print(math.type(t.timeSecond))
                local page = bybit.request{method = "GET", path = "/v5/position/list",
                                           params = {category = "linear", symbol = "BTCUSDT"}}
                local p = page.list[1]
                print(p.symbol, getmetatable(p.size) ~= nil, math.type(p.positionIdx), getmetatable(p.liqPrice) ~= nil)
                local ok, e = pcall(bybit.request, {method = "GET", path = "/v5/position/list",
                                                    params = {category = "linear", symbol = "btcusdt"}})
                print(ok, e)
                """,
            ], environment: server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.prefix(2) == ["integer", "BTCUSDT\ttrue\tinteger\ttrue"], "\(r.stdout)")
        #expect(lines.last?.contains("bad argument #1 to 'bybit.request'") == true, "\(r.stdout)")
        #expect(lines.last?.contains("upper-case") == true)
    }

    /// `spec/bybit/request_spec.lua` passes under `bybit-lua test` (its own paper exchange).
    @Test func theSpecPasses() async throws {
        let r = try await BinaryRunner.run(["test", "spec/bybit/request_spec.lua"], cwd: TestCommandEndToEndTests.root)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains(" passed, 0 failed"), "\(r.stdout)")
    }

    private func ledgerCounts(_ server: PaperServer) throws -> [String: Int] {
        let ledger = try LedgerRecord.resultObject(server.control("GET", "/paper/ledger"))
        return (ledger["counts"] as? [String: Any] ?? [:]).compactMapValues(jsonInt)
    }
}
