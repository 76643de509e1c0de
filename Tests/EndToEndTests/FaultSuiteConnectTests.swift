import Foundation
import Testing

/// Connection refused, then accepted: the one failure after which a mutation may be
/// retried, because no byte of it left the process. The script points at a port nothing
/// listens on; the exchange is started on it, stopped mid-run and started again (its
/// `--state` file keeps the accounts and the ledger). The script waits on stdin at chosen
/// calls so each switch happens between two calls, never during one.
@Suite(.processBudget) struct FaultSuiteConnectTests {
    /// The fault script, plus a `pause\tI` line and a blocking read before the calls in `arg[2]`.
    static let script = FaultScript.source.replacingOccurrences(
        of: "for i = 1, n do\n",
        with: """
            local pauses = {}
            for s in (arg[2] or ""):gmatch("%d+") do pauses[tonumber(s)] = true end
            for i = 1, n do
              if pauses[i] then io.write("pause\\t", i, "\\n") io.stdout:flush() io.read("l") end

            """)

    @Test func connectionRefusedThenAccepted() async throws {
        let n = SuiteSettings.callsPerFault
        let middle = n / 2
        // Calls 1–2 and middle…middle+1 meet a closed port; the exchange is (re)started
        // just before calls 3 and middle+2 are released, so those may be refused once or
        // twice and then accepted by the client's connect retries.
        let down: Set<Int> = [1, 2, middle, middle + 1]
        let starts: Set<Int> = [3, middle + 2]
        let run = try await Self.runAgainstAStoppingExchange(calls: n, middle: middle, down: down)
        let calls = run.calls
        run.checkMoneySafety()
        // A short run is reported by checkMoneySafety; indexing past it would crash the suite.
        try #require(calls.count == n)
        // Refused calls fail as `network` ("nothing was sent") after the client's retries…
        for i in down.sorted() {
            #expect(
                calls[i - 1].kind == "network" && calls[i - 1].message.contains("nothing was sent"),
                "call \(i): \(calls[i - 1])")
        }
        // …calls released into a starting exchange are refused, then accepted (or, on a
        // very slow start, refused to the end) — never uncertain…
        for i in starts.sorted() {
            #expect(["ok", "network"].contains(calls[i - 1].kind), "call \(i): \(calls[i - 1])")
        }
        // …and every other call went through.
        #expect(calls.filter { !down.contains($0.index) && !starts.contains($0.index) }.allSatisfy { $0.ok })
        #expect(run.indices("outcome_unknown").isEmpty)
        #expect(run.ledger.margins.count == run.indices("ok").count)
        // 3 retries for each refused call, at least one for each call released into a start.
        #expect(run.logLines(containing: "connect failed, retrying") >= 3 * down.count + starts.count)
    }

    /// Runs the script, stopping the exchange before the calls in `down` and starting it
    /// (with the same `--state`) as the others after a pause are released.
    private static func runAgainstAStoppingExchange(calls n: Int, middle: Int, down: Set<Int>) async throws -> FaultRun
    {
        let port = try unusedLoopbackPort()
        let dir = try ScratchDirectory()
        let scriptPath = try dir.write("connect.lua", Self.script)
        let audit = dir.path + "/audit.jsonl"
        let state = dir.path + "/paper.sqlite"
        let apiKey = "CONNECTKEY"
        let apiSecret = "connect-secret-\(UUID().uuidString)"
        let p = BinaryRunner.makeProcess(
            [
                "--base-url", "http://127.0.0.1:\(port)", "--audit-log", audit, "--verbose", scriptPath, String(n),
                [1, 3, middle, middle + 2].map(String.init).joined(separator: ","),
            ],
            cwd: nil, environment: ["BYBIT_API_KEY": apiKey, "BYBIT_API_SECRET": apiSecret])
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        let pid = p.processIdentifier  // only the pid: a queued item must not keep the pipes open
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: watchdog)
        defer { watchdog.cancel() }
        nonisolated(unsafe) var stderr = Data()
        let stderrDone = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            stderr = err.fileHandleForReading.readAll()
            stderrDone.signal()
        }

        // Its blocking reads and waits run off the concurrency pool (see ``offThePool(_:)``).
        nonisolated(unsafe) let reader = LineReader(out.fileHandleForReading)
        var server: PaperServer?
        let go = { input.fileHandleForWriting.writeAll(Data("go\n".utf8)) }
        let start = {
            try await PaperServer(
                apiKey: apiKey, apiSecret: apiSecret, port: port, arguments: ["--no-rate-limits", "--state", state])
        }
        while let line = await offThePool({ reader.skip(to: "pause\t") }) {
            let next = Int(line.dropFirst(6)) ?? 0
            if down.contains(next) {
                server = nil  // stopped and waited for: the port is closed again
                go()
            } else {
                go()  // released first, so the call meets a closed port and retries into the start
                server = try await start()
            }
        }
        let calls = CallRecord.parse(await offThePool { reader.rest() }.joined(separator: "\n"))
        await offThePool {
            p.waitUntilExit()
            stderrDone.wait()
        }
        let log = String(decoding: stderr, as: UTF8.self)
        let live: PaperServer
        if let server { live = server } else { live = try await start() }
        return FaultRun(
            calls: calls, ledger: try LedgerRecord.read(live), audit: try AuditRecord.read(audit),
            result: .init(status: p.terminationStatus, stdout: "", stderr: log, signalled: false, timedOut: false),
            expectedCalls: n)
    }
}
