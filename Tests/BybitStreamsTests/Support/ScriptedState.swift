import BybitWire
import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// The scripted stream server's state: how it behaves, what it saw, what REST answers.
/// Every change wakes ``ScriptedState/wait(timeoutMs:until:)``, so tests wait on what the
/// server saw instead of sleeping.
final class ScriptedState: @unchecked Sendable {
    struct Behaviour {
        var refuseAuth = false
        var answerPings = true
        /// Connections of a path numbered up to this (from 1) never answer pings (dead peers).
        var silentUpTo: [String: Int] = [:]
        /// Upgrades refused (a server that is down for the streams).
        var refuseUpgrades = false
        /// Subscriptions recorded but never answered.
        var ignoreSubscribes = false
        var unknownSymbols: Set<String> = []
        /// The snapshot pushed after `tickers.X` is subscribed (default: symbol and prices).
        var snapshots: [String: String] = [:]
    }

    struct Seen {
        var connections: [String: Int] = [:]
        var authFrames: [String] = []
        var subscribes: [String: [[String]]] = [:]
        var pings: [String: Int] = [:]
        var restReads: [String: Int] = [:]
    }

    final class Connection: Sendable {
        let path: String
        let number = NIOLockedValueBox(0)
        let outbound: AsyncStream<String>.Continuation
        let channel: any Channel
        init(path: String, outbound: AsyncStream<String>.Continuation, channel: any Channel) {
            self.path = path
            self.outbound = outbound
            self.channel = channel
        }
    }

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var _behaviour = Behaviour()
    private var _seen = Seen()
    private var _positions: [JSONValue] = []
    private var _wallet: [JSONValue] = []
    private var open: [ObjectIdentifier: Connection] = [:]

    func locked<T>(_ body: (inout Behaviour, inout Seen, inout [JSONValue], inout [JSONValue]) -> T) -> T {
        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        return body(&_behaviour, &_seen, &_positions, &_wallet)
    }

    var behaviour: Behaviour { locked { b, _, _, _ in b } }
    var seen: Seen { locked { _, s, _, _ in s } }
    func update(_ change: (inout Behaviour) -> Void) { locked { b, _, _, _ in change(&b) } }
    func record(_ change: (inout Seen) -> Void) { locked { _, s, _, _ in change(&s) } }
    func setPositions(_ list: [JSONValue]) { locked { _, _, p, _ in p = list } }
    func setWallet(_ list: [JSONValue]) { locked { _, _, _, w in w = list } }
    var positions: [JSONValue] { locked { _, _, p, _ in p } }
    var wallet: [JSONValue] { locked { _, _, _, w in w } }

    func register(_ c: Connection) {
        condition.lock()
        open[ObjectIdentifier(c)] = c
        _seen.connections[c.path, default: 0] += 1
        c.number.withLockedValue { $0 = _seen.connections[c.path]! }
        condition.broadcast()
        condition.unlock()
    }

    func unregister(_ c: Connection) {
        condition.lock()
        open[ObjectIdentifier(c)] = nil
        condition.broadcast()
        condition.unlock()
    }

    func connections(_ path: String) -> [Connection] {
        condition.lock()
        defer { condition.unlock() }
        return open.values.filter { $0.path == path }
    }

    /// Blocks until `predicate` holds of what was seen (true) or `timeoutMs` passed (false).
    /// Call on a plain thread (``onThread(_:)``).
    func wait(timeoutMs: Int = 30_000, until predicate: (Seen) -> Bool) -> Bool {
        let end = Date(timeIntervalSinceNow: Double(timeoutMs) / 1000)
        condition.lock()
        defer { condition.unlock() }
        while !predicate(_seen) {
            if !condition.wait(until: end) { return predicate(_seen) }
        }
        return true
    }
}

/// Runs a blocking body on its own thread: the hub's `start` and `next` block, and must not
/// hold one of the few threads of Swift's cooperative pool the connections run on.
func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: body()) }
    }
}
