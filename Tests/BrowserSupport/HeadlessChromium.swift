import Foundation

/// Headless Chromium (Debian's `chromium`, installed by scripts/bootstrap) rendering a page
/// into a screenshot, for the tests that check a report the way a person sees it.
///
/// `BYBIT_LUA_CHROMIUM` names another browser binary; `BYBIT_LUA_REPORT_PNG` keeps the last
/// screenshot at that path (to look at it).
public enum HeadlessChromium {
    /// The browser binary: `BYBIT_LUA_CHROMIUM`, else `chromium` or `chromium-browser` on PATH;
    /// nil when there is none (the tests then skip, saying so).
    public static let binary: String? = {
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

    /// python3 with zlib is on PATH: the screenshot's pixels and the page's SVG can be read.
    public static let python: Bool =
        (try? runBlocking("/usr/bin/env", ["python3", "-c", "import zlib, json, xml.etree.ElementTree"]).status) == 0

    /// What the browser said and what its screenshot shows.
    public struct Rendering: Sendable {
        /// The browser's exit status and everything it printed.
        public let browser: (status: Int32, output: String)
        /// The decoded screenshot; nil when the browser wrote none (see `browser`).
        public let screenshot: ScreenshotProbe?
    }

    /// Renders `page` (an HTML file) at 1200×900 into `scratch`/screenshot.png and decodes it.
    /// `scratch` also holds the browser's throw-away profile.
    public static func render(_ page: URL, scratch: URL) async throws -> Rendering {
        guard let binary else { throw BrowserSupportError("chromium is not installed") }
        let png = scratch.appendingPathComponent("screenshot.png")
        let browser = try await run(
            binary,
            [
                "--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars",
                "--user-data-dir=\(scratch.appendingPathComponent("chromium-profile").path)",
                "--screenshot=\(png.path)", "--window-size=1200,900", page.absoluteString,
            ])
        guard FileManager.default.fileExists(atPath: png.path) else {
            return Rendering(browser: browser, screenshot: nil)
        }
        if let keep = ProcessInfo.processInfo.environment["BYBIT_LUA_REPORT_PNG"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(at: png, to: URL(fileURLWithPath: keep))
        }
        return Rendering(browser: browser, screenshot: try await ScreenshotProbe.decode(png, scratch: scratch))
    }

    /// Runs `tool` to completion (300 s at most: a loaded machine starts a browser slowly).
    /// Waits on a thread of its own: the browser and the pixel count take tens of seconds
    /// on a loaded machine, and a test blocking one of the concurrency pool's threads (two
    /// on a 2-core machine) that long stalls every other test of the process.
    public static func run(_ tool: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
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
}

/// A helper step that could not run at all (as opposed to a check that failed).
public struct BrowserSupportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
