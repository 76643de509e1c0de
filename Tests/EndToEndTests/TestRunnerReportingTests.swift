import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `bybit-lua test` reports each test under its own name and line, even after a test
/// was stopped by its time limit, and shows the types of values that print alike.
@Suite(.processBudget) struct TestRunnerReportingTests {
    static let spec = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/timeout-specs/after_timeout_spec.lua").path

    /// The test after a timed-out one was reported as `not ok 2 - test 2 … @ 0`.
    @Test func namesAndLinesSurviveATimeoutInTAP() async throws {
        let r = try await BinaryRunner.run(["test", "--timeout", "0.5", "--output", "tap", Self.spec])
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(r.status == 3, "\(r.stdout)\(r.stderr)")
        #expect(lines.contains("not ok 1 - after a timeout never finishes"), "\(r.stdout)")
        #expect(lines.contains("not ok 2 - after a timeout compares a decimal with a number"), "\(r.stdout)")
        #expect(lines.contains("# Failure: \(Self.spec) @ 5"), "\(r.stdout)")
        #expect(lines.contains("not ok 3 - after a timeout compares tables holding them"), "\(r.stdout)")
        #expect(lines.contains("# Failure: \(Self.spec) @ 6"), "\(r.stdout)")
        #expect(!r.stdout.contains("- test "), "\(r.stdout)")
    }

    @Test func namesSurviveATimeoutInJUnit() async throws {
        let r = try await BinaryRunner.run(["test", "--timeout", "0.5", "--output", "junit", Self.spec])
        let doc = try XMLDocument(data: Data(r.stdout.utf8))
        let names = try doc.nodes(forXPath: "//testcase/@name").compactMap(\.stringValue)
        #expect(
            names == [
                "after a timeout never finishes", "after a timeout compares a decimal with a number",
                "after a timeout compares tables holding them",
            ], "\(r.stdout)")
    }

    /// `assert.are.equal(D"1", 1)` printed "Passed in: 1 / Expected: 1".
    @Test func aFailedComparisonShowsTheTypes() async throws {
        let r = try await BinaryRunner.run(["test", "--timeout", "0.5", Self.spec])
        #expect(
            r.stdout.contains("Expected objects to be equal.\nPassed in:\n(number) 1\nExpected:\n(decimal) D\"1\"\n"),
            "\(r.stdout)")
        #expect(
            r.stdout.contains(
                "Expected objects to be the same.\nPassed in:\n(table) { a = 1 }\nExpected:\n(table) { a = D\"1\" }\n"),
            "\(r.stdout)")
    }
}
