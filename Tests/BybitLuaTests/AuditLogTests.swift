import Foundation
import Testing

@testable import BybitLua

/// The audit line is built as bytes: it must stay valid JSON, one line per attempt,
/// whatever the exchange's message holds.
@Suite struct AuditLogTests {
    @Test func everyLineIsOneJSONObjectEvenWithQuotesControlsAndUnicode() throws {
        let root = NSTemporaryDirectory() + "audit-\(UUID().uuidString)"
        let path = root + "/nested/audit.jsonl"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let log = try AuditLog(path: path)
        let nasty = "he said \"no\" \\ then\n\r\t\u{01}\u{1F} — ünïcödé 💸"
        #expect(log.record(.init(
            env: "paper", endpoint: "/v5/position/add-margin",
            parameters: [("category", "linear"), ("symbol", "BTCUSDT"), ("margin", "10.50")],
            outcome: "api_error", retCode: 110001, retMsg: nasty, latencyMs: 1.23456)))
        #expect(log.record(.init(env: "paper", endpoint: "/v5/position/add-margin", parameters: [], outcome: "guard")))

        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2 && text.hasSuffix("\n"))
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["retMsg"] as? String == nasty)
        #expect(first["retCode"] as? Int == 110001)
        #expect(first["latencyMs"] as? Double == 1.234)
        #expect((first["params"] as? [String: String])?["margin"] == "10.50")
        #expect(lines[0].contains(#"\u0001"#) && lines[0].contains(#"\u001f"#))
        let second = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(second["outcome"] as? String == "guard" && second["retCode"] == nil)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
