import CEditLine
import LuaKit

#if canImport(Glibc)
    import Glibc
#endif

/// The terminal line editor: libedit's readline with a getc that gives up when
/// Ctrl-C arrives, so Ctrl-C at the prompt clears the line instead of ending the
/// program; history kept in a file; Tab completion from the REPL engine.
///
/// libedit's callbacks are C function pointers and cannot capture context, so the
/// state they share lives in static storage; there is one terminal per process.
final class LineEditor {
    enum Input: Equatable {
        case line(String)
        case endOfFile
        case interrupted
    }

    nonisolated(unsafe) static var completer: (String) -> [String] = { _ in [] }
    nonisolated(unsafe) static var matches: [String] = []

    private let historyPath: String?

    init(historyPath: String?, completer: @escaping (String) -> [String]) {
        self.historyPath = historyPath
        LineEditor.completer = completer
        bl_el_configure(lineEditorComplete, TerminalIO.promptGetc)
        using_history()
        stifle_history(2000)
        if let historyPath { _ = read_history(historyPath) }
    }

    /// Reads one line with `prompt`.
    func read(prompt: String) -> Input {
        TerminalIO.installPromptInterrupt()
        _ = TerminalIO.takePromptInterrupts()
        // Raw mode before the prompt shows: libedit prints the prompt first, and a
        // key typed in between would be echoed twice, or a Ctrl-D lost in the
        // cooked-mode line discipline.
        rl_prep_terminal(1)
        let line = readline(prompt)
        defer { free(line) }
        if TerminalIO.takePromptInterrupts() > 0 {
            Console.out("^C\n")
            Console.flush()
            return .interrupted
        }
        guard let line else { return .endOfFile }
        return .line(String(cString: line))
    }

    /// Adds `line` to the history and appends it to the history file.
    func remember(_ line: String) {
        guard !line.allSatisfy({ $0 == " " || $0 == "\t" }) else { return }
        add_history(line)
        guard let historyPath else { return }
        let fd = open(historyPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)  // private: it may hold account details
        if fd >= 0 { close(fd) }
        _ = write_history(historyPath)  // whole (stifled) history: libedit's append duplicates
    }

    /// `$XDG_STATE_HOME/bybit-lua/history` (default `~/.local/state/...`).
    static func defaultHistoryPath() -> String? {
        stateDirectory().map { $0 + "/history" }
    }

    /// `$XDG_STATE_HOME/bybit-lua` (default `~/.local/state/bybit-lua`), created
    /// owner-only; nil when there is no home to put it in.
    static func stateDirectory() -> String? {
        var base: String
        if let xdg = getenv("XDG_STATE_HOME"), xdg.pointee != 0 {
            base = String(cString: xdg)
        } else if let home = getenv("HOME"), home.pointee != 0 {
            base = String(cString: home) + "/.local/state"
        } else {
            return nil
        }
        base += "/bybit-lua"
        var path = ""
        for part in base.split(separator: "/") {
            path += "/" + part
            mkdir(path, 0o700)
        }
        return base
    }
}

private func lineEditorComplete(
    _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    guard let text else { return nil }
    LineEditor.matches = LineEditor.completer(String(cString: text))
    return rl_completion_matches(text, lineEditorGenerate)
}

/// libedit asks for match `state` (0, 1, 2, …) until it gets NULL; it frees them.
private func lineEditorGenerate(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    let i = Int(state)
    guard i < LineEditor.matches.count else { return nil }
    return strdup(LineEditor.matches[i])
}
