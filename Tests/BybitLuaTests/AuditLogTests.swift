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
        #expect(
            log.record(
                .init(
                    env: "paper", endpoint: "/v5/position/add-margin",
                    parameters: [("category", "linear"), ("symbol", "BTCUSDT"), ("margin", "10.50")],
                    outcome: "api", retCode: 110001, retMsg: nasty, latencyMs: 1.23456)))
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
        #expect(first["event"] as? String == "outcome" && second["event"] as? String == "outcome")
        #expect(first["id"] as? String != second["id"] as? String)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    /// The intent line is on disk before `recordIntent` returns; the outcome line carries
    /// its id; ids differ between calls and between logs (runs) sharing one file.
    @Test func anIntentAndItsOutcomeShareAnIdThatNoOtherCallHas() throws {
        let root = NSTemporaryDirectory() + "audit-\(UUID().uuidString)"
        let path = root + "/audit.jsonl"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let log = try AuditLog(path: path)
        let other = try AuditLog(path: path)
        let params = [("category", "linear"), ("symbol", "BTCUSDT"), ("margin", "1")]
        let id = try log.recordIntent(env: "testnet", endpoint: "/v5/position/add-margin", parameters: params)
        let onDisk = try String(contentsOfFile: path, encoding: .utf8)
        #expect(onDisk.hasSuffix("\n") && onDisk.contains(#""event":"intent""#) && onDisk.contains(id))
        #expect(!onDisk.contains("outcome"), "an intent line has no outcome: \(onDisk)")
        log.record(
            .init(id: id, env: "testnet", endpoint: "/v5/position/add-margin", parameters: params, outcome: "ok"))
        let second = try log.recordIntent(env: "testnet", endpoint: "/v5/position/add-margin", parameters: params)
        let third = try other.recordIntent(env: "testnet", endpoint: "/v5/position/add-margin", parameters: params)
        #expect(Set([id, second, third]).count == 3)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let objects = try lines.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.map { $0["event"] as? String } == ["intent", "outcome", "intent", "intent"])
        #expect(objects[1]["id"] as? String == id && objects[1]["outcome"] as? String == "ok")
        #expect((objects[0]["params"] as? [String: String])?["margin"] == "1")
    }

    /// A full disk: the intent cannot be written, so `recordIntent` throws (the caller then
    /// sends nothing); an outcome line that cannot be written says so and returns false.
    @Test func aFullDiskRefusesTheIntent() throws {
        let log = try AuditLog(path: "/dev/full")
        #expect(throws: AuditLog.WriteFailure.self) {
            try log.recordIntent(env: "paper", endpoint: "/v5/position/add-margin", parameters: [])
        }
        do {
            _ = try log.recordIntent(env: "paper", endpoint: "/v5/position/add-margin", parameters: [])
        } catch {
            #expect(error.reason.contains("No space left"), "\(error.reason)")
        }
        #expect(!log.record(.init(env: "paper", endpoint: "/v5/position/add-margin", parameters: [], outcome: "ok")))
    }

    /// A log that cannot be synced (a pipe, /dev/null) still takes lines: `fsync`'s EINVAL
    /// there is not a failure to write.
    @Test func aDescriptorThatCannotBeSyncedStillTakesLines() throws {
        let log = try AuditLog(path: "/dev/null")
        #expect(throws: Never.self) {
            try log.recordIntent(env: "paper", endpoint: "/v5/position/add-margin", parameters: [])
        }
    }

    /// Who acted is on every line (never the key itself: its fingerprint), and parameters
    /// are written as the wire sends them: integers and 1/0 flags as numbers, Bybit's
    /// boolean flags as booleans, decimals and text as strings, undeclared fields as given.
    @Test func everyLineNamesWhoActedAndWritesIntegersAsIntegers() throws {
        let root = NSTemporaryDirectory() + "audit-\(UUID().uuidString)"
        let path = root + "/audit.jsonl"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let log = try AuditLog(path: path)
        log.identity = .init(baseUrl: "https://api.bybit.com", key: "k:0123456789ab")
        let margin = [("category", "linear"), ("symbol", "BTCUSDT"), ("margin", "10.50"), ("positionIdx", "1")]
        let id = try log.recordIntent(env: "mainnet", endpoint: "/v5/position/add-margin", parameters: margin)
        log.record(
            .init(id: id, env: "mainnet", endpoint: "/v5/position/add-margin", parameters: margin, outcome: "ok"))
        log.record(
            .init(
                env: "mainnet", endpoint: "/v5/position/set-auto-add-margin",
                parameters: [("autoAddMargin", "0"), ("positionIdx", "x1")], outcome: "dry_run"))
        log.record(
            .init(
                env: "mainnet", endpoint: "/v5/order/create",
                parameters: [("qty", "0.010"), ("reduceOnly", "true"), ("orderLinkId", "123")], outcome: "guard"))
        log.record(.init(env: "mainnet", endpoint: "/v5/not/declared", parameters: [("limit", "5")], outcome: "guard"))
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        for line in lines {
            #expect(
                line.contains(#""env":"mainnet","baseUrl":"https://api.bybit.com","key":"k:0123456789ab","endpoint":"#))
            #expect(!line.contains(#""profile""#), "no profile was given")
            #expect(try JSONSerialization.jsonObject(with: Data(line.utf8)) is [String: Any])
        }
        #expect(
            lines[0].contains(#""params":{"category":"linear","symbol":"BTCUSDT","margin":"10.50","positionIdx":1}"#))
        #expect(lines[1].contains(#""positionIdx":1}"#))
        #expect(lines[2].contains(#""params":{"autoAddMargin":0,"positionIdx":"x1"}"#), "not an integer: kept as given")
        #expect(lines[3].contains(#""params":{"qty":"0.010","reduceOnly":true,"orderLinkId":"123"}"#))
        #expect(lines[4].contains(#""params":{"limit":"5"}"#))
        log.identity.profile = "desk"
        log.record(.init(env: "mainnet", endpoint: "/v5/position/add-margin", parameters: [], outcome: "guard"))
        #expect(
            try String(contentsOfFile: path, encoding: .utf8).hasSuffix(
                #""profile":"desk","key":"k:0123456789ab","endpoint":"/v5/position/add-margin","params":{},"outcome":"guard"}"#
                    + "\n"))
    }
}
