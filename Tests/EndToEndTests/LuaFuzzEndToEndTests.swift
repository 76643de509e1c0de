import Foundation
import Testing

/// fuzz/lua/call_everything.lua through the built binary: every function of the
/// registration catalog (and every Decimal metamethod) called with random arguments
/// under pcall against the in-process paper exchange, then a sanity computation and a
/// real add_margin. scripts/fuzz-lua runs 100,000 calls under AddressSanitizer; here a
/// smaller count on the debug binary keeps `swift test` fast.
@Suite(.processBudget) struct LuaFuzzEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Fixed so the suite is repeatable; `BYBIT_LUA_FUZZ_SEED` explores other sequences.
    static let seed = ProcessInfo.processInfo.environment["BYBIT_LUA_FUZZ_SEED"] ?? "20261121"
    static let calls = SuiteSettings.isLong ? 100_000 : 5_000

    @Test func everyRegisteredFunctionSurvivesRandomArguments() async throws {
        let dir = try ScratchDirectory()
        // In the scratch directory: `types` also writes a .luarc.json into the current one.
        let types = try await BinaryRunner.run(["types", "--out", dir.path + "/types"], cwd: dir.path)
        #expect(types.status == 0, "\(types.stderr)")
        let audit = dir.path + "/audit.jsonl"
        let script = Self.root.appendingPathComponent("fuzz/lua/call_everything.lua").path
        let started = Date()
        let r = try await BinaryRunner.run(
            [
                "--audit-log", audit, "--timeout", "300", "--allow-read", dir.path, script, String(Self.calls),
                Self.seed, dir.path + "/types",
            ], limit: 400)
        let seconds = Date().timeIntervalSince(started)
        #expect(r.status == 0 && !r.signalled, "seed \(Self.seed): \(r.stderr.suffix(2000))")
        #expect(r.stdout.hasPrefix("fuzz: \(Self.calls) calls ("), "\(r.stdout)")
        #expect(r.stdout.contains("VM sound, add_margin ok"))
        // The final add_margin was sent and audited like any other mutation.
        let audited = try String(contentsOfFile: audit, encoding: .utf8)
        #expect(audited.contains("\"margin\":\"1.5\"") && audited.contains("\"symbol\":\"ETHUSDT\""))
        print("lua-fuzz: \(r.stdout.trimmingCharacters(in: .newlines)) in \(String(format: "%.1f", seconds)) s")
    }
}
