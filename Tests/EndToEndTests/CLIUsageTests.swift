import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// What the command line says to a user: the usage lists what each command accepts, a
/// refusal says what it refuses, and a failure names the problem in the user's terms —
/// never a Swift type (`BybitError.validation`) or Foundation's "The operation could not
/// be completed".
@Suite(.processBudget) struct CLIUsageTests {
    static let internals = [
        "BybitError", "The operation could not be completed", "errno:", "descriptor:ptr", "Error Domain",
        "SocketAddressError", "IOError",
    ]

    static func expectPlain(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for leak in internals {
            #expect(!text.contains(leak), "\(leak) in: \(text)", sourceLocation: sourceLocation)
        }
    }

    @Test func badBaseURLsAreSaidPlainly() async throws {
        let r = try await BinaryRunner.run(["--base-url", "ftp://example.com", "-e", "io.write('RAN')"])
        #expect(r.status == 2)
        #expect(
            r.stderr
                == "bybit-lua: --base-url: invalid base URL 'ftp://example.com': the scheme must be http or https\n",
            "\(r.stderr)")
        let home = try ConfigHome(
            """
            [profile.far]
            base_url = "http://example.com"
            api_key = "K"
            api_secret = "S"
            """)
        let profile = try await home.run(["--profile", "far", "-e", "io.write('RAN')"])
        #expect(profile.status == 2)
        #expect(
            profile.stderr.hasPrefix(
                "bybit-lua: profile 'far' in \(home.file): base_url: invalid base URL 'http://example.com': http is allowed only for loopback hosts"
            ), "\(profile.stderr)")
        Self.expectPlain(r.stderr + profile.stderr)
        #expect(r.stdout.isEmpty && profile.stdout.isEmpty)
    }

    @Test func typesSaysWhyItCannotWrite() async throws {
        let dir = try ScratchDirectory()
        let inProc = try await BinaryRunner.run(["types", "--out", "/proc/x"], cwd: dir.path)
        #expect(inProc.status == 1)
        #expect(
            inProc.stderr == "bybit-lua: types: cannot create directory /proc/x: No such file or directory\n",
            "\(inProc.stderr)")
        let file = try dir.write("plain.txt", "x")
        let underFile = try await BinaryRunner.run(["types", "--out", file + "/types"], cwd: dir.path)
        #expect(underFile.status == 1)
        #expect(underFile.stderr.contains("cannot create directory \(file): Not a directory"), "\(underFile.stderr)")
        Self.expectPlain(inProc.stderr + underFile.stderr)
    }

    @Test func paperFailuresAreSaidPlainly() async throws {
        let missing = try await BinaryRunner.run(["paper", "--scenario", "/nonexistent/scenario.json"])
        #expect(missing.status == 1)
        #expect(
            missing.stderr
                == "bybit-lua paper: cannot read scenario file /nonexistent/scenario.json: No such file or directory\n",
            "\(missing.stderr)")
        let taken = try CountingListener()
        let busy = try await BinaryRunner.run(["paper", "--port", String(taken.port)])
        #expect(busy.status == 1)
        #expect(
            busy.stderr == "bybit-lua paper: cannot serve on 127.0.0.1:\(taken.port): Address already in use\n",
            "\(busy.stderr)")
        let host = try await BinaryRunner.run(["paper", "--host", "999.1.1.1"])
        #expect(host.status == 2)
        #expect(host.stderr.hasPrefix("Error: --host 999.1.1.1: "), "\(host.stderr)")
        let state = try await BinaryRunner.run(["paper", "--state", "/nonexistent/dir/state.db"])
        #expect(state.status == 1)
        #expect(
            state.stderr.hasPrefix("bybit-lua paper: cannot start: cannot open state file /nonexistent/dir/state.db"),
            "\(state.stderr)")
        Self.expectPlain(missing.stderr + busy.stderr + host.stderr + state.stderr)
    }

    @Test func aMissingConfigFileIsSaidPlainly() async throws {
        let home = try ConfigHome("")
        unlink(home.file)
        let r = try await home.run(["--profile", "desk", "-e", "io.write('RAN')"])
        #expect(r.status == 2)
        #expect(
            r.stderr
                == "bybit-lua: --profile desk: there is no config file \(home.file); create it with a [profile.desk] table and chmod 600 it\n",
            "\(r.stderr)")
        #expect(r.stdout == "")
    }

    /// `bybit-lua paper` with no `--port` serves on a free port and prints its URL.
    @Test func paperWithoutAPortPicksAFreeOne() async throws {
        let server = try RunningBinary(["paper", "--api-key", "K", "--api-secret", "S"])
        let banner = await server.output(until: "Stop with Ctrl-C.") ?? ""
        let line = banner.split(separator: "\n").first { $0.contains("paper exchange at ") } ?? ""
        let url = line.range(of: "at ").map { String(line[$0.upperBound...]) } ?? ""
        let port = url.split(separator: ":").last.flatMap { Int($0) } ?? 0
        #expect(url.hasPrefix("http://127.0.0.1:") && port > 0, "\(banner)")
        // It answers there: a real call signed with the printed key.
        let call = try await BinaryRunner.run(
            ["--base-url", url, "-e", "io.write(require('bybit').ticker('BTCUSDT').symbol)"],
            environment: ["BYBIT_API_KEY": "K", "BYBIT_API_SECRET": "S"])
        #expect(call.status == 0, "\(call.stderr)")
        #expect(call.stdout == "BTCUSDT")
        server.signal(SIGTERM)
        _ = await server.finish()
        #expect(server.process.terminationStatus == 0)
    }

    /// The main usage lists every option `paper --help` knows (its own parser's list) and
    /// every option of `test`.
    @Test func mainUsageListsEverySubcommandOption() async throws {
        let usage = try await BinaryRunner.run(["--help"]).stdout
        let paperLines = usage.split(separator: "\n").drop { !$0.contains("bybit-lua paper") }.prefix {
            !$0.contains("bybit-lua test")
        }
        .joined(separator: "\n")
        let paperHelp = try await BinaryRunner.run(["paper", "--help"]).stdout
        let options = Set(paperHelp.matches(of: /--[a-z][a-z-]+/).map { String($0.output) }).subtracting(["--help"])
        #expect(options.count >= 9, "\(paperHelp)")
        for option in options.sorted() {
            #expect(paperLines.contains(option), "\(option) missing from the paper usage: \(paperLines)")
        }
        let testLines = usage.split(separator: "\n").drop { !$0.contains("bybit-lua test") }.prefix {
            !$0.contains("Available options")
        }
        .joined(separator: "\n")
        for option in ["--filter", "--tags", "--exclude-tags", "--output", "--timeout", "-I DIR"] {
            #expect(testLines.contains(option), "\(option) missing from the test usage: \(testLines)")
        }
    }

    /// What `--read-timeout` says it takes is what it takes.
    @Test func readTimeoutRefusesOnlyWhatItsMessageExcludes() async throws {
        let zero = try await BinaryRunner.run(["--read-timeout", "0", "-e", "io.write('RAN')"])
        #expect(zero.status == 2)
        #expect(
            zero.stderr.hasPrefix(
                "bybit-lua: --read-timeout needs seconds more than 0 and at most 600 (like 0.5 or 30), got '0'"),
            "\(zero.stderr)")
        #expect(zero.stdout == "")
        for bad in ["600.5", "-1", "nan", "inf", "ten"] {
            let r = try await BinaryRunner.run(["--read-timeout", bad, "-e", "io.write('RAN')"])
            #expect(r.status == 2 && r.stderr.contains("more than 0 and at most 600"), "\(bad): \(r.stderr)")
        }
        for good in ["0.001", "600"] {
            let r = try await BinaryRunner.run(["--read-timeout", good, "-e", "io.write('RAN')"])
            #expect(r.status == 0 && r.stdout == "RAN", "\(good): \(r.stderr)")
        }
        let usage = try await BinaryRunner.run(["--help"]).stdout
        #expect(usage.contains("--read-timeout S   how long a reply may be silent: more than 0, at most 600"))
    }

    /// `os.exit(n)` exits `n & 255` as lua does, and says so when that is not `n`: 259 would
    /// otherwise pass for 3 (a guard stopped the run) and 256 for success.
    @Test func osExitOutsideTheStatusRangeIsSaid() async throws {
        for (code, status) in [(259, 3), (256, 0), (-1, 255)] {
            let r = try await BinaryRunner.run(["-e", "io.write('before'); os.exit(\(code))"])
            #expect(r.status == Int32(status), "\(code)")
            #expect(r.stdout == "before")
            #expect(
                r.stderr
                    == "bybit-lua: os.exit(\(code)): exit statuses are 0 to 255; exiting with \(status) (\(code) & 255, as lua does)\n",
                "\(r.stderr)")
        }
        for code in [0, 7, 255] {
            let r = try await BinaryRunner.run(["-e", "os.exit(\(code))"])
            #expect(r.status == Int32(code) && r.stderr.isEmpty, "\(code): \(r.stderr)")
        }
        let quiet = try await BinaryRunner.run(["-e", "os.exit(false)"])
        #expect(quiet.status == 1 && quiet.stderr.isEmpty)
        // The REPL exits the same way.
        let repl = try await BinaryRunner.run(["-i"], stdin: "os.exit(259)\n")
        #expect(repl.status == 3)
        #expect(
            repl.stderr.contains("bybit-lua: os.exit(259): exit statuses are 0 to 255; exiting with 3"),
            "\(repl.stderr)")
    }
}
