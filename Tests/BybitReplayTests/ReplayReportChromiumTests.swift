import Foundation
import Testing

@testable import BybitReplay

/// The HTML report as a person sees it: rendered by headless Chromium (Debian's `chromium`,
/// installed by scripts/bootstrap) into a 1200×900 screenshot, whose pixels are decoded
/// (python3's zlib: the PNG format, no imaging library) and checked: the page is not blank,
/// and the chart's mark line (blue), liquidation line (red) and margin markers (green) were
/// drawn. Without chromium or python3 the test is skipped, saying which is missing.
/// `BYBIT_LUA_CHROMIUM` names another browser binary; `BYBIT_LUA_REPORT_PNG` keeps the
/// screenshot at that path (to look at it).
@Suite struct ReplayReportChromiumTests {
    static let chromium: String? = {
        if let named = ProcessInfo.processInfo.environment["BYBIT_LUA_CHROMIUM"] { return named }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()

    static let python: Bool = (try? runBlocking("/usr/bin/env", ["python3", "-c", "import zlib, json"]).status) == 0

    /// Runs `tool` to completion (300 s at most: a loaded machine starts a browser slowly).
    /// Waits on a thread of its own: the browser and the pixel count take tens of seconds
    /// on a loaded machine, and a test blocking one of the concurrency pool's threads (two
    /// on a 2-core machine) that long stalls every other test of the process.
    static func run(_ tool: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try runBlocking(tool, arguments) }) }.start()
        }
    }

    private static func runBlocking(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let pid = process.processIdentifier  // only the pid: a queued item must not keep the pipes open
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 300, execute: watchdog)
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Decodes an 8-bit RGB/RGBA PNG (all five scanline filters) and prints, as JSON, its size,
    /// the share of non-white pixels, the number of distinct colours, and how many pixels are
    /// close to each of the chart's colours.
    static let pngProbe = #"""
        import json, struct, sys, zlib
        data = open(sys.argv[1], "rb").read()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
        pos, idat = 8, b""
        while pos < len(data):
            length, kind = struct.unpack(">I4s", data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + length]
            if kind == b"IHDR": width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            if kind == b"IDAT": idat += body
            pos += 12 + length
        assert depth == 8 and colour in (2, 6), (depth, colour)
        bpp = 3 if colour == 2 else 4
        raw, stride = zlib.decompress(idat), width * bpp
        rows, prev, i = [], bytearray(stride), 0
        for _ in range(height):
            f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
            for x in range(stride if f else 0):
                a = line[x - bpp] if x >= bpp else 0
                b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
                if f == 1: line[x] = (line[x] + a) & 255
                elif f == 2: line[x] = (line[x] + b) & 255
                elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            rows.append(line); prev = line
        counts = {}
        for line in rows:
            for px in zip(line[0::bpp], line[1::bpp], line[2::bpp]): counts[px] = counts.get(px, 0) + 1
        targets = {"blue": (9, 105, 218), "red": (209, 36, 47), "green": (26, 127, 55)}
        near = {k: sum(n for px, n in counts.items() if sum(abs(px[j] - t[j]) for j in range(3)) <= 60)
                for k, t in targets.items()}
        nonwhite = width * height - counts.get((255, 255, 255), 0)
        print(json.dumps({"width": width, "height": height, "nonwhite": nonwhite / (width * height),
                          "colours": len(counts), "near": near}))
        """#

    @Test(
        .enabled(
            if: chromium != nil, "chromium is not installed (scripts/bootstrap installs it): the report is not rendered"
        ),
        .enabled(if: python, "python3 (with zlib) is not on PATH: the screenshot cannot be decoded"))
    func theReportRendersWithItsChartsInChromium() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("report.html")
        let screenshot = directory.appendingPathComponent("report.png")
        let probe = directory.appendingPathComponent("probe.py")
        try CrashFixture().trace.html(title: "Replay: liquidation_guard.lua on a synthetic crash")
            .write(to: page, atomically: true, encoding: .utf8)
        try Self.pngProbe.write(to: probe, atomically: true, encoding: .utf8)

        let browser = try await Self.run(
            Self.chromium!,
            [
                "--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars",
                "--user-data-dir=\(directory.appendingPathComponent("profile").path)",
                "--screenshot=\(screenshot.path)", "--window-size=1200,900", page.absoluteString,
            ])
        #expect(browser.status == 0, "\(browser.output)")
        if let keep = ProcessInfo.processInfo.environment["BYBIT_LUA_REPORT_PNG"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(at: screenshot, to: URL(fileURLWithPath: keep))
        }
        let decoded = try await Self.run("/usr/bin/env", ["python3", probe.path, screenshot.path])
        #expect(decoded.status == 0, "\(decoded.output)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(decoded.output.utf8)) as? [String: Any], "\(decoded.output)")
        let near = json["near"] as? [String: Int] ?? [:]
        #expect(json["width"] as? Int == 1200 && json["height"] as? Int == 900, "\(json)")
        #expect((json["nonwhite"] as? Double ?? 0) > 0.02, "the page looks blank: \(json)")
        #expect((json["colours"] as? Int ?? 0) > 20, "\(json)")
        #expect(near["blue", default: 0] > 400, "the mark price line is missing: \(json)")
        #expect(near["red", default: 0] > 200, "the liquidation price line is missing: \(json)")
        #expect(near["green", default: 0] > 200, "the margin-added markers are missing: \(json)")
    }
}
