import Foundation
import Testing

/// The runner behaves like `lua` where `lua` has an answer.
@Suite(.processBudget) struct RunnerEndToEndTests {
    @Test func versionAndArithmetic() async throws {
        let r = try await BinaryRunner.run(["-e", "print(_VERSION, 1+1)"])
        #expect(r.stdout == "Lua 5.4\t2\n")
        #expect(r.stderr == "")
        #expect(r.status == 0)
    }

    @Test func argTableAndVarargs() async throws {
        let dir = try ScratchDirectory()
        let script = try dir.write(
            "args.lua", "for i = -3, #arg do io.write(i, '=', tostring(arg[i]), ' ') end print('|', ...)")
        let r = try await BinaryRunner.run(["-e", "y=1", script, "p", "q"])
        #expect(r.stdout.hasPrefix("-3=\(BinaryRunner.binary.path) -2=-e -1=y=1 0=\(script) 1=p 2=q |\tp\tq"))
        let viaRun = try await BinaryRunner.run(["run", script, "z"])
        #expect(viaRun.stdout.contains("0=\(script) 1=z |\tz"))
        #expect(viaRun.stdout.contains("-1=run"))
    }

    @Test func stdinScriptWithDash() async throws {
        let r = try await BinaryRunner.run(["-", "a"], stdin: "print('from stdin', ...)")
        #expect(r.stdout == "from stdin\ta\n")
        let implicit = try await BinaryRunner.run([], stdin: "print(40 + 2)")
        #expect(implicit.stdout == "42\n")
    }

    @Test func requireWithDashLAndIncludeDirectory() async throws {
        let dir = try ScratchDirectory()
        try dir.write("team/desk/util.lua", "return { answer = 42 }")
        let r = try await BinaryRunner.run(["-I", "\(dir.path)/team", "-l", "u=desk.util", "-e", "print(u.answer)"])
        #expect(r.stdout == "42\n")
        let env = try await BinaryRunner.run(
            ["-l", "desk.util", "-e", "print(desk)"], environment: ["BYBIT_LUA_PATH": "\(dir.path)/team/?.lua;;"])
        #expect(env.status == 0)
        let ignored = try await BinaryRunner.run(
            ["-E", "-l", "desk.util"], environment: ["BYBIT_LUA_PATH": "\(dir.path)/team/?.lua"])
        #expect(ignored.status == 1)
        #expect(ignored.stderr.contains("module 'desk.util' not found"))
    }

    @Test func unreadableIncludeDirectoriesAreReportedAndSkipped() async throws {
        let r = try await BinaryRunner.run(["-I", "/no/such/dir", "-e", "print(require('bybit.inspect')({1}))"])
        #expect(r.status == 0)
        #expect(r.stdout == "{ 1 }\n")
        #expect(r.stderr.contains("warning: -I /no/such/dir: not a readable directory; ignored"))
    }

    @Test func projectModulesFromTheWorkingDirectory() async throws {
        let dir = try ScratchDirectory()
        try dir.write("lua/strategy.lua", "return 'project module'")
        let r = try await BinaryRunner.run(["-e", "print((require 'strategy'))"], cwd: dir.path)
        #expect(r.stdout == "project module\n")
    }

    @Test func osExitCodes() async throws {
        #expect(try await BinaryRunner.run(["-e", "os.exit(7)"]).status == 7)
        #expect(try await BinaryRunner.run(["-e", "os.exit(false)"]).status == 1)
        let caught = try await BinaryRunner.run(["-e", "pcall(os.exit, 4) print('after')"])
        #expect(caught.status == 4)
        #expect(caught.stdout == "")
        let flushed = try await BinaryRunner.run(["-e", "io.write('partial') os.exit(0)"])
        #expect(flushed.stdout == "partial")
    }

    @Test func versionBanner() async throws {
        let r = try await BinaryRunner.run(["-v"])
        #expect(r.stdout.hasPrefix("bybit-lua "))
        #expect(r.stdout.contains("Lua 5.4"))
        #expect(r.status == 0)
    }
}
