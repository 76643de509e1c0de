import Foundation
import Testing

/// SIGTERM or SIGHUP during a margin call: the call in flight finishes and is audited, then
/// the script stops (exit 143 or 129). Nothing applied goes unrecorded.
@Suite(.processBudget) struct SignalEndToEndTests {
    /// `bybit-lua paper` stops on a SIGTERM sent the moment its banner says it is ready
    /// (its handlers used to be armed after the banner, so such a SIGTERM was ignored and
    /// the server ran on). Twenty times, each signalled as soon as the banner is read.
    /// Closing the terminal it was started in shuts it down the same way.
    @Test func thePaperServerShutsDownOnSIGHUP() async throws {
        try await PaperShutdown.expectCleanShutdown(on: SIGHUP, name: "SIGHUP")
    }

    /// The other stop signals too (it used to die of them, its state file unsaved).
    @Test(arguments: [(SIGUSR1, "SIGUSR1"), (SIGALRM, "SIGALRM"), (SIGQUIT, "SIGQUIT")])
    func thePaperServerShutsDownOnTheOtherStopSignals(signal: Int32, name: String) async throws {
        try await PaperShutdown.expectCleanShutdown(on: signal, name: name)
    }

    @Test func thePaperServerStopsOnASigtermSentAsSoonAsItIsReady() async throws {
        for _ in 0..<20 {
            try await PaperShutdown.expectCleanShutdown(on: SIGTERM, name: "SIGTERM")
        }
    }

    /// SIGHUP too: closing the terminal or the SSH session a guard runs in must not cut
    /// a margin call off from its audit line. And every other signal whose default action
    /// ends the process (a stray `kill -USR1`, an alarm, Ctrl-\, a CPU-time limit): each
    /// used to kill it between the reply and the audit line (exit 138, 142, …).
    @Test(arguments: [
        (SIGTERM, Int32(143), "SIGTERM"), (SIGHUP, Int32(129), "SIGHUP"), (SIGUSR1, Int32(138), "SIGUSR1"),
        (SIGALRM, Int32(142), "SIGALRM"), (SIGUSR2, Int32(140), "SIGUSR2"), (SIGQUIT, Int32(131), "SIGQUIT"),
        (SIGXCPU, Int32(152), "SIGXCPU"), (SIGRTMIN_PLUS_3, Int32(128) + SIGRTMIN_PLUS_3, "SIGRTMIN+3"),
    ])
    func aStopSignalLetsTheCallInFlightFinishAndAuditsIt(signal: Int32, status: Int32, name: String) async throws {
        let server = try await PaperServer()
        // The second call is applied, then its reply held for 3 s: the signal goes out while
        // the exchange holds it (seen in its ledger), not on a timer a loaded machine misses.
        try server.control(
            "POST", "/paper/faults",
            json: """
                {"slowReply": {"count": 1, "every": 2}, "slowReplyMs": 3000, "paths": ["/v5/position/add-margin"]}
                """)
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let run = try RunningBinary(
            [
                "--base-url", server.url, "--audit-log", audit, "-e",
                """
                for i = 1, 50 do add_margin{symbol = "BTCUSDT", margin = "1"} end
                print("not reached")
                """,
            ], environment: server.credentials)
        #expect(
            waitUntil(deadline: 20) { (try? LedgerRecord.read(server).margins.count) == 2 }, "the held call was applied"
        )
        run.signal(signal)
        let (stdout, stderr) = await run.finish()
        #expect(run.process.terminationReason == .exit && run.process.terminationStatus == status, "\(stderr)")
        #expect(stderr.contains("terminated (\(name))"), "\(stderr)")
        #expect(!stdout.contains("not reached"))
        let records = try AuditRecord.read(audit)
        // Every applied call has its outcome line, and the held one was not abandoned.
        #expect(records.map(\.outcome) == ["ok", "ok"], "the call in flight finished and was audited")
        #expect(try LedgerRecord.read(server).margins.count == 2)
        #expect(try await BinaryRunner.run(["audit", audit]).status == 0, "every intent has its outcome")
    }

    /// `nohup bybit-lua …` keeps running when its terminal closes: an ignored SIGHUP stays
    /// ignored during a run and after it (the REPL waits on standard input here), and the
    /// handlers a run installs for SIGINT and SIGTERM are taken down again.
    @Test func nohupKeepsSIGHUPIgnored() async throws {
        // The run waits for a line on standard input, so its handlers can be looked at.
        let run = try RunningBinary(
            ["-e", "print('ready') io.stdout:flush() io.read('l') print('ran')", "-i"],
            launcher: ["/usr/bin/nohup"])
        let hup: UInt64 = 1 << (SIGHUP - 1)
        let intTerm: UInt64 = 1 << (SIGINT - 1) | 1 << (SIGTERM - 1)
        #expect(await run.awaitOutput("ready\n"))
        let during = (ignored: procSignalMask(run.pid, "SigIgn"), caught: procSignalMask(run.pid, "SigCgt"))
        #expect(during.ignored & hup != 0, "during the run: SigIgn \(String(during.ignored, radix: 16))")
        #expect(during.caught & intTerm == intTerm, "during the run: SigCgt \(String(during.caught, radix: 16))")
        run.type("go\n")
        #expect(await run.awaitOutput("> "))
        // At the prompt, after the run: SIGHUP still ignored, SIGINT and SIGTERM default.
        let after = (ignored: procSignalMask(run.pid, "SigIgn"), caught: procSignalMask(run.pid, "SigCgt"))
        #expect(after.ignored & hup != 0, "after the run: SigIgn \(String(after.ignored, radix: 16))")
        #expect(after.caught & intTerm == 0, "after the run: SigCgt \(String(after.caught, radix: 16))")
        run.signal(SIGHUP)
        run.type("print('alive')\n")
        run.closeInput()
        let (rest, stderr) = await run.finish()
        #expect(rest.contains("alive"))
        #expect(run.process.terminationReason == .exit && run.process.terminationStatus == 0, "\(stderr)")
    }

    /// `bybit-lua paper` under nohup serves on through a hang-up and still stops on SIGTERM.
    @Test func nohupKeepsThePaperServerServing() async throws {
        let run = try RunningBinary(["paper", "--port", "0"], launcher: ["/usr/bin/nohup"])
        let banner = await run.output(until: "Stop with Ctrl-C.") ?? ""
        run.signal(SIGHUP)
        // Still serving after the hang-up: its clock endpoint answers.
        let url = banner.split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init) ?? ""
        #expect(!url.isEmpty, "\(banner)")
        let time = try? String(
            contentsOf: URL(string: url.trimmingCharacters(in: .whitespacesAndNewlines) + "/v5/market/time")!,
            encoding: .utf8)
        #expect(time?.contains("\"retCode\":0") == true, "\(time ?? "no answer")")
        run.signal(SIGTERM)
        let (_, stderr) = await run.finish()
        #expect(run.process.terminationReason == .exit && run.process.terminationStatus == 0, "\(stderr)")
        #expect(stderr.contains("SIGTERM, shutting down") && !stderr.contains("SIGHUP"), "\(stderr)")
    }
}

/// A real-time signal (glibc reserves the first few for itself; `SIGRTMIN` is what is left).
let SIGRTMIN_PLUS_3 = Int32(__libc_current_sigrtmin()) + 3
