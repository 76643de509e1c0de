import Foundation
import Testing

/// Bad `[notify]` settings and `--notify` URLs stop the run at start (exit 2) naming the
/// key, never quoting the URL or token; a profile's own `[notify]` replaces the file's.
@Suite(.processBudget) struct NotifyConfigEndToEndTests {
    static let script = ["-e", "io.write('RAN')"]

    @Test(arguments: [
        (
            #"slack = "http://hooks.example.com/SECRET""#,
            "[notify] slack: the URL uses http:// to a host that is not this machine"
        ),
        (#"webhook = "not a url SECRET""#, "[notify] webhook: the URL is not a URL"),
        (#"discord = "ftp://example.com/SECRET""#, "[notify] discord: the URL must start with https://"),
        (#"webhook = "https://user:SECRET@example.com/x""#, "[notify] webhook: the URL holds a user name or password"),
        (#"telegram_token = "SECRET""#, "[notify] needs both telegram_token and telegram_chat_id"),
        (
            "telegram_token = \"1:SECRET\"\ntelegram_chat_id = \"1\"\ntelegram_api = \"http://example.org\"",
            "[notify] telegram_api: the URL uses http://"
        ),
        ("telegram_token = \"SECRET/../x\"\ntelegram_chat_id = \"1\"", "[notify] telegram_token is not a bot token"),
        (#"slak = "https://hooks.slack.com/SECRET""#, "[notify] has an unknown key 'slak'"),
        ("stale_alert_after = 0", "[notify] stale_alert_after must be a number of seconds from 1 to 86400"),
        (#"webhook = 42"#, "[notify] webhook must be a string in quotes, but TOML reads it as an integer"),
    ])
    func aBadSettingStopsTheRunNamingItsKey(setting: String, expected: String) async throws {
        let home = try ConfigHome("[notify]\n\(setting)\n")
        let r = try await home.run(Self.script)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stdout == "")
        #expect(r.stderr.contains(expected), "\(r.stderr)")
        #expect(!r.stderr.contains("SECRET") && !r.stderr.contains("example"), "\(r.stderr)")
    }

    @Test func aBadNotifyURLOnTheCommandLineIsNamedByItsPlace() async throws {
        let r = try await BinaryRunner.run(
            ["--notify", "https://ok.example.com/a", "--notify", "http://10.0.0.1/SECRET"] + Self.script)
        #expect(r.status == 2)
        #expect(
            r.stderr.contains("--notify #2: the URL uses http:// to a host that is not this machine"), "\(r.stderr)")
        #expect(!r.stderr.contains("SECRET") && !r.stderr.contains("10.0.0.1"))
        #expect(r.stdout == "")
    }

    @Test func aConfigFileOthersCanReadIsRefusedEvenWithoutAProfile() async throws {
        let home = try ConfigHome(#"[notify]\#nwebhook = "https://example.com/SECRET""#, mode: 0o644)
        let r = try await home.run(Self.script)
        #expect(r.status == 2)
        #expect(r.stderr.contains("readable by others"), "\(r.stderr)")
        #expect(!r.stderr.contains("SECRET"))
    }

    @Test func aProfilesOwnNotifyReplacesTheFilesAndOthersAreNotChecked() async throws {
        let file = try NotifyReceiver()
        let desk = try NotifyReceiver()
        defer {
            file.shutdown()
            desk.shutdown()
        }
        let home = try ConfigHome(
            """
            [notify]
            webhook = "\(file.url)/file"
            [profile.desk]
            env = "paper"
            [profile.desk.notify]
            slack = "\(desk.url)/desk"
            [profile.other.notify]
            slack = "ftp://never.checked/unless-chosen"
            """)
        let script = ["-e", #"require("bybit").notify("who")"#]
        let withProfile = try await home.run(["--profile", "desk"] + script)
        #expect(withProfile.status == 0, "\(withProfile.stderr)")
        #expect(desk.posts.map(\.path) == ["/desk"])
        #expect(file.posts.isEmpty)
        let without = try await home.run(script)
        #expect(without.status == 0, "\(without.stderr)")
        #expect(file.posts.map(\.path) == ["/file"])
        #expect(desk.posts.count == 1)
    }
}
