import Foundation
import Testing

/// Every way a run can fail ends with a clear message, the right exit code and no crash.
@Suite(.processBudget) struct FailureEndToEndTests {
    @Test func syntaxErrorInAScript() async throws {
        let dir = try ScratchDirectory()
        try dir.write("bad.lua", "local x = \nif then end")
        let r = try await BinaryRunner.run(["bad.lua"], cwd: dir.path)
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("bybit-lua: bad.lua:2: unexpected symbol near 'if'"))
        #expect(!r.signalled)
    }

    @Test func runtimeErrorWithTraceback() async throws {
        let r = try await BinaryRunner.run(["-e", "local function f() error('boom') end f()"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("bybit-lua: (command line):1: boom\nstack traceback:"))
        #expect(r.stderr.contains("in local 'f'") || r.stderr.contains("in function 'f'"))
    }

    @Test func nonStringErrorObjects() async throws {
        let table = try await BinaryRunner.run(["-e", "error({code = 1})"])
        #expect(table.stderr.hasPrefix("bybit-lua: (error object is a table value)"))
        #expect(table.status == 1)
        let nilObject = try await BinaryRunner.run(["-e", "error()"])
        #expect(
            nilObject.stderr.hasPrefix("bybit-lua: nil")
                || nilObject.stderr.hasPrefix("bybit-lua: (error object is a nil value)"))
        let custom = try await BinaryRunner.run([
            "-e", "error(setmetatable({}, {__tostring = function() return 'custom text' end}))",
        ])
        #expect(custom.stderr.hasPrefix("bybit-lua: custom text\nstack traceback:"))
    }

    @Test func missingScript() async throws {
        let r = try await BinaryRunner.run(["/nonexistent/script.lua"])
        #expect(r.status == 1)
        #expect(
            r.stderr == "bybit-lua: cannot open /nonexistent/script.lua: No such file or directory\n"
                || r.stderr.hasPrefix("bybit-lua: cannot open /nonexistent/script.lua"))
    }

    @Test func unknownOptionsAndMissingArguments() async throws {
        let unknown = try await BinaryRunner.run(["-x"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.hasPrefix("bybit-lua: unrecognized option '-x'\nusage: bybit-lua"))
        let missing = try await BinaryRunner.run(["-e"])
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("bybit-lua: '-e' needs argument"))
        let paper = try await BinaryRunner.run(["paper", "--bogus"])
        #expect(paper.status == 2)
        #expect(paper.stderr.contains("--port"))
        for bad in [
            ["--timeout", "0"], ["--timeout", "abc"], ["--max-memory", "-1"], ["--sandbox", "loose"], ["--nope"],
        ] {
            let r = try await BinaryRunner.run(bad + ["-e", "print(1)"])
            #expect(r.status == 2, "\(bad)")
            #expect(r.stdout == "", "\(bad) must not run the script")
        }
    }

    @Test func binaryChunksAreRefused() async throws {
        let r = try await BinaryRunner.run(["-e", "print(load(string.dump(function() end)))"])
        #expect(r.stdout == "nil\tattempt to load a binary chunk (mode is 't')\n")
        let dir = try ScratchDirectory()
        let path = dir.path + "/compiled.lua"
        _ = try await BinaryRunner.run([
            "--allow-write", dir.path, "-e",
            "local f = io.open('\(path)', 'wb') f:write(string.dump(function() print('ran') end)) f:close()",
        ])
        let direct = try await BinaryRunner.run([path])
        #expect(direct.status == 1)
        #expect(direct.stderr.contains("attempt to load a binary chunk"))
        #expect(!direct.stdout.contains("ran"))
    }

    @Test func memoryBombUnderMaxMemory() async throws {
        let r = try await BinaryRunner.run(["--max-memory", "64", "-e", "local s = string.rep('x', 1e9)"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("bybit-lua: not enough memory: the script reached its memory limit of 64 MB"))
        #expect(!r.signalled)
    }

    @Test func busyLoopUnderTimeout() async throws {
        // Stopped by its own --timeout, not by the runner's 30 s kill.
        let r = try await BinaryRunner.run(["--timeout", "1", "-e", "while true do end"], limit: 30)
        #expect(r.status == 124 && !r.timedOut)
        #expect(r.stderr.hasPrefix("bybit-lua: timeout: the script ran past its time limit of 1 s"))
    }

    @Test func pcallCannotCatchATimeout() async throws {
        let r = try await BinaryRunner.run([
            "--timeout", "0.3", "-e", "while true do pcall(function() while true do end end) end",
        ])
        #expect(r.status == 124)
        #expect(r.stderr.contains("time limit of 0.3 s"))
    }

    @Test func checkReportsSyntaxErrorsAsFileLineMessage() async throws {
        let dir = try ScratchDirectory()
        let good = try dir.write("good.lua", "print('never run')")
        let bad = try dir.write("bad.lua", "\n\nfunction (")
        let r = try await BinaryRunner.run(["check", good, bad])
        #expect(r.status == 1)
        #expect(r.stdout == "")
        #expect(r.stderr.hasPrefix("\(bad):3: "))
        #expect(try await BinaryRunner.run(["check", good]).status == 0)
        #expect(try await BinaryRunner.run(["check"]).status == 2)
        let option = try await BinaryRunner.run(["check", "--verbose", good])
        #expect(option.status == 2 && option.stderr.contains("unrecognized option '--verbose'"))
        #expect(try await BinaryRunner.run(["check", "--", good]).status == 0)
    }
}
