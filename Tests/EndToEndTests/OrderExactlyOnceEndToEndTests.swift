import Foundation
import Testing

/// `bybit.order` placed exactly once through the built binary while `bybit-lua paper`
/// faults every other `order/create`: the connection dropped or 10016 answered after the
/// order was placed (the client must find it by its orderLinkId, not place another), and
/// the same faults before it was placed (the client may re-send, with the same id). The
/// exchange's ledger, which records every create, accepted or refused, is the judge:
/// no orderLinkId may have two orders, and every order the script was told about exists
/// once.
///
/// Serialized: each kind runs two processes and the before-apply kinds wait between lookups.
@Suite(.serialized, .processBudget) struct OrderExactlyOnceEndToEndTests {
    static let trials = 50
    static let path = #""paths": ["/v5/order/create"]"#

    @Test(arguments: [
        ("dropConnection", true), ("serverError", true), ("dropConnection", false), ("badGateway", false),
    ])
    func noOrderIsPlacedTwice(fault: String, afterApply: Bool) async throws {
        let plan = #"{"\#(fault)": {"count": -1, "every": 2, "afterApply": \#(afterApply)}, \#(Self.path)}"#
        let run = try await OrderFaultRun.run(plan: plan, trials: Self.trials)
        print("OrderExactlyOnce \(fault) afterApply=\(afterApply): \(run.summary)")
        #expect(run.result.status == 0 && !run.result.timedOut, "\(run.result.stderr.suffix(2000))")
        #expect(run.calls.map(\.index) == Array(1...Self.trials), "the script reported every order")
        let ids = run.calls.map(\.orderLinkId)
        #expect(Set(ids).count == ids.count && !ids.contains(""), "each call had its own orderLinkId")
        // The judge: one order per orderLinkId at most, and none the script did not ask for.
        let placed = Dictionary(grouping: run.ledger.creates, by: \.orderLinkId).mapValues(\.count)
        #expect(placed.values.allSatisfy { $0 == 1 }, "duplicates: \(placed.filter { $0.value > 1 })")
        #expect(Set(placed.keys).isSubset(of: Set(ids)), "the ledger holds only the script's orders")
        for call in run.calls {
            let n = placed[call.orderLinkId] ?? 0
            switch call.kind {
            case "ok": #expect(n == 1, "order \(call.index) ok but placed \(n)×")
            case "outcome_unknown": #expect(n <= 1, "order \(call.index) placed \(n)×")
            default: #expect(n == 0, "order \(call.index) failed (\(call.kind)) but placed \(n)×")
            }
        }
        // The book agrees: each placed order cut 0.001 BTC from the 1 BTC long.
        let expectedSize = Decimal(1) - Decimal(run.ledger.creates.count) * Decimal(string: "0.001")!
        #expect(run.finalSize == expectedSize, "size \(String(describing: run.finalSize)) vs \(expectedSize)")
        // The faults fired, and the client recovered rather than failed.
        #expect((run.fired[fault] ?? 0) >= Self.trials / 2, "\(run.fired)")
        #expect(run.calls.filter { $0.kind == "ok" }.count == Self.trials, "\(run.summary)")
        if afterApply {
            #expect(run.calls.filter(\.recovered).count >= Self.trials / 2, "found by orderLinkId after the fault")
            #expect(run.calls.allSatisfy { $0.sends == 1 }, "an order that was placed is never re-sent")
        } else {
            #expect(run.calls.contains { $0.sends == 2 }, "not placed: re-sent with the same orderLinkId")
        }
        // The audit log: an intent line with the orderLinkId before each send, one outcome line each.
        let intents = run.audit.filter { $0.event == "intent" }.map { $0.params["orderLinkId"] ?? "" }
        let outcomes = run.audit.filter { $0.event == "outcome" }
        #expect(intents == ids && outcomes.map { $0.params["orderLinkId"] ?? "" } == ids)
        #expect(zip(outcomes, run.calls).allSatisfy { $0.outcome == $1.kind })
        // ... and says which orders were recovered or re-sent.
        for (line, call) in zip(outcomes, run.calls) where call.recovered || (call.sends ?? 0) > 1 {
            #expect(
                line.retMsg?.contains("\(call.sends ?? 0) create request") == true, "\(String(describing: line.retMsg))"
            )
        }
        #expect(zip(outcomes, run.calls).allSatisfy { $1.recovered || $1.sends != 1 || $0.retMsg == "OK" })
    }

    /// When the order cannot be looked up either (10016 on create and on both lookups), the
    /// outcome stays unknown: the script gets `outcome_unknown` naming the orderLinkId (and
    /// the re-read position), nothing is re-sent, and once the exchange answers again
    /// `bybit.order_status` finds the one order by that id.
    @Test func anOutcomeThatStaysUnknownNamesTheOrderLinkIdAndIsNotResent() async throws {
        let server = try await PaperServer(arguments: ["--no-rate-limits"])
        let plan = #"""
            {"serverError": {"count": -1, "every": 1, "afterApply": true},
             "paths": ["/v5/order/create", "/v5/order/realtime", "/v5/order/history"]}
            """#
        #expect(try server.control("POST", "/paper/faults", json: plan).contains("\"retCode\":0"))
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "--audit-log", audit, "-e",
                """
                local bybit = require "bybit"
                local ok, err = pcall(bybit.order, { symbol = "BTCUSDT", side = "Sell", qty = "0.01", category = "linear" })
                print(ok, err.kind, err.code, err.orderLinkId, type(err.positions), err.positions[1].size)
                """,
            ], environment: server.credentials, limit: 120)
        #expect(r.status == 0, "\(r.stderr)")
        let f = r.stdout.split(separator: "\n").first?.split(separator: "\t").map(String.init) ?? []
        #expect(f.count == 6 && f[0] == "false" && f[1] == "outcome_unknown" && f[4] == "table", "\(r.stdout)")
        guard f.count == 6 else { return }
        let linkId = f[3]
        #expect(f[5] == "0.99", "the order was applied; the re-read position shows it")
        try server.control("DELETE", "/paper/faults")
        #expect(try OrderLedgerRecord.read(server).creates.map(\.orderLinkId) == [linkId], "one create, never re-sent")
        let lines = try AuditFileLine.read(audit)
        #expect(lines.map(\.event) == ["intent", "outcome"] && lines.last?.outcome == "outcome_unknown")
        #expect(lines.allSatisfy { $0.params["orderLinkId"] == linkId })
        let status = try await BinaryRunner.run(
            [
                "--base-url", server.url, "-e",
                "local s = require('bybit').order_status{ orderLinkId = '\(linkId)' } print(s.orderStatus, s.qty)",
            ], environment: server.credentials)
        #expect(status.stdout == "Filled\t0.01\n", "\(status.stdout)\(status.stderr)")
    }
}

/// One fault kind end to end: a fresh `bybit-lua paper` with `plan`, `trials` reduce-only
/// orders from a script, and what the script, the ledger and the audit log said.
struct OrderFaultRun: Sendable {
    struct Call: Sendable {
        let index: Int
        let kind: String
        let orderLinkId: String
        let sends: Int?
        let recovered: Bool
    }

    struct Ledger: Sendable {
        let creates: [Entry]
        struct Entry: Sendable { let orderLinkId: String }
    }

    let calls: [Call]
    let ledger: Ledger
    let fired: [String: Int]
    let audit: [AuditFileLine]
    let finalSize: Decimal?
    let result: BinaryRunner.Result

    static let script = """
        local bybit = require "bybit"
        local n = assert(tonumber(arg[1]), "usage: orders N")
        local function clean(s) return (tostring(s):gsub("[\\t\\n]", " ")) end
        for i = 1, n do
          local ok, r = pcall(bybit.order, { category = "linear", symbol = "BTCUSDT", side = "Sell", qty = "0.001" })
          if ok then
            io.write("order\\t", i, "\\tok\\t", r.orderLinkId, "\\t", r.sends, "\\t", tostring(r.recovered), "\\n")
          elseif type(r) == "table" then
            io.write("order\\t", i, "\\t", clean(r.kind), "\\t", tostring(r.orderLinkId), "\\t-\\tfalse\\t", clean(r), "\\n")
          else
            io.write("order\\t", i, "\\tlua\\t\\t-\\tfalse\\t", clean(r), "\\n")
          end
          io.stdout:flush()
        end
        print("size", bybit.position{ symbol = "BTCUSDT", category = "linear" }.size)
        """

    static func run(plan: String, trials: Int) async throws -> OrderFaultRun {
        do {
            let server = try await PaperServer(arguments: ["--no-rate-limits"])
            let armed = try server.control("POST", "/paper/faults", json: plan)
            guard armed.contains("\"retCode\":0") else {
                throw SetupFailure(description: "fault plan refused: \(armed)")
            }
            let dir = try ScratchDirectory()
            let file = try dir.write("orders.lua", script)
            let auditPath = dir.path + "/audit.jsonl"
            let result = try await BinaryRunner.run(
                ["--base-url", server.url, "--audit-log", auditPath, file, String(trials)],
                environment: server.credentials, limit: 300)
            // Faults off, so the reads below see the exchange as it is.
            try server.control("DELETE", "/paper/faults")
            let record = try OrderLedgerRecord.read(server)
            let faults = try LedgerRecord.resultObject(server.control("GET", "/paper/faults"))
            return OrderFaultRun(
                calls: parse(result.stdout),
                ledger: Ledger(creates: record.creates.map { Ledger.Entry(orderLinkId: $0.orderLinkId) }),
                fired: (faults["fired"] as? [String: Any] ?? [:]).compactMapValues(jsonInt),
                audit: try AuditFileLine.read(auditPath),
                finalSize: result.stdout.split(separator: "\n").last { $0.hasPrefix("size\t") }
                    .flatMap { Decimal(string: String($0.dropFirst(5))) },
                result: result)
        }
    }

    static func parse(_ stdout: String) -> [Call] {
        stdout.split(separator: "\n").compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 6, f[0] == "order", let i = Int(f[1]) else { return nil }
            return Call(index: i, kind: f[2], orderLinkId: f[3], sends: Int(f[4]), recovered: f[5] == "true")
        }
    }

    /// Calls by outcome, recoveries, re-sends, ledger orders and faults fired, for the log.
    var summary: String {
        let kinds = Dictionary(grouping: calls, by: \.kind).mapValues(\.count).sorted { $0.key < $1.key }
        return "\(calls.count) orders: \(kinds.map { "\($0.key) \($0.value)" }.joined(separator: ", ")); "
            + "recovered \(calls.filter(\.recovered).count); re-sent \(calls.filter { ($0.sends ?? 0) > 1 }.count); "
            + "ledger orders \(ledger.creates.count) (distinct ids \(Set(ledger.creates.map(\.orderLinkId)).count)); "
            + "fired \(fired.filter { $0.value > 0 })"
    }
}
