import Foundation
import Testing

/// The write-ahead audit through the built binary: the intent line is on disk before a
/// mutation is sent, so even kill -9 (which nothing can catch) leaves a trace that
/// `bybit-lua audit` lists; no intent, no send; SIGPIPE never ends a run between a reply
/// and its outcome line.
@Suite(.processBudget) struct SignalWriteAheadAuditTests {
    /// Starts a run of `calls` add-margin calls whose `held`-th reply the exchange holds
    /// after applying it; returns once the exchange has applied it.
    private func runWithAHeldCall(
        _ server: PaperServer, audit: String, calls: Int = 3, held: Int = 2,
        extra: [String] = []
    ) throws -> RunningBinary {
        try server.control(
            "POST", "/paper/faults",
            json: """
                {"slowReply": {"count": 1, "every": \(held)}, "slowReplyMs": 4000, "paths": ["/v5/position/add-margin"]}
                """)
        let run = try RunningBinary(
            ["--base-url", server.url, "--audit-log", audit] + extra + [
                "-e",
                """
                for i = 1, \(calls) do add_margin{symbol = "BTCUSDT", margin = tostring(i)} end
                print("done")
                """,
            ], environment: server.credentials)
        #expect(
            waitUntil(deadline: 20) { (try? LedgerRecord.read(server).margins.count) == held },
            "the held call was applied")
        return run
    }

    /// kill -9 while the exchange holds the reply to a call it applied: the intent line is
    /// on disk (today's log was empty) and `bybit-lua audit` lists that call, exit 1.
    @Test func killNineDuringASlowReplyLeavesTheIntentAndAuditListsIt() async throws {
        let server = try await PaperServer()
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let run = try runWithAHeldCall(server, audit: audit, held: 1)
        run.signal(SIGKILL)
        _ = await run.finish()
        #expect(run.process.terminationReason == .uncaughtSignal && run.process.terminationStatus == SIGKILL)
        #expect(try LedgerRecord.read(server).margins == [Decimal(1)], "the exchange applied it")
        let text = try String(contentsOfFile: audit, encoding: .utf8)
        #expect(text.contains(#""event":"intent""#) && text.contains(#""margin":"1""#), "\(text)")
        #expect(!text.contains(#""event":"outcome""#), "\(text)")

        let listed = try await BinaryRunner.run(["audit", audit])
        #expect(listed.status == 1, "\(listed.stdout) \(listed.stderr)")
        #expect(
            listed.stdout.contains("1 without an outcome") && listed.stdout.contains("may have been applied"),
            "\(listed.stdout)")
        #expect(
            listed.stdout.contains("/v5/position/add-margin  category=linear symbol=BTCUSDT margin=1"),
            "\(listed.stdout)")
        let json = try await BinaryRunner.run(["audit", "--json", audit])
        #expect(json.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let unpaired = object?["unpaired"] as? [[String: Any]]
        #expect(
            unpaired?.count == 1 && (unpaired?.first?["params"] as? [String: String])?["margin"] == "1",
            "\(json.stdout)")
        #expect(jsonInt(object?["intents"]) == 1 && jsonInt(object?["outcomes"]) == 0)
    }

    /// A run that ends normally leaves every intent paired: `bybit-lua audit` exits 0 (the
    /// default path is the one real runs write); a log that is not there is exit 2.
    @Test func aCompleteRunHasNothingToCheck() async throws {
        let server = try await PaperServer()
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "--audit-log", audit, "-e",
                """
                add_margin{symbol = "BTCUSDT", margin = "1"}
                pcall(add_margin, {symbol = "BTCUSDT", margin = "-99999"})
                """,
            ], environment: server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        let listed = try await BinaryRunner.run(["audit", audit])
        #expect(listed.status == 0, "\(listed.stdout) \(listed.stderr)")
        #expect(listed.stdout.contains("2 calls sent, every one with its outcome"), "\(listed.stdout)")
        let byDefault = try await BinaryRunner.run(["audit"], environment: ["XDG_STATE_HOME": dir.path])
        #expect(
            byDefault.status == 2 && byDefault.stderr.contains(dir.path + "/bybit-lua/audit.jsonl"),
            "\(byDefault.stderr)")
        try FileManager.default.moveItem(atPath: audit, toPath: dir.path + "/bybit-lua/audit.jsonl")
        #expect(try await BinaryRunner.run(["audit"], environment: ["XDG_STATE_HOME": dir.path]).status == 0)
    }

    /// `--audit-log /dev/full`: the intent cannot be written, so nothing is sent — the
    /// exchange's ledger stays empty — and the run stops with the `audit` error, exit 3.
    /// (Today every call was applied and the run exited 0 after three warnings.)
    @Test func anIntentThatCannotBeWrittenSendsNothing() async throws {
        let server = try await PaperServer()
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "--audit-log", "/dev/full", "-e",
                """
                local ok, e = pcall(add_margin, {symbol = "BTCUSDT", margin = "1"})
                print(e.kind, e.request and e.request.margin)
                for i = 1, 3 do add_margin{symbol = "BTCUSDT", margin = "1"} end
                print("not reached")
                """,
            ], environment: server.credentials)
        #expect(r.status == 3, "\(r.stdout) \(r.stderr)")
        #expect(r.stdout.contains("audit\t1") && !r.stdout.contains("not reached"), "\(r.stdout)")
        #expect(
            r.stderr.contains("cannot write the audit log /dev/full") && r.stderr.contains("nothing was sent"),
            "\(r.stderr)")
        #expect(try LedgerRecord.read(server).margins.isEmpty, "no mutation reached the exchange")
    }

    /// A log that cannot even be opened (a path through a regular file) is refused before
    /// the script runs: exit 2, nothing sent.
    @Test func anAuditLogThatCannotBeOpenedStopsTheRunBeforeAnything() async throws {
        let server = try await PaperServer()
        let dir = try ScratchDirectory()
        let file = try dir.write("plain-file", "")
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "--audit-log", file + "/audit.jsonl", "-e",
                """
                print("ran") add_margin{symbol = "BTCUSDT", margin = "1"}
                """,
            ], environment: server.credentials)
        #expect(r.status == 2 && !r.stdout.contains("ran"), "\(r.stdout) \(r.stderr)")
        #expect(r.stderr.contains("cannot open the audit log") && r.stderr.contains("Not a directory"), "\(r.stderr)")
        #expect(try LedgerRecord.read(server).margins.isEmpty)
    }

    /// `kill -PIPE` during a call: SIGPIPE is ignored, so the call finishes, is audited, and
    /// the run carries on to its end (today the process died with 141 before the outcome).
    @Test func sigpipeDuringACallIsIgnored() async throws {
        let server = try await PaperServer()
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let run = try runWithAHeldCall(server, audit: audit)
        run.signal(SIGPIPE)
        let (stdout, stderr) = await run.finish()
        #expect(run.process.terminationReason == .exit && run.process.terminationStatus == 0, "\(stderr)")
        #expect(stdout.contains("done"))
        let records = try AuditRecord.read(audit)
        #expect(records.map(\.outcome) == ["ok", "ok", "ok"])
        #expect(try LedgerRecord.read(server).margins.count == 3)
        #expect(try await BinaryRunner.run(["audit", audit]).status == 0)
    }

    /// `--verbose` with a standard error nobody reads any more (its pipe closed): the log
    /// line written after each reply gets EPIPE instead of killing the process between the
    /// reply and its outcome line. Every applied call has its outcome.
    @Test func verboseWithAClosedStderrPipeStillAuditsEveryCall() async throws {
        let server = try await PaperServer()
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let p = BinaryRunner.makeProcess(
            [
                "--base-url", server.url, "--audit-log", audit, "--verbose", "-e",
                """
                for i = 1, 5 do add_margin{symbol = "BTCUSDT", margin = "1"} end
                """,
            ], cwd: nil, environment: server.credentials)
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        try err.fileHandleForReading.close()
        let pid = p.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }  // a hang fails the test, not the suite
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        await offThePool { p.waitUntilExit() }
        watchdog.cancel()
        #expect(p.terminationReason == .exit && p.terminationStatus == 0, "status \(p.terminationStatus)")
        let applied = try LedgerRecord.read(server).margins.count
        #expect(applied == 5)
        #expect(try AuditRecord.read(audit).count == applied, "one outcome line per applied call")
        #expect(try await BinaryRunner.run(["audit", audit]).status == 0)
    }
}
