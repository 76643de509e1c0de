import Testing

/// What config.toml may not hold: text that is not TOML (an error naming the line, never a
/// crash), and TOML the profile schema has no place for (every setting is a string in
/// quotes, only `[profile.NAME]` tables). Each run stops with exit 2 before anything runs
/// or is sent.
@Suite(.processBudget) struct ConfigTOMLErrorTests {
    /// Runs `-e io.write('RAN')` with profile `desk` of `toml`; a refused file prints nothing.
    static func refused(
        _ toml: String, saying phrases: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let home = try ConfigHome(toml)
        let r = try await home.run(["--profile", "desk", "-e", "io.write('RAN')"])
        #expect(r.status == 2 && !r.signalled, "\(toml)\n\(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stdout == "", sourceLocation: sourceLocation)
        for phrase in phrases + [home.file] {
            #expect(r.stderr.contains(phrase), "'\(phrase)' in: \(r.stderr)", sourceLocation: sourceLocation)
        }
    }

    /// Numbers read as TOML reads them (underscores, hex, octal, binary), and the message
    /// says what was read instead of a string.
    @Test func aSettingThatIsNotAStringSaysWhatTOMLRead() async throws {
        let cases = [
            ("0xDEAD_BEEF", "the integer 3735928559"), ("1_000_000", "the integer 1000000"),
            ("0o755", "the integer 493"), ("0b1010", "the integer 10"), ("+1_0e2", "the floating-point number 1000"),
            ("true", "the boolean true"), (#"["K"]"#, "an array"), ("1979-05-27", "a date"),
            ("{ id = \"K\" }", "a table"),
        ]
        for (value, read) in cases {
            try await Self.refused(
                """
                [profile.desk]
                env = "testnet"
                api_key = \(value)
                api_secret = "S"
                """, saying: ["[profile.desk] api_key must be a string", read])
        }
        // The secret's value is never shown, whatever it reads as.
        let home = try ConfigHome("[profile.desk]\nenv = \"testnet\"\napi_key = \"K\"\napi_secret = 0x7E57_5EC2E7")
        let r = try await home.run(["--profile", "desk", "-e", "io.write('RAN')"])
        #expect(r.status == 2 && r.stderr.contains("api_secret must be a string") && r.stderr.contains("an integer"))
        #expect(!r.stderr.contains(String(0x7E57_5EC2E7)) && !r.stderr.contains("7E57"), "\(r.stderr)")
    }

    /// Tables other than `[profile.NAME]`, keys outside them, nested tables inside a profile
    /// and names that are not plain words are refused by name.
    @Test func onlyProfileTablesOfStringsAreRead() async throws {
        let desk = "[profile.desk]\nenv = \"testnet\"\napi_key = \"K\"\napi_secret = \"S\"\n"
        try await Self.refused(desk + "[server]\nurl = \"x\"", saying: ["'server'", "[profile.NAME]"])
        try await Self.refused("env = \"mainnet\"\n" + desk, saying: ["'env'", "[profile.NAME]"])
        try await Self.refused(desk + "[profile.desk.keys]\nid = \"x\"", saying: ["[profile.desk] keys", "a table"])
        try await Self.refused(desk + "limits.max = \"1\"", saying: ["[profile.desk] limits", "a table"])
        try await Self.refused("[[profile.desk]]\nenv = \"testnet\"", saying: ["profile.desk", "an array"])
        try await Self.refused(desk + "[profile.\"my desk\"]\nenv = \"testnet\"", saying: ["my desk", "profile names"])
        try await Self.refused("profile = \"desk\"\n", saying: ["profile", "a string"])
        try await Self.refused(desk + "apikey = \"K\"", saying: ["unknown key 'apikey'"])
    }

    /// Text that is not TOML names the file and the line, whatever the mistake.
    @Test func malformedTextNamesTheLine() async throws {
        let head = "[profile.desk]\nenv = \"testnet\"\n"
        try await Self.refused(head + "api_key = = \"K\"", saying: [":3:"])
        try await Self.refused("[profile.desk\nenv = \"testnet\"", saying: [":1:"])
        try await Self.refused(head + "api_key = \"K\"\napi_secret = \"S\" trailing", saying: [":4:"])
        try await Self.refused(head + "x = 1\nx = \"2\"", saying: [":4:", "'x'"])
        try await Self.refused(head + "\n\nx = " + String(repeating: "[", count: 10_000), saying: [":5:"])
        try await Self.refused(head + "api_key = \"K\"\napi_secret = \"S\"\nenv = \"demo\"", saying: [":5:", "env"])
        // Tables nested by a key of many dots: toml++ would recurse past the stack.
        let deep = Array(repeating: "a", count: 200_000).joined(separator: ".")
        try await Self.refused(head + deep + " = \"x\"", saying: ["'.' characters"])
        try await Self.refused("[" + deep + "]", saying: ["'.' characters"])
    }

    /// TOML text holds no NUL, and no setting can: a raw one is an error on its line, and
    /// `\u0000` is refused rather than cutting the string (or key) short.
    @Test func aNULByteOrEscapeIsRefusedNotCutShort() async throws {
        let server = try await PaperServer(apiSecret: "right")
        let head = "[profile.desk]\nbase_url = \"\(server.url)\"\napi_key = \"\(server.apiKey)\"\n"
        for (toml, phrase) in [
            (head + "api_secret = \"right\"\n# \u{0}\n= = =", ":5"),
            (head + #"api_secret = "right\u0000wrong""#, "NUL"),
            (head + #"api_secret = "right"\#n"api_secret\u0000x" = "y""#, "NUL"),
        ] {
            let home = try ConfigHome(toml)
            let r = try await home.run(["--profile", "desk"] + ConfigTOMLTests.call)
            #expect(r.status == 2 && !r.signalled, "\(toml)\n\(r.stderr)")
            #expect(r.stderr.contains(home.file) && r.stderr.contains(phrase), "\(r.stderr)")
            #expect(r.stdout == "")
        }
        let ledger = try server.control("GET", "/paper/ledger?action=add-margin")
        #expect(!ledger.contains("\"add-margin\":1"), "nothing was sent: \(ledger)")
    }
}
