import Testing

/// The rest of TOML 1.0 that a person may write in config.toml: multi-line strings,
/// comments, dotted keys, inline tables and the same profile spelled as a table or as
/// dotted keys. As in ConfigTOMLTests, a call signs only when the file was read to exactly
/// the secret the TOML text denotes.
@Suite(.processBudget) struct ConfigTOMLSyntaxTests {
    /// `"""…"""` keeps its newlines and escapes, trims the newline after the opening
    /// quotes, and a backslash at a line's end joins the next line without its leading
    /// space; `'''…'''` takes everything as written. `#` inside a string is text.
    @Test func multiLineStringsMeanWhatTOMLSays() async throws {
        let (r, _, _) = try await ConfigTOMLTests.run(
            #"""
            # whole-line comment
            [profile.desk]   # a comment after a table header
            base_url = "{URL}"
            api_key = '''
            {KEY}'''
            api_secret = """
            s\u00e9"cret # not a comment
            line2\
                  end\t\\"""  # a comment after the value
            """#, secret: "s\u{e9}\"cret # not a comment\nline2end\t\\")
        ConfigTOMLTests.expectSigned(r)
    }

    /// `desk.api_key` inside `[profile]`, `profile.desk.api_key` at the root and an inline
    /// table all name the same setting as `api_key` inside `[profile.desk]`.
    @Test func dottedKeysAndInlineTablesNameTheSameSettings() async throws {
        let spellings = [
            #"""
            [profile]
            desk.base_url = "{URL}"
            desk . api_key = "{KEY}"   # spaces around the dot
            "desk".'api_secret' = "s3cret"
            """#,
            #"""
            profile.desk.base_url = "{URL}"
            profile.desk.api_key = "{KEY}"
            profile.desk.api_secret = "s3cret"
            """#,
            #"""
            [profile]
            desk = { base_url = "{URL}", api_key = "{KEY}", api_secret = "s3cret" }
            """#,
        ]
        for toml in spellings {
            let (r, _, _) = try await ConfigTOMLTests.run(toml, secret: "s3cret")
            ConfigTOMLTests.expectSigned(r)
        }
    }

    /// Another profile's table, before or after, does not change what `desk` holds.
    @Test func profilesAreSubTablesOfProfile() async throws {
        let (r, _, _) = try await ConfigTOMLTests.run(
            #"""
            [profile.tn]
            env = "testnet"
            api_key = "other"
            api_secret = "other-secret"

            [profile.desk]
            base_url = "{URL}"
            api_key = "{KEY}"
            api_secret = "s3cret"

            [profile.live]
            env = "mainnet"
            """#, secret: "s3cret")
        ConfigTOMLTests.expectSigned(r)
    }
}
