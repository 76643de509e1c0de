import Foundation
import Testing

/// `bybit` is a global in the REPL (as `vim` is in Neovim), so the README's
/// `bybit.po<Tab>` completes in a fresh session; scripts still `require "bybit"`.
@Suite(.processBudget) struct REPLBybitGlobalTests {
    /// On a real terminal: Tab after `bybit.po` completes to `bybit.position` (it
    /// completed nothing: `bybit` was not a global).
    @Test func tabCompletesBybitFieldsInAFreshSession() async throws {
        let state = try ScratchDirectory()
        let s = try REPLTerminalTests.Session(
            "\(BinaryRunner.binary.path) repl", environment: ["XDG_STATE_HOME": state.path])
        #expect(await s.await("> "), "\(s.transcript)")
        s.send("bybit.po\t")
        #expect(await s.await("sition"), "\(s.transcript)")  // libedit redraws only the completed tail
        s.send("(\"BTCUSDT\").side\r")
        #expect(await s.await("\"Buy\"", then: "> "), "\(s.transcript)")
        s.send("\u{04}")
        #expect(await s.finish() == 0, "\(s.transcript)")
    }

    @Test func theGlobalIsTheModuleAndScriptsDoNotGetIt() async throws {
        let repl = try await BinaryRunner.run(["repl"], stdin: "bybit == require('bybit')\nbybit.env\n")
        #expect(repl.stdout.contains("> true\n"), "\(repl.stdout)\(repl.stderr)")
        #expect(repl.stdout.contains("> \"paper\"\n"), "\(repl.stdout)\(repl.stderr)")
        let script = try await BinaryRunner.run(["-e", "print(bybit, require('bybit').env)"])
        #expect(script.stdout == "nil\tpaper\n", "\(script.stdout)\(script.stderr)")
        // -i after a script: a script's own global `bybit` is left alone
        let after = try await BinaryRunner.run(["-e", "bybit = 42", "-i"], stdin: "bybit\n")
        #expect(after.stdout.contains("> 42\n"), "\(after.stdout)\(after.stderr)")
    }
}
