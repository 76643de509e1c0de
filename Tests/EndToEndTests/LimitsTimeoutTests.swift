import Foundation
import Testing

/// `--timeout` holds to within 10 % of wall-clock time, measured from outside the
/// subprocess under code that tries to outrun the check: never before the limit, and at
/// most 10 % after it from the script's first line to the timeout message (start-up and
/// the process's teardown excluded: with two suites sharing two cores, a teardown freeing
/// a 256 MB heap once carried a string.rep bomb to 5.65 s).
/// Serialized: one CPU-bound script at a time, so the figure measures the limit, not how
/// five busy loops share two cores.
@Suite(.serialized, .processBudget) struct LimitsTimeoutTests {
    /// Long enough that scheduling noise fits in the 10 % margin: 3 s once overran by
    /// 0.24 s, and 5 s by 0.11 s with two whole suites sharing the two cores (the coroutine
    /// ping-pong and the string.rep bomb measured 5.61 and 5.60 s); single suites stayed
    /// within 5.33 s.
    static let limit = 8.0

    /// What one timed run measured.
    struct Timing: Sendable {
        /// From `Process.run()` to exit: the whole subprocess.
        let wall: Double
        /// From the script's first output to the timeout message on stderr: the wall
        /// time without the process's start-up (exec, loading a debug binary) and
        /// teardown, which on a loaded machine can take a second and are not the
        /// timeout's to keep.
        let script: Double
        let status: Int32
        let stderr: String
        /// The script's first line arrived.
        let started: Bool
    }

    /// Runs `code` under `--timeout` after a first line `go`, and times it.
    private func timed(_ code: String, extra: [String] = []) async throws -> Timing {
        try await offThePool { try Self.measure(code, extra: extra) }
    }

    private static func measure(_ code: String, extra: [String]) throws -> Timing {
        let p = BinaryRunner.makeProcess(
            extra + ["--timeout", String(Self.limit), "-e", "io.write('go\\n') io.stdout:flush() " + code], cwd: nil,
            environment: [:])
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        let launched = DispatchTime.now()
        try p.run()
        let pid = p.processIdentifier  // only the pid: a queued item must not keep the pipes open
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        defer { watchdog.cancel() }
        // stderr as it arrives (on its own thread), to time the moment the timeout is reported.
        nonisolated(unsafe) var errData = Data()
        nonisolated(unsafe) var stopped: DispatchTime?
        let errRead = DispatchGroup()
        DispatchQueue.global().async(group: errRead) {
            while case let chunk = err.fileHandleForReading.readSome(), !chunk.isEmpty {
                errData.append(chunk)
                if stopped == nil, String(decoding: errData, as: UTF8.self).contains("time limit") {
                    stopped = DispatchTime.now()
                }
            }
        }
        let reader = LineReader(out.fileHandleForReading)
        let started = reader.next() == "go"
        let running = DispatchTime.now()
        _ = reader.rest()
        errRead.wait()
        p.waitUntilExit()
        let ended = DispatchTime.now()
        func seconds(_ from: DispatchTime, to end: DispatchTime = ended) -> Double {
            Double(end.uptimeNanoseconds - from.uptimeNanoseconds) / 1e9
        }
        return Timing(
            wall: seconds(launched), script: seconds(running, to: stopped ?? ended), status: p.terminationStatus,
            stderr: String(decoding: errData, as: UTF8.self), started: started)
    }

    private func expectWithinTenPercent(
        _ t: Timing, _ name: String = #function, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(t.started && t.status == 124, "\(t.stderr)", sourceLocation: sourceLocation)
        // In a coroutine or under pcall the message carries the chunk's position first.
        #expect(
            t.stderr.hasPrefix("bybit-lua: ")
                && t.stderr.contains("timeout: the script ran past its time limit of \(Int(Self.limit)) s"),
            "\(t.stderr)", sourceLocation: sourceLocation)
        #expect(t.wall >= Self.limit, "stopped early: \(t.wall) s", sourceLocation: sourceLocation)
        #expect(t.script <= Self.limit * 1.1, "ran \(t.script) s past its first line", sourceLocation: sourceLocation)
        print(
            "LimitsTimeout \(name): --timeout \(Self.limit): subprocess \(String(format: "%.3f", t.wall)) s, from the script's first line \(String(format: "%.3f", t.script)) s"
        )
    }

    @Test func busyLoop() async throws {
        let t = try await timed("local n = 0 while true do n = n + 1 end")
        expectWithinTenPercent(t)
    }

    /// Each `string.rep` runs inside C where no hook can fire; the check comes between
    /// them, so one call must not be able to carry the script far past its limit.
    @Test func stringRepBomb() async throws {
        let t = try await timed(
            "while true do local s = string.rep('x', 2e7) s = nil end", extra: ["--max-memory", "256"])
        expectWithinTenPercent(t)
    }

    @Test func loopInsideACoroutine() async throws {
        let t = try await timed("coroutine.wrap(function() while true do end end)()")
        expectWithinTenPercent(t)
    }

    /// Resuming and yielding as fast as possible: the time spent switching threads counts.
    @Test func coroutinePingPong() async throws {
        let t = try await timed(
            """
            local co = coroutine.wrap(function() while true do coroutine.yield() end end)
            while true do co() end
            """)
        expectWithinTenPercent(t)
    }

    /// `pcall` in a loop must not reset or swallow the limit.
    @Test func pcallLoop() async throws {
        let t = try await timed("while true do pcall(function() while true do end end) end")
        expectWithinTenPercent(t)
    }

    /// A script asleep in `bybit.sleep` is still stopped at its limit, not at the end of the nap.
    @Test func longSleep() async throws {
        let t = try await timed("require('bybit').sleep(60)")
        expectWithinTenPercent(t)
    }
}
