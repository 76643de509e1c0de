/// Durable storage for the book (`--state FILE`).
///
/// `save` runs inside the book's lock, before the mutation becomes visible or is
/// acknowledged; when it throws, the mutation is abandoned and the client gets 10016.
protocol StateStore: Sendable {
    /// Persists what changed between `old` and `new` (accounts, marks, ledger entries).
    func save(changesFrom old: Book, to new: Book) throws(PaperAPIError)
}
