import Foundation
import Testing

@testable import BybitLua

/// Reading an audit log back: intents are paired with outcomes by id; an intent without one
/// is listed (it may have been applied), whatever else the file holds.
@Suite struct AuditLogReportTests {
    private func report(_ lines: [String], trailingNewline: Bool = true) -> AuditLogReport {
        AuditLogReport(bytes: Array((lines.joined(separator: "\n") + (trailingNewline ? "\n" : "")).utf8))
    }

    private let intentA =
        #"{"time":1765017062123,"id":"ab12cd34-1","event":"intent","env":"testnet","endpoint":"/v5/position/add-margin","params":{"margin":"5","symbol":"BTCUSDT","category":"linear"}}"#
    private let outcomeA =
        #"{"time":1765017062200,"id":"ab12cd34-1","event":"outcome","env":"testnet","endpoint":"/v5/position/add-margin","params":{},"outcome":"ok","retCode":0}"#
    private let intentB =
        #"{"time":1765017063000,"id":"ab12cd34-2","event":"intent","env":"testnet","endpoint":"/v5/position/add-margin","params":{"category":"linear","symbol":"ETHUSDT","margin":"2"}}"#

    @Test func everyIntentWithItsOutcomeLeavesNothingToCheck() {
        let r = report([intentA, outcomeA])
        #expect(r.intents == 1 && r.outcomes == 1 && r.unpaired.isEmpty && r.malformed.isEmpty)
    }

    @Test func anIntentWithoutAnOutcomeIsListedWithItsRequest() throws {
        let r = report([intentA, intentB, outcomeA])
        #expect(r.intents == 2 && r.outcomes == 1)
        let call = try #require(r.unpaired.first)
        #expect(r.unpaired.count == 1)
        #expect(call.id == "ab12cd34-2" && call.line == 2 && call.env == "testnet" && call.time == 1_765_017_063_000)
        #expect(call.endpoint == "/v5/position/add-margin")
        #expect(call.parameters.map(\.0) == ["category", "symbol", "margin"], "read in request order")
        #expect(call.parameters.map(\.1) == ["linear", "ETHUSDT", "2"])
    }

    /// Runs sharing a log interleave their lines; an outcome may even come before a later
    /// run's intent. Pairing is by id, not by position.
    @Test func pairingIsByIdWhateverTheOrder() {
        let otherRun =
            #"{"time":1,"id":"ffff0000-1","event":"intent","env":"demo","endpoint":"/v5/position/set-auto-add-margin","params":{}}"#
        let otherOutcome =
            #"{"time":2,"id":"ffff0000-1","event":"outcome","env":"demo","endpoint":"/v5/position/set-auto-add-margin","params":{},"outcome":"api","retCode":10001}"#
        let r = report([otherOutcome, intentA, otherRun, outcomeA])
        #expect(r.intents == 2 && r.unpaired.isEmpty)
    }

    /// Guard refusals, dry runs and lines from before the log was write-ahead (no `event`,
    /// no `id`) are outcomes with nothing to pair, never "unpaired".
    @Test func linesWithoutAnIntentAreNotCalls() {
        let guardLine =
            #"{"time":3,"id":"ab12cd34-3","event":"outcome","env":"paper","endpoint":"/v5/position/add-margin","params":{},"outcome":"guard"}"#
        let legacy =
            #"{"time":4,"env":"paper","endpoint":"/v5/position/add-margin","params":{"margin":"1"},"outcome":"ok","retCode":0}"#
        let r = report([legacy, guardLine])
        #expect(r.intents == 0 && r.outcomes == 2 && r.unpaired.isEmpty && r.malformed.isEmpty)
    }

    /// Garbage, an intent without an id, an unknown event and a torn last line (the writer
    /// stopped mid-line) are reported by line number and skipped; the calls around them
    /// are still paired.
    @Test func malformedLinesAreNamedAndSkipped() {
        let r = report(
            [
                intentA, "not json at all", "[1,2,3]",
                #"{"event":"intent","env":"paper","endpoint":"/x","params":{}}"#,
                #"{"id":"x-1","event":"rumour"}"#, "", "   ",
                outcomeA, intentB, #"{"time":5,"id":"ab12cd34-2","event":"outc"#,
            ], trailingNewline: false)
        #expect(r.malformed.map(\.line) == [2, 3, 4, 5, 10])
        #expect(
            r.malformed.map(\.reason) == [
                "not a JSON object", "not a JSON object", "an intent without an id", "unknown event \"rumour\"",
                "incomplete last line",
            ])
        #expect(r.unpaired.map(\.id) == ["ab12cd34-2"], "the torn outcome does not count: B may have been applied")
    }

    @Test func anEmptyLogHasNothingToCheck() {
        let r = AuditLogReport(bytes: [])
        #expect(r.intents == 0 && r.outcomes == 0 && r.unpaired.isEmpty && r.malformed.isEmpty)
    }

    /// What the writer writes, the reader pairs: an intent and outcome through `AuditLog`
    /// and one intent left alone.
    @Test func theWriterAndTheReaderAgree() throws {
        let path = "/tmp/audit-report-\(UInt64.random(in: 0...UInt64.max)).jsonl"
        defer { unlink(path) }
        let log = try AuditLog(path: path)
        let params = [("category", "linear"), ("symbol", "BTCUSDT"), ("margin", "1")]
        let done = try log.recordIntent(env: "paper", endpoint: "/v5/position/add-margin", parameters: params)
        log.record(
            .init(id: done, env: "paper", endpoint: "/v5/position/add-margin", parameters: params, outcome: "ok"))
        let open = try log.recordIntent(env: "paper", endpoint: "/v5/position/add-margin", parameters: params)
        log.record(.init(env: "paper", endpoint: "/v5/position/add-margin", parameters: params, outcome: "guard"))
        let r = try AuditLogReport.read(path: path)
        #expect(r.intents == 2 && r.outcomes == 2 && r.malformed.isEmpty)
        #expect(r.unpaired.map(\.id) == [open])
        #expect(r.unpaired.first?.parameters.map(\.1) == ["linear", "BTCUSDT", "1"])
    }

    /// Lines name who acted and write integers as integers; older lines wrote them as
    /// strings and named no key. Both read the same way.
    @Test func identityAndIntegersReadLikeTheOlderStringLines() throws {
        let path = "/tmp/audit-report-\(UInt64.random(in: 0...UInt64.max)).jsonl"
        defer { unlink(path) }
        let log = try AuditLog(path: path)
        log.identity = .init(baseUrl: "https://api-testnet.bybit.com", profile: "desk", key: "k:0123456789ab")
        let params = [("category", "linear"), ("symbol", "ETHUSDT"), ("autoAddMargin", "1"), ("positionIdx", "2")]
        _ = try log.recordIntent(env: "testnet", endpoint: "/v5/position/set-auto-add-margin", parameters: params)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.contains(#""autoAddMargin":1,"positionIdx":2}"#), "\(written)")
        let old =
            #"{"time":1765017062123,"id":"0ld00000-1","event":"intent","env":"testnet","endpoint":"/v5/position/set-auto-add-margin","params":{"category":"linear","symbol":"ETHUSDT","autoAddMargin":"1","positionIdx":"2"}}"#
        let r = AuditLogReport(bytes: Array((old + "\n" + written).utf8))
        #expect(r.malformed.isEmpty && r.unpaired.count == 2)
        let (before, now) = (r.unpaired[0], r.unpaired[1])
        #expect(before.parameters.map(\.1) == now.parameters.map(\.1))
        #expect(now.parameters.map(\.1) == ["linear", "ETHUSDT", "1", "2"])
        #expect(before.key == nil && before.baseUrl == nil && before.profile == nil)
        #expect(now.key == "k:0123456789ab" && now.baseUrl == "https://api-testnet.bybit.com" && now.profile == "desk")
    }
}
