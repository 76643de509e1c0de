import Foundation
import Testing

/// The README's "Leaving it running" systemd unit: it parses (`systemd-analyze verify`, when
/// installed), restarts on failure but not on 2 or 3, and bybit-lua exits with the codes
/// the unit relies on: 2 for usage and a held lock, 3 for a guard stop, 1 for a script error
/// (restarted), 124 for --timeout (restarted), 143 for SIGTERM (a stop, counted as success).
@Suite(.processBudget) struct LeavingItRunningDocsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// The first ```ini block after `## Leaving it running`.
    static func unitFile() throws -> String {
        let readme = try String(contentsOfFile: root + "/README.md", encoding: .utf8)
        guard let section = readme.range(of: "## Leaving it running\n"),
            let start = readme.range(of: "```ini\n", range: section.upperBound..<readme.endIndex),
            let end = readme.range(of: "```\n", range: start.upperBound..<readme.endIndex)
        else { throw CocoaError(.fileReadCorruptFile) }
        return String(readme[start.upperBound..<end.lowerBound])
    }

    /// `Key=value` of the unit (the last one wins, as in systemd).
    static func settings(_ unit: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in unit.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("[") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            out[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        return out
    }

    @Test func theUnitRestartsOnFailureButNotOnUsageOrGuardStops() throws {
        let unit = Self.settings(try Self.unitFile())
        #expect(unit["Restart"] == "on-failure")
        #expect(Set((unit["RestartPreventExitStatus"] ?? "").split(separator: " ")) == ["2", "3"])
        #expect(Set((unit["SuccessExitStatus"] ?? "").split(separator: " ")) == ["130", "143"])
        let exec = (unit["ExecStart"] ?? "").split(separator: " ").map(String.init)
        #expect(exec.first == "/usr/local/bin/bybit-lua" && exec.contains("--lock"), "\(exec)")
    }

    /// systemd's own parser: a misspelt key or value is reported as "Failed to parse …,
    /// ignoring" (exit 0), so its output must be empty, not just its status.
    @Test func systemdParsesTheUnit() throws {
        let analyzer = "/usr/bin/systemd-analyze"
        guard FileManager.default.isExecutableFile(atPath: analyzer) else { return }
        let dir = try ScratchDirectory()
        // ExecStart must name an executable that exists: the built binary stands in.
        let text = try Self.unitFile().replacingOccurrences(
            of: "/usr/local/bin/bybit-lua", with: BinaryRunner.binary.path)
        let path = try dir.write("bybit-guard.service", text)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: analyzer)
        p.arguments = ["verify", path]
        p.currentDirectoryURL = URL(fileURLWithPath: dir.path)
        let err = Pipe()
        p.standardError = err
        p.standardOutput = err
        try p.run()
        let output = String(decoding: err.fileHandleForReading.readAll(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(output)")
        #expect(!output.contains("Failed") && !output.contains("ignoring"), "\(output)")
    }

    @Test func bybitLuaExitsWithTheCodesTheUnitReliesOn() async throws {
        let dir = try ScratchDirectory()
        let state = ["XDG_STATE_HOME": dir.path + "/state"]
        let usage = try await BinaryRunner.run(["--max-margin", "USDT=-1", "-e", "print('ran')"], environment: state)
        #expect(usage.status == 2 && usage.stdout.isEmpty, "\(usage.stderr)")
        let guardStop = try await BinaryRunner.run(
            [
                "--max-margin", "USDT=500", "-e",
                "bybit = require 'bybit' bybit.add_margin{symbol = 'BTCUSDT', margin = '600'}",
            ],
            environment: state)
        #expect(guardStop.status == 3, "\(guardStop.stderr)")
        let scriptError = try await BinaryRunner.run(["-e", "error('a bug')"], environment: state)
        #expect(scriptError.status == 1, "\(scriptError.stderr)")
        let timedOut = try await BinaryRunner.run(["--timeout", "0.3", "-e", "while true do end"], environment: state)
        #expect(timedOut.status == 124, "\(timedOut.stderr)")

        let run = try RunningBinary(
            ["--lock=unit", "-e", "print('ready') io.stdout:flush() require('bybit').sleep(60)"], environment: state)
        let ready = await run.awaitOutput("ready")
        #expect(ready)
        let held = try await BinaryRunner.run(["--lock=unit", "-e", "print('ran')"], environment: state)
        #expect(held.status == 2 && held.stderr.contains("lock unit is held by pid \(run.pid)"), "\(held.stderr)")
        run.signal(SIGTERM)
        _ = await run.finish()
        let status = run.process.terminationStatus
        #expect(status == 143)
    }
}
