import Foundation
import Testing

@testable import BybitReplay

/// A price file is streamed through a fixed buffer: reading a ~50 MB file does not grow
/// the process by anything like the file's size (a 1 GB file replays the same way).
@Suite struct PriceSourceStreamingTests {
    /// Resident memory of this process, from /proc (Linux).
    static func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kb = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kb * 1024
    }

    /// The work runs on a thread of its own: done on the test's task it held one of the
    /// concurrency pool's two threads (on this 2-core machine) for over two minutes in CI,
    /// and the stream suites' tasks, starved beside it, missed their pongs.
    @Test func aFiftyMegabyteFileIsReadInBoundedMemory() async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            Thread.detachNewThread {
                do {
                    try Self.readFiftyMegabytes()
                    done.resume()
                } catch {
                    done.resume(throwing: error)
                }
            }
        }
    }

    static func readFiftyMegabytes() throws {
        let files = try PriceFiles()
        defer { files.remove() }
        let url = files.directory.appendingPathComponent("BTCUSDT.csv")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        // Kline rows with volume and turnover (~95 bytes), written 10,000 rows at a time.
        let rows = 600_000
        var chunk = "startTime,open,high,low,close,volume,turnover\n"
        for i in 0..<rows {
            let t = 1_722_816_000_000 + Int64(i) * 60_000
            chunk += "\(t),60000.10,60100.20,59900.30,\(60000 + i % 7).40,123456.789000,7407407407.340000000\n"
            if i % 10_000 == 9_999 {
                handle.write(Data(chunk.utf8))
                chunk = ""
            }
        }
        handle.write(Data(chunk.utf8))
        try handle.close()
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int
        #expect(size > 50_000_000)

        let before = Self.residentBytes()
        var peak = before
        let source = try PriceSource(files: [url.path], candlePath: .standard, from: nil, to: nil)
        var count = 0
        while try source.next() != nil {
            count += 1
            if count % 100_000 == 0 { peak = max(peak, Self.residentBytes()) }
        }
        #expect(count == rows * 4)
        // The decoded ticks, if kept, would be 2.4 million (hundreds of MB); the reader holds
        // one 64 KiB buffer and a few candles. RSS is the whole test process's, and the other
        // suites running beside this one moved it by up to 46 MB in a fresh-clone CI run, so
        // the bound is 120 MB: it catches keeping the rows, not a whole-file read of the bytes
        // (that one the fixed buffer's size, checked below, rules out).
        #expect(peak - before < 120_000_000, "grew by \(peak - before) bytes reading \(size) bytes")
        #expect(LineReader.bufferBytes == 64 * 1024)
    }
}
