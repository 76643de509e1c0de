import BybitAPI
import Synchronization
import Testing

@testable import PaperExchange

/// The engine's hook into the streams: only real changes are signalled, and a connection
/// that stops taking them is closed rather than making the exchange hold them all.
@Suite struct StreamRegistryTests {
    static let before = Book(instruments: DefaultBook.instruments, accounts: [])

    static var moved: Book {
        var book = before
        book.marks["BTCUSDT"] = dec("59000")
        return book
    }

    @Test func onlyAppliedChangesAreSignalledWithTheMovedMarks() async {
        let registry = StreamRegistry()
        let connection = registry.open(overflow: {})
        registry.publish(before: Self.before, after: Self.before, fresh: [])  // nothing changed
        registry.publish(before: Self.before, after: Self.moved, fresh: [])
        registry.close(connection.id)
        var signals: [StreamSignal] = []
        for await signal in connection.signals { signals.append(signal) }
        #expect(signals.count == 1)
        guard case .changed(let change) = signals.first else { return }
        #expect(change.movedMarks == ["BTCUSDT"] && change.entries.isEmpty)
        #expect(change.after.ledger.entries.isEmpty, "the handed-over books carry no ledger history")
    }

    @Test func aConnectionThatFallsBehindIsClosed() {
        let registry = StreamRegistry()
        let overflowed = Mutex(0)
        let connection = registry.open(overflow: { overflowed.withLock { $0 += 1 } })
        for _ in 0..<StreamRegistry.maxBacklog {
            registry.publish(before: Self.before, after: Self.moved, fresh: [])
        }
        #expect(overflowed.withLock { $0 } == 0)
        registry.publish(before: Self.before, after: Self.moved, fresh: [])
        #expect(overflowed.withLock { $0 } == 1)
        registry.close(connection.id)
        #expect(registry.count == 0)
    }
}
