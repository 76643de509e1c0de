import Foundation
import Testing

/// SIGTERM or SIGHUP during a margin call: the call in flight finishes and is audited, then
/// the script stops (exit 143 or 129). Nothing applied goes unrecorded.
@Suite struct SignalEndToEndTests {
    /// `bybit-lua paper` stops on a SIGTERM sent the moment its banner says it is ready
    /// (its handlers used to be armed after the banner, so such a SIGTERM was ignored and
    /// the server ran on). Twenty times, each signalled as soon as the banner is read.
    /// Closing the terminal it was started in shuts it down the same way.
    @Test func thePaperServerShutsDownOnSIGHUP() throws {
        let run = try RunningBinary(["paper", "--port", "0"], limit: 20)
        #expect(run.awaitOutput("Stop with Ctrl-C."))
        run.signal(SIGHUP)
        let (_, stderr) = run.finish()
        #expect(run.process.terminationReason == .exit && run.process.terminationStatus == 0, "\(stderr)")
        #expect(stderr.contains("SIGHUP, shutting down"), "\(stderr)")
    }

    @Test func thePaperServerStopsOnASigtermSentAsSoonAsItIsReady() throws {
        for _ in 0..<20 {
            let run = try RunningBinary(["paper", "--port", "0"], limit: 20)
            #expect(run.awaitOutput("Stop with Ctrl-C."))
            run.signal(SIGTERM)
            let (_, stderr) = run.finish()
            #expect(run.process.terminationReason == .exit && run.process.terminationStatus == 0, "\(stderr)")
            #expect(stderr.contains("SIGTERM, shutting down"))
        }
    }

    /// SIGHUP too: closing the terminal or the SSH session a guard runs in must not cut
    /// a margin call off from its audit line.
    @Test(arguments: [(SIGTERM, Int32(143), "SIGTERM"), (SIGHUP, Int32(129), "SIGHUP")])
    func aStopSignalLetsTheCallInFlightFinishAndAuditsIt(signal: Int32, status: Int32, name: String) throws {
        let server = try PaperServer()
        // The second call is applied, then its reply held for 3 s: the signal goes out while
        // the exchange holds it (seen in its ledger), not on a timer a loaded machine misses.
        try server.control("POST", "/paper/faults", json: """
            {"slowReply": {"count": 1, "every": 2}, "slowReplyMs": 3000, "paths": ["/v5/position/add-margin"]}
            """)
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let run = try RunningBinary(["--base-url", server.url, "--audit-log", audit, "-e", """
            for i = 1, 50 do add_margin{symbol = "BTCUSDT", margin = "1"} end
            print("not reached")
            """], environment: server.credentials)
        #expect(waitUntil(deadline: 20) { (try? LedgerRecord.read(server).margins.count) == 2 }, "the held call was applied")
        run.signal(signal)
        let (stdout, stderr) = run.finish()
        #expect(run.process.terminationReason == .exit && run.process.terminationStatus == status, "\(stderr)")
        #expect(stderr.contains("terminated (\(name))"), "\(stderr)")
        #expect(!stdout.contains("not reached"))
        let lines = try String(contentsOfFile: audit, encoding: .utf8).split(separator: "\n")
        // Every applied call has its audit line, and the held one was not abandoned.
        #expect(lines.count == 2, "the call in flight finished and was audited: \(lines)")
        #expect(lines.allSatisfy { $0.contains("\"outcome\":\"ok\"") })
        #expect(try LedgerRecord.read(server).margins.count == 2)
    }

    /// `nohup bybit-lua …` keeps running when its terminal closes: an ignored SIGHUP stays
    /// ignored during a run and after it (the REPL waits on standard input here), and the
    /// handlers a run installs for SIGINT and SIGTERM are taken down again.
    @Test func nohupKeepsSIGHUPIgnored() throws {
        // The run waits for a line on standard input, so its handlers can be looked at.
        let p = underNohup(["-e", "print('ready') io.stdout:flush() io.read('l') print('ran')", "-i"])
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        let pid = p.processIdentifier   // nohup execs bybit-lua in place
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        defer { watchdog.cancel() }
        let hup: UInt64 = 1 << (SIGHUP - 1), intTerm: UInt64 = 1 << (SIGINT - 1) | 1 << (SIGTERM - 1)
        #expect(out.fileHandleForReading.readUntil("ready\n") != nil)
        let during = signalMasks(pid)
        #expect(during.ignored & hup != 0, "during the run: SigIgn \(String(during.ignored, radix: 16))")
        #expect(during.caught & intTerm == intTerm, "during the run: SigCgt \(String(during.caught, radix: 16))")
        input.fileHandleForWriting.writeAll(Data("go\n".utf8))
        #expect(out.fileHandleForReading.readUntil("> ") != nil)
        // At the prompt, after the run: SIGHUP still ignored, SIGINT and SIGTERM default.
        let after = signalMasks(pid)
        #expect(after.ignored & hup != 0, "after the run: SigIgn \(String(after.ignored, radix: 16))")
        #expect(after.caught & intTerm == 0, "after the run: SigCgt \(String(after.caught, radix: 16))")
        kill(pid, SIGHUP)
        input.fileHandleForWriting.writeAll(Data("print('alive')\n".utf8))
        try input.fileHandleForWriting.close()
        let (rest, stderr) = readBoth(out: out.fileHandleForReading, err: err.fileHandleForReading)
        p.waitUntilExit()
        #expect(String(decoding: rest, as: UTF8.self).contains("alive"))
        #expect(p.terminationReason == .exit && p.terminationStatus == 0, "\(String(decoding: stderr, as: UTF8.self))")
    }

    /// `bybit-lua paper` under nohup serves on through a hang-up and still stops on SIGTERM.
    @Test func nohupKeepsThePaperServerServing() throws {
        let p = underNohup(["paper", "--port", "0"])
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let pid = p.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        defer { watchdog.cancel() }
        let banner = out.fileHandleForReading.readUntil("Stop with Ctrl-C.") ?? ""
        kill(pid, SIGHUP)
        // Still serving after the hang-up: its clock endpoint answers.
        let url = banner.split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init) ?? ""
        #expect(!url.isEmpty, "\(banner)")
        let time = try? String(contentsOf: URL(string: url.trimmingCharacters(in: .whitespacesAndNewlines) + "/v5/market/time")!, encoding: .utf8)
        #expect(time?.contains("\"retCode\":0") == true, "\(time ?? "no answer")")
        kill(pid, SIGTERM)
        let (_, stderr) = readBoth(out: out.fileHandleForReading, err: err.fileHandleForReading)
        p.waitUntilExit()
        let text = String(decoding: stderr, as: UTF8.self)
        #expect(p.terminationReason == .exit && p.terminationStatus == 0, "\(text)")
        #expect(text.contains("SIGTERM, shutting down") && !text.contains("SIGHUP"), "\(text)")
    }

    /// `nohup bybit-lua arguments…` (nohup sets SIGHUP to SIG_IGN and execs in place).
    private func underNohup(_ arguments: [String]) -> Process {
        let p = BinaryRunner.makeProcess(arguments, cwd: nil, environment: [:])
        p.arguments = [p.executableURL!.path] + (p.arguments ?? [])
        p.executableURL = URL(fileURLWithPath: "/usr/bin/nohup")
        return p
    }

    /// SigIgn and SigCgt of `pid` from /proc.
    private func signalMasks(_ pid: pid_t) -> (ignored: UInt64, caught: UInt64) {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        func mask(_ name: String) -> UInt64 {
            let line = status.split(separator: "\n").first { $0.hasPrefix(name + ":") } ?? ""
            return UInt64(line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces), radix: 16) ?? 0
        }
        return (mask("SigIgn"), mask("SigCgt"))
    }
}
