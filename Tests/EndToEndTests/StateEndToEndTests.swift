import Foundation
import Testing

/// `bybit.state` through the binary: kept across runs in the default place (one file per
/// script, 0600 in 0700 directories), on disk when `set` returns (a kill -9 right after
/// loses nothing), apart per environment, shared safely by two runs, out of reach of the
/// script's `io`, and an unusable file said clearly.
@Suite(.processBudget) struct StateEndToEndTests {
    static let counter = """
        local s = require("bybit").state
        local n = (s.get("runs") or 0) + 1
        s.set("runs", n)
        s.set("total", (s.get("total") or D"0") + D"0.1")
        s.set("last", { n = n, env = require("bybit").env, note = "a\\0b" })
        print(n, s.get("total"), #s.get("last").note)
        """

    @Test func stateSurvivesARestartInOneFilePerScript() async throws {
        let dir = try ScratchDirectory()
        let script = try dir.write("keeper.lua", Self.counter)
        let env = ["XDG_STATE_HOME": dir.path + "/xdg"]
        for expected in ["1\t0.1\t3\n", "2\t0.2\t3\n", "3\t0.3\t3\n"] {
            let r = try await BinaryRunner.run([script], environment: env)
            #expect(r.status == 0 && r.stdout == expected, "\(r.stdout) \(r.stderr)")
        }
        let file = dir.path + "/xdg/bybit-lua/state/keeper.sqlite"
        let fm = FileManager.default
        #expect(try fm.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600)
        #expect(try fm.attributesOfItem(atPath: dir.path + "/xdg/bybit-lua/state")[.posixPermissions] as? Int == 0o700)
        // Another environment (a custom server, never contacted) has keys of its own.
        let other = try await BinaryRunner.run(
            ["--base-url", "http://127.0.0.1:9", script],
            environment: env.merging(["BYBIT_API_KEY": "k", "BYBIT_API_SECRET": "s"]) { $1 })
        #expect(other.status == 0 && other.stdout == "1\t0.1\t3\n", "\(other.stdout) \(other.stderr)")
        // A script that never uses bybit.state makes no file.
        let quiet = try dir.write("quiet.lua", "print(require('bybit').env)")
        #expect(try await BinaryRunner.run([quiet], environment: env).status == 0)
        #expect(!fm.fileExists(atPath: dir.path + "/xdg/bybit-lua/state/quiet.sqlite"))
    }

    /// The run is killed (SIGKILL) while it writes; every value it said was set is there.
    @Test func aValueIsOnDiskWhenSetReturnsEvenUnderKillMinusNine() async throws {
        let dir = try ScratchDirectory()
        let file = dir.path + "/k.sqlite"
        let writer = try dir.write(
            "writer.lua",
            """
            local s = require("bybit").state
            for i = 1, 1000000 do
              s.set("key" .. i, D"0.1" * i)
              s.set("i", i)
              io.write("set ", i, "\\n"); io.stdout:flush()
            end
            """)
        let running = try RunningBinary(["--state-file", file, writer], limit: 120)
        let seen = try #require(await running.output(until: "set 25\n"))
        running.signal(SIGKILL)
        let rest = await running.finish().stdout
        #expect(running.process.terminationReason == .uncaughtSignal)
        let printed = (seen + rest).split(separator: "\n").compactMap { Int($0.dropFirst(4)) }
        let last = try #require(printed.last)
        let reader = try dir.write(
            "reader.lua",
            """
            local s = require("bybit").state
            local i = s.get("i")
            local ok = true
            for k = 1, i do ok = ok and s.get("key" .. k) == D"0.1" * k end
            print(i, ok)
            """)
        let r = try await BinaryRunner.run(["--state-file", file, reader])
        let fields = r.stdout.split(whereSeparator: { $0 == "\t" || $0 == "\n" })
        #expect(r.status == 0 && fields.count == 2, "\(r.stdout) \(r.stderr)")
        #expect((Int(fields.first ?? "") ?? 0) >= last, "printed set \(last), stored \(r.stdout)")
        #expect(fields.last == "true")
    }

    @Test func twoRunsWritingOneFileAtOnceBothSucceedAndEveryAddCounts() async throws {
        let dir = try ScratchDirectory()
        let file = dir.path + "/shared.sqlite"
        let script = try dir.write(
            "both.lua",
            """
            local s = require("bybit").state
            for i = 1, 150 do s.set(arg[1] .. i, i); s.add("count", 1) end
            print("done")
            """)
        let a = try RunningBinary(["--state-file", file, script, "a"], limit: 120)
        let b = try RunningBinary(["--state-file", file, script, "b"], limit: 120)
        let (outA, errA) = await a.finish()
        let (outB, errB) = await b.finish()
        #expect(outA == "done\n" && outB == "done\n", "a: \(errA) b: \(errB)")
        let count = try await BinaryRunner.run(
            [
                "--state-file", file, "-e",
                "local s = require('bybit').state; print(#s.keys(), s.get('a150'), s.get('b1'), s.get('count'))",
            ])
        // 300 keys and the counter; every add counted (a get then a set would lose some)
        #expect(count.stdout == "301\t150\t1\t300\n", "\(count.stdout) \(count.stderr)")
    }

    /// Neither `--state-file` (and SQLite's files beside it) nor the default file can be
    /// opened, replaced or removed from Lua, even under --allow-write.
    @Test func theScriptCannotTouchItsStateFileThroughIO() async throws {
        let dir = try ScratchDirectory()
        let file = dir.path + "/s.sqlite"
        let script = try dir.write(
            "peek.lua",
            """
            local s = require("bybit").state
            s.set("k", 1)
            for _, p in ipairs({ ... }) do
              local f, err = io.open(p, "rb")
              local w = io.open(p, "wb")
              print(f == nil and w == nil and not os.remove(p), err)
            end
            """)
        let explicit = try await BinaryRunner.run(
            ["--state-file", file, "--allow-write", dir.path, script, file, file + "-wal", file + "-shm"])
        #expect(explicit.status == 0, "\(explicit.stderr)")
        let lines = explicit.stdout.split(separator: "\n")
        #expect(
            lines.count == 3 && lines.allSatisfy { $0.hasPrefix("true") && $0.contains("protected file") },
            "\(explicit.stdout)")
        let xdg = dir.path + "/xdg"
        let defaultFile = xdg + "/bybit-lua/state/peek.sqlite"
        let implicit = try await BinaryRunner.run(
            ["--allow-write", dir.path, script, defaultFile], environment: ["XDG_STATE_HOME": xdg])
        #expect(
            implicit.stdout.hasPrefix("true") && implicit.stdout.contains("protected file"),
            "\(implicit.stdout) \(implicit.stderr)")
        #expect(FileManager.default.fileExists(atPath: defaultFile))
    }

    /// An explicit --state-file that cannot be written stops the run before it starts
    /// (exit 2); the default place failing is a `state` error at first use only.
    @Test func anUnusableStateFileIsSaidClearly() async throws {
        let dir = try ScratchDirectory()
        let blocker = try dir.write("blocker", "not a directory")
        let script = try dir.write("s.lua", "print('ran'); print(pcall(require('bybit').state.get, 'k'))")
        let r = try await BinaryRunner.run(["--state-file", blocker + "/s.sqlite", script])
        #expect(r.status == 2 && r.stdout.isEmpty, "\(r.stdout)")
        #expect(r.stderr.contains("--state-file: \(blocker)") && r.stderr.contains("ot a directory"), "\(r.stderr)")
        let late = try await BinaryRunner.run([script], environment: ["XDG_STATE_HOME": blocker])
        #expect(late.status == 0, "\(late.stderr)")
        #expect(
            late.stdout
                == "ran\nfalse\tbybit: state error: cannot create the state directory \(blocker)/bybit-lua: Not a directory\n",
            "\(late.stdout)")
    }

    @Test func aChunkWithoutAScriptNeedsAStateFile() async throws {
        let dir = try ScratchDirectory()
        let code = "local s = require('bybit').state; s.set('x', D'1.50'); print(s.get('x'))"
        let bare = try await BinaryRunner.run(["-e", code])
        #expect(
            bare.status == 1 && bare.stderr.contains("state error") && bare.stderr.contains("--state-file PATH"),
            "\(bare.stderr)")
        let named = try await BinaryRunner.run(["--state-file", dir.path + "/e.sqlite", "-e", code])
        #expect(named.status == 0 && named.stdout == "1.50\n", "\(named.stderr)")
    }
}
