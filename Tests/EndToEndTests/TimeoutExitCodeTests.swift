import Foundation
import Testing

/// A `--timeout` stop exits 124, as timeout(1) does, so a supervisor (systemd, cron, a
/// container runtime) can tell "ran out of time" from a script error (1). Every way in:
/// `-e`, a script file, standard input and the REPL.
@Suite(.processBudget) struct TimeoutExitCodeTests {
    static let message = "timeout: the script ran past its time limit of 0.5 s"

    @Test func anExecuteOptionPastItsLimitExits124() async throws {
        let r = try await BinaryRunner.run(["--timeout", "0.5", "-e", "while true do end"])
        #expect(r.status == 124, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("bybit-lua: " + Self.message), "\(r.stderr)")
    }

    @Test func aScriptPastItsLimitExits124AndAScriptErrorStill1() async throws {
        let dir = try ScratchDirectory()
        let loop = try dir.write("loop.lua", "while true do end")
        let failing = try dir.write("failing.lua", "error('boom')")
        let timed = try await BinaryRunner.run(["--timeout", "0.5", loop])
        #expect(timed.status == 124, "\(timed.stderr)")
        #expect(timed.stderr.contains(Self.message), "\(timed.stderr)")
        let failed = try await BinaryRunner.run(["--timeout", "30", failing])
        #expect(failed.status == 1, "\(failed.stderr)")
        #expect(failed.stderr.contains("boom"), "\(failed.stderr)")
    }

    @Test func aScriptOnStandardInputPastItsLimitExits124() async throws {
        let r = try await BinaryRunner.run(["--timeout", "0.5", "-"], stdin: "while true do end\n")
        #expect(r.status == 124, "\(r.stderr)")
        #expect(r.stderr.contains(Self.message), "\(r.stderr)")
    }

    /// A stopped state refuses every later line, so the REPL ends at the first timeout
    /// rather than printing the same error for each line typed.
    @Test func theREPLPastItsLimitExits124() async throws {
        let r = try await BinaryRunner.run(
            ["--timeout", "0.5", "-i"], stdin: "while true do end\nprint('not reached')\n")
        #expect(r.status == 124, "\(r.stderr)")
        #expect(r.stderr.contains(Self.message), "\(r.stderr)")
        #expect(!r.stdout.contains("not reached"), "\(r.stdout)")
    }
}
