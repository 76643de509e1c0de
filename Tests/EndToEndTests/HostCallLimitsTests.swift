import Foundation
import Testing

/// `--timeout` and `--max-memory` bound the whole run, host calls included: a read waiting
/// for a held or dripping reply, an endless chain of list pages, replies too large for the
/// memory left. The built binary against a loopback server that misbehaves on purpose;
/// bounds are loose (the machine is shared), but far below what each case took before.
@Suite(.processBudget) struct HostCallLimitsTests {
    /// What one run did, timed from the script's first line.
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
        /// From the script's `go` line to the process's exit, s.
        let seconds: Double
        let peakMB: Double
        let killed: Bool
    }

    /// Runs `code` (after a `go` line) against `server` with `options`; killed after 40 s.
    static func run(_ server: HostCallLimitServer, _ options: [String], _ code: String) async throws -> Run {
        try await run(url: server.url, credentials: HostCallLimitServer.credentials, options, code)
    }

    static func run(url: String, credentials: [String: String], _ options: [String], _ code: String) async throws -> Run
    {
        try await offThePool { try runBlocking(url: url, credentials: credentials, options, code) }
    }

    private static func runBlocking(url: String, credentials: [String: String], _ options: [String], _ code: String)
        throws -> Run
    {
        let p = BinaryRunner.makeProcess(
            ["--base-url", url] + options + [
                "-e", "io.write('go\\n') io.stdout:flush() local bybit = require 'bybit' " + code,
            ],
            cwd: nil, environment: credentials)
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let memory = PeakMemoryWatch(pid: p.processIdentifier)
        let pid = p.processIdentifier  // only the pid: a queued item must not keep the pipes open
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 40, execute: watchdog)
        defer { watchdog.cancel() }
        let first = out.fileHandleForReading.readUntil("go\n") ?? ""
        let started = DispatchTime.now()
        let (rest, errData) = readBoth(out: out.fileHandleForReading, err: err.fileHandleForReading)
        p.waitUntilExit()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        memory.stop()
        return Run(
            status: p.terminationStatus, stdout: first + String(decoding: rest, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), seconds: seconds, peakMB: memory.peakMB,
            killed: p.terminationReason == .uncaughtSignal)
    }

    /// One open position, padded with `padding` bytes of text (a field the script ignores).
    static func position(_ n: Int, size: String = "0.01", padding: Int = 0) -> String {
        let pad = padding > 0 ? #","note":"\#(String(repeating: "x", count: padding))""# : ""
        return #"{"symbol":"BTCUSDT","side":"Buy","size":"\#(size)","positionIdx":0,"avgPrice":"50000","#
            + #""liqPrice":"40000","markPrice":"50500","positionIM":"\#(n)"\#(pad)}"#
    }

    /// A position-list page whose cursor is never the same twice (`last`: no cursor).
    static func page(_ n: Int, positions: [String], last: Bool = false) -> String {
        let cursor = last ? "" : "page-\(n + 1)"
        return #"{"retCode":0,"retMsg":"OK","result":{"category":"linear","nextPageCursor":"\#(cursor)","list":["#
            + positions.joined(separator: ",") + #"]},"retExtInfo":{},"time":1}"#
    }

    /// Lists the positions under `pcall` and prints whether it worked, the error's kind
    /// and message.
    static let positionsInPcall = """
        local ok, e = pcall(bybit.positions, {})
        print(ok, e and e.kind, e and e.message)
        """

    /// A list of 20 pages of 4 MB each: one flat position padded to 4 MB a page.
    static func fourMegabytePages() throws -> HostCallLimitServer {
        try HostCallLimitServer { _, n, c in
            c.reply(Self.page(n, positions: [Self.position(n, size: "0", padding: 4 << 20)], last: n >= 20))
        }
    }

    static func expectTimedOut(_ r: Run, after limit: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!r.killed, "still running after 40 s: \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.status == 124, "\(r.stderr)", sourceLocation: sourceLocation)
        #expect(
            r.stderr.contains("timeout: the script ran past its time limit of \(limit) s"), "\(r.stderr)",
            sourceLocation: sourceLocation)
        #expect(!r.stdout.contains("not reached"), sourceLocation: sourceLocation)
    }

    /// A server with a new `nextPageCursor` on every page (20 positions each) once ran past
    /// `--timeout 3` to 3.2 GB; the run now stops at its limit. The server answers 50 pages
    /// at once (under the 100-page cap), then holds the next until the client hangs up: the
    /// list is still going when the time limit passes.
    @Test func endlessPagesStopAtTheTimeout() async throws {
        let server = try HostCallLimitServer { request, n, c in
            guard n <= 50 else { return c.holdUntilClientHangsUp() }
            c.reply(Self.page(n, positions: (0..<20).map { Self.position($0, padding: 2_000) }))
        }
        defer { server.shutdown() }
        let r = try await Self.run(server, ["--timeout", "3"], "bybit.positions{} print('not reached')")
        Self.expectTimedOut(r, after: 3)
        #expect(r.seconds < 15, "stopped \(r.seconds) s after its first line under --timeout 3")
        #expect(r.peakMB < 400, "peak RSS \(r.peakMB) MB")
        print(
            "HostCallLimits endless pages: stopped after \(r.seconds) s, peak RSS \(r.peakMB) MB, \(server.requests) requests"
        )
    }

    /// Without a time limit the pages are capped: a list that has not ended after the cap
    /// is refused with an error naming it, and nothing more is read. (The server ends the
    /// list after 1,000 pages, so a client without the cap finishes instead of looping.)
    @Test func endlessPagesStopAtThePageCap() async throws {
        let server = try HostCallLimitServer { request, n, c in
            c.reply(Self.page(n, positions: [Self.position(n)], last: n >= 1_000))
        }
        defer { server.shutdown() }
        let r = try await Self.run(server, [], Self.positionsInPcall)
        #expect(r.status == 0 && !r.killed, "\(r.stderr)")
        #expect(r.stdout.contains("false\tdecoding\t"), "\(r.stdout)")
        #expect(r.stdout.contains("more than 100 pages"), "\(r.stdout)")
        #expect(server.requests <= 101, "read \(server.requests) pages")
    }

    /// `ticker()` against a server that never answers took 20 s under `--timeout 2` (the
    /// 10 s read timeout, then the read re-sent once): the read is abandoned at the limit.
    @Test func aHeldReplyStopsAtTheTimeout() async throws {
        let server = try HostCallLimitServer { _, _, c in c.holdUntilClientHangsUp() }
        defer { server.shutdown() }
        let r = try await Self.run(server, ["--timeout", "2"], "bybit.ticker('BTCUSDT') print('not reached')")
        Self.expectTimedOut(r, after: 2)
        #expect(r.seconds < 8, "stopped \(r.seconds) s after its first line; the read timeout is 10 s")
        #expect(server.requests == 1, "the abandoned read was re-sent")
    }

    /// A reply that trickles in a byte a second resets the read timeout with every byte; it
    /// held a `--timeout 2` run for a minute. The run stops at its limit.
    @Test func aDrippingReplyStopsAtTheTimeout() async throws {
        let server = try HostCallLimitServer { _, _, c in
            guard
                c.write(
                    Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{".utf8))
            else { return }
            for _ in 0..<60 {
                guard !c.clientHangsUp(within: 1), c.write([UInt8(ascii: " ")]) else { return }
            }
        }
        defer { server.shutdown() }
        let r = try await Self.run(server, ["--timeout", "2"], "bybit.ticker('BTCUSDT') print('not reached')")
        Self.expectTimedOut(r, after: 2)
        #expect(r.seconds < 10, "stopped \(r.seconds) s after its first line")
    }

    /// Pages of 4 MB each (flat positions, so the script's own table stays small) held by
    /// the client for a `--max-memory 64` run: the replies count against the limit and the
    /// run stops with the memory error before 80 MB of them are read and decoded.
    @Test func pagesPastTheMemoryLimitStopTheRun() async throws {
        let server = try Self.fourMegabytePages()
        defer { server.shutdown() }
        let r = try await Self.run(
            server, ["--max-memory", "64"],
            """
            local ok, e = pcall(bybit.positions, {})
            print('not reached', ok, #e)
            """)
        #expect(r.status == 1 && !r.killed, "\(r.stderr)")
        #expect(r.stderr.contains("memory limit of 64 MB"), "\(r.stderr)")
        #expect(!r.stdout.contains("not reached"), "\(r.stdout)")
        #expect(server.requests < 20, "read \(server.requests) pages of 4 MB")
        #expect(r.peakMB < 1_000, "peak RSS \(r.peakMB) MB")
    }

    /// Without `--max-memory` the pages one call holds are capped in bytes too (64 MiB):
    /// 4 MB pages stop at the 16th, with an error naming the cap.
    @Test func pagesPastTheSizeCapStopTheCall() async throws {
        let server = try Self.fourMegabytePages()
        defer { server.shutdown() }
        let r = try await Self.run(server, [], Self.positionsInPcall)
        #expect(r.status == 0 && !r.killed, "\(r.stderr)")
        #expect(r.stdout.contains("false\tdecoding\t"), "\(r.stdout)")
        #expect(r.stdout.contains("more than the 67108864 one call may hold"), "\(r.stdout)")
        #expect(server.requests == 16, "read \(server.requests) pages of 4 MB")
    }

    /// A margin call sent before the limit and answered after it (the paper exchange applies
    /// it, then holds the reply 5 s) is waited for and audited; only then does the run stop,
    /// with the timeout message and nothing more done.
    @Test func aMutationInFlightAtTheTimeoutIsWaitedForAndAudited() async throws {
        let server = try await PaperServer()
        try server.control(
            "POST", "/paper/faults",
            json: """
                {"slowReply": {"count": 1}, "slowReplyMs": 5000, "paths": ["/v5/position/add-margin"]}
                """)
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let r = try await Self.run(
            url: server.url, credentials: server.credentials,
            ["--timeout", "2", "--read-timeout", "30", "--audit-log", audit],
            """
            bybit.add_margin{symbol = 'BTCUSDT', margin = '1'}
            print('not reached')
            """)
        Self.expectTimedOut(r, after: 2)
        #expect(r.seconds >= 4.5, "stopped \(r.seconds) s after its first line, before the held reply came")
        let lines = try String(contentsOfFile: audit, encoding: .utf8).split(separator: "\n")
        #expect(lines.contains { $0.contains("add-margin") && $0.contains("\"outcome\":\"ok\"") }, "\(lines)")
        #expect(try LedgerRecord.read(server).margins.count == 1, "applied once")
    }
}
