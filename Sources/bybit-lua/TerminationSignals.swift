import CLuaShim
import Foundation

/// SIGINT, SIGTERM and SIGHUP (its terminal closed), caught from the moment this exists
/// until the process ends: the first one is remembered, so `wait()` returns at once if it
/// arrived before anyone waited. Used by `bybit-lua paper`, which must stop on a SIGTERM
/// sent the instant it reports that it is ready.
final class TerminationSignals: @unchecked Sendable {  // state guarded by `lock`
    private let lock = NSLock()
    private var received: String?
    private var waiter: CheckedContinuation<String, Never>?
    private var sources: [any DispatchSourceSignal] = []

    init() {
        let queue = DispatchQueue(label: "bybit-lua.signals")
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")] {
            // The default action must not run: the dispatch source handles the signal. An
            // ignored SIGHUP is `nohup`: the server outlives its terminal, as asked.
            if number == SIGHUP, bl_signal_is_ignored(SIGHUP) != 0 { continue }
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { self.deliver(name) }  // strong: the sources and this object live as long as the process
            source.resume()
            sources.append(source)
        }
    }

    /// Suspends until one of them has arrived; returns its name.
    func wait() async -> String {
        await withCheckedContinuation { continuation in
            lock.lock()
            if let received {
                lock.unlock()
                continuation.resume(returning: received)
            } else {
                waiter = continuation
                lock.unlock()
            }
        }
    }

    private func deliver(_ name: String) {
        lock.lock()
        guard received == nil else { lock.unlock(); return }
        received = name
        let waiting = waiter
        waiter = nil
        lock.unlock()
        waiting?.resume(returning: name)
    }
}
