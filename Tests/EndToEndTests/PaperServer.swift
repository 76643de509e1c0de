import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `bybit-lua paper` run as a subprocess on a free port, for tests that point the
/// runner at it with `--base-url` and drive its `/paper/` controls over HTTP.
final class PaperServer: @unchecked Sendable {  // lets only
    let process: Process
    let url: String
    let apiKey: String
    let apiSecret: String
    /// What the server printed until it was ready (its start-up lines).
    let startupText: String

    /// - Parameters:
    ///   - port: 0 for a free one.
    ///   - arguments: more `bybit-lua paper` options (`--no-rate-limits`, `--state FILE`).
    init(
        apiKey: String = "E2EKEY", apiSecret: String = "e2e-secret-\(UUID().uuidString)", port: Int = 0,
        arguments: [String] = []
    ) async throws {
        self.apiKey = apiKey
        self.apiSecret = apiSecret
        process = BinaryRunner.makeProcess(
            ["paper", "--port", String(port), "--api-key", apiKey, "--api-secret", apiSecret] + arguments,
            cwd: nil, environment: [:])
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Read off the concurrency pool: dozens of tests start a server at once.
        let text = await offThePool { out.fileHandleForReading.readUntil("Stop with Ctrl-C.") ?? "" }
        guard let line = text.split(separator: "\n").first(where: { $0.contains("paper exchange at ") }),
            let at = line.range(of: "at ")
        else {
            process.terminate()
            throw CocoaError(.fileReadUnknown)
        }
        url = String(line[at.upperBound...]).trimmingCharacters(in: .whitespaces)
        startupText = text
    }

    /// Environment for a runner that signs with this server's key.
    var credentials: [String: String] { ["BYBIT_API_KEY": apiKey, "BYBIT_API_SECRET": apiSecret] }

    /// Sends a control request (`/paper/faults`, `/paper/ledger`, …) and returns the body.
    @discardableResult
    func control(_ method: String, _ path: String, json: String? = nil) throws -> String {
        var request = URLRequest(url: URL(string: url + path)!)
        request.httpMethod = method
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var body = ""
        URLSession.shared.dataTask(with: request) { data, _, _ in
            body = data.map { String(decoding: $0, as: UTF8.self) } ?? ""
            done.signal()
        }.resume()
        _ = done.wait(timeout: .now() + 10)
        return body
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }
}
