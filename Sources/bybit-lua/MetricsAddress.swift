/// `--metrics HOST:PORT`, `--metrics :PORT` or `--metrics PORT`: where the Prometheus
/// endpoint listens. Without a host it is loopback (127.0.0.1); another host is used only
/// when it is spelled out. Port 0 takes a free port (the start-up line names it).
struct MetricsAddress: Equatable {
    var host: String
    var port: Int

    static let defaultHost = "127.0.0.1"

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    init(parsing text: String) throws(RunOptions.UsageError) {
        let bad = RunOptions.UsageError(
            message: "--metrics needs HOST:PORT, :PORT or PORT (like 127.0.0.1:9464 or :9464), got '\(text)'")
        var host = Self.defaultHost
        var portText = Substring(text)
        if text.hasPrefix("[") {  // [::1]:9464
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw bad
            }
            host = String(text[text.index(after: text.startIndex)..<close])
            portText = text[text.index(close, offsetBy: 2)...]
        } else if let colon = text.firstIndex(of: ":") {
            let name = text[..<colon]
            portText = text[text.index(after: colon)...]
            guard !portText.contains(":") else { throw bad }  // an IPv6 address needs brackets
            if !name.isEmpty { host = String(name) }
        }
        guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "/" }),
            portText.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(portText), port <= 65_535
        else { throw bad }
        self.init(host: host, port: port)
    }

    /// Whether the host is a loopback address (or `localhost`).
    var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// `127.0.0.1:9464`, `[::1]:9464`.
    func text(port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
