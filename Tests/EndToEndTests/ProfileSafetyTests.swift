import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A flag on the command line is never silently overridden by the config file, nor the
/// file by a flag: where `--env`/`--base-url` and a profile disagree the run is a usage
/// error (exit 2) before any Lua runs — no MAINNET banner, no connection anywhere (a
/// counting listener stands where the run was pointed), the script's output absent.
@Suite(.processBudget) struct ProfileSafetyTests {
    /// The script every refused run carries (it prints only).
    static let script = ConfigHome.printOnlyScript

    /// Exit 2 with `message` on stderr, nothing run, no mainnet banner, nothing sent.
    static func expectRefused(
        _ r: BinaryRunner.Result, _ message: String, listeners: [CountingListener] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(r.status == 2 && !r.signalled, "status \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.contains(message), "stderr: \(r.stderr)", sourceLocation: sourceLocation)
        #expect(!r.stderr.contains("MAINNET"), "\(r.stderr)", sourceLocation: sourceLocation)
        #expect(!r.stdout.contains("RAN"), sourceLocation: sourceLocation)
        for l in listeners {
            #expect(l.connections == 0, "a connection reached \(l.url)", sourceLocation: sourceLocation)
        }
    }

    @Test func baseURLFlagWithAProfileThatNamesAPlaceIsRefused() async throws {
        let local = try CountingListener()
        let other = try CountingListener()
        let home = try ConfigHome(
            profiles: ConfigHome.profile("live", env: "mainnet"), ConfigHome.profile("desk", baseURL: other.url))
        let live = try await home.run(["--profile", "live", "--base-url", local.url] + Self.script)
        Self.expectRefused(
            live, "--base-url \(local.url) conflicts with profile 'live' in \(home.file), which sets env = \"mainnet\"",
            listeners: [local])
        // The same the other way round in the argument order, and with a profile base_url.
        let reversed = try await home.run(["--base-url", local.url, "--profile", "live"] + Self.script)
        Self.expectRefused(reversed, "conflicts with profile 'live'", listeners: [local])
        let desk = try await home.run([
            "--profile", "desk", "--base-url", local.url, "-e", "require('bybit').ticker('BTCUSDT')",
        ])
        Self.expectRefused(desk, "which sets base_url = \"\(other.url)\"", listeners: [local, other])
    }

    @Test func profileWithBothEnvAndBaseURLIsRefused() async throws {
        let local = try CountingListener()
        let home = try ConfigHome(profiles: ConfigHome.profile("both", env: "mainnet", baseURL: local.url))
        let r = try await home.run(["--profile", "both"] + Self.script)
        Self.expectRefused(
            r, "profile 'both' in \(home.file) sets both env = \"mainnet\" and base_url = \"\(local.url)\"; keep one",
            listeners: [local])
    }

    @Test func envFlagThatDiffersFromTheProfileIsRefused() async throws {
        let local = try CountingListener()
        let home = try ConfigHome(
            profiles: ConfigHome.profile("tn", env: "testnet"), ConfigHome.profile("box", baseURL: local.url))
        let toMainnet = try await home.run(["--profile", "tn", "--env", "mainnet"] + Self.script)
        Self.expectRefused(
            toMainnet, "--env mainnet conflicts with profile 'tn' in \(home.file), which sets env = \"testnet\"")
        let toPaper = try await home.run(["--env", "paper", "--profile", "tn"] + Self.script)
        Self.expectRefused(toPaper, "--env paper conflicts with profile 'tn'")
        let boxToTestnet = try await home.run(["--profile", "box", "--env", "testnet"] + Self.script)
        Self.expectRefused(boxToTestnet, "--env testnet conflicts with profile 'box'", listeners: [local])
        // Agreeing is not a conflict: the run starts on testnet (nothing is sent by a print).
        let agreed = try await home.run(["--profile", "tn", "--env", "testnet"] + Self.script)
        #expect(agreed.status == 0, "\(agreed.stderr)")
        #expect(agreed.stderr.hasPrefix("bybit-lua: testnet at https://api-testnet.bybit.com"))
        #expect(agreed.stdout == "RAN")
    }

    @Test func customEnvIsAClearErrorNotACrash() async throws {
        let home = try ConfigHome(profiles: ConfigHome.profile("odd", env: "custom"))
        let r = try await home.run(["--profile", "odd"] + Self.script)
        Self.expectRefused(
            r, "profile 'odd' in \(home.file): env = \"custom\" is not an environment; name the server with base_url")
    }

    /// A profile that names no place needs a flag to name one; then its keys sign for that
    /// place (here a paper exchange on loopback, which checks the signature).
    @Test func credentialsOnlyProfileGoesWhereTheFlagSays() async throws {
        let server = try await PaperServer()
        let home = try ConfigHome(profile: "keys", signingFor: server, pointed: false)
        let nowhere = try await home.run(["--profile", "keys"] + Self.script)
        Self.expectRefused(nowhere, "profile 'keys' in \(home.file) names no environment")
        let r = try await home.run(["--profile", "keys", "--base-url", server.url] + ConfigHome.addMarginScript)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "54299.00\n")
    }

    /// Credentials come from the profile or from the environment, never half from each.
    @Test func credentialsAreNeverMixedFromTwoSources() async throws {
        let local = try CountingListener()
        let home = try ConfigHome(profiles: ConfigHome.profile("half", baseURL: local.url, apiSecret: nil))
        let r = try await home.run(["--profile", "half"] + Self.script, ["BYBIT_API_SECRET": "from-the-environment"])
        Self.expectRefused(
            r, "profile 'half' in \(home.file) must set api_key and api_secret (or rsa_private_key_file)",
            listeners: [local])
        let both = try await home.run(
            ["--env", "testnet"] + Self.script,
            ["BYBIT_API_KEY": "K", "BYBIT_API_SECRET": "S", "BYBIT_RSA_PRIVATE_KEY_FILE": home.file])
        Self.expectRefused(both, "both BYBIT_API_SECRET and BYBIT_RSA_PRIVATE_KEY_FILE are set")
    }
}
