import BrowserSupport
import Foundation
import Testing

@testable import BybitReplay

/// The HTML report as a person sees it: a report built in-process from a fixture, rendered by
/// headless Chromium (Debian's `chromium`, installed by scripts/bootstrap) into a 1200×900
/// screenshot, whose pixels are decoded (python3's zlib: the PNG format, no imaging library)
/// and checked: the page is not blank, and the chart's mark line (blue), liquidation line
/// (red) and margin markers (green) were drawn. Without chromium or python3 the test is
/// skipped, saying which is missing. `ReplayReportBinaryChromiumTests` (EndToEndTests) does the
/// same for the report the built binary writes.
@Suite struct ReplayReportChromiumTests {
    @Test(.needsChromium, .needsPython)
    func theReportRendersWithItsChartsInChromium() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("report.html")
        try CrashFixture().trace.html(title: "Replay: liquidation_guard.lua on a synthetic crash")
            .write(to: page, atomically: true, encoding: .utf8)

        let rendering = try await HeadlessChromium.render(page, scratch: directory)
        #expect(rendering.browser.status == 0, "\(rendering.browser.output)")
        let screenshot = try #require(rendering.screenshot, "no screenshot: \(rendering.browser.output)")
        #expect(screenshot.chartDefects().isEmpty, "\(screenshot.chartDefects()): \(screenshot)")
    }
}
