import Logging
import NIOConcurrencyHelpers

/// A swift-log handler that keeps every line (message and metadata) in memory, so a test
/// can assert that no secret or signature was ever logged.
struct LogCapture: LogHandler {
    final class Lines: Sendable {
        private let box = NIOLockedValueBox<[String]>([])
        func append(_ line: String) { box.withLockedValue { $0.append(line) } }
        var all: [String] { box.withLockedValue { $0 } }
    }

    let lines: Lines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        lines.append("\(event.level) \(event.message) \(merged)")
    }

    /// A trace-level logger writing into `lines`.
    static func logger(_ lines: Lines) -> Logger {
        Logger(label: "test") { _ in LogCapture(lines: lines) }
    }
}
