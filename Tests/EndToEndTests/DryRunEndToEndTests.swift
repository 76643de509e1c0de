import Foundation
import Testing

/// `--dry-run` says what the real call would meet: a flat position is named in the result
/// (and the audit line), never a silent "success"; every mutation returns the same table.
@Suite(.processBudget) struct DryRunEndToEndTests {
    /// SOLUSDT is flat in the paper exchange's default book, BTCUSDT is open. Today the
    /// flat one returned `{dryRun = true, request = …}` and nothing else.
    @Test func aDryRunOnAFlatPositionSaysItIsFlat() async throws {
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"
        let r = try await BinaryRunner.run([
            "--dry-run", "--audit-log", audit, "-e",
            """
            local a = add_margin{symbol = "SOLUSDT", margin = "5"}
            print(a.dryRun, a.flat, a.note)
            local s = set_auto_add_margin{symbol = "SOLUSDT", autoAddMargin = true}
            print(s.dryRun, s.flat, s.note)
            local open = add_margin{symbol = "BTCUSDT", margin = "5"}
            print(open.dryRun, open.flat, open.note)
            -- the same truthiness either way: a script's `if` takes the same branch
            print(set_auto_add_margin{symbol = "BTCUSDT", autoAddMargin = false} and "truthy")
            """,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let out = r.stdout.split(separator: "\n").map(String.init)
        #expect(out.count == 4, "\(r.stdout)")
        #expect(
            out.first
                == "true\ttrue\tthe SOLUSDT position is flat: add_margin would be refused (110033, no open position)")
        #expect(out.dropFirst().first?.hasPrefix("true\ttrue\tthe SOLUSDT position is flat: ") == true, "\(r.stdout)")
        #expect(out.dropFirst(2).first == "true\tfalse\tnil")
        #expect(out.last == "truthy")
        let lines = try String(contentsOfFile: audit, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4 && lines.allSatisfy { $0.contains(#""outcome":"dry_run""#) })
        #expect(lines[0].contains(#""retMsg":"the SOLUSDT position is flat"#), "\(lines[0])")
        #expect(!lines.contains { $0.contains(#""event":"intent""#) }, "a dry run sends nothing, so it has no intent")
    }

    /// A position that cannot be read does not fail the dry run: `flat` stays nil and the
    /// note says why.
    @Test func aPositionThatCannotBeReadIsSaidSo() async throws {
        let r = try await BinaryRunner.run(
            [
                "--dry-run", "--base-url", "http://127.0.0.1:1", "--audit-log", "/dev/null", "-e",
                """
                local a = add_margin{category = "linear", symbol = "BTCUSDT", margin = "5"}
                print(a.dryRun, a.flat, a.note)
                """,
            ], environment: ["BYBIT_API_KEY": "k", "BYBIT_API_SECRET": "s"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("true\tnil\tcould not read the BTCUSDT position to check it: "), "\(r.stdout)")
    }
}
