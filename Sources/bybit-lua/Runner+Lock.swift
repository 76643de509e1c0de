import BybitAPI
import BybitLua

extension Runner {
    /// The lock this process holds for the whole run (`--lock`): kept here so nothing
    /// closes its descriptor before the process exits.
    nonisolated(unsafe) private static var heldLock: RunLock?

    /// Takes `--lock` when asked; returns an exit status (2) when the run must not start:
    /// another run holds the lock, or it cannot be taken. A held lock raises a warning
    /// alert, since a job that never runs is as silent as a guard that died.
    func takeLock(settings: SessionSettings, session: BybitSession) -> Int32? {
        guard let request = options.lock else { return nil }
        let name: String
        switch request {
        case .named(let n): name = n
        case .defaultName:
            let owner: String
            switch settings.target {
            case .paper: owner = "paper"
            case .exchange: owner = settings.signer?.keyFingerprint ?? "nokey"
            }
            guard let n = RunLock.defaultName(script: options.script, keyFingerprint: owner) else {
                Console.report("--lock needs a name (--lock=NAME) when there is no script file")
                return ExitStatus.usage.rawValue
            }
            name = n
        }
        guard let state = LineEditor.stateDirectory() else {
            Console.report("--lock: no state directory (set XDG_STATE_HOME or HOME)")
            return ExitStatus.usage.rawValue
        }
        do {
            Self.heldLock = try RunLock.acquire(name: name, stateDirectory: state)
            return nil
        } catch {
            if let pid = error.holder {
                session.options.alerts?.alert(
                    .warning, "lock taken: \(error.message); this run did not start",
                    fields: [("lock", name), ("holder_pid", pid)])
            }
            Console.report(error.message)
            return ExitStatus.usage.rawValue
        }
    }
}
