import CLuaShim

#if canImport(Glibc)
    import Glibc
#endif

/// The runner's terminal helpers (CLuaShim's bl_terminal.h): the C stdio buffers Lua's
/// `print` and `io.write` share, so host and script output stay in order, and Ctrl-C
/// at the REPL prompt, where no Lua runs. No stack effect.
public enum TerminalIO {
    /// Writes `text` to standard output through C stdio.
    public static func writeOut(_ text: String) { write(text, bl_write_out) }
    /// Writes `text` to standard error through C stdio.
    public static func writeError(_ text: String) { write(text, bl_write_err) }
    /// Flushes both.
    public static func flush() { bl_flush_all() }

    /// Makes SIGINT only count while the prompt waits (the front end clears the line).
    public static func installPromptInterrupt() { bl_prompt_sigint_install() }
    /// The SIGINTs counted at the prompt since the last call; clears the count.
    public static func takePromptInterrupts() -> Int32 { bl_prompt_sigint_take() }
    /// A getc for the line editor: EOF when a prompt SIGINT interrupted the read.
    public static let promptGetc: @convention(c) (UnsafeMutablePointer<FILE>?) -> Int32 = bl_prompt_getc

    private static func write(_ text: String, _ sink: (UnsafePointer<CChar>?, Int) -> Void) {
        var t = text
        t.withUTF8 { buf in buf.withMemoryRebound(to: CChar.self) { sink($0.baseAddress, $0.count) } }
    }
}
