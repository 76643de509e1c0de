import Foundation
import Testing

/// Ctrl-C at the REPL ends the line's `bybit.events` loops, whichever way the loop is
/// held: the next line finds none open (`bybit.stop()` false). Each body prints in capitals
/// what it was typed in lower case, so the echo of the typed line cannot stand for it.
@Suite(.processBudget) struct REPLInterruptedLoopTests {
    private static func session() throws -> (REPLTerminalTests.Session, ScratchDirectory) {
        let state = try ScratchDirectory()
        let s = try REPLTerminalTests.Session(
            "\(BinaryRunner.binary.path) repl", environment: ["XDG_STATE_HOME": state.path])
        return (s, state)
    }

    /// Stopped inside the loop's body: the stop unwinds through the `for`, which closes it.
    @Test func aLoopStoppedInItsBodyIsClosed() async throws {
        let (s, _) = try Self.session()
        #expect(await s.await("> "), "\(s.transcript)")
        s.send("for ev in bybit.events{ every = 0.01 } do print(('in the body'):upper()); while true do end end\r")
        #expect(await s.await("IN THE BODY"), "\(s.transcript)")
        s.send("\u{03}")
        #expect(await s.await("interrupted!", then: "> "), "\(s.transcript)")
        s.send("print(bybit.stop(), 6 * 7)\r")
        #expect(await s.await("false\t42"), "\(s.transcript)")
        s.send("\u{04}")
        #expect(await s.finish() == 0, "\(s.transcript)")
    }

    /// A loop kept in a variable has no `for` to close it: the REPL closes it after the
    /// Ctrl-C (before, `bybit.stop()` still found it open on the next line).
    @Test func aLoopKeptInAVariableIsClosedByTheCtrlC() async throws {
        let (s, _) = try Self.session()
        #expect(await s.await("> "), "\(s.transcript)")
        s.send("step = bybit.events{ every = 0.01 }; print(step().type:upper())\r")
        #expect(await s.await("TIMER"), "\(s.transcript)")
        s.send("print(('spinning'):upper()); while true do end\r")
        #expect(await s.await("SPINNING"), "\(s.transcript)")
        s.send("\u{03}")
        #expect(await s.await("interrupted!", then: "> "), "\(s.transcript)")
        s.send("print(bybit.stop(), step(), 6 * 7)\r")
        #expect(await s.await("false\tnil\t42"), "\(s.transcript)")
        s.send("\u{04}")
        #expect(await s.finish() == 0, "\(s.transcript)")
    }
}
