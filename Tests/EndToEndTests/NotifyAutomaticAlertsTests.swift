import Foundation
import Testing

/// The runner's own alerts: a crash (exit 1), a guard stop (exit 3) and an
/// `outcome_unknown`, each delivered once to a real receiver.
@Suite(.processBudget) struct NotifyAutomaticAlertsTests {
    @Test func aCrashIsAlertedOnce() async throws {
        let receiver = try NotifyReceiver()
        defer { receiver.shutdown() }
        let r = try await BinaryRunner.run(["--notify", receiver.url + "/a", "-e", "error('boom at the desk')"])
        #expect(r.status == 1)
        let posts = receiver.posts.map(\.json)
        #expect(posts.count == 1, "\(receiver.posts.map(\.body))")
        #expect(posts.first?["level"] as? String == "error")
        #expect(posts.first?["text"] as? String == "the script stopped with an error (exit 1)")
        let fields = posts.first?["fields"] as? [String: String]
        #expect(fields?["error"]?.contains("boom at the desk") == true, "\(String(describing: fields))")
    }

    @Test func aGuardStopIsAlertedOnce() async throws {
        let receiver = try NotifyReceiver()
        defer { receiver.shutdown() }
        let r = try await BinaryRunner.run([
            "--notify", receiver.url + "/a", "--max-margin", "1", "-e", "add_margin{symbol = 'BTCUSDT', margin = '5'}",
        ])
        #expect(r.status == 3, "\(r.stderr)")
        let posts = receiver.posts.map(\.json)
        #expect(posts.count == 1, "\(receiver.posts.map(\.body))")
        #expect(posts.first?["text"] as? String == "stopped by a guard (exit 3)")
        let fields = posts.first?["fields"] as? [String: String]
        #expect(fields?["error"]?.contains("over --max-margin") == true, "\(String(describing: fields))")
    }

    /// The script catches the error and goes on: the alert is what tells a person.
    @Test func anOutcomeUnknownIsAlertedWithTheKeysFingerprint() async throws {
        let receiver = try NotifyReceiver()
        defer { receiver.shutdown() }
        let server = try await PaperServer()
        try server.control(
            "POST", "/paper/faults",
            json: #"{"dropConnection": {"count": 1, "afterApply": true}, "paths": ["/v5/position/add-margin"]}"#)
        let r = try await BinaryRunner.run(
            [
                "--base-url", server.url, "--notify", receiver.url + "/a", "-e",
                "local ok, e = pcall(add_margin, {symbol = 'BTCUSDT', margin = '100'}) print(e.kind)",
            ], environment: server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "outcome_unknown\n")
        let posts = receiver.posts.map(\.json)
        #expect(posts.count == 1, "\(receiver.posts.map(\.body))")
        #expect((posts.first?["text"] as? String)?.hasPrefix("outcome unknown, not re-sent: ") == true)
        #expect(posts.first?["level"] as? String == "error")
        #expect(posts.first?["env"] as? String == "custom")
        let key = posts.first?["key"] as? String ?? ""
        #expect(key.range(of: "^k:[0-9a-f]{12}$", options: .regularExpression) != nil, "\(key)")
        let fields = posts.first?["fields"] as? [String: String]
        #expect(fields?["endpoint"] == "/v5/position/add-margin")
        #expect(fields?["symbol"] == "BTCUSDT")
        for secret in server.credentials.values {
            #expect(!(receiver.posts.first?.body.contains(secret) ?? true))
        }
    }

    /// A ticker feed kept silent: `stale` after the loop's 0.5 s, and one alert once it has
    /// been stale past `stale_alert_after` (1 s) while the script keeps the loop open.
    @Test func aFeedStaleLongerThanTheLimitIsAlertedOnce() async throws {
        let receiver = try NotifyReceiver()
        defer { receiver.shutdown() }
        let server = try await PaperServer()
        let home = try ConfigHome("[notify]\nwebhook = \"\(receiver.url)/stale\"\nstale_alert_after = 1\n")
        var environment = home.environment
        for (k, v) in server.credentials { environment[k] = v }
        let run = try RunningBinary(
            [
                "--base-url", server.url, "-e",
                """
                local bybit = require "bybit"
                for ev in bybit.events{ tickers = { "BTCUSDT" }, stale_after = 0.5 } do
                  if ev.type == "ticker" then io.write("mark\\n") io.stdout:flush() end
                  if ev.type == "stale" then io.write("stale ", ev.feed, "\\n") bybit.sleep(3) break end
                end
                """,
            ], environment: environment)
        #expect(await run.awaitOutput("mark\n"))
        try server.control("POST", "/paper/faults", json: #"{"streamSilentMs": 60000, "paths": ["/v5/public/linear"]}"#)
        let (stdout, stderr) = await run.finish()
        #expect(run.process.terminationStatus == 0, "\(stderr)")
        #expect(stdout.contains("stale linear\n"), "\(stdout)")
        let texts = receiver.posts.map { $0.json["text"] as? String ?? $0.body }
        #expect(texts == ["stream 'linear' has been silent for more than 1 s (stale, not reconnected)"], "\(texts)")
    }
}
