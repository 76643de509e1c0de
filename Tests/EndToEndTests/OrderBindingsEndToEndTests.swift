import Foundation
import Testing

/// `bybit.order`, `bybit.cancel`, `bybit.orders` and `bybit.order_status` through the built
/// binary against the paper exchange (default book: BTCUSDT long 1 @ 60,000, ETHUSDT short
/// 10, BTCUSD long 10,000; SOLUSDT flat). Where "nothing was sent" matters, the exchange
/// runs as `bybit-lua paper` and its ledger (which records every create, accepted or
/// refused) is the judge.
@Suite(.processBudget) struct OrderBindingsEndToEndTests {
    @Test func aReduceOnlyMarketOrderCutsThePositionAndReadsBack() async throws {
        let r = try await BinaryRunner.run([
            "-e",
            """
            local bybit = require "bybit"
            local o = bybit.order{ symbol = "BTCUSDT", side = "Sell", qty = "0.25" }
            print(o.orderStatus, o.side, o.qty, o.reduceOnly, o.sends, o.recovered, o.orderLinkId:sub(1, 3))
            print(decimal.is(o.avgPrice), math.type(o.createdTime), bybit.position("BTCUSDT").size)
            local s = bybit.order_status{ orderLinkId = o.orderLinkId }
            print(s.orderId == o.orderId, s.orderStatus, s.cumExecQty)
            print(bybit.order_status{ orderId = o.orderId, symbol = "BTCUSDT" }.orderLinkId == o.orderLinkId)
            print(bybit.order_status{ orderLinkId = "no-such-order" })
            -- the script's own id, on an inverse short's cut (category from the instrument list)
            local i = bybit.order{ symbol = "BTCUSD", side = "Sell", qty = 1000, orderLinkId = "my-cut-1" }
            print(i.orderLinkId, i.orderStatus, bybit.position("BTCUSD").size)
            """,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout == """
                Filled\tSell\t0.25\ttrue\t1\tfalse\tbl-
                true\tinteger\t0.75
                true\tFilled\t0.25
                true
                nil
                my-cut-1\tFilled\t9000

                """, "\(r.stderr)")
    }

    @Test func aRestingOrderIsListedAcrossSettleCoinsAndCancelled() async throws {
        let r = try await BinaryRunner.run([
            "-e",
            """
            local bybit = require "bybit"
            bybit.paper.set_wallet{ coin = "USDC", amount = "20000" }
            bybit.paper.open_position{ symbol = "BTCPERP", side = "Buy", size = "0.2", leverage = 5 }
            local a = bybit.order{ symbol = "BTCUSDT", side = "Sell", qty = "0.5", orderType = "Limit", price = "70000" }
            local b = bybit.order{ symbol = "BTCPERP", side = "Sell", qty = "0.1", orderType = "Limit", price = "71000" }
            print(a.orderStatus, a.price, b.orderStatus)
            local all = bybit.orders()
            print(#all, #bybit.orders{ symbol = "BTCUSDT" }, #bybit.orders{ settleCoin = "USDC" })
            local ack = bybit.cancel{ symbol = "BTCUSDT", orderLinkId = a.orderLinkId }
            print(ack.orderId == a.orderId, ack.orderLinkId == a.orderLinkId)
            print(#bybit.orders(), bybit.orders()[1].symbol, bybit.order_status{ orderLinkId = a.orderLinkId }.orderStatus)
            local finished = bybit.orders{ symbol = "BTCUSDT", openOnly = false }
            print(#finished, finished[1].orderLinkId == a.orderLinkId)
            local ok, err = pcall(bybit.cancel, { symbol = "BTCUSDT", orderId = a.orderId })
            print(ok, err.kind, err.code == bybit.errors.ORDER_NOT_FOUND)
            print(bybit.cancel{ symbol = "BTCPERP", orderId = b.orderId }.orderLinkId == b.orderLinkId, #bybit.orders())
            """,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout == """
                New\t70000.00\tNew
                2\t1\t1
                true\ttrue
                1\tBTCPERP\tCancelled
                1\ttrue
                false\tapi\ttrue
                true\t0

                """, "\(r.stderr)")
    }

    /// `reduceOnly = false` meets the guard: a `guard` error naming the flag, an audit line
    /// saying `guard`, and nothing on the exchange; `--allow-open-orders` lets it through.
    @Test func anOrderThatCanOpenNeedsAllowOpenOrders() async throws {
        let server = try await PaperServer(arguments: ["--no-rate-limits"])
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let script = """
            local bybit = require "bybit"
            local ok, err = pcall(bybit.order, { symbol = "SOLUSDT", side = "Buy", qty = "2", reduceOnly = false })
            if ok then print("placed", err.orderStatus, bybit.position("SOLUSDT").size) return end
            print(err.kind, err.request.reduceOnly, err.request.qty, err.orderLinkId == err.request.orderLinkId)
            print(err.message)
            """
        let refused = try await BinaryRunner.run(
            ["--base-url", server.url, "--audit-log", audit, "-e", script], environment: server.credentials)
        #expect(refused.status == 0, "\(refused.stderr)")
        let lines = refused.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "guard\tfalse\t2\ttrue", "\(refused.stdout)")
        #expect(lines.last?.contains("--allow-open-orders") == true, "\(refused.stdout)")
        #expect(lines.last?.contains("nothing was sent") == true, "\(refused.stdout)")
        #expect(try OrderLedgerRecord.read(server).creates.isEmpty, "the guard sent nothing")
        let guardLine = try AuditFileLine.read(audit)
        #expect(guardLine.count == 1 && guardLine.first?.outcome == "guard" && guardLine.first?.event == "outcome")
        #expect(guardLine.first?.params["orderLinkId"]?.hasPrefix("bl-") == true)

        let allowed = try await BinaryRunner.run(
            ["--base-url", server.url, "--allow-open-orders", "-e", script], environment: server.credentials)
        #expect(allowed.stdout == "placed\tFilled\t2\n", "\(allowed.stdout)\(allowed.stderr)")
        #expect(try OrderLedgerRecord.read(server).creates.count == 1)
    }

    /// Every refusal made before the wire names the argument; the exchange's refusals come
    /// back as `api` errors with their code. The ledger shows exactly the creates that were
    /// sent: the exchange-refused ones, never the locally refused ones.
    @Test func badInputIsRefusedInTheUsersTerms() async throws {
        let server = try await PaperServer(arguments: ["--no-rate-limits"])
        try server.control("POST", "/paper/position-mode", json: #"{"symbol": "SOLUSDT", "mode": "hedge"}"#)
        try server.control("POST", "/paper/position", json: #"{"symbol": "SOLUSDT", "side": "Buy", "size": "3"}"#)
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "-e",
                """
                local bybit = require "bybit"
                local function try(f, args)
                  local ok, err = pcall(f, args)
                  if ok then print("ok") elseif type(err) == "table" then print(err.kind, err.code, err.message)
                  else print(err) end
                end
                local order = bybit.order
                try(order, "BTCUSDT")
                try(order, { symbol = "BTCUSDT", side = "Sell" })
                try(order, { symbol = "BTCUSDT", side = "sell", qty = 1 })
                try(order, { symbol = "BTCUSDT", side = "Sell", qty = 0 })
                try(order, { symbol = "BTCUSDT", side = "Sell", qty = "-1" })
                try(order, { symbol = "BTCUSDT", side = "Sell", qty = "0.000000001" })
                try(order, { symbol = "BTCUSDT", side = "Sell", qty = {} })
                try(order, { symbol = "BTCUSDT", side = "Sell", qty = 1, reduceOnly = "yes" })
                try(order, { symbol = "BTCUSDT", side = "Sell", qty = 1, quantity = 1 })
                try(order, { symbol = "NOPEUSDT", side = "Sell", qty = 1 })
                try(order, { symbol = "BTCUSDT", side = "Sell", qty = 1, orderType = "Stop" })
                try(order, { symbol = "BTCUSDT", side = "Sell", qty = 1, orderType = "Limit" })
                try(order, { symbol = "BTCUSDT", side = "Sell", qty = 1, orderLinkId = "has space" })
                try(order, { symbol = "BTCUSDT", side = "Sell", qty = 1, orderLinkId = string.rep("x", 37) })
                try(order, { symbol = "BTCUSDT", side = "Sell", qty = 1, positionIdx = 5 })
                -- refused by the exchange (sent, nothing placed): off the lot grid, no index in hedge mode
                try(order, { symbol = "BTCUSDT", side = "Sell", qty = "0.0001" })
                try(order, { symbol = "SOLUSDT", side = "Sell", qty = "1" })
                try(bybit.cancel, { symbol = "BTCUSDT" })
                try(bybit.cancel, { orderId = "1" })
                try(bybit.order_status, { symbol = "BTCUSDT" })
                try(bybit.order_status, { orderLinkId = 5 })
                try(bybit.orders, { symbol = "BTCUSDT", openOnly = "no" })
                try(bybit.orders, { category = "spot" })
                print(bybit.position{ symbol = "SOLUSDT", positionIdx = 1 }.size, bybit.position("BTCUSDT").size)
                """,
            ], environment: server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let expected = [
            "bad argument #1 to 'order' (table expected, got string)",
            "bad argument #1 to 'order' (field 'qty': missing",
            "bad argument #1 to 'order' (field 'side': \"Buy\" or \"Sell\" expected, got 'sell')",
            "bad argument #1 to 'order' (The number of contracts exceeds minimum limit allowed: qty 0 (Bybit takes a zero qty only as a close-all, with reduceOnly and closeOnTrigger))",
            "bad argument #1 to 'order' (qty must be greater than zero, got -1)",
            "bad argument #1 to 'order' (qty '0.000000001' has 9 decimals; at most 8 are allowed)",
            "bad argument #1 to 'order' (field 'qty':",
            "bad argument #1 to 'order' (field 'reduceOnly': true, false, 1 or 0 expected",
            "bad argument #1 to 'order' (unknown field 'quantity'",
            "bad argument #1 to 'order' (field 'symbol': unknown symbol 'NOPEUSDT'",
            "bad argument #1 to 'order' (orderType 'Stop' is not supported",
            "bad argument #1 to 'order' (",
            "bad argument #1 to 'order' (",
            "bad argument #1 to 'order' (",
            "bad argument #1 to 'order' (positionIdx must be 0 (one-way), 1 (hedge buy) or 2 (hedge sell), got 5)",
            "api\t10001\tparams error: qty 0.0001 is not a multiple of the qtyStep 0.001 of BTCUSDT",
            "api\t10001\t",
            "bad argument #1 to 'cancel' (field 'orderId' or 'orderLinkId': one of them is required)",
            "bad argument #1 to 'cancel' (field 'symbol': missing",
            "bad argument #1 to 'order_status' (field 'orderLinkId' or 'orderId': one of them is required)",
            "bad argument #1 to 'order_status' (field 'orderLinkId': string expected, got number)",
            "bad argument #1 to 'orders' (field 'openOnly': true, false, 1 or 0 expected",
            "bad argument #1 to 'orders' (",
            "3\t1",
        ]
        #expect(lines.count == expected.count, "\(r.stdout)")
        // Lua names the function as the script reached it: `bybit.order`
        let named = expected.map { $0.replacingOccurrences(of: " to '", with: " to 'bybit.") }
        for (line, words) in zip(lines, named) { #expect(line.hasPrefix(words), "\(line)") }
        guard lines.count == expected.count else { return }
        #expect(lines[11].contains("price"), "\(lines[11])")
        #expect(lines[12].contains("orderLinkId"), "\(lines[12])")
        #expect(lines[13].contains("orderLinkId"), "\(lines[13])")
        #expect(lines[16].contains("position idx not match position mode"), "\(lines[16])")
        let ledger = try OrderLedgerRecord.read(server)
        #expect(ledger.creates.isEmpty, "nothing was placed")
        #expect(ledger.refusals.map(\.retCode) == ["10001", "10001"], "only the two the exchange judged were sent")
    }

    /// 110017: a reduce-only order on a flat position is Bybit's refusal, as an `api` error
    /// that names the order's id; the dry run says in advance that it would be refused.
    @Test func aReduceOnlyOrderOnAFlatPositionIsRefusedByTheExchange() async throws {
        let r = try await BinaryRunner.run([
            "-e",
            """
            local bybit = require "bybit"
            local ok, err = pcall(bybit.order, { symbol = "SOLUSDT", side = "Sell", qty = "1" })
            print(ok, err.kind, err.code == bybit.errors.NOTHING_TO_REDUCE, err.code, err.orderLinkId:sub(1, 3))
            print(bybit.order_status{ orderLinkId = err.orderLinkId })
            """,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "false\tapi\ttrue\t110017\tbl-\nnil\n", "\(r.stdout)\(r.stderr)")
    }

    /// Every order writes its intent line (with the orderLinkId, fsynced before the send)
    /// and its outcome line with the same id; a dry run writes one `dry_run` line and sends
    /// nothing.
    @Test func theAuditLogHasTheOrderLinkIdBeforeTheSendAndDryRunSendsNothing() async throws {
        let server = try await PaperServer(arguments: ["--no-rate-limits"])
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let placed = try await BinaryRunner.run(
            [
                "--base-url", server.url, "--audit-log", audit, "-e",
                """
                local bybit = require "bybit"
                local o = bybit.order{ symbol = "BTCUSDT", side = "Sell", qty = "0.1" }
                local c = bybit.order{ symbol = "BTCUSDT", side = "Sell", qty = "0.1", orderType = "Limit", price = "65000" }
                bybit.cancel{ symbol = "BTCUSDT", orderId = c.orderId }
                print(o.orderLinkId)
                print(c.orderLinkId)
                """,
            ], environment: server.credentials)
        #expect(placed.status == 0, "\(placed.stderr)")
        let ids = placed.stdout.split(separator: "\n").map(String.init)
        let lines = try AuditFileLine.read(audit)
        #expect(lines.map(\.event) == ["intent", "outcome", "intent", "outcome", "intent", "outcome"])
        guard lines.count == 6 else { return }
        #expect(lines.map(\.outcome) == [nil, "ok", nil, "ok", nil, "ok"])
        #expect(ids.count == 2 && lines[0].params["orderLinkId"] == ids[0] && lines[2].params["orderLinkId"] == ids[1])
        #expect(lines[0].id == lines[1].id && lines[1].params["orderLinkId"] == ids[0])
        // reduceOnly as the wire sends it: a JSON boolean
        let firstLine = try String(contentsOfFile: audit, encoding: .utf8).prefix { $0 != "\n" }
        #expect(firstLine.contains(#""reduceOnly":true"#) && lines[0].params["qty"] == "0.1")
        #expect(lines[4].endpoint == "/v5/order/cancel" && lines[4].params["orderId"] != nil)
        #expect(try OrderLedgerRecord.read(server).creates.map(\.orderLinkId) == ids)

        let dryAudit = dir.path + "/dry.jsonl"
        let dry = try await BinaryRunner.run(
            [
                "--base-url", server.url, "--audit-log", dryAudit, "--dry-run", "-e",
                """
                local bybit = require "bybit"
                local d = bybit.order{ symbol = "SOLUSDT", side = "Sell", qty = "1" }
                print(d.dryRun, d.flat, d.note)
                print(d.request.symbol, d.request.side, d.request.qty, d.request.reduceOnly, d.request.orderType,
                  d.request.orderLinkId:sub(1, 3))
                local open = bybit.order{ symbol = "BTCUSDT", side = "Sell", qty = "0.1", orderLinkId = "dry-1" }
                print(open.dryRun, open.flat, open.request.orderLinkId)
                print(bybit.cancel{ symbol = "BTCUSDT", orderLinkId = "dry-1" }.dryRun)
                """,
            ], environment: server.credentials)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(
            dry.stdout == """
                true\ttrue\tthe SOLUSDT position is flat: a reduce-only order would be refused (110017, nothing to reduce)
                SOLUSDT\tSell\t1\ttrue\tMarket\tbl-
                true\tfalse\tdry-1
                true

                """, "\(dry.stdout)\(dry.stderr)")
        let dryLines = try AuditFileLine.read(dryAudit)
        #expect(dryLines.count == 3 && dryLines.allSatisfy { $0.outcome == "dry_run" && $0.event == "outcome" })
        #expect(try OrderLedgerRecord.read(server).creates.count == 2, "the dry run placed nothing")
    }

    /// The REPL has `bybit` as a global: an order placed from it, and read back.
    @Test func theREPLPlacesAnOrder() async throws {
        let r = try await BinaryRunner.run(
            ["repl"],
            stdin: """
                o = bybit.order{ symbol = "ETHUSDT", side = "Buy", qty = "2.5" }
                o.orderStatus
                bybit.position("ETHUSDT").size

                """)
        #expect(r.stdout.contains("> \"Filled\"\n"), "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("> 7.5\n"), "\(r.stdout)\(r.stderr)")
    }

    /// `bybit-lua test` meets the same guard as a run, and takes `--allow-open-orders` too.
    @Test func specsMeetTheGuardUnlessAllowed() async throws {
        let dir = try ScratchDirectory()
        try dir.write(
            "spec/open_spec.lua",
            """
            local bybit = require "bybit"
            describe("an order that opens", function()
              it("opens SOLUSDT", function()
                local o = bybit.order{ symbol = "SOLUSDT", side = "Buy", qty = "2", reduceOnly = false }
                assert.are.equal("Filled", o.orderStatus)
                assert.is_true(bybit.position("SOLUSDT").size:eq(2))
              end)
            end)
            """)
        let guarded = try await BinaryRunner.run(["test", "spec"], cwd: dir.path)
        #expect(guarded.status == 1, "\(guarded.stdout)\(guarded.stderr)")
        #expect(guarded.stdout.contains("--allow-open-orders"), "\(guarded.stdout)")
        let allowed = try await BinaryRunner.run(["test", "--allow-open-orders", "spec"], cwd: dir.path)
        #expect(allowed.status == 0, "\(allowed.stdout)\(allowed.stderr)")
        #expect(allowed.stdout.contains("1 passed, 0 failed"), "\(allowed.stdout)")
    }

    /// `bybit-lua types` describes the functions, their argument classes (with the fields the
    /// bindings fill in optional), the placed order's extra fields and the new error codes.
    @Test func typesDescribeTheOrderAndSettingsFunctions() async throws {
        let dir = try ScratchDirectory()
        #expect(try await BinaryRunner.run(["types", "--out", "types"], cwd: dir.path).status == 0)
        let bybit = try String(contentsOfFile: dir.path + "/types/bybit.d.lua", encoding: .utf8)
        for line in [
            "---@param args bybit.OrderArgs\n---@return bybit.PlacedOrder|bybit.DryRun\nfunction bybit.order(args) end",
            "---@field orderType? \"Market\"|\"Limit\"", "---@field reduceOnly? boolean",
            "---@class bybit.PlacedOrder: bybit.Order\n---@field sends integer",
            "---@field orderLinkId string? bybit.order's errors",
            "---@param args bybit.CancelArgs\n---@return bybit.OrderAck|bybit.DryRun\nfunction bybit.cancel(args) end",
            "---@return bybit.Order[]\nfunction bybit.orders(args) end",
            "---@return bybit.Order?\nfunction bybit.order_status(args) end",
            "---@param args bybit.SetLeverageArgs\n---@return {changed: boolean}|bybit.DryRun\nfunction bybit.set_leverage(args) end",
            "---@param args bybit.TradingStopArgs\n---@return true|bybit.DryRun\nfunction bybit.trading_stop(args) end",
            "---@field tpslMode? \"Full\"|\"Partial\"",
            "mode: \"one-way\"|\"hedge\"", "function bybit.set_margin_mode(mode) end",
            "---@field NOTHING_TO_REDUCE integer 110017", "---@field LEVERAGE_NOT_MODIFIED integer 110043",
        ] {
            #expect(bybit.contains(line), "\(line)")
        }
    }

    /// `bybit-lua test` runs the project's order spec against its own paper exchange.
    @Test func theOrderSpecPassesUnderBybitLuaTest() async throws {
        let r = try await BinaryRunner.run(["test", "spec/bybit/orders_spec.lua"], cwd: OrderLedgerRecord.root)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains(" passed, 0 failed"), "\(r.stdout)")
        #expect(!r.stdout.contains("\n0 passed"), "\(r.stdout)")
    }
}

/// The paper exchange's record of order creates: accepted (`order-create`) and refused
/// (`order-refused`, with the retCode), each with its `orderLinkId`.
struct OrderLedgerRecord {
    struct Entry {
        let orderLinkId: String
        let retCode: String?
    }

    let creates: [Entry]
    let refusals: [Entry]

    /// The repository root (for `bybit-lua test spec/…`).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static func read(_ server: PaperServer) throws -> OrderLedgerRecord {
        func entries(_ action: String) throws -> [Entry] {
            let ledger = try LedgerRecord.resultObject(server.control("GET", "/paper/ledger?action=" + action))
            return (ledger["entries"] as? [[String: Any]] ?? []).map { e in
                let detail = e["detail"] as? [String: Any] ?? [:]
                return Entry(orderLinkId: detail["orderLinkId"] as? String ?? "", retCode: detail["retCode"] as? String)
            }
        }
        return OrderLedgerRecord(creates: try entries("order-create"), refusals: try entries("order-refused"))
    }
}

/// The lines of an audit log, intent and outcome alike.
struct AuditFileLine {
    let id: String
    let event: String
    let endpoint: String
    let outcome: String?
    let retCode: Int?
    let retMsg: String?
    let params: [String: String]

    static func read(_ path: String) throws -> [AuditFileLine] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { line in
            let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            return AuditFileLine(
                id: o["id"] as? String ?? "", event: o["event"] as? String ?? "",
                endpoint: o["endpoint"] as? String ?? "",
                outcome: o["outcome"] as? String, retCode: jsonInt(o["retCode"]), retMsg: o["retMsg"] as? String,
                params: (o["params"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String })
        }
    }
}
