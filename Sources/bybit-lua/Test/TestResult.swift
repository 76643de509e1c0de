/// The outcome of one test in a spec file.
struct TestResult {
    enum Status: String {
        case success, failure, error, pending
    }

    let file: String
    let name: String
    let line: Int
    let status: Status
    let message: String
    let seconds: Double
}

/// Counts over a run.
struct TestSummary {
    var passed = 0, failed = 0, errors = 0, pending = 0

    mutating func add(_ r: TestResult) {
        switch r.status {
        case .success: passed += 1
        case .failure: failed += 1
        case .error: errors += 1
        case .pending: pending += 1
        }
    }

    /// busted's exit status: failures + errors (capped so 256 failures never read as 0).
    var exitStatus: Int32 { Int32(min(failed + errors, 255)) }
}
