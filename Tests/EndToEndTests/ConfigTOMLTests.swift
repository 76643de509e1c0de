import Foundation
import Testing

/// The config file read as TOML reads it. Each profile signs for a paper exchange started
/// with the secret the TOML text denotes: a call succeeds only when the file was read to
/// exactly that secret. These tests state TOML's rules, not the parser's, so they hold for
/// any TOML 1.0 parser that replaces today's.
@Suite(.processBudget) struct ConfigTOMLTests {
    static let call = ["-e", "print(add_margin{symbol='BTCUSDT', margin='1'}.liqPrice)"]

    /// Runs the call with profile `desk` of `toml` against a paper exchange whose secret is
    /// `secret`; `{URL}` and `{KEY}` in `toml` stand for the server's.
    static func run(_ toml: String, secret: String) async throws -> (BinaryRunner.Result, ConfigHome, PaperServer) {
        let server = try await PaperServer(apiSecret: secret)
        let home = try ConfigHome(
            toml.replacingOccurrences(of: "{URL}", with: server.url)
                .replacingOccurrences(of: "{KEY}", with: server.apiKey))
        return await (try home.run(["--profile", "desk"] + call), home, server)
    }

    static func expectSigned(_ r: BinaryRunner.Result, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == 0, "\(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stdout == "54299.00\n", sourceLocation: sourceLocation)
    }

    @Test func escapesInBasicStringsMeanWhatTOMLSays() async throws {
        let (r, _, _) = try await Self.run(
            #"""
            [profile.desk]
            base_url = "{URL}"
            api_key = "{KEY}"
            api_secret = "q\"b\\s-\u00e9\U0001F600\t#not-a-comment" # a comment
            """#, secret: "q\"b\\s-é😀\t#not-a-comment")
        Self.expectSigned(r)
    }

    @Test func literalStringsTakeBackslashesAsWritten() async throws {
        let (r, _, _) = try await Self.run(
            #"""
            [profile.desk]
            base_url = '{URL}'
            'api_key' = '{KEY}'
            api_secret = 'C:\keys\n"x"'
            """#, secret: #"C:\keys\n"x""#)
        Self.expectSigned(r)
    }

    @Test func aUTF8ByteOrderMarkAndCRLFLineEndsAreAccepted() async throws {
        let text =
            "\u{FEFF}# desk\r\n[profile.desk]\r\nbase_url = \"{URL}\"\r\napi_key = \"{KEY}\"\r\napi_secret = \"s3cret\"\r\n"
        let (r, _, _) = try await Self.run(text, secret: "s3cret")
        Self.expectSigned(r)
    }

    /// TOML: "Defining a key multiple times is invalid", and so is a table. Neither the
    /// first nor the last is taken: the run stops before anything is sent.
    @Test func aKeyOrTableDefinedTwiceIsAnError() async throws {
        let (key, home, server) = try await Self.run(
            """
            [profile.desk]
            base_url = "{URL}"
            api_key = "{KEY}"
            api_secret = "wrong"
            api_secret = "right"
            """, secret: "right")
        #expect(key.status == 2, "\(key.stderr)")
        #expect(key.stderr.contains(home.file) && key.stderr.contains("api_secret"), "\(key.stderr)")
        #expect(key.stdout == "")
        let table = try ConfigHome(
            """
            [profile.desk]
            base_url = "\(server.url)"
            [profile.desk]
            api_key = "\(server.apiKey)"
            api_secret = "right"
            """)
        let twice = try await table.run(["--profile", "desk"] + Self.call)
        #expect(twice.status == 2, "\(twice.stderr)")
        #expect(twice.stderr.contains(table.file) && twice.stderr.contains("profile.desk"), "\(twice.stderr)")
        #expect(twice.stdout == "")
        let ledger = try server.control("GET", "/paper/ledger?action=add-margin")
        #expect(!ledger.contains("\"add-margin\":1"), "nothing was sent: \(ledger)")
    }

    /// Escapes TOML does not define, and raw control characters, are errors, not text.
    @Test func invalidEscapesAndControlCharactersAreErrors() async throws {
        for value in [#""C:\keys""#, #""\u12""#, #""\uD800""#, "\"a\u{01}b\"", "'a\u{7F}b'", "\"open", "'open"] {
            let home = try ConfigHome(
                """
                [profile.desk]
                env = "testnet"
                api_key = "K"
                api_secret = \(value)
                """)
            let r = try await home.run(["--profile", "desk", "-e", "io.write('RAN')"])
            #expect(r.status == 2, "\(value): \(r.stderr)")
            #expect(r.stderr.contains("\(home.file):4"), "\(value): \(r.stderr)")
            #expect(r.stdout == "")
        }
    }
}
