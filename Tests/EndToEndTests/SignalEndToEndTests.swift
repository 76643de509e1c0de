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
        try server.control("POST", "/paper/faults", json: #"{"latencyMs": 300, "paths": ["/v5/position/add-margin"]}"#)
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let run = try RunningBinary(["--base-url", server.url, "--audit-log", audit, "-e", """
            add_margin{symbol = "BTCUSDT", margin = "1"}
            io.write("ready\\n") io.stdout:flush()
            for i = 1, 50 do add_margin{symbol = "BTCUSDT", margin = "1"} end
            print("not reached")
            """], environment: server.credentials)
        #expect(run.awaitOutput("ready\n"))
        // The 2nd call is now waiting out the server's 300 ms latency; signal inside that window.
        let pid = run.pid
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { kill(pid, signal) }
        let (_, stderr) = run.finish()
        #expect(run.process.terminationStatus == status, "\(stderr)")
        #expect(stderr.contains("terminated (\(name))"), "\(stderr)")
        let lines = try String(contentsOfFile: audit, encoding: .utf8).split(separator: "\n")
        try server.control("DELETE", "/paper/faults")
        let ledger = try server.control("GET", "/paper/ledger?action=add-margin")
        // Every applied call has its audit line, and the in-flight one was not abandoned.
        #expect(lines.count >= 2, "the call in flight finished and was audited: \(lines)")
        #expect(lines.allSatisfy { $0.contains("\"outcome\":\"ok\"") })
        #expect(ledger.contains("\"add-margin\":\(lines.count),"), "\(ledger)")
    }
}
