import BybitAPI
import BybitLua

#if canImport(Glibc)
    import Glibc
#endif

/// `bybit-lua audit [PATH] [--json]`: reads an audit log (default: the one real runs write,
/// `$XDG_STATE_HOME/bybit-lua/audit.jsonl`), pairs each intent with its outcome and lists
/// the calls that have none — sent, or about to be, when their process stopped, so they
/// may have been applied. Exit 0 when every intent has its outcome, 1 when some have none,
/// 2 when the log cannot be read or the command line is wrong.
struct AuditCommand {
    var path: String
    var json = false

    static let usage = "usage: bybit-lua audit [PATH] [--json]"

    /// Parses the arguments after `audit`.
    static func parse(_ arguments: [String]) throws(RunOptions.UsageError) -> AuditCommand? {
        var path: String?
        var json = false
        for a in arguments {
            switch a {
            case "--json": json = true
            case "-h", "--help": return nil
            case _ where a.hasPrefix("-") && a != "-":
                throw .init(message: "audit: unknown option \(a)\n\(usage)")
            default:
                guard path == nil else {
                    throw .init(message: "audit: one log at a time (got \(path!) and \(a))\n\(usage)")
                }
                path = a
            }
        }
        if let path { return AuditCommand(path: path, json: json) }
        guard let state = LineEditor.stateDirectory() else {
            throw .init(message: "audit: no default audit log (HOME and XDG_STATE_HOME are unset); name one\n\(usage)")
        }
        return AuditCommand(path: state + "/audit.jsonl", json: json)
    }

    /// Runs `bybit-lua audit …` and returns its exit status.
    static func main(_ arguments: [String]) -> Int32 {
        do {
            guard let command = try parse(arguments) else {
                Console.out(
                    usage + "\n" + """
                        Lists the mutations whose intent line has no outcome line: their process stopped
                        while they were sent, so they may have been applied. Exit 0 if none, 1 if any.

                        """)
                return ExitStatus.success.rawValue
            }
            return command.run()
        } catch {
            Console.report(error.message)
            return ExitStatus.usage.rawValue
        }
    }

    func run() -> Int32 {
        let report: AuditLogReport
        do { report = try AuditLogReport.read(path: path) } catch {
            Console.report("audit: " + error.message)
            return ExitStatus.usage.rawValue
        }
        for m in report.malformed {
            Console.error("bybit-lua: audit: \(path):\(m.line): \(m.reason); skipped")
        }
        Console.out(json ? AuditReportText.json(report, path: path) : AuditReportText.plain(report, path: path))
        return report.unpaired.isEmpty ? ExitStatus.success.rawValue : ExitStatus.scriptError.rawValue
    }
}
