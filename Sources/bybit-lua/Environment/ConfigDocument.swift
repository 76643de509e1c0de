import TOMLKit

/// config.toml's text read as TOML 1.0 by TOMLKit (toml++): every string form, escape,
/// number, comment, dotted key and table means what TOML says, and text that is not TOML
/// is an error naming the file, the line and the column. ConfigSchema.swift then says
/// which of it a profile may hold.
///
/// TOMLKit hands the text to toml++, and each key and string back, as C strings, so a NUL
/// would silently end one early: a NUL byte is refused on its line before parsing, and a
/// `\u0000` escape (which no setting can hold) is refused before any value is used.
///
/// toml++ limits how deeply values nest, but not how deeply dotted keys and table names
/// do; it recurses once per level, so a key of many thousand dots would overflow the
/// stack. A table's depth is at most the file's dots plus toml++'s limit on nested values
/// (256), so a file with few dots stays shallow.
enum ConfigDocument {
    /// A config file of many profiles uses a few dozen.
    static let maxDots = 1024

    /// The TOML table `text` denotes; every failure names `path`.
    static func parse(_ text: String, path: String) throws(ConfigFile.Failure) -> TOMLTable {
        if let line = lineOfNULByte(in: text) {
            throw ConfigFile.Failure(
                description: "\(path):\(line): a NUL byte; TOML allows no control characters but tab")
        }
        let dots = text.utf8.lazy.filter { $0 == UInt8(ascii: ".") }.count
        if dots > maxDots {
            throw ConfigFile.Failure(
                description:
                    "\(path): \(dots) '.' characters, more than the \(maxDots) read here (each dot of a key nests a table, and toml++ recurses once per level)"
            )
        }
        let root: TOMLTable
        do { root = try TOMLTable(string: text) } catch let error as TOMLParseError {
            let at = error.source.begin
            throw ConfigFile.Failure(
                description: "\(path):\(at.line):\(at.column): \(error.description)\(hint(for: error.description))")
        } catch {
            throw ConfigFile.Failure(description: "\(path): not valid TOML: \(error)")
        }
        // The JSON form escapes every NUL as \u0000 and every backslash as \\, so an
        // escape preceded by an odd number of backslashes is a NUL in a key or a string.
        if holdsNULEscape(root.convert(to: .json, options: [])) {
            throw ConfigFile.Failure(
                description: "\(path): a key or string holds \\u0000 (NUL), which no setting can contain")
        }
        return root
    }

    /// The 1-based line of the first NUL byte, if any.
    static func lineOfNULByte(in text: String) -> Int? {
        let utf8 = text.utf8
        guard let nul = utf8.firstIndex(of: 0) else { return nil }
        return utf8[..<nul].lazy.filter { $0 == UInt8(ascii: "\n") }.count + 1
    }

    /// Whether JSON text holds the escape `\u0000` (not a `\\` followed by `u0000`).
    static func holdsNULEscape(_ json: String) -> Bool {
        let bytes = Array(json.utf8)
        let escape = Array("u0000".utf8)
        var i = 0
        var backslashes = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\\") {
                backslashes += 1
            } else {
                if backslashes % 2 == 1 && bytes[i...].starts(with: escape) { return true }
                backslashes = 0
            }
            i += 1
        }
        return false
    }

    /// A word on the usual cause of an error whose own text does not say it.
    private static func hint(for description: String) -> String {
        if description.contains("escape sequence") {
            return #" (a backslash in "…" starts an escape: write \\ for a backslash, or use a 'literal string')"#
        }
        return ""
    }
}
