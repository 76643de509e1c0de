import Testing
@testable import PaperExchange

// Replaced by the paper exchange's suites (issue 4).
