import Foundation
import Testing

/// The runner's own alerts: a crash (exit 1), a guard stop (exit 3) and an
/// `outcome_unknown`, each delivered once to a real receiver.
@Suite struct NotifyAutomaticAlertsTests {
    @Test func aCrashIsAlertedOnce() throws {
        let receiver = try NotifyReceiver()
        defer { receiver.shutdown() }
        let r = try BinaryRunner.run(["--notify", receiver.url + "/a", "-e", "error('boom at the desk')"])
        #expect(r.status == 1)
        let posts = receiver.posts.map(\.json)
        #expect(posts.count == 1, "\(receiver.posts.map(\.body))")
        #expect(posts.first?["level"] as? String == "error")
        #expect(posts.first?["text"] as? String == "the script stopped with an error (exit 1)")
        let fields = posts.first?["fields"] as? [String: String]
        #expect(fields?["error"]?.contains("boom at the desk") == true, "\(String(describing: fields))")
    }

    @Test func aGuardStopIsAlertedOnce() throws {
        let receiver = try NotifyReceiver()
        defer { receiver.shutdown() }
        let r = try BinaryRunner.run([
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
    @Test func anOutcomeUnknownIsAlertedWithTheKeysFingerprint() throws {
        let receiver = try NotifyReceiver()
        defer { receiver.shutdown() }
        let server = try PaperServer()
        try server.control(
            "POST", "/paper/faults",
            json: #"{"dropConnection": {"count": 1, "afterApply": true}, "paths": ["/v5/position/add-margin"]}"#)
        let r = try BinaryRunner.run(
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
}
