import Foundation
import Testing

/// Malicious scripts against the host itself: its limits, its internal state and the API
/// secret. Each was a crash, a hang or a leak before guard.c (Sources/CLuaShim).
@Suite(.processBudget) struct MaliciousScriptHostTests {
    /// `debug.sethook()` used to remove the hook that enforces the limits: the loop below
    /// then ran forever under `--timeout`. The kill is also sticky through xpcall
    /// handlers and coroutines.
    @Test func limitsCannotBeUnhookedOrCaught() async throws {
        for script in [
            "pcall(debug.sethook) while true do end",
            "xpcall(function() while true do end end, function() while true do end end)",
            "local co = coroutine.wrap(function() while true do pcall(function() while true do end end) end end) co()",
            "while true do pcall(error, 'x') collectgarbage('step') end",
        ] {
            // Stopped by its own --timeout, not by the runner's 30 s kill (`timedOut`): no
            // wall-clock bound of our own, which a loaded machine would trip.
            let r = try await BinaryRunner.run(["--timeout", "0.5", "-e", script], limit: 30)
            #expect(r.status == 124 && !r.timedOut, "\(script)")
            #expect(r.stderr.contains("timeout: the script ran past its time limit of 0.5 s"), "\(script): \(r.stderr)")
        }
        let r = try await BinaryRunner.run(["-e", "print(pcall(debug.sethook))"])
        #expect(
            r.stdout.hasPrefix("false\tdebug.sethook is not available: the runner's hook enforces --timeout"),
            "\(r.stdout)")
    }

    /// Lua runs finalizers with hooks off, so a looping `__gc` ignored --timeout,
    /// SIGINT and SIGTERM. A metatable with `__gc` is refused; one that gains `__gc`
    /// later never finalizes (Lua marks objects only at setmetatable time).
    @Test func finalizersCannotHangTheRunner() async throws {
        let r = try await BinaryRunner.run(
            [
                "--timeout", "1", "-e",
                """
                print(pcall(setmetatable, {}, {__gc = function() while true do end end}))
                print(pcall(debug.setmetatable, {}, {__gc = function() while true do end end}))
                local mt = {}
                setmetatable({}, mt)
                mt.__gc = function() while true do end end
                collectgarbage() collectgarbage()
                print(getmetatable(setmetatable({}, {__index = {}})) ~= nil, "done")
                """,
            ], limit: 30)
        #expect(r.status == 0 && !r.timedOut, "\(r.stderr)")
        #expect(
            r.stdout == """
                false\tbad argument #2 to 'setmetatable' (__gc metamethods are not allowed: finalizers run with hooks off, so --timeout could not stop one)
                false\tbad argument #2 to 'debug.setmetatable' (__gc metamethods are not allowed: finalizers run with hooks off, so --timeout could not stop one)
                true\tdone

                """, "\(r.stdout)")
    }

    /// Replacing a C function's upvalue (its Swift function pointer, the Decimal
    /// metatable) or a registry entry the host reads used to crash the process.
    @Test func hostStateIsOutOfReach() async throws {
        let r = try await BinaryRunner.run([
            "-e",
            """
            print(pcall(debug.setupvalue, D, 1, 0))
            print(pcall(debug.setupvalue, decimal.new, 2, io.stdout))
            print(pcall(debug.getregistry))
            local up = 1
            local function f() return up end
            print(debug.setupvalue(f, 1, 2), f(), D"1.5" + 1, require("bybit").position("BTCUSDT").size)
            """,
        ])
        #expect(r.status == 0 && !r.signalled, "\(r.stderr)")
        #expect(
            r.stdout == """
                false\tbad argument #1 to 'debug.setupvalue' (cannot change an upvalue of a C function (host state))
                false\tbad argument #1 to 'debug.setupvalue' (cannot change an upvalue of a C function (host state))
                false\tdebug.getregistry is not available: the registry holds the runner's own state
                up\t2\t2.5\t1

                """)
    }

    /// The secret lives in the signer. `/proc/self/mem` used to let a default-profile
    /// script scan the process for it; /proc and /sys are never available (judged by what
    /// a path resolves to, so `..` and symlinks do not help: fs_policy.c), and
    /// `--sandbox strict` has no io. MaliciousScriptFileTests has the rest of the files.
    @Test func theSecretCannotBeReadFromProcessMemory() async throws {
        let server = try await PaperServer()
        let scan = """
            local function try(open, ...) local ok, a, b = pcall(open, ...) return (ok and a ~= nil) and "opened" or tostring(b or a) end
            print(try(io.open, "/proc/self/mem", "rb"))
            print(try(io.open, "/proc/self/../self/task/../mem", "r+b"))
            print(try(io.open, "/dev/fd/../environ"))
            print(try(io.lines, "/proc/self/maps"))
            print(try(io.input, "/proc/self/mem"))
            print(os.getenv("BYBIT_API_SECRET"), require("bybit").position("BTCUSDT").symbol)
            """
        let r = try await BinaryRunner.run(["--base-url", server.url, "-e", scan], environment: server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 7, "\(r.stdout)")
        for line in lines.prefix(5) {
            #expect(line.contains("' denied (/proc and /sys are never available to scripts)"), "\(line)")
        }
        #expect(lines.dropFirst(5).first == "nil\tBTCUSDT")
        let strict = try await BinaryRunner.run(
            ["--sandbox", "strict", "--base-url", server.url, "-e", "local f = io.open('/proc/self/environ')"],
            environment: server.credentials)
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("bybit-lua: (command line):1: attempt to index a nil value (global 'io')"))
        for text in [r.stdout, r.stderr, strict.stdout, strict.stderr] { #expect(!text.contains(server.apiSecret)) }
        // Ordinary files still open, read and write.
        let dir = try ScratchDirectory()
        let file = try dir.write("plain.txt", "plain")
        let plain = try await BinaryRunner.run([
            "--allow-write", dir.path, "-e",
            "print(io.open('\(file)'):read('a'), io.open('\(file)', 'a') ~= nil, io.lines('\(file)')())",
        ])
        #expect(plain.stdout == "plain\ttrue\tplain\n", "\(plain.stderr)")
    }
}
