import Foundation
import Testing

/// The REPL on a real pseudo-terminal (util-linux `script` makes the pty the
/// child's controlling terminal, so Ctrl-C raises SIGINT as it does for a person).
@Suite(.processBudget) struct REPLTerminalTests {
    /// A child under a pty whose output can be awaited.
    final class Session: @unchecked Sendable {  // output state is guarded by `lock`
        let process = Process()
        private let input = Pipe(), output = Pipe()
        private var seen = ""
        private var mark = 0  // output before the last `send` is not searched
        private let lock = NSLock()
        private let arrived = DispatchSemaphore(value: 0)
        private let exited = DispatchSemaphore(value: 0)
        private let drained = DispatchSemaphore(value: 0)
        private let started = DispatchTime.now()
        /// What was sent and awaited, with seconds since the start: printed on failure, so
        /// a slow or failing step can be told from the others in a CI log.
        private(set) var timeline: [String] = []

        private func note(_ event: String) {
            let s = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
            lock.lock()
            timeline.append(String(format: "%7.3f s  ", s) + event)
            lock.unlock()
        }

        init(_ command: String, environment: [String: String]) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            // `exec`: otherwise a shell that does not exec a lone command itself (dash, the
            // /bin/sh `script` falls back to) stays in the terminal's foreground group, takes
            // the Ctrl-C too, and reports 130 for a REPL that exited 0 — CI's failure.
            process.arguments = ["-qfec", "exec " + command, "/dev/null"]
            var env = ProcessInfo.processInfo.environment
            for (k, v) in environment { env[k] = v }
            env["TERM"] = "xterm"
            env["SHELL"] = "/bin/sh"  // `script -c` runs the command with $SHELL: the same shell everywhere
            process.environment = env
            process.standardInput = input
            process.standardOutput = output
            process.standardError = output
            process.terminationHandler = { [exited] _ in exited.signal() }
            try process.run()
            // A reader of its own until end of output: no dispatch source on the pipe (a
            // readability handler left libdispatch watching a descriptor being closed).
            let handle = output.fileHandleForReading
            DispatchQueue.global().async { [self] in
                while case let d = handle.readSome(), !d.isEmpty {
                    lock.lock()
                    seen += String(decoding: d, as: UTF8.self)
                    lock.unlock()
                    arrived.signal()
                }
                drained.signal()
            }
        }

        /// Types `text`; later `await`s look only at output that follows it, so an
        /// earlier `^C` or prompt cannot satisfy them.
        func send(_ text: String) {
            lock.lock()
            mark = seen.utf8.count
            lock.unlock()
            note("send \(text.debugDescription)")
            input.fileHandleForWriting.writeAll(Data(text.utf8))
        }

        /// Waits until `text` has appeared since the last `send` (10 s at most), or,
        /// with `then`, until `then` appears after the last `text`.
        @discardableResult
        func await(_ text: String, then next: String? = nil) async -> Bool {
            await offThePool { [self] in awaitBlocking(text, then: next) }
        }

        private func awaitBlocking(_ text: String, then next: String?) -> Bool {
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                lock.lock()
                let recent = String(decoding: seen.utf8.dropFirst(mark), as: UTF8.self)
                lock.unlock()
                let parts = recent.components(separatedBy: text)
                if parts.count > 1, next.map({ parts.last!.contains($0) }) ?? true {
                    note("saw \(text.debugDescription)")
                    return true
                }
                _ = arrived.wait(timeout: .now() + 0.2)
            }
            note("gave up on \(text.debugDescription)")
            return false
        }

        /// The output so far, then the timeline.
        var transcript: String {
            lock.lock()
            defer { lock.unlock() }
            return seen + "\n-- timeline --\n" + timeline.joined(separator: "\n")
        }

        /// Waits for the child to exit (killing it after 10 s) and returns its status.
        func finish() async -> Int32 { await offThePool { [self] in finishBlocking() } }

        private func finishBlocking() -> Int32 {
            if exited.wait(timeout: .now() + 10) == .timedOut {
                note("no exit after 10 s: SIGKILL")
                kill(process.processIdentifier, SIGKILL)
                // Bounded too: once a test's REPL went on spinning, its `script` stayed a
                // zombie here with no termination handler run, and the suite hung.
                if exited.wait(timeout: .now() + 10) == .timedOut {
                    note("no termination seen 10 s after SIGKILL")
                    return -1
                }
            }
            note("exited: \(process.terminationReason == .exit ? "status" : "signal") \(process.terminationStatus)")
            if drained.wait(timeout: .now() + 10) == .timedOut { note("output still open 10 s after the exit") }
            return process.terminationStatus
        }
    }

    @Test func ctrlCInterruptsCodeAndClearsTheLineCtrlDExits() async throws {
        let state = try ScratchDirectory()
        let s = try Session("\(BinaryRunner.binary.path) repl", environment: ["XDG_STATE_HOME": state.path])
        // Like a person, each line is typed once the prompt is back.
        #expect(await s.await("> "), "\(s.transcript)")
        s.send("x = {b = 1, a = {2}}\r")
        #expect(await s.await("\r\n", then: "> "), "\(s.transcript)")
        s.send("x\r")
        #expect(await s.await("{ a = { 2 }, b = 1 }", then: "> "), "\(s.transcript)")
        s.send("print('go') while true do end\r")
        #expect(await s.await("go\r\n"), "\(s.transcript)")
        s.send("\u{03}")
        #expect(await s.await("interrupted!", then: "> "), "\(s.transcript)")
        s.send("half a line")
        #expect(await s.await("half a line"), "\(s.transcript)")
        s.send("\u{03}")
        #expect(await s.await("^C", then: "> "), "\(s.transcript)")
        s.send("6 * 7\r")
        #expect(await s.await("42", then: "> "), "\(s.transcript)")
        s.send("string.fo\t(\"%d\", 5)\r")
        #expect(await s.await("\"5\"", then: "> "), "\(s.transcript)")
        s.send("print('eof' .. '-next')\r")
        #expect(await s.await("eof-next\r\n", then: "> "), "\(s.transcript)")  // the prompt is up: the line is empty
        s.send("\u{04}")
        let status = await s.finish()
        #expect(status == 0, "\(s.transcript)")
        let history = try String(contentsOfFile: state.path + "/bybit-lua/history", encoding: .utf8)
        #expect(history.contains("6\\040*\\0407"))
        #expect(!history.contains("half"))
        let mode =
            try FileManager.default.attributesOfItem(atPath: state.path + "/bybit-lua/history")[.posixPermissions]
            as? Int
        #expect(mode == 0o600)
    }

    /// Results print through Lua (`_PRINT`), so Ctrl-C while they print stops the printing
    /// and the session goes on. (Printing once ran with SIGINT at its default: the same
    /// Ctrl-C ended the REPL with status 130.)
    @Test func ctrlCWhileResultsPrintStopsOnlyThePrinting() async throws {
        let state = try ScratchDirectory()
        let s = try Session("\(BinaryRunner.binary.path) repl", environment: ["XDG_STATE_HOME": state.path])
        #expect(await s.await("> "), "\(s.transcript)")
        s.send("_PRINT = function(...) io.write('printing\\n') io.stdout:flush() while true do end end\r")
        #expect(await s.await("\r\n", then: "> "), "\(s.transcript)")
        s.send("1\r")
        #expect(await s.await("printing\r\n"), "\(s.transcript)")
        s.send("\u{03}")
        #expect(await s.await("interrupted!", then: "> "), "\(s.transcript)")
        s.send("_PRINT = nil\r")
        #expect(await s.await("\r\n", then: "> "), "\(s.transcript)")
        s.send("6 * 7\r")
        #expect(await s.await("42", then: "> "), "\(s.transcript)")
        s.send("\u{04}")
        #expect(await s.finish() == 0, "\(s.transcript)")
    }

    @Test func pipedInputRunsWithoutAnEditor() async throws {
        let r = try await BinaryRunner.run(["-i"], stdin: "for i = 1, 2 do\nprint(i)\nend\n'text'\n")
        #expect(r.stdout.contains("1\n2\n"))
        #expect(r.stdout.contains("\"text\""))
        #expect(r.status == 0)
    }
}
