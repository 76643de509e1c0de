import Foundation
import Testing

/// Scripts written to break the host, run through the built binary. Each asserts the
/// exact outcome: exit status, the message, and that no secret shows anywhere. (Plain
/// bytecode files, `load(string.dump(f))`, the string.rep bomb, pcall around a timeout
/// and `os.getenv` of the secret are in FailureEndToEndTests and BindingsEndToEndTests.)
@Suite(.processBudget) struct MaliciousScriptTests {
    static func run(_ script: String, _ options: [String] = [], environment: [String: String] = [:]) async throws
        -> BinaryRunner.Result
    {
        try await BinaryRunner.run(options + ["-e", script], environment: environment)
    }

    @Test func bytecodeIsRefusedInEveryForm() async throws {
        let r = try await Self.run(
            """
            local d = string.dump(function() return 1 end)
            print(load(d, "x", "b"))
            local parts, i = { d:sub(1, 3), d:sub(4) }, 0
            print(load(function() i = i + 1 return parts[i] end, "reader", "bt"))
            print(pcall(string.dump, D))
            print(pcall(string.dump, add_margin))
            """)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout == """
                nil\tattempt to load a binary chunk (mode is 't')
                nil\tattempt to load a binary chunk (mode is 't')
                false\tunable to dump given function
                false\tunable to dump given function

                """)
        let strict = try await Self.run(
            "print(string.dump, load, loadfile, dofile, io, os.getenv, debug.getinfo)", ["--sandbox", "strict"])
        #expect(strict.stdout == "nil\tnil\tnil\tnil\tnil\tnil\tnil\n")
    }

    /// `getmetatable` sees only the lock; a foreign userdata given the metatable with
    /// `debug.setmetatable` is refused by tag and size; a decimal stripped of it is just
    /// a userdata. None of it changes any other decimal.
    @Test func decimalMetatableIsLockedAndForeignUserdataIsRefused() async throws {
        let r = try await Self.run(
            """
            print(getmetatable(D"1"), pcall(function() getmetatable(D"1").__index = {} end))
            print(pcall(setmetatable, D"1", {}))
            local a, b = D"1.5", D"2.25"
            debug.setmetatable(a, nil)
            print(pcall(function() return a + 1 end))
            debug.setmetatable(io.stdout, debug.getmetatable(b))
            print(pcall(function() return io.stdout + 1 end))
            print(pcall(function() return io.stdout:round(2) end))
            print(b + 1, D"3" * 2, decimal.is(a), decimal.is(b), decimal.is(io.stdout))
            """)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout == """
                Decimal\tfalse\t(command line):1: attempt to index a string value
                false\tbad argument #1 to 'setmetatable' (table expected, got Decimal)
                false\t(command line):5: attempt to perform arithmetic on a userdata value (upvalue 'a')
                false\t(command line):7: cannot apply '+' to a decimal: decimal expected, got Decimal
                false\t(command line):8: calling 'round' on bad self (Decimal expected, got Decimal)
                3.25\t6\tfalse\ttrue\tfalse

                """)
    }

    /// With `debug` (default profile) a script may rewire the shared Decimal metatable:
    /// that changes dispatch in its own VM only. Values stay exact and the host's
    /// conversions (replies into decimals, decimals onto the wire) do not go through it.
    @Test func tamperedDecimalMetatableDoesNotReachTheHost() async throws {
        let r = try await Self.run(
            """
            local mt = debug.getmetatable(D"1")
            mt.__add = function() return "tampered" end
            mt.__index = { round = function() return "fake" end }
            print(D"1" + 1, D"1.234":round(1), decimal.eq(D"1.5", "1.50"), tostring(D"0.10"))
            local before = require("bybit").position("BTCUSDT").positionIM
            local after = add_margin{ symbol = "BTCUSDT", margin = D"2.5" }.positionIM
            print(before, after, decimal.eq(after, decimal.sum(before, "2.5")))
            """)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "tampered\tfake\ttrue\t0.10\n6000\t6002.5\ttrue\n")
    }

    /// Wrapping or deleting `bybit` functions is the script's business; the guard and the
    /// audit log sit behind them in the host and see what is really sent.
    @Test func monkeypatchedBindingsCannotBypassTheGuardOrTheAuditLog() async throws {
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let r = try await Self.run(
            """
            local bybit = require "bybit"
            local real = bybit.add_margin
            bybit.add_margin = function(a) a.margin = "999" return real(a) end
            print(pcall(bybit.add_margin, { symbol = "BTCUSDT", margin = "1" }))
            bybit.add_margin, add_margin = nil, nil
            print(require("bybit").add_margin, real{ symbol = "BTCUSDT", margin = "2" }.symbol)
            """, ["--max-margin", "10", "--audit-log", audit])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout == """
                false\tbybit: guard error on /v5/position/add-margin: adding 999 USDT would bring this run's total to 999 USDT, \
                over --max-margin 10 (added so far: 0 USDT); nothing was sent
                nil\tBTCUSDT

                """)
        let lines = try String(contentsOfFile: audit, encoding: .utf8).split(separator: "\n")
            .filter { !$0.contains(#""event":"intent""#) }  // the write-ahead intent before each send
        #expect(lines.count == 2)
        #expect(lines.first?.contains(#""margin":"999"},"outcome":"guard""#) == true)
        #expect(lines.last?.contains(#""margin":"2"},"outcome":"ok","retCode":0"#) == true)
    }

    @Test func memoryBombsStopAtTheLimitWithExitStatus1() async throws {
        for bomb in [
            "local t = {} for i = 1, 1e9 do t[i] = i end", "local t = {} while true do t[#t + 1] = {} end",
            "local s = 'x' while true do s = s .. s end", "local function f() return 1 + f() end f()",
            "for i = 1, 3 do pcall(string.rep, 'x', 1e9) end print('survived')",
        ] {
            let r = try await Self.run(bomb, ["--max-memory", "32"])
            #expect(r.status == 1 && !r.signalled, "\(bomb)")
            #expect(
                r.stderr.hasPrefix("bybit-lua: ")
                    && r.stderr.contains("not enough memory: the script reached its memory limit of 32 MB"),
                "\(bomb): \(r.stderr)")
            #expect(r.stdout == "", "\(bomb)")
        }
        // Without a memory cap, runaway recursion is Lua's own stack overflow.
        let r = try await Self.run("local function f() return 1 + f() end f()")
        #expect(r.status == 1 && r.stderr.hasPrefix("bybit-lua: (command line):1: stack overflow"), "\(r.stderr)")
    }
}
