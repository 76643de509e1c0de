import BybitWire
import Foundation

@testable import BybitReplay

/// Price files for the PriceSource tests, each in a fresh temporary directory.
struct PriceFiles {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("prices-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` and returns its path.
    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// Every tick of `source`, as `time symbol mark` lines (compact to compare).
func drain(_ source: PriceSource) throws -> [String] {
    var out: [String] = []
    while let t = try source.next() { out.append("\(t.timeMs) \(t.symbol) \(t.mark)") }
    return out
}

/// The message `body` fails with, or nil when it does not.
func inputError(_ body: () throws(ReplayInputError) -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return error.description
    }
}

/// The message opening and draining `files` fails with.
func sourceError(
    _ files: [String], path: CandlePath = .standard, from: Int64? = nil, to: Int64? = nil, listed: Set<String>? = nil
) -> String? {
    inputError { () throws(ReplayInputError) in
        let source = try PriceSource(files: files, candlePath: path, from: from, to: to, listed: listed)
        while try source.next() != nil {}
    }
}
