import Foundation
import Testing

/// `bybit.notify` and `[notify]` end to end: the real binary posts to a real loopback
/// receiver, and the bodies are checked as sent.
@Suite(.processBudget) struct NotifyEndToEndTests {
    /// A script that raises one alert with text that needs escaping and two fields.
    static let alertScript = """
        local bybit = require "bybit"
        print(bybit.notify('hello "desk"\\nline 2', {n = 2, a = "x"}, "warning"))
        """

    @Test func everyKindOfTargetGetsItsOwnBody() async throws {
        let receiver = try NotifyReceiver()
        defer { receiver.shutdown() }
        let home = try ConfigHome(
            """
            [notify]
            webhook = "\(receiver.url)/generic-SECRET1"
            slack = "\(receiver.url)/slack-SECRET2"
            discord = "\(receiver.url)/discord-SECRET3"
            telegram_token = "123456:SECRET4"
            telegram_chat_id = -100123
            telegram_api = "\(receiver.url)/tg"
            """)
        let script = try home.scratch.write("alert.lua", Self.alertScript)
        let r = try await home.run(["--notify", "\(receiver.url)/cli-SECRET5", script])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "true\n")
        let posts = Dictionary(
            receiver.posts.map { ($0.path, $0.body) }, uniquingKeysWith: { a, _ in a + "|DUPLICATE" })
        #expect(posts.count == 5, "\(posts)")
        let chat = "[WARNING] bybit-lua paper \(script): hello \\\"desk\\\"\\nline 2\\na: x\\nn: 2"
        #expect(posts["/slack-SECRET2"] == #"{"text":"\#(chat)"}"#)
        #expect(posts["/discord-SECRET3"] == #"{"content":"\#(chat)"}"#)
        #expect(posts["/tg/bot123456:SECRET4/sendMessage"] == #"{"chat_id":"-100123","text":"\#(chat)"}"#)
        for path in ["/generic-SECRET1", "/cli-SECRET5"] {
            let body = posts[path] ?? ""
            let head = #"{"text":"hello \"desk\"\nline 2","level":"warning","fields":{"a":"x","n":"2"},"#
            #expect(body.hasPrefix(head + #""script":"\#(script)","env":"paper","time":""#), "\(body)")
            let time = (receiver.posts.first { $0.path == path }?.json["time"] as? String) ?? ""
            #expect(time.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"#, options: .regularExpression) != nil)
        }
        for secret in ["SECRET1", "SECRET2", "SECRET3", "SECRET4", "SECRET5", "123456"] {
            #expect(!r.stderr.contains(secret) && !r.stdout.contains(secret))
        }
    }

    @Test func aReceiverAnswering500IsRetriedAndGetsTheAlertOnce() async throws {
        let receiver = try NotifyReceiver { $0 == 1 ? 500 : 200 }
        defer { receiver.shutdown() }
        let r = try await BinaryRunner.run(
            ["--verbose", "--notify", "\(receiver.url)/hook-SECRET", "-e", #"require("bybit").notify("once")"#])
        #expect(r.status == 0, "\(r.stderr)")
        let posts = receiver.posts
        #expect(posts.count == 2, "one failure, one delivery: \(posts.map(\.body))")
        #expect(posts.count == 2 && posts[0].body == posts[1].body)
        #expect(
            r.stderr.contains("bybit-lua: notify: webhook #1 (webhook) answered 500; retrying in 1 s"), "\(r.stderr)")
        #expect(r.stderr.contains("bybit-lua: notify: webhook #1 (webhook) delivered an alert (info)"), "\(r.stderr)")
        #expect(!r.stderr.contains("not delivered"), "\(r.stderr)")
        #expect(!r.stderr.contains("SECRET") && !r.stderr.contains(receiver.url))
    }

    /// A receiver that never answers: each add_margin still takes what it takes without
    /// alerts (loosely compared), and the run ends after a bounded wait, saying how many
    /// alerts it could not deliver.
    @Test func aHangingReceiverDoesNotSlowAddMargin() async throws {
        let hanging = try NotifyReceiver { _ in nil }
        defer { hanging.shutdown() }
        let script = """
            local bybit = require "bybit"
            add_margin{symbol = "BTCUSDT", margin = "1"}  -- the paper exchange starts here
            local worst, started = 0, bybit.now()
            for i = 1, 20 do
              bybit.notify("call " .. i)
              local t = bybit.now()
              add_margin{symbol = "BTCUSDT", margin = "1"}
              worst = math.max(worst, bybit.now() - t)
            end
            print(worst, bybit.now() - started)
            """
        let plain = try await BinaryRunner.run(["-e", script])
        let notified = try await BinaryRunner.run(["--notify", "\(hanging.url)/hang", "-e", script])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(notified.status == 0, "\(notified.stderr)")
        let times = notified.stdout.split(whereSeparator: { $0 == "\t" || $0 == "\n" }).compactMap { Int($0) }
        let baseline = plain.stdout.split(whereSeparator: { $0 == "\t" || $0 == "\n" }).compactMap { Int($0) }
        #expect(times.count == 2 && baseline.count == 2, "\(notified.stdout) \(plain.stdout)")
        guard times.count == 2, baseline.count == 2 else { return }
        // Each call well under the 10 s read timeout, and the loop far shorter than one
        // post's 5 s timeout times the 20 alerts queued behind the hanging receiver.
        #expect(times[0] < 10_000, "worst add_margin took \(times[0]) ms")
        #expect(
            times[1] < max(5_000, baseline[1] * 5), "20 calls took \(times[1]) ms (\(baseline[1]) ms without alerts)")
        #expect(notified.stderr.contains("bybit-lua: notify: webhook #1 (webhook): 20 alerts not delivered at exit"))
        #expect(hanging.posts.count >= 1)
    }

    /// Failing receivers, a money call, a crash and --verbose: the URLs and the token
    /// appear in none of stdout, stderr and the audit log.
    @Test func urlsAndTokensStayOutOfOutputLogsAndTheAuditLog() async throws {
        let receiver = try NotifyReceiver { _ in 500 }
        defer { receiver.shutdown() }
        let home = try ConfigHome(
            """
            [notify]
            slack = "\(receiver.url)/SLACKSECRET"
            telegram_token = "777:TGSECRET"
            telegram_chat_id = "42"
            telegram_api = "\(receiver.url)/tg"
            """)
        let audit = home.scratch.path + "/audit.jsonl"
        let r = try await home.run([
            "--verbose", "--audit-log", audit, "-e",
            """
            local bybit = require "bybit"
            add_margin{symbol = "BTCUSDT", margin = "1"}
            bybit.notify("margin added", {symbol = "BTCUSDT"}, "info")
            error("boom")
            """,
        ])
        #expect(r.status == 1)
        #expect(receiver.posts.count >= 4, "both targets tried, the crash alerted: \(receiver.posts.map(\.path))")
        #expect(r.stderr.contains("bybit-lua: notify: webhook #1 (slack) answered 500; retrying in 1 s"), "\(r.stderr)")
        #expect(r.stderr.contains("bybit-lua: notify: webhook #2 (telegram) answered 500"), "\(r.stderr)")
        #expect(r.stderr.contains("not delivered at exit"), "\(r.stderr)")
        let audited = (try? String(contentsOfFile: audit, encoding: .utf8)) ?? ""
        #expect(audited.contains("add-margin"))
        for (name, text) in ["stdout": r.stdout, "stderr": r.stderr, "audit log": audited] {
            for secret in ["SLACKSECRET", "TGSECRET", "777:", "127.0.0.1:\(receiver.url.split(separator: ":").last!)"] {
                #expect(!text.contains(secret), "\(secret) is in \(name)")
            }
        }
    }
}
