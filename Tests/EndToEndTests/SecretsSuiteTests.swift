import Foundation
import Testing

/// The secret and every signature stay out of everything a user or a log collector can
/// read: stdout, stderr, the audit log and the REPL history, for every command, with
/// `--verbose` where the command takes it, on success and on every error path.
@Suite(.serialized, .processBudget) struct SecretsSuiteTests {
    /// A real-looking secret: 36 characters like Bybit's, unique per run.
    static func realLookingSecret() -> String {
        "Xq" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(34)
    }

    /// A signature is 64 lowercase hex digits; nothing the runner prints has that shape.
    static func signatures(in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: "[0-9a-f]{64}")
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            String(text[Range($0.range, in: text)!])
        }
    }

    static func expectClean(
        _ texts: [String: String], secret: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for (name, text) in texts {
            #expect(!text.contains(secret), "the secret is in \(name)", sourceLocation: sourceLocation)
            #expect(
                signatures(in: text).isEmpty, "a signature is in \(name): \(signatures(in: text))",
                sourceLocation: sourceLocation)
            #expect(
                !text.lowercased().contains("x-bapi-sign"), "a signature header is in \(name)",
                sourceLocation: sourceLocation)
        }
    }

    @Test func runEvalAndErrorPathsWithVerbose() async throws {
        let secret = Self.realLookingSecret()
        let server = try await PaperServer(apiKey: "SECRETSUITEKEY", apiSecret: secret)
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let script = dir.path + "/margin.lua"
        try """
        local b = require "bybit"
        print(add_margin{symbol = "BTCUSDT", margin = "5"}.positionIM)
        for _, args in ipairs{{symbol = "SOLUSDT", margin = "1"}, {symbol = "BTCUSDT", margin = "0.00001"},
                              {symbol = "BTCUSDT", margin = "1"}} do
          local ok, e = pcall(add_margin, args)
          print(ok, e)
        end
        print(os.getenv("BYBIT_API_SECRET"), b.wallet().list ~= nil)
        error("a script error after the calls")
        """.write(toFile: script, atomically: true, encoding: .utf8)
        let run = try await BinaryRunner.run(
            ["--base-url", server.url, "--verbose", "--audit-log", audit, script],
            environment: server.credentials)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("false\t"), "the error paths ran: \(run.stdout)")
        #expect(run.stderr.contains("request"), "--verbose logged the requests: \(run.stderr)")

        // A dropped connection: outcome_unknown, whose error shows the request as sent.
        try server.control(
            "POST", "/paper/faults",
            json: #"{"dropConnection": {"count": 1, "afterApply": true}, "paths": ["/v5/position/add-margin"]}"#)
        let eval = try await BinaryRunner.run(
            [
                "--base-url", server.url, "--verbose", "--audit-log", audit, "-e",
                "print(bybit and 1, add_margin{symbol='BTCUSDT', margin='1'}.symbol)",
            ],
            environment: server.credentials)
        #expect(eval.status == 1 && eval.stderr.contains("outcome unknown"), "\(eval.stderr)")
        // A wrong secret: 10004 and the server's origin-string hint, never the secret used.
        let wrongSecret = Self.realLookingSecret()
        let wrong = try await BinaryRunner.run(
            ["--base-url", server.url, "--verbose", "-e", "add_margin{symbol='BTCUSDT', margin='1'}"],
            environment: ["BYBIT_API_KEY": server.apiKey, "BYBIT_API_SECRET": wrongSecret])
        #expect(wrong.status == 1 && wrong.stderr.contains("10004"))
        let audited = try String(contentsOfFile: audit, encoding: .utf8)
        // ok, api error, ok; outcome_unknown (validation errors send nothing), each after its intent
        #expect(audited.split(separator: "\n").filter { $0.contains(#""event":"outcome""#) }.count == 4)
        #expect(audited.split(separator: "\n").filter { $0.contains(#""event":"intent""#) }.count == 4)
        Self.expectClean(
            [
                "run stdout": run.stdout, "run stderr": run.stderr, "eval stdout": eval.stdout,
                "eval stderr": eval.stderr, "audit log": audited,
            ], secret: secret)
        Self.expectClean(["10004 stdout": wrong.stdout, "10004 stderr": wrong.stderr], secret: wrongSecret)
    }

    @Test func theREPLHistoryAndScreenHoldNoSecret() async throws {
        let secret = Self.realLookingSecret()
        let server = try await PaperServer(apiKey: "SECRETSUITEKEY", apiSecret: secret)
        let state = try ScratchDirectory()
        var env = server.credentials
        env["XDG_STATE_HOME"] = state.path
        let s = try REPLTerminalTests.Session(
            "\(BinaryRunner.binary.path) repl --verbose --base-url \(server.url) --audit-log \(state.path)/audit.jsonl",
            environment: env)
        #expect(await s.await("> "))
        s.send("add_margin{symbol = 'BTCUSDT', margin = '2'}\r")
        #expect(await s.await("positionIM", then: "> "), "\(s.transcript)")
        s.send("os.getenv('BYBIT_API_SECRET'), os.getenv('BYBIT_API_KEY')\r")
        #expect(await s.await("SECRETSUITEKEY", then: "> "), "\(s.transcript)")
        s.send("add_margin{symbol = 'SOLUSDT', margin = '1'}\r")
        #expect(await s.await("110033", then: "> "), "\(s.transcript)")
        s.send("\u{04}")
        #expect(await s.finish() == 0, "\(s.transcript)")
        let history = try String(contentsOfFile: state.path + "/bybit-lua/history", encoding: .utf8)
        #expect(history.contains("SOLUSDT"))
        let audited = try String(contentsOfFile: state.path + "/audit.jsonl", encoding: .utf8)
        Self.expectClean(["terminal": s.transcript, "history": history, "audit log": audited], secret: secret)
    }

    @Test func checkTestTypesAndPaperNeverPrintTheSecret() async throws {
        let secret = Self.realLookingSecret()
        let dir = try ScratchDirectory()
        let env = ["BYBIT_API_KEY": "SECRETSUITEKEY", "BYBIT_API_SECRET": secret]
        try "print(add_margin)\n".write(toFile: dir.path + "/ok.lua", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: dir.path + "/spec", withIntermediateDirectories: true)
        try """
        describe("margin", function()
          it("adds on paper", function()
            assert.is_true(add_margin{symbol = "BTCUSDT", margin = "1"}.positionIM > D"1")
            assert.are.equal(nil, os.getenv("BYBIT_API_SECRET"))
          end)
          it("fails loudly", function() add_margin{symbol = "NOPEUSDT", margin = "1"} end)
        end)
        """.write(toFile: dir.path + "/spec/margin_spec.lua", atomically: true, encoding: .utf8)
        let check = try await BinaryRunner.run(["check", dir.path + "/ok.lua"], environment: env)
        let test = try await BinaryRunner.run(["test", dir.path + "/spec"], cwd: dir.path, environment: env)
        let types = try await BinaryRunner.run(
            ["types", "--out", dir.path + "/types"], cwd: dir.path, environment: env)
        #expect(check.status == 0 && types.status == 0)
        #expect(
            test.status == 1 && test.stdout.contains("1 passed, 1 failed")
                && test.stdout.contains("unknown symbol 'NOPEUSDT'"), "\(test.stdout)\(test.stderr)")
        // The paper exchange is given the secret on its command line; it must not echo it.
        let paper = try await PaperServer(apiKey: "SECRETSUITEKEY", apiSecret: secret)
        let banner = paper.startupText
        Self.expectClean(
            [
                "check": check.stdout + check.stderr, "test": test.stdout + test.stderr,
                "types": types.stdout + types.stderr, "paper start-up": banner,
            ], secret: secret)
        let written = try FileManager.default.subpathsOfDirectory(atPath: dir.path + "/types")
            .filter { $0.hasSuffix(".lua") || $0.hasSuffix(".json") }
        #expect(!written.isEmpty, "types wrote its definition files")
        for file in written {
            let text = try String(contentsOfFile: dir.path + "/types/" + file, encoding: .utf8)
            #expect(!text.contains(secret), "the secret is in types/\(file)")
        }
    }
}
