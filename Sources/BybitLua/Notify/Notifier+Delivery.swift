import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A target's thread: take the next alert when the rate limit allows, post it with
/// bounded retries, count the result.
extension Notifier {
    /// What one post came to.
    enum Attempt {
        case delivered
        /// Worth another try (network, timeout, 429, 5xx); the words for the log.
        case retry(String)
        /// A retry would not help (another 4xx).
        case refused(String)
        /// The notifier is shutting down.
        case stopped
    }

    func deliverLoop(_ index: Int) {
        while let message = next(index) {
            let delivered = post(message, index)
            condition.lock()
            queues[index].busy = false
            if delivered { queues[index].delivered += 1 } else { queues[index].failed += 1 }
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The next alert for target `index`, once the rate limit has a token; nil once stopped.
    private func next(_ index: Int) -> AlertMessage? {
        condition.lock()
        defer { condition.unlock() }
        while !stopped {
            if queues[index].droppedUnlogged > 0 {
                let n = queues[index].droppedUnlogged
                queues[index].droppedUnlogged = 0
                log(
                    "bybit-lua: notify: \(targets[index].label) is behind; \(Self.count(n, "alert")) dropped (queue full)"
                )
            }
            if queues[index].waiting.isEmpty {
                condition.wait()
                continue
            }
            queues[index].refill(now: Self.seconds(), policy: policy)
            if queues[index].tokens >= 1 {
                queues[index].tokens -= 1
                queues[index].busy = true
                return queues[index].waiting.removeFirst()
            }
            let wait = (1 - queues[index].tokens) / policy.perSecond
            _ = condition.wait(until: Date(timeIntervalSinceNow: wait))
        }
        return nil
    }

    /// Posts `message` to target `index`, retrying as the policy says; true once delivered.
    private func post(_ message: AlertMessage, _ index: Int) -> Bool {
        let target = targets[index]
        let body = NotifyBody.bytes(message, for: target, context: context)
        var attempts = 0
        while true {
            attempts += 1
            switch attempt(target, body) {
            case .delivered:
                if verbose { log("bybit-lua: notify: \(target.label) delivered an alert (\(message.level.rawValue))") }
                return true
            case .stopped:
                return false
            case .refused(let why):
                log("bybit-lua: notify: \(target.label) \(why); alert not delivered (not retried)")
                return false
            case .retry(let why):
                guard attempts <= policy.retryDelays.count else {
                    log("bybit-lua: notify: \(target.label) \(why); alert not delivered after \(attempts) attempts")
                    return false
                }
                let delay = policy.retryDelays[attempts - 1]
                log("bybit-lua: notify: \(target.label) \(why); retrying in \(Self.seconds(delay))")
                guard pause(delay) else { return false }
            }
        }
    }

    /// One POST. The outcome's words never include the URL (a failure's own description
    /// could: NIO names the host it could not reach).
    private func attempt(_ target: NotifyTarget, _ body: [UInt8]) -> Attempt {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "User-Agent", value: "bybit-lua")
        guard
            let request = try? HTTPClient.Request(url: target.url, method: .POST, headers: headers, body: .bytes(body))
        else { return .refused("has a URL the HTTP client cannot use") }
        let deadline = NIODeadline.now() + .milliseconds(Int64(policy.attemptTimeout * 1000))
        do {
            let response = try client.execute(request: request, deadline: deadline).wait()
            let code = Int(response.status.code)
            if (200..<300).contains(code) { return .delivered }
            if code == 429 || code >= 500 { return .retry("answered \(code)") }
            return .refused("answered \(code)")
        } catch {
            condition.lock()
            let stopping = stopped
            condition.unlock()
            if stopping { return .stopped }
            if let e = error as? HTTPClientError {
                if e == .deadlineExceeded || e == .readTimeout || e == .connectTimeout {
                    return .retry("did not answer within \(Self.seconds(policy.attemptTimeout))")
                }
                if e == .remoteConnectionClosed { return .retry("closed the connection without an answer") }
            }
            return .retry("could not be reached (\(String(describing: type(of: error))))")
        }
    }

    /// Waits `seconds` unless the notifier stops first; false when it stopped.
    private func pause(_ seconds: Double) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let until = Date(timeIntervalSinceNow: seconds)
        while !stopped && Date() < until { _ = condition.wait(until: until) }
        return !stopped
    }

    /// `1 s`, `0.5 s`.
    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : "\(s) s"
    }
}
