/// Placeholder until the SQLite store lands (issue 4, item 8).
final class SQLiteStateStore: StateStore {
    init(path: String) throws { throw ScenarioError("--state is not supported yet") }
    func load(into book: Book, credentials: [APICredential]) throws -> Book? { nil }
    func saveAll(_ book: Book) throws {}
    func save(changesFrom old: Book, to new: Book) throws(PaperAPIError) {}
}
