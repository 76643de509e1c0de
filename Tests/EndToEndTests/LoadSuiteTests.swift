import Foundation
import Testing

/// Eight `bybit-lua` runners against one `bybit-lua paper` with Bybit's rate limits
/// enforced, for 10 s (60 s with `BYBIT_LUA_LONG=1`). Runners 0–3 trade their own
/// accounts; runners 4–7 share one, so they compete for its 10 add-margin/s. Afterwards the
/// exchange's balances, its ledger and the runners' own reports must agree exactly.
@Suite(.processBudget) struct LoadSuiteTests {
    static let seconds = SuiteSettings.isLong ? 60 : 10
    static let keys = ["LOAD0", "LOAD1", "LOAD2", "LOAD3", "LOADSHARED"]
    static func key(ofRunner r: Int) -> String { r < 4 ? keys[r] : "LOADSHARED" }

    /// One account's numbers: BTCUSDT positionIM, USDT walletBalance, USDT totalPositionIM,
    /// totalAvailableBalance — read through the runner itself, as a script would.
    private static func balances(_ server: PaperServer, key: String) async throws -> [Decimal] {
        let r = try await BinaryRunner.run(
            ["--base-url", server.url, "-e", LoadScript.balances],
            environment: ["BYBIT_API_KEY": key, "BYBIT_API_SECRET": "secret-" + key])
        let fields = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\t").compactMap {
            Decimal(string: String($0))
        }
        guard r.status == 0, fields.count == 4 else {
            throw SetupFailure(description: "balances of \(key): \(r.stdout) \(r.stderr)")
        }
        return fields
    }

    /// What the load run left behind, gathered off the cooperative pool.
    struct Outcome: Sendable {
        /// Per runner: exit status, stdout, stderr, audit lines.
        var runners: [(status: Int32, stdout: String, stderr: String, audited: Int)] = []
        var before: [String: [Decimal]] = [:], after: [String: [Decimal]] = [:]
        var ledgers: [String: LedgerRecord] = [:]
    }

    /// Creates the accounts, reads their balances, runs the 8 runners at once, reads the
    /// balances and the ledger again.
    private static func load() async throws -> Outcome {
        let server = try await PaperServer()
        for key in keys {
            let created = try server.control(
                "POST", "/paper/accounts", json: #"{"apiKey":"\#(key)","apiSecret":"secret-\#(key)"}"#)
            guard created.contains("\"retCode\":0") else { throw SetupFailure(description: created) }
        }
        var outcome = Outcome()
        for key in keys { outcome.before[key] = try await balances(server, key: key) }
        let dir = try ScratchDirectory()
        let script = try dir.write("load.lua", LoadScript.source)
        let runs = try (0..<8).map { r in
            try BackgroundRun(
                [
                    "--base-url", server.url, "--verbose", "--audit-log", dir.path + "/audit\(r).jsonl", script,
                    String(r), String(seconds),
                ],
                environment: ["BYBIT_API_KEY": key(ofRunner: r), "BYBIT_API_SECRET": "secret-" + key(ofRunner: r)],
                in: dir, name: "runner\(r)", limit: Double(seconds) + 60)
        }
        for (r, run) in runs.enumerated() {
            let (status, out, err) = await run.wait()
            outcome.runners.append((status, out, err, try AuditRecord.read(dir.path + "/audit\(r).jsonl").count))
        }
        for key in keys {
            outcome.after[key] = try await balances(server, key: key)
            outcome.ledgers[key] = try LedgerRecord.read(server, apiKey: key)
        }
        return outcome
    }

    @Test func eightRunnersRespectRateLimitsAndBalancesReconcileExactly() async throws {
        let outcome = try await Self.load()
        let results = outcome.runners
        let reports = results.map { LoadReport($0.stdout) }
        for (r, result) in results.enumerated() {
            #expect(result.status == 0, "runner \(r): \(result.stderr.suffix(1500))")
            #expect(reports[r].reportedSum == reports[r].appliedSum, "runner \(r)'s own sum matches its ok calls")
            #expect(result.audited == reports[r].calls.count, "runner \(r): one audit line per call")
            // Nothing failed except, on the shared account, a call whose 10006 retries ran out.
            for call in reports[r].calls where call.kind != "ok" {
                #expect(
                    r >= 4 && call.kind == "rate_limited" && call.code == 10006
                        && call.message.contains("gave up after 3 retries"),
                    "runner \(r) call \(call.index): \(call.kind) \(call.message)")
            }
            #expect(
                reports[r].readFailures.allSatisfy { r >= 4 && $0.0 == "rate_limited" },
                "runner \(r): \(reports[r].readFailures)")
        }

        for key in Self.keys {
            let mine = (0..<8).filter { Self.key(ofRunner: $0) == key }.map { reports[$0] }
            let ledger = try #require(outcome.ledgers[key])
            let ledgerSum = ledger.margins.reduce(Decimal(0), +)
            let reportedSum = mine.reduce(Decimal(0)) { $0 + ($1.reportedSum ?? -1) }
            #expect(ledgerSum == reportedSum, "\(key): ledger \(ledgerSum) vs runners \(reportedSum)")
            // Call by call: what the runners saw applied is exactly what the ledger holds.
            let okMargins = mine.flatMap(\.applied).map(\.margin)
            #expect(ledger.margins.count == okMargins.count, "\(key)")
            #expect(
                Dictionary(grouping: ledger.margins, by: { $0 }).mapValues(\.count)
                    == Dictionary(grouping: okMargins, by: { $0 }).mapValues(\.count))
            // Bybit's limit held: at most 10 add-margin per second per account (+ one window).
            #expect(ledger.margins.count <= 10 * (Self.seconds + 2), "\(key): \(ledger.margins.count) applied")
            // The exchange's balances moved by exactly the ledger's sum.
            let after = try #require(outcome.after[key])
            let start = try #require(outcome.before[key])
            #expect(after[0] - start[0] == ledgerSum, "\(key) positionIM \(start[0]) → \(after[0])")
            #expect(after[1] == start[1], "\(key) walletBalance unchanged: margin moves, money does not")
            #expect(after[2] - start[2] == ledgerSum, "\(key) totalPositionIM")
            #expect(start[3] - after[3] == ledgerSum, "\(key) totalAvailableBalance")
        }
        let waits = results.map {
            $0.stderr.split(separator: "\n").filter { $0.contains("rate limited, waiting for reset") }.count
        }
        let exhausted = reports.map { $0.calls.filter { $0.kind == "rate_limited" }.count }
        let total = reports.map { $0.calls.count }.reduce(0, +)
        #expect(waits.reduce(0, +) > 0, "the limits were reached, so the pacing was exercised")
        // A runner alone on its key paces itself from its own accepted replies and never
        // meets a 10006 (both sides floor the same real-time clock; the sleep never ends
        // early). The shared key's runners cannot see each other's requests.
        #expect(waits[0..<4].allSatisfy { $0 == 0 }, "solo runners were refused: \(waits)")
        print(
            "LoadSuite: \(total) add_margin calls in \(Self.seconds) s by 8 runners; ok \(reports.map { $0.applied.count }); 10006 waits \(waits); retries exhausted \(exhausted)"
        )
    }
}
