/// How `bybit.log` lines are written: their format (`--log-format`) and the lowest level
/// that is written at all (`--log-level`).
public struct LogSettings: Sendable, Equatable {
    /// `logfmt` (the default: `time=… level=info msg="…" key=value`) or `json` (one object a line).
    public enum Format: String, Sendable, CaseIterable {
        case logfmt, json
    }

    public var format: Format
    /// Lines below this level are dropped before anything is formatted.
    public var level: LogLevel

    public init(format: Format = .logfmt, level: LogLevel = .info) {
        self.format = format
        self.level = level
    }
}

/// A log line's level, in increasing severity; `bybit.log.<name>` for each.
public enum LogLevel: Int, Sendable, Comparable, CaseIterable {
    case debug, info, warn, error

    /// The name scripts, the command line and the lines use (`warn`, not `warning`).
    public var name: String {
        switch self {
        case .debug: "debug"
        case .info: "info"
        case .warn: "warn"
        case .error: "error"
        }
    }

    /// The level called `name`, nil for any other word.
    public init?(name: String) {
        guard let l = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = l
    }

    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rawValue < b.rawValue }
}
