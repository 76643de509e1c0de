import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `bybit-lua test`: counts, exit status, output formats, selection, time limits.
@Suite(.processBudget) struct TestCommandEndToEndTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/specs").path
    static let mixed = fixtures + "/mixed_spec.lua"
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    @Test func theProjectsOwnSpecsPass() async throws {
        let r = try await BinaryRunner.run(["test", "spec"], cwd: Self.root)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains(" passed, 0 failed"))
    }

    @Test func countsAndExitStatusIsFailuresPlusErrors() async throws {
        let r = try await BinaryRunner.run(["test", "--timeout", "0.5", Self.fixtures])
        // broken_spec: 1 load error; mixed_spec: 2 pass, 2 fail, 2 errors (one a timeout), 1 pending
        #expect(r.status == 5, "\(r.stdout)")
        #expect(r.stdout.contains("\n2 passed, 5 failed, 1 skipped\n"))
        #expect(r.stdout.contains("broken_spec.lua:4: syntax error near 'is'"))
        #expect(r.stdout.contains("test timed out after 0.5 s"))
        #expect(r.stdout.contains("custom words"))
        #expect(r.stdout.hasPrefix("*++--*.*\n"))
    }

    @Test func tapOutput() async throws {
        let r = try await BinaryRunner.run(["test", "--timeout", "0.5", "--output", "tap", Self.mixed])
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "1..7")
        #expect(lines.contains("ok 1 - mixed #fast passes one"))
        #expect(lines.contains("not ok 3 - mixed #fast fails an equality"))
        #expect(lines.contains("ok 6 - mixed #fast not written yet # SKIP pending"))
        #expect(lines.contains("not ok 7 - slow never finishes"))
        #expect(r.status == 4)
    }

    @Test func junitOutput() async throws {
        let r = try await BinaryRunner.run(["test", "--timeout", "0.5", "-o", "junit", Self.mixed])
        #expect(
            r.stdout.hasPrefix(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites tests=\"7\" failures=\"2\" errors=\"2\" skipped=\"1\""
            ))
        #expect(r.stdout.contains("<testcase classname=\"\(Self.mixed)\" name=\"mixed #fast passes one\""))
        #expect(r.stdout.contains("<failure message=\"Expected objects to be equal.\">"))
        #expect(r.stdout.contains("<skipped/>"))
        #expect(r.stdout.hasSuffix("</testsuites>\n"))
        // It must parse as XML.
        let doc = try XMLDocument(data: Data(r.stdout.utf8))
        #expect(try doc.nodes(forXPath: "//testcase").count == 7)
    }

    @Test func filterAndTagsSelectTests() async throws {
        let filtered = try await BinaryRunner.run(["test", "--filter", "passes", Self.mixed])
        #expect(filtered.stdout.contains("\n2 passed, 0 failed, 0 skipped\n"))
        #expect(filtered.status == 0)
        let tagged = try await BinaryRunner.run(["test", "--tags", "tagged", Self.mixed])
        #expect(tagged.stdout.contains("\n1 passed, 0 failed, 0 skipped\n"))
        let excluded = try await BinaryRunner.run(["test", "--timeout", "0.5", "--exclude-tags", "fast", Self.mixed])
        #expect(excluded.stdout.contains("\n0 passed, 1 failed, 0 skipped\n"))
    }

    @Test func badInvocations() async throws {
        let missing = try await BinaryRunner.run(["test", "/no/such/spec"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such file or directory: /no/such/spec"))
        let badOutput = try await BinaryRunner.run(["test", "--output", "xml"])
        #expect(badOutput.status == 2)
        let dir = try ScratchDirectory()
        let empty = try await BinaryRunner.run(["test", dir.path])
        #expect(empty.status == 0)
        #expect(empty.stderr.contains("no *_spec.lua files"))
        #expect(empty.stdout.contains("0 passed, 0 failed"))
    }

    @Test func eachFileGetsAFreshState() async throws {
        let dir = try ScratchDirectory()
        try dir.write(
            "a_spec.lua", "leak = 1; describe('a', function() it('sets', function() assert.equal(1, leak) end) end)")
        try dir.write(
            "b_spec.lua", "describe('b', function() it('does not see it', function() assert.is_nil(leak) end) end)")
        let r = try await BinaryRunner.run(["test", dir.path])
        #expect(r.stdout.contains("2 passed, 0 failed"), "\(r.stdout)")
    }
}
