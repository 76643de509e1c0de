/// Prints results as busted's plain terminal output, TAP, or JUnit XML.
struct TestReporter {
    let output: TestOptions.Output

    /// Called after each test (plain: one progress character per test).
    func progress(_ r: TestResult) {
        guard output == .plain else { return }
        switch r.status {
        case .success: Console.out("+")
        case .failure: Console.out("-")
        case .error: Console.out("*")
        case .pending: Console.out(".")
        }
        Console.flush()
    }

    func finish(_ results: [TestResult], summary: TestSummary, seconds: Double) {
        switch output {
        case .plain: plain(results, summary, seconds)
        case .tap: tap(results)
        case .junit: junit(results, summary, seconds)
        }
        Console.flush()
    }

    private func plain(_ results: [TestResult], _ s: TestSummary, _ seconds: Double) {
        Console.out("\n")
        for r in results where r.status == .failure || r.status == .error {
            let label = r.status == .failure ? "Failure" : "Error"
            Console.out("\n\(label) → \(r.file) @ \(r.line)\n\(r.name)\n\(r.message)\n")
        }
        if s.errors > 0 {
            Console.out("\n\(s.errors) of the failures are errors (the code raised, not an assertion)\n")
        }
        Console.out("\n\(s.passed) passed, \(s.failed + s.errors) failed, \(s.pending) skipped\n")
        Console.out("(\(results.count) tests in \(formatted(seconds)) s)\n")
    }

    private func tap(_ results: [TestResult]) {
        Console.out("1..\(results.count)\n")
        for (i, r) in results.enumerated() {
            switch r.status {
            case .success: Console.out("ok \(i + 1) - \(r.name)\n")
            case .pending: Console.out("ok \(i + 1) - \(r.name) # SKIP pending\n")
            case .failure, .error:
                Console.out("not ok \(i + 1) - \(r.name)\n")
                Console.out("# \(r.status == .error ? "Error" : "Failure"): \(r.file) @ \(r.line)\n")
                for line in r.message.split(separator: "\n", omittingEmptySubsequences: false) {
                    Console.out("#   \(line)\n")
                }
            }
        }
    }

    private func junit(_ results: [TestResult], _ s: TestSummary, _ seconds: Double) {
        Console.out("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        Console.out(
            "<testsuites tests=\"\(results.count)\" failures=\"\(s.failed)\" errors=\"\(s.errors)\" skipped=\"\(s.pending)\" time=\"\(formatted(seconds))\">\n"
        )
        var files: [String] = []
        for r in results where !files.contains(r.file) { files.append(r.file) }
        for file in files {
            let cases = results.filter { $0.file == file }
            var fs = TestSummary()
            cases.forEach { fs.add($0) }
            let time = cases.reduce(0) { $0 + $1.seconds }
            Console.out(
                "  <testsuite name=\"\(xml(file))\" tests=\"\(cases.count)\" failures=\"\(fs.failed)\" errors=\"\(fs.errors)\" skipped=\"\(fs.pending)\" time=\"\(formatted(time))\">\n"
            )
            for r in cases {
                Console.out(
                    "    <testcase classname=\"\(xml(file))\" name=\"\(xml(r.name))\" time=\"\(formatted(r.seconds))\"")
                switch r.status {
                case .success: Console.out("/>\n")
                case .pending: Console.out(">\n      <skipped/>\n    </testcase>\n")
                case .failure, .error:
                    let tag = r.status == .failure ? "failure" : "error"
                    let first = r.message.split(separator: "\n").first.map(String.init) ?? ""
                    Console.out(
                        ">\n      <\(tag) message=\"\(xml(first))\">\(xml(r.message))</\(tag)>\n    </testcase>\n")
                }
            }
            Console.out("  </testsuite>\n")
        }
        Console.out("</testsuites>\n")
    }

    private func formatted(_ s: Double) -> String {
        let ms = Int((s * 1000).rounded())
        return "\(ms / 1000).\(String(ms % 1000).leftPadded(to: 3))"
    }

    private func xml(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\t": out.unicodeScalars.append(ch)
            default:
                if ch.value < 0x20 { out += "&#\(ch.value);" } else { out.unicodeScalars.append(ch) }
            }
        }
        return out
    }
}

extension String {
    func leftPadded(to n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
