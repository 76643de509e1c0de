import Foundation
import LuaKit

/// SIGINT and the other stop signals a run also handles (SIGTERM, SIGHUP when its terminal
/// closes, SIGUSR1, SIGALRM, …: `StopSignals.all`), caught from the moment this exists
/// until the process ends: the first one is remembered, so `wait()` returns at once if it
/// arrived before anyone waited. Used by `bybit-lua paper`, which must stop (and save its
/// state) on a SIGTERM sent the instant it reports that it is ready, and on any of them.
///
/// Not swift-service-lifecycle's `UnixSignals`: its `UnixSignal` names only 13 fixed
/// signals (no public initializer from a number), so it cannot trap SIGXCPU, SIGXFSZ,
/// SIGVTALRM, SIGPROF, SIGPWR, SIGPOLL, SIGSTKFLT or the real-time signals, all of which
/// are in `StopSignals.all` (PaperStopSignalTests). Nor, on Linux, does it set SIG_IGN
/// or skip a signal ignored at start (`nohup`), as this does.
final class TerminationSignals: @unchecked Sendable {  // state guarded by `lock`
    private let lock = NSLock()
    private var received: String?
    private var waiter: CheckedContinuation<String, Never>?
    private var sources: [any DispatchSourceSignal] = []

    init() {
        let queue = DispatchQueue(label: "bybit-lua.signals")
        for (number, name) in StopSignals.all {
            // The default action must not run: the dispatch source handles the signal. Other
            // than SIGINT and SIGTERM, an ignored one stays ignored: an ignored SIGHUP is
            // `nohup`, the server outlives its terminal, as asked.
            if number != SIGINT, number != SIGTERM, StopSignals.isIgnored(number) { continue }
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
        guard received == nil else {
            lock.unlock()
            return
        }
        received = name
        let waiting = waiter
        waiter = nil
        lock.unlock()
        waiting?.resume(returning: name)
    }
}

extension TerminationSignals {
    /// From here on a write to a closed pipe or socket returns EPIPE instead of ending the
    /// process: the runner calls it before its first write (the banner), so `--verbose` into
    /// a reader that went away cannot kill a run between a reply and its audit line.
    static func ignoreBrokenPipes() { StopSignals.ignoreBrokenPipes() }
}
