import BybitWire

@testable import BybitReplay

/// A synthetic crash recorded into a ``ReplayTrace`` the way the replay engine records a run:
/// BTCUSDT falls from 60,000 to about 50,000 in two hours of 1-second ticks with a jagged
/// path and a one-tick spike down, a long of size 1 whose liquidation price starts at 54,300,
/// a guard that adds 1,000 USDT whenever the mark is within 3 % of it (at most 5 times) and
/// then reduces a quarter of the position within 2.5 % (twice, 150 s apart), and the
/// liquidation the spike causes. ETHUSDT rises gently under a short that is never in danger.
///
/// It also computes the closest approach by brute force (every tick's distance divided out
/// to 12 decimals), an oracle independent of the trace's cross-multiplied comparison.
struct CrashFixture {
    static let startMs: Int64 = 1_722_816_000_000  // 2024-08-05T00:00:00Z
    static let seconds = 7_200
    static let spikeSecond = 7_000

    let trace: ReplayTrace
    /// (time, mark, liq) of the long's closest approach, by brute force.
    private(set) var closest: (timeMs: Int64, mark: ExactDecimal, liq: ExactDecimal)?
    private(set) var closestRatio: ExactDecimal?
    private(set) var adds = 0
    private(set) var reductions = 0
    private(set) var liquidatedAtMs: Int64?

    /// BTCUSDT's mark at `second`, in tenths, from integer arithmetic only (no Double).
    static func btcMark(_ second: Int) -> ExactDecimal {
        var tenths = 600_000 - second * 100_000 / seconds + (second * 7919 % 2001 - 1000)
        if second == spikeSecond { tenths -= 25_000 }
        return try! ExactDecimal(coefficient: Int128(tenths), scale: 1)
    }

    static func ethMark(_ second: Int) -> ExactDecimal {
        try! ExactDecimal(coefficient: Int128(250_000 + second * 2 + second * 31 % 97), scale: 2)
    }

    init(script: String = "scripts/liquidation_guard.lua", seed: UInt64 = 7, btcSymbol: String = "BTCUSDT") {
        trace = ReplayTrace(script: script, seed: seed)
        var liq = ExactDecimal(54_300)
        var size = ExactDecimal(1)
        var added = 0
        var lastReducedMs = Int64.min / 2
        for second in 0..<Self.seconds {
            let t = Self.startMs + Int64(second) * 1000
            let mark = Self.btcMark(second)
            trace.mark(PriceTick(timeMs: t, symbol: btcSymbol, mark: mark))
            let eth = Self.ethMark(second)
            trace.mark(PriceTick(timeMs: t, symbol: "ETHUSDT", mark: eth))
            trace.position(
                timeMs: t, symbol: "ETHUSDT", side: "Sell", size: 10, liqPrice: try! ExactDecimal(parsing: "3100.5"),
                positionIM: 2500, mark: eth)
            guard liquidatedAtMs == nil else { continue }
            if mark <= liq {
                trace.liquidated(timeMs: t, symbol: btcSymbol, side: "Buy", mark: mark)
                trace.position(
                    timeMs: t, symbol: btcSymbol, side: "Buy", size: 0, liqPrice: nil, positionIM: 0, mark: mark)
                liquidatedAtMs = t
                continue
            }
            trace.position(
                timeMs: t, symbol: btcSymbol, side: "Buy", size: size, liqPrice: liq,
                positionIM: try! 6000 + ExactDecimal(added * 1000), mark: mark)
            noteClosest(t, mark, liq)
            let distance = try! (mark - liq).divided(by: mark, scale: 6)
            if distance < (try! ExactDecimal(parsing: "0.03")), added < 5 {
                added += 1
                adds += 1
                trace.marginAdded(timeMs: t, symbol: btcSymbol, side: "Buy", amount: 1000, coin: "USDT")
                trace.mutation(timeMs: t, endpoint: "/v5/position/add-margin")
                liq = try! liq - 1000
            } else if added == 5, distance < (try! ExactDecimal(parsing: "0.025")), reductions < 2,
                t - lastReducedMs >= 150_000
            {
                reductions += 1
                lastReducedMs = t
                let qty = try! ExactDecimal(parsing: "0.25")
                trace.reduced(timeMs: t, symbol: btcSymbol, side: "Buy", qty: qty)
                trace.mutation(timeMs: t, endpoint: "/v5/order/create")
                size = try! size - qty
            }
        }
    }

    private mutating func noteClosest(_ t: Int64, _ mark: ExactDecimal, _ liq: ExactDecimal) {
        let ratio = try! liq.divided(by: mark, scale: 12)
        if let best = closestRatio, ratio <= best { return }
        closestRatio = ratio
        closest = (t, mark, liq)
    }
}
