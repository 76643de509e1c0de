import BrowserSupport
import Foundation
import Testing

/// The report the built binary writes, as a person sees it: `bybit-lua replay
/// scripts/liquidation_guard.lua … --report FILE.html` over a short synthetic crash, then the
/// page rendered by headless Chromium (see `HeadlessChromium`): not blank, the mark line
/// (blue), the liquidation line (red) and the margin-added markers (green) drawn; every inline
/// SVG parses as XML; nothing is fetched from the network. `ReplayReportChromiumTests`
/// (BybitReplayTests) renders a report built in-process; this one covers the whole path from
/// the command line to the file. Skipped, saying why, without chromium or python3.
@Suite(.processBudget) struct ReplayReportBinaryChromiumTests {
    private static var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// BTCUSDT marks, one a second from 2024-08-05T00:00:00Z: a minute flat near 60,000, a
    /// three-minute cosine fall to 51,000 (past the paper long's liquidation price, ≈ 54,300,
    /// so the guard must add margin to survive), a minute at the bottom, then a partial
    /// recovery to 55,000. Whole dollars with a small fixed wiggle: the same file every run.
    static func crash() -> String {
        var text = "timestamp,symbol,markPrice\n"
        for second in 0..<420 {
            let fall = min(1.0, max(0.0, Double(second - 60) / 180))
            let recovery = min(1.0, max(0.0, Double(second - 300) / 120))
            var mark = 60_000 - 9_000 * (1 - cos(Double.pi * fall)) / 2 + 4_000 * (1 - cos(Double.pi * recovery)) / 2
            mark += Double(second * 7919 % 61 - 30)
            text += "\(1_722_816_000_000 + Int64(second) * 1000),BTCUSDT,\(Int(mark.rounded()))\n"
        }
        return text
    }

    @Test(.needsChromium, .needsPython)
    func theBinarysReportRendersWithItsChartsInChromium() async throws {
        let dir = try ScratchDirectory()
        let prices = try dir.write("crash.csv", Self.crash())
        let report = dir.path + "/report.html"
        let run = try await BinaryRunner.run(
            ["replay", "scripts/liquidation_guard.lua", "3", "8", "0", "10", "--prices", prices, "--report", report],
            cwd: Self.root, limit: 300)
        #expect(run.status == 0, "\(run.stderr.suffix(2000))")
        // The guard had to act: the chart's green markers are the binary's, not a fixture's.
        let adds = run.stderr.components(separatedBy: "\n").filter { $0.contains("msg=\"added margin\"") }
        #expect(adds.count == 2, "\(run.stderr.suffix(2000))")
        let page = URL(fileURLWithPath: report)
        let scratch = URL(fileURLWithPath: dir.path)
        let html = try String(contentsOf: page, encoding: .utf8)

        let svgs = try await ReportPageChecks.svgs(of: page, scratch: scratch)
        #expect(svgs.count >= 1, "no chart in the report")
        #expect(svgs.errors.isEmpty, "\(svgs.errors)")
        let fetched = ReportPageChecks.networkReferences(in: html)
        #expect(fetched.isEmpty, "the page fetches from the network: \(fetched)")

        let rendering = try await HeadlessChromium.render(page, scratch: scratch)
        #expect(rendering.browser.status == 0, "\(rendering.browser.output)")
        let screenshot = try #require(rendering.screenshot, "no screenshot: \(rendering.browser.output)")
        // The guard acts twice (its 5,000 USDT cap is reached at the second time), so two
        // markers: the legend's 60 green pixels and ≈ 67 a marker give ≈ 195; one marker ≈ 127.
        let defects = screenshot.chartDefects(minimumGreen: 160)
        #expect(defects.isEmpty, "\(defects): \(screenshot)")
    }
}
