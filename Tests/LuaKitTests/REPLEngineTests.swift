import Testing

@testable import LuaKit

/// The lua.c algorithm, driven line by line without a terminal.
@Suite struct REPLEngineTests {
    /// An engine whose `print` appends to a Lua table `out` instead of stdout.
    private func engine() throws -> REPLEngine {
        let state = try LuaState()
        try state.run(
            """
            out = {}
            function print(...)
              local t = table.pack(...)
              for i = 1, t.n do t[i] = tostring(t[i]) end
              out[#out + 1] = table.concat(t, "\\t", 1, t.n)
            end
            """)
        return REPLEngine(state: state)
    }

    private func printed(_ e: REPLEngine) -> [String] {
        guard case .table(let t) = e.state.global("out") else { return [] }
        return (1...max(1, t.count)).compactMap { t[.integer(Int64($0))]?.stringValue }
    }

    @Test func expressionsPrintTheirValues() throws {
        let e = try engine()
        #expect(e.feed("1 + 1") == .ran(results: 1))
        #expect(e.feed("1, nil, 'a'") == .ran(results: 3))
        #expect(e.feed("=2 * 3") == .ran(results: 1))
        #expect(printed(e) == ["2", "1\tnil\ta", "6"])
    }

    @Test func statementsPrintNothingAndLocalsDoNotSurvive() throws {
        let e = try engine()
        #expect(e.feed("x = 1") == .ran(results: 0))
        #expect(e.feed("local y = 3") == .ran(results: 0))
        #expect(e.feed("y") == .ran(results: 1))
        #expect(printed(e) == ["nil"])
    }

    @Test func incompleteInputContinues() throws {
        let e = try engine()
        #expect(e.feed("function f(a)") == .needsMore)
        #expect(e.isContinuing)
        #expect(e.feed("  return a * 2") == .needsMore)
        #expect(e.feed("end") == .ran(results: 0))
        #expect(e.feed("f(21)") == .ran(results: 1))
        #expect(printed(e) == ["42"])
        #expect(e.prompt == "> " && e.continuationPrompt == ">> ")
    }

    @Test func errorsAreReportedAndTheSessionGoesOn() throws {
        let e = try engine()
        guard case .failed(.syntax, let m) = e.feed("x = = 1") else {
            Issue.record("no syntax error")
            return
        }
        #expect(m.contains("unexpected symbol"))
        guard case .failed(.runtime, let r) = e.feed("error('bad')") else {
            Issue.record("no runtime error")
            return
        }
        #expect(r.hasPrefix("stdin:1: bad"))
        #expect(r.contains("stack traceback"))
        guard case .failed(.runtime, let o) = e.feed("error({})") else {
            Issue.record("no error")
            return
        }
        #expect(o.hasPrefix("(error object is a table value)"))
        #expect(e.feed("1") == .ran(results: 1))
    }

    @Test func cancelDropsAPartialBlock() throws {
        let e = try engine()
        #expect(e.feed("for i = 1, 3 do") == .needsMore)
        e.cancelInput()
        #expect(!e.isContinuing)
        #expect(e.feed("'fresh'") == .ran(results: 1))
        #expect(printed(e) == ["fresh"])
    }

    @Test func promptsComeFromGlobals() throws {
        let e = try engine()
        _ = e.feed("_PROMPT = 'bybit> '")
        #expect(e.prompt == "bybit> ")
    }
}
