import BybitWire
import Foundation
import Testing

@testable import BybitReplay

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The HTML report: deterministic, self-contained, well-formed, every text escaped, and the
/// chart's parts (lines, markers with their amounts, the liquidation) where they belong.
@Suite struct ReplayTraceHTMLTests {
    static func elements(_ doc: XMLDocument, _ name: String, css: String? = nil) throws -> [XMLElement] {
        let filter = css.map { "[@class='\($0)']" } ?? ""
        return try doc.nodes(forXPath: "//*[local-name()='\(name)']\(filter)").compactMap { $0 as? XMLElement }
    }

    /// Two runs that recorded the same things give the same bytes; only the seed line differs
    /// for another seed.
    @Test func theSameRunGivesTheSameBytes() {
        let first = CrashFixture().trace.html(title: "crash")
        let second = CrashFixture().trace.html(title: "crash")
        #expect(first == second)
        let otherSeed = CrashFixture(seed: 8).trace.html(title: "crash")
        #expect(otherSeed != first)
        #expect(otherSeed.replacingOccurrences(of: "seed 8.", with: "seed 7.") == first)
    }

    /// The page parses as XML, has one chart per position, each chart parses on its own, and
    /// the chart's parts are there: both lines, 5 add markers whose tooltips give the amount
    /// and time, 2 reduce markers, the closest approach and the liquidation.
    @Test func thePageAndEachChartParseAndShowTheRun() throws {
        let html = CrashFixture().trace.html(title: "crash")
        let doc = try XMLDocument(data: Data(html.utf8))
        let svgs = try Self.elements(doc, "svg")
        #expect(svgs.count == 2)
        for svg in svgs { _ = try XMLDocument(xmlString: svg.xmlString) }
        #expect(try Self.elements(doc, "polyline", css: "mark").count == 2)
        #expect(try Self.elements(doc, "polyline", css: "liq").count >= 2)
        let adds = try doc.nodes(forXPath: "//*[local-name()='g'][@class='add']/*[local-name()='title']")
            .compactMap(\.stringValue)
        #expect(adds.count == 5)
        #expect(adds.allSatisfy { $0.hasPrefix("margin added: 1000 USDT at 2024-08-05T0") }, "\(adds)")
        let reductions = try doc.nodes(forXPath: "//*[local-name()='g'][@class='reduce']/*[local-name()='title']")
            .compactMap(\.stringValue)
        #expect(
            reductions.count == 2 && reductions.allSatisfy { $0.hasPrefix("reduced: 0.25 qty at ") }, "\(reductions)")
        let liquidation = try doc.nodes(forXPath: "//*[local-name()='g'][@class='liquidation']/*[local-name()='title']")
            .compactMap(\.stringValue)
        #expect(
            liquidation == [
                "liquidated at 2024-08-05T01:56:40Z, mark \(CrashFixture.btcMark(CrashFixture.spikeSecond))"
            ],
            "\(liquidation)")
        #expect(try Self.elements(doc, "g", css: "closest").count == 2)
        let headers = try doc.nodes(forXPath: "//th").compactMap(\.stringValue)
        #expect(headers == ReplaySummary.header)
        #expect(try doc.nodes(forXPath: "//tbody/tr").count == 2)
    }

    /// Nothing is fetched: no script, no link, no image source, no CSS import or url();
    /// the only URL is the SVG namespace.
    @Test func thePageIsSelfContained() {
        let html = CrashFixture().trace.html(title: "crash").lowercased()
        for forbidden in ["<script", "<link", "<img", "src=", "href=", "url(", "@import", "<iframe", "<object"] {
            #expect(!html.contains(forbidden), "\(forbidden)")
        }
        let urls = html.components(separatedBy: "http").count - 1
        #expect(urls == 2, "only the two charts' xmlns may name a URL")
        #expect(html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1 == 2)
    }

    /// A hostile script path, title and symbol come out as text, never as markup.
    @Test func everyTextIsEscaped() throws {
        let script = "strategies/<b>&\"x'.lua"
        let symbol = "<img src=x>&USDT"
        let html = CrashFixture(script: script, btcSymbol: symbol).trace.html(title: "</title><script>x</script>")
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>"))
        let doc = try XMLDocument(data: Data(html.utf8))
        let code = try doc.nodes(forXPath: "//code").compactMap(\.stringValue)
        #expect(code == [script])
        let headings = try doc.nodes(forXPath: "//h2").compactMap(\.stringValue)
        #expect(headings.contains("\(symbol) long"), "\(headings)")
        #expect(try doc.nodes(forXPath: "//title").first?.stringValue == "</title><script>x</script>")
    }

    /// Three adds a second apart in a two-hour chart are one triangle whose tooltip gives the
    /// count and the exact sum, not three triangles stacked with two tooltips hidden.
    @Test func addsTooCloseToTellApartAreOneMarker() throws {
        let trace = ReplayTrace(script: "s.lua", seed: 1)
        let t0 = CrashFixture.startMs
        for second in [0, 7_199] {
            trace.mark(PriceTick(timeMs: t0 + Int64(second) * 1000, symbol: "BTCUSDT", mark: 60_000))
        }
        trace.position(
            timeMs: t0, symbol: "BTCUSDT", side: "Buy", size: 1, liqPrice: 54_300, positionIM: 6000, mark: 60_000)
        for (second, amount) in [(3600, "100.5"), (3601, "200"), (3602, "0.25"), (5000, "7"), (6000, "1"), (6000, "2")]
        {
            trace.marginAdded(
                timeMs: t0 + Int64(second) * 1000, symbol: "BTCUSDT", side: "Buy",
                amount: try ExactDecimal(parsing: amount),
                coin: "USDT")
        }
        let doc = try XMLDocument(data: Data(trace.html(title: "t").utf8))
        let adds = try doc.nodes(forXPath: "//*[local-name()='g'][@class='add']/*[local-name()='title']")
            .compactMap(\.stringValue)
        #expect(
            adds == [
                "margin added 3 times: 300.75 USDT from 2024-08-05T01:00:00Z to 2024-08-05T01:00:02Z",
                "margin added: 7 USDT at 2024-08-05T01:23:20Z",
                "margin added 2 times: 3 USDT at 2024-08-05T01:40:00Z",
            ], "\(adds)")
    }

    /// Axis ticks fall on round values: times on whole minutes or hours in UTC, prices on a
    /// multiple of 1, 2, 2.5 or 5 times a power of ten, with the date under the first tick.
    @Test func axisTicksAreRound() {
        let times = ChartAxes.timeTicks(startMs: CrashFixture.startMs + 17_000, endMs: CrashFixture.startMs + 7_199_000)
        #expect(times.map { $0.lines[0] } == ["00:15", "00:30", "00:45", "01:00", "01:15", "01:30", "01:45"])
        #expect(times.first?.lines == ["00:15", "2024-08-05"])
        let prices = ChartAxes.priceTicks(low: 47_310.4, high: 60_512.9)
        #expect(prices.map { $0.lines[0] } == ["47500", "50000", "52500", "55000", "57500", "60000"])
        let small = ChartAxes.priceTicks(low: 0.1234, high: 0.1301)
        #expect(small.map { $0.lines[0] } == ["0.124", "0.126", "0.128", "0.130"])
    }
}
