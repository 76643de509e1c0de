import BybitAPI
import NIOConcurrencyHelpers

/// The shared heart of one paper exchange: the book behind its lock, the clock, the fault
/// plan, the rate limiter and the optional durable store. Routes, the control API and
/// the price drivers all go through it.
final class ExchangeCore: Sendable {
    private let book: NIOLockedValueBox<Book>
    let clock: any PaperClock
    let faults: FaultInjection
    let limiter: RateLimiter
    let store: (any StateStore)?
    /// The open stream connections; told of every applied mutation.
    let streams = StreamRegistry()
    /// The reaction-time benchmark's stopwatch; idle unless `--bench-controls` arms it.
    let reactionProbe = ReactionProbe()

    init(book: Book, clock: any PaperClock, enforceRateLimits: Bool, store: (any StateStore)?) {
        self.book = NIOLockedValueBox(book)
        self.clock = clock
        self.faults = FaultInjection()
        self.limiter = RateLimiter(enforced: enforceRateLimits)
        self.store = store
    }

    /// The exchange's clock: the injected clock plus any fault-injected skew.
    func serverNowMs() -> Int64 { clock.nowMs() + faults.clockSkewMs }

    /// The credential of `apiKey`; the signature is then checked outside the lock.
    func credential(for apiKey: String) -> APICredential? {
        book.withLockedValue { $0.accounts[apiKey]?.credential }
    }

    /// Reads the book under the lock.
    func read<T>(_ body: (Book) throws(PaperAPIError) -> T) throws(PaperAPIError) -> T {
        let result: Result<T, PaperAPIError> = book.withLockedValue { book in
            do throws(PaperAPIError) { return .success(try body(book)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Applies a mutation atomically: `body` works on a copy, and the copy replaces the book
    /// only if `body` succeeds and — with `--state` — the changed accounts and the new
    /// ledger entries are durably stored. Everything happens under the lock, so concurrent
    /// requests on one account are serialised and none is lost, and a request is
    /// acknowledged only after its effect is on disk.
    func mutate<T>(_ body: (inout Book) throws(PaperAPIError) -> T) throws(PaperAPIError) -> T {
        let result: Result<T, PaperAPIError> = book.withLockedValue { book in
            // The ledger's history stays out of the copy, so the copy's appends are cheap;
            // within `body` the ledger holds only this mutation's entries.
            var history = book.ledger.takeEntries()
            var copy = book
            let ledgerBefore = copy.ledger.total
            do throws(PaperAPIError) {
                let value = try body(&copy)
                if let store, copy.ledger.total != ledgerBefore || copy.marks != book.marks {
                    try store.save(changesFrom: book, to: copy)
                }
                let fresh = copy.ledger.entries  // this mutation's only: the history is out
                copy.ledger.restore(history: &history)
                let before = book
                book = copy
                streams.publish(before: before, after: copy, fresh: fresh)  // under the lock: in ledger order
                return .success(value)
            } catch {
                book.ledger.restore(history: &history)
                return .failure(error)
            }
        }
        return try result.get()
    }
}
