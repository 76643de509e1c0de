import NIOConcurrencyHelpers

/// One applied mutation as the streams see it: the book before and after, and the ledger
/// entries it recorded (empty for a mark move that triggered nothing).
///
/// Both books are copy-on-write values, so handing them over costs two retains; the
/// connections render what they push from them on their own tasks, never under the lock.
struct BookChange: Sendable {
    /// The book before the mutation.
    let before: Book
    /// The book after it.
    let after: Book
    /// This mutation's ledger entries, in order.
    let entries: [LedgerEntry]
    /// The ledger's total after the mutation: 1, 2, 3, … over the exchange's life, so
    /// every change a stream learns of carries a strictly increasing number.
    let seq: Int
    /// Symbols whose mark moved.
    let movedMarks: Set<String>
}

/// What a connection is told, in the order the book changed.
enum StreamSignal: Sendable {
    /// An applied mutation.
    case changed(BookChange)
    /// A throttled ticker delta for this symbol is due now.
    case tickerDue(String)
    /// Send the snapshot of a ticker just subscribed.
    case snapshot(String)
    /// Send this answer to a request, `holdMs` after it was made; a pong is swallowed
    /// while the stream is silent.
    case reply(JSONNode, isPong: Bool, holdMs: Int)
}

/// The open stream connections of one exchange, and the hook the engine calls.
///
/// ``ExchangeCore/mutate(_:)`` calls ``publish(before:after:fresh:)`` once per applied
/// mutation while it still holds the book's lock: that keeps the signals in the order the
/// ledger numbers them. Publishing only enqueues (one `yield` per connection), so the lock
/// is held no longer than before; with no connection open it does nothing at all.
final class StreamRegistry: Sendable {
    private struct State {
        var nextID = 1
        var connections: [Int: Connection] = [:]
        var crossSequence: Int64 = 1_000_000
    }

    private struct Connection {
        let signals: AsyncStream<StreamSignal>.Continuation
        let overflow: @Sendable () -> Void
    }

    private let state = NIOLockedValueBox(State())

    /// How many signals a connection may have waiting. A client that stops reading would
    /// otherwise make the exchange hold every change for it; past this its connection is
    /// closed, as Bybit drops a consumer that falls behind, and the client re-reads.
    static let maxBacklog = 10_000

    /// Adds a connection; its signals arrive on the returned stream. `overflow` is called
    /// (under the book's lock: it must only start closing the socket) when a signal does not
    /// fit in its backlog.
    func open(overflow: @escaping @Sendable () -> Void)
        -> (id: Int, signals: AsyncStream<StreamSignal>, continuation: AsyncStream<StreamSignal>.Continuation)
    {
        let (stream, continuation) = AsyncStream<StreamSignal>.makeStream(
            bufferingPolicy: .bufferingOldest(Self.maxBacklog))
        let id = state.withLockedValue { s in
            defer { s.nextID += 1 }
            s.connections[s.nextID] = Connection(signals: continuation, overflow: overflow)
            return s.nextID
        }
        return (id, stream, continuation)
    }

    /// Removes a connection and ends its signal stream.
    func close(_ id: Int) {
        let connection = state.withLockedValue { $0.connections.removeValue(forKey: id) }
        connection?.signals.finish()
    }

    /// The next `cs` of a ticker push: increasing over every push of the exchange.
    func nextCrossSequence() -> Int64 {
        state.withLockedValue { s in
            s.crossSequence += 1
            return s.crossSequence
        }
    }

    /// How many connections are open.
    var count: Int { state.withLockedValue { $0.connections.count } }

    /// In-process observers (a replay's feed, ``PaperExchange/observeChanges(_:)``): told of
    /// every applied mutation that recorded ledger entries, under the lock, before the
    /// connections (a mark move that triggered nothing is not one: a replay makes one per row).
    let observers = NIOLockedValueBox<[@Sendable (BookChange) -> Void]>([])

    /// The engine's hook: called under the book's lock after a mutation was applied.
    func publish(before: Book, after: Book, fresh: [LedgerEntry]) {
        let watching = observers.withLockedValue { $0 }
        if !watching.isEmpty, !fresh.isEmpty {
            var (old, new) = (before, after)
            old.ledger = Ledger()
            new.ledger = Ledger()
            let change = BookChange(before: old, after: new, entries: fresh, seq: after.ledger.total, movedMarks: [])
            for observe in watching { observe(change) }
        }
        let targets = state.withLockedValue { Array($0.connections.values) }
        guard !targets.isEmpty else { return }
        var moved = Set<String>()
        if before.marks != after.marks {
            for (symbol, mark) in after.marks where before.marks[symbol] != mark { moved.insert(symbol) }
        }
        guard !fresh.isEmpty || !moved.isEmpty else { return }
        // The copies handed over drop the ledger: a connection still holding one must not
        // make the next mutation copy the retained history (see `Ledger.restore`).
        var (old, new) = (before, after)
        old.ledger = Ledger()
        new.ledger = Ledger()
        let change = BookChange(before: old, after: new, entries: fresh, seq: after.ledger.total, movedMarks: moved)
        for target in targets {
            if case .dropped = target.signals.yield(.changed(change)) { target.overflow() }
        }
    }
}
