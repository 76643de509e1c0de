import Foundation
import Testing

/// `bybit.log` through the binary: logfmt by default, `--log-format json`, `--log-level`,
/// one line per call whatever the values hold, on stderr.
@Suite(.processBudget) struct LogFormatEndToEndTests {
    static let script = """
        local bybit = require "bybit"
        bybit.log.debug("details", {n = 1})
        bybit.log.info("added margin", {symbol = "BTCUSDT", margin = decimal("0.10"),
          pos = {size = decimal("0.001"), side = "Buy"}, err = "line one\\nline two"})
        bybit.log.warn("a = b", {["the key"] = "x y"})
        bybit.log("error", "by name", {code = 110033})
        print("done")
        """

    static func lines(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("time=") || $0.hasPrefix("{") }
    }

    @Test func logfmtByDefaultOneLinePerCallDebugHidden() async throws {
        let r = try await BinaryRunner.run(["-e", Self.script])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "done\n")
        let lines = Self.lines(r.stderr)
        #expect(lines.count == 3, "\(r.stderr)")
        #expect(!r.stderr.contains("details"))
        let t = #"time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z "#
        #expect(lines[0].range(of: "^" + t + "level=info msg=", options: .regularExpression) != nil, "\(lines[0])")
        #expect(
            lines[0].hasSuffix(
                #"level=info msg="added margin" err="line one\nline two" margin=0.10 pos.side=Buy pos.size=0.001 symbol=BTCUSDT"#
            ), "\(lines[0])")
        #expect(lines[1].hasSuffix(#"level=warn msg="a = b" the_key="x y""#), "\(lines[1])")
        #expect(lines[2].hasSuffix("level=error msg=\"by name\" code=110033"), "\(lines[2])")
    }

    @Test func jsonLinesAtDebugParseAndKeepDecimalsExact() async throws {
        let r = try await BinaryRunner.run(["--log-format", "json", "--log-level", "debug", "-e", Self.script])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = Self.lines(r.stderr)
        #expect(lines.count == 4, "\(r.stderr)")
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
        #expect(objects.map { $0["level"] as? String } == ["debug", "info", "warn", "error"])
        #expect(objects[1]["msg"] as? String == "added margin")
        #expect(objects[1]["margin"] as? String == "0.10")
        #expect((objects[1]["pos"] as? [String: Any])?["size"] as? String == "0.001")
        #expect(objects[1]["err"] as? String == "line one\nline two")
        #expect(objects[3]["code"] as? Int == 110033)
        #expect(lines[1].contains(#""margin":"0.10""#))
    }

    @Test func levelFiltersAndBadValuesAreUsageErrors() async throws {
        let quiet = try await BinaryRunner.run(["--log-level", "error", "-e", Self.script])
        #expect(quiet.status == 0, "\(quiet.stderr)")
        #expect(Self.lines(quiet.stderr).count == 1, "\(quiet.stderr)")
        for (option, value, message) in [
            ("--log-level", "verbose", "--log-level must be debug, info, warn or error, got 'verbose'"),
            ("--log-format", "text", "--log-format must be logfmt or json, got 'text'"),
        ] {
            let r = try await BinaryRunner.run([option, value, "-e", "print('ran')"])
            #expect(r.status == 2)
            #expect(r.stderr.contains(message), "\(r.stderr)")
            #expect(!r.stdout.contains("ran"))
        }
        let badLevel = try await BinaryRunner.run(["-e", "require('bybit').log('loud', 'x')"])
        #expect(badLevel.status == 1)
        #expect(
            badLevel.stderr.contains("the level must be debug, info, warn or error, got 'loud'"), "\(badLevel.stderr)")
    }
}
