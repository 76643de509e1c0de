import Foundation
import Testing

/// A script's metamethods cannot crash the REPL: every Lua call the host makes that
/// may run one is protected, so an error in it is printed and the session goes on.
@Suite(.processBudget) struct REPLProtectedCallTests {
    /// `_G` with an `__index` that raises: printing a result looks `_PRINT` up through
    /// it. It aborted with `PANIC: unprotected error` (exit 134).
    @Test func aRaisingIndexOnTheGlobalsIsAPrintedError() async throws {
        let r = try await BinaryRunner.run(
            ["-i"],
            stdin: """
                _PRINT=nil
                setmetatable(_G,{__index=function() error("boom") end})
                1
                rawset(_G, "_PRINT", print)
                2
                """ + "\n")
        #expect(!r.signalled && r.status == 0, "\(r.status)\n\(r.stdout)\n\(r.stderr)")
        #expect(!r.stderr.contains("PANIC"), "\(r.stderr)")
        #expect(r.stderr.contains("error calling 'print' (stdin:1: boom"), "\(r.stderr)")
        // the session went on: with a printer set raw, results print again
        #expect(r.stdout.contains("> 2\n"), "\(r.stdout)\n\(r.stderr)")
    }

    /// The same through `bybit-lua repl`, with `__tostring` raising in the printer.
    @Test func aRaisingToStringInTheReplIsAPrintedError() async throws {
        let r = try await BinaryRunner.run(
            ["repl"],
            stdin: """
                _PRINT=print
                setmetatable({}, {__tostring=function() error("no text") end})
                'still here'
                """ + "\n")
        #expect(!r.signalled && r.status == 0, "\(r.status)\n\(r.stdout)\n\(r.stderr)")
        #expect(r.stderr.contains("no text"), "\(r.stderr)")
        #expect(r.stdout.contains("> still here\n"), "\(r.stdout)\n\(r.stderr)")
    }
}
