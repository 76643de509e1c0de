import CLuaShim
import Foundation
import Testing

@testable import LuaKit

/// A Ctrl-C that lands after the REPL has read a line but before that line's run has put
/// its own handlers in place is counted by the prompt's handler, which nobody asks again.
/// It belongs to the run: the run stops at its first instruction with "interrupted!"
/// instead of ignoring it (a `while true do end` then ran on until a second Ctrl-C).
///
/// Signal dispositions are process-wide and other suites run Lua in parallel, so each
/// case runs in a process of its own (an exit test).
@Suite struct PromptInterruptHandOverTests {
    /// The prompt counted one SIGINT; the line's run that follows stops, and the count is used up.
    @Test func aCtrlCCountedAtThePromptStopsTheRunThatFollows() async {
        await #expect(processExitsWith: .success) {
            TerminalIO.installPromptInterrupt()
            raise(SIGINT)  // the prompt's handler, on this (the prompt's) thread, only counts it
            // The budget ends the loop if the Ctrl-C is lost (then exit 4, not a hang).
            guard let state = try? LuaState(options: .init(limits: .init(maxInstructions: 50_000_000))) else {
                exit(2)
            }
            do throws(LuaError) {
                try state.load("while true do end", chunkName: "=stdin")
                try state.callInterruptibly(arguments: 0, results: 0)
                exit(3)  // unreachable: the loop never ends on its own
            } catch {
                guard error.kind == .interrupted, error.message.contains("interrupted!") else { exit(4) }
            }
            // Used up: the next line runs (after the reset the REPL does before every line).
            state.resetAfterStop()
            guard (try? state.run("x = 6 * 7")) != nil, TerminalIO.takePromptInterrupts() == 0 else { exit(5) }
            exit(0)
        }
    }

    /// Without a counted Ctrl-C the run is not stopped (the hand-over is not a stop of its own).
    @Test func withoutOneTheRunFinishes() async {
        await #expect(processExitsWith: .success) {
            TerminalIO.installPromptInterrupt()
            guard let state = try? LuaState() else { exit(2) }
            do {
                try state.load("local n = 0; for i = 1, 1000 do n = n + i end; assert(n == 500500)", chunkName: "=stdin")
                try state.callInterruptibly(arguments: 0, results: 0)
            } catch {
                exit(3)
            }
            exit(0)
        }
    }
}
