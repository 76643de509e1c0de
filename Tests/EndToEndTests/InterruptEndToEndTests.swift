import Foundation
import Testing

/// Ctrl-C (SIGINT) stops running code, coroutines included, with "interrupted!".
@Suite struct InterruptEndToEndTests {
    /// Starts a script that prints "ready" when its loop is about to start, waits
    /// for that line, sends SIGINT, and returns how the process ended.
    private func interrupt(_ code: String, signals: Int = 1) throws -> (Int32, String) {
        let p = BinaryRunner.makeProcess(["-e", code], cwd: nil, environment: [:])
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let watchdog = DispatchWorkItem { kill(p.processIdentifier, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        defer { watchdog.cancel() }
        let ready = out.fileHandleForReading.availableDataUntil("ready\n")
        #expect(ready)
        for _ in 0..<signals { kill(p.processIdentifier, SIGINT) }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(!(p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGKILL), "SIGINT did not stop it")
        return (p.terminationStatus, String(decoding: errData, as: UTF8.self))
    }

    @Test func infiniteLoopInACoroutine() throws {
        let (status, stderr) = try interrupt("io.write('ready\\n') io.stdout:flush() coroutine.wrap(function() while true do end end)()")
        #expect(status == 130)
        #expect(stderr.hasPrefix("bybit-lua: ") && stderr.contains("interrupted!"))
        #expect(stderr.contains("stack traceback"))
    }

    @Test func infiniteLoopOnTheMainThread() throws {
        let (status, stderr) = try interrupt("io.write('ready\\n') io.stdout:flush() while true do end")
        #expect(status == 130)
        #expect(stderr.contains("interrupted!"))
    }

    /// The second Ctrl-C exits at once, even while the first is still pending.
    @Test func secondSignalExitsAt130() throws {
        let (status, _) = try interrupt("io.write('ready\\n') io.stdout:flush() while true do end", signals: 2)
        #expect(status == 130)
    }

    @Test func pcallCannotSwallowAnInterrupt() throws {
        let (status, stderr) = try interrupt("io.write('ready\\n') io.stdout:flush() while true do pcall(function() while true do end end) end")
        #expect(status == 130)
        #expect(stderr.contains("interrupted!"))
    }
}

extension FileHandle {
    /// Reads until `marker` has been seen (or end of file); true when it was seen.
    func availableDataUntil(_ marker: String) -> Bool {
        var seen = Data()
        while true {
            let chunk = availableData
            if chunk.isEmpty { return false }
            seen.append(chunk)
            if String(decoding: seen, as: UTF8.self).contains(marker) { return true }
        }
    }
}
