import Foundation
import Testing

/// "No stop set" reads the same from the paper exchange as from Bybit: the built binary
/// runs one script against the paper exchange and against a loopback server answering
/// with Bybit's own reply shape (`"takeProfit":"0.00","stopLoss":"0.00","trailingStop":"0"`).
/// Before, paper sent `""`, so `p.stopLoss` was nil on paper and a decimal zero on mainnet.
@Suite(.processBudget) struct StopFieldsEndToEndTests {
    /// Prints the three fields and the README's test for "a stop is set".
    static let script = """
        local p = bybit.position("BTCUSDT")
        local function stop_set(x) return (x or 0) > 0 end
        print(tostring(p.takeProfit), tostring(p.stopLoss), tostring(p.trailingStop),
              stop_set(p.takeProfit), stop_set(p.stopLoss), stop_set(p.trailingStop), p.stopLoss:sign() == 0)
        """

    /// A position-list reply as Bybit sends it, with the given stop fields.
    static func bybitReply(takeProfit: String, stopLoss: String, trailingStop: String) -> String {
        let row =
            #"{"symbol":"BTCUSDT","side":"Buy","size":"1","positionIdx":0,"avgPrice":"60000","#
            + #""liqPrice":"54300.00","markPrice":"60000.00","positionIM":"6000","#
            + #""takeProfit":"\#(takeProfit)","stopLoss":"\#(stopLoss)","trailingStop":"\#(trailingStop)"}"#
        return HostCallLimitsTests.page(1, positions: [row], last: true)
    }

    /// What the script printed against a server answering `reply` to every request.
    static func runAgainstBybitShape(_ reply: String) async throws -> (status: Int32, stdout: String, stderr: String) {
        let server = try HostCallLimitServer { _, _, c in c.reply(reply) }
        let r = try await HostCallLimitsTests.run(server, [], Self.script)
        let printed = r.stdout.hasPrefix("go\n") ? String(r.stdout.dropFirst(3)) : r.stdout
        return (r.status, printed, r.stderr)
    }

    @Test func noStopReadsTheSameOnPaperAndFromBybit() async throws {
        let paper = try await BinaryRunner.run(["-e", "local bybit = require 'bybit' " + Self.script])
        #expect(paper.status == 0, "\(paper.stderr)")
        let bybit = try await Self.runAgainstBybitShape(
            Self.bybitReply(takeProfit: "0.00", stopLoss: "0.00", trailingStop: "0"))
        #expect(bybit.status == 0, "\(bybit.stderr)")
        #expect(paper.stdout == "0.00\t0.00\t0\tfalse\tfalse\tfalse\ttrue\n")
        #expect(bybit.stdout == paper.stdout)
    }

    /// The test for "a stop is set" is true for a real stop, on the same reply shape.
    @Test func aStopThatIsSetReadsAsSet() async throws {
        let r = try await Self.runAgainstBybitShape(
            Self.bybitReply(takeProfit: "0.00", stopLoss: "54000.00", trailingStop: "0"))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "0.00\t54000.00\t0\tfalse\ttrue\tfalse\tfalse\n")
    }
}
