/// The driver's next price rows, read from the ``PriceSource`` a batch at a time.
///
/// Parsing rows back to back keeps the reader's code and data in the caches: in a replay a
/// row read between two ticks (after the exchange, the feed and the script ran) cost some
/// three times as much as one read in a batch. The batch is small (``rows``), so memory
/// still does not grow with the file. A row that cannot be read is reported only after
/// every row before it was taken, as when reading one at a time.
struct ReadAhead {
    /// Rows read per batch.
    static let rows = 512

    private var batch: [PriceTick] = []
    private var index = 0
    private var done = false
    /// Why the source stopped early (a bad row, a read error); set once the rows before it are taken.
    private(set) var failure: String?
    private var pendingFailure: String?

    /// The next row, nil once the source is over (or failed: see ``failure``).
    mutating func next(from source: PriceSource) -> PriceTick? {
        if index == batch.count { refill(from: source) }
        guard index < batch.count else {
            failure = pendingFailure
            return nil
        }
        defer { index += 1 }
        return batch[index]
    }

    private mutating func refill(from source: PriceSource) {
        batch.removeAll(keepingCapacity: true)
        index = 0
        guard !done else { return }
        batch.reserveCapacity(Self.rows)
        do {
            while batch.count < Self.rows {
                guard let tick = try source.next() else {
                    done = true
                    return
                }
                batch.append(tick)
            }
        } catch {
            pendingFailure = error.description
            done = true
        }
    }
}
