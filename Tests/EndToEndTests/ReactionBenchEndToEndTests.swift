import Foundation
import Testing

/// The reaction-time benchmark's probe (`bybit-lua paper --bench-controls`) with the real
/// bybit-lua guard of scripts/bench (bench/lua/reaction.lua) as a subprocess: every breach
/// the exchange pushes yields one sample, timed by the exchange from the push to the
/// add-margin's arrival; without the flag the controls are refused and nothing moves.
@Suite(.serialized, .processBudget) struct ReactionBenchEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// The `result` object of a control's envelope, and its retCode.
    static func result(_ body: String) throws -> (retCode: Int, result: [String: Any], retMsg: String) {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], "\(body)")
        return (
            json["retCode"] as? Int ?? -1, json["result"] as? [String: Any] ?? [:], json["retMsg"] as? String ?? ""
        )
    }

    @Test func twentyBreachesOfTheLuaGuardGiveTwentySamples() async throws {
        let server = try await PaperServer(arguments: ["--bench-controls"])
        let guardRun = try RunningBinary(
            ["--base-url", server.url, Self.root + "/bench/lua/reaction.lua", "BTCUSDT", "59500", "20"],
            environment: server.credentials, limit: 120)
        #expect(await guardRun.awaitOutput("READY"), "the guard never saw its first ticker")
        let started = try Self.result(
            try server.control(
                "POST", "/paper/bench/breaches",
                json: #"{"symbol":"BTCUSDT","breachMark":"59000","calmMark":"60000","count":20,"everyMs":100}"#))
        #expect(started.retCode == 0, "\(started)")
        let reaction = try Self.result(try server.control("GET", "/paper/bench/reaction?wait=1&samples=1"))
        let out = await guardRun.finish()
        #expect(out.stdout.contains("DONE 20"), "\(out.stdout)\n\(out.stderr)")
        let r = reaction.result
        #expect(r["finished"] as? Bool == true)
        #expect(r["breaches"] as? Int == 20 && r["count"] as? Int == 20, "\(r)")
        #expect(r["missedPush"] as? Int == 0 && r["missedReaction"] as? Int == 0 && r["early"] as? Int == 0, "\(r)")
        let samples = (r["samplesUs"] as? [String] ?? []).compactMap(Double.init)
        #expect(samples.count == 20 && samples.allSatisfy { $0 > 0 }, "\(r)")
        let p50 = try #require((r["p50Us"] as? String).flatMap(Double.init))
        let max = try #require((r["maxUs"] as? String).flatMap(Double.init))
        #expect(p50 <= max && max == samples.max(), "\(r)")
        // Every sample is a real add-margin: the ledger has the warm-up plus the 20 reactions.
        let ledger = try Self.result(try server.control("GET", "/paper/ledger?action=add-margin")).result
        #expect((ledger["counts"] as? [String: Any])?["add-margin"] as? Int == 21, "\(ledger)")
    }

    @Test func theControlsAreRefusedWithoutTheFlag() async throws {
        let server = try await PaperServer()
        let before = try Self.result(try server.control("GET", "/paper/ledger")).result["total"] as? Int
        for (method, path, body) in [
            (
                "POST", "/paper/bench/breaches",
                #"{"symbol":"BTCUSDT","breachMark":"1000","calmMark":"59000","count":5}"#
            ),
            ("GET", "/paper/bench/reaction", nil),
        ] {
            let reply = try Self.result(try server.control(method, path, json: body))
            #expect(reply.retCode == 10001 && reply.retMsg.contains("--bench-controls"), "\(path): \(reply)")
        }
        // Nothing ran: a calm mark of 59000 and a breach of 1000 (liquidating the default
        // BTCUSDT long) would have moved the ledger.
        let ticker = try await BinaryRunner.run(
            ["--base-url", server.url, "-e", #"print(require("bybit").ticker("BTCUSDT").markPrice)"#],
            environment: server.credentials)
        #expect(ticker.stdout == "60000.00\n", "\(ticker.stdout)\(ticker.stderr)")
        #expect(try Self.result(try server.control("GET", "/paper/ledger")).result["total"] as? Int == before)
    }
}
