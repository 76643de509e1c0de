import Foundation
import Testing

/// `bybit-lua test` and `bybit-lua types` parse with swift-argument-parser, as `paper`
/// does: `--help` and `-h` print help and exit 0, an unknown option is a usage error (2),
/// and the forms the hand-written parsers accepted still work.
@Suite(.processBudget) struct SubcommandHelpTests {
    static let mixed = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/specs/mixed_spec.lua").path

    @Test(arguments: ["--help", "-h"]) func testHelpListsEveryOption(_ flag: String) async throws {
        let r = try await BinaryRunner.run(["test", flag])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.stdout.contains("USAGE: bybit-lua test [<paths> ...]"), "\(r.stdout)")
        for option in [
            "--filter", "-t, --tags", "--exclude-tags", "-o, --output", "--timeout", "-I <dir>",
            "--scenario", "--allow-read", "--allow-write",
        ] {
            #expect(r.stdout.contains(option), "\(option) missing from: \(r.stdout)")
        }
    }

    @Test(arguments: ["--help", "-h"]) func typesHelpNamesItsOption(_ flag: String) async throws {
        let r = try await BinaryRunner.run(["types", flag])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.stdout.contains("USAGE: bybit-lua types --out <dir>"), "\(r.stdout)")
        #expect(r.stdout.contains("-o, --out <dir>"), "\(r.stdout)")
    }

    /// The main usage's `test` and `types` lines list every option their parsers know.
    @Test func mainUsageListsEveryOptionTheParsersKnow() async throws {
        let usage = try await BinaryRunner.run(["--help"]).stdout
        let lines = usage.split(separator: "\n")
        for command in ["test", "types"] {
            let own = lines.drop { !$0.contains("bybit-lua \(command) ") }
                .prefix { $0.contains("bybit-lua \(command) ") || $0.hasPrefix("                 ") }
                .joined(separator: "\n")
            let help = try await BinaryRunner.run([command, "--help"]).stdout
            let options = Set(help.matches(of: /--[a-z][a-z-]+|-I\b/).map { String($0.output) }).subtracting(["--help"])
            #expect(!options.isEmpty, "\(help)")
            for option in options.sorted() {
                #expect(own.contains(option), "\(option) missing from the \(command) usage: \(own)")
            }
        }
    }

    @Test func unknownOptionsAreUsageErrors() async throws {
        let test = try await BinaryRunner.run(["test", "--bogus"])
        #expect(test.status == 2)
        #expect(test.stderr.contains("Unknown option '--bogus'"), "\(test.stderr)")
        #expect(test.stderr.contains("bybit-lua test --help"), "\(test.stderr)")
        let types = try await BinaryRunner.run(["types", "--out", "x", "--bogus"])
        #expect(types.status == 2)
        #expect(types.stderr.contains("Unknown option '--bogus'"), "\(types.stderr)")
        let timeout = try await BinaryRunner.run(["test", "--timeout", "0"])
        #expect(timeout.status == 2)
        #expect(timeout.stderr.contains("--timeout needs a positive number of seconds, got '0'"), "\(timeout.stderr)")
        #expect(test.stdout.isEmpty && types.stdout.isEmpty && timeout.stdout.isEmpty)
    }

    /// `--name=value`, a case-insensitive `--output`, values that start with `-` and a
    /// comma-separated `--tags`, as before.
    @Test func optionFormsStillAccepted() async throws {
        let tap = try await BinaryRunner.run([
            "test", "--timeout=0.5", "--output=TAP", "--tags", "nope,tagged", Self.mixed,
        ])
        #expect(tap.stdout.contains("1..1\n"), "\(tap.stdout)\(tap.stderr)")
        #expect(tap.status == 0, "\(tap.stdout)\(tap.stderr)")
        let dashed = try await BinaryRunner.run(["test", "--filter", "-no-such-test", Self.mixed])
        #expect(dashed.status == 0, "\(dashed.stdout)\(dashed.stderr)")
        #expect(dashed.stdout.contains("0 passed, 0 failed"), "\(dashed.stdout)")
    }
}
