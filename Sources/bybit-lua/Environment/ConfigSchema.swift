import TOMLKit

/// What config.toml may hold once it reads as TOML (ConfigDocument.swift): `[profile.NAME]`
/// tables, however spelled (headers, dotted keys, inline tables), each holding settings
/// that are strings. Anything else is refused by name, saying what TOML read instead; the
/// settings a profile may use are checked when it is chosen (NamedProfile).
extension ConfigFile {
    /// Settings whose values are never shown in a message.
    static let secretSettings: Set<String> = ["api_secret"]

    /// The profiles `text` holds, by name; every failure names `path`.
    static func parse(_ text: String, path: String) throws(Failure) -> [String: Profile] {
        let root = try ConfigDocument.parse(text, path: path)
        func fail(_ why: String) -> Failure { Failure(description: "\(path): \(why)") }
        for key in root.keys where key != "profile" && key != "notify" {  // [notify]: NotifyConfig.swift
            throw fail("'\(key)' is not read here; the file holds [profile.NAME] tables and [notify] only")
        }
        guard let all = root["profile"] else { return [:] }
        guard let tables = all.table else {
            throw fail("'profile' must hold [profile.NAME] tables, not \(describe(all, reveal: false))")
        }
        var profiles: [String: Profile] = [:]
        for name in tables.keys {
            guard
                !name.isEmpty,
                name.unicodeScalars.allSatisfy({
                    $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
                })
            else {
                throw fail("[profile.\"\(name)\"]: profile names use letters, digits, '_' and '-'")
            }
            guard let entry = tables[name], let settings = entry.table else {
                let what = tables[name].map { describe($0, reveal: false) } ?? "nothing"
                throw fail("profile.\(name) must be a [profile.\(name)] table, not \(what)")
            }
            var profile = Profile()
            for key in settings.keys where key != "notify" {  // [profile.NAME.notify]: NotifyConfig.swift
                guard let value = settings[key], let string = value.string else {
                    let what = settings[key].map { describe($0, reveal: !secretSettings.contains(key)) } ?? "nothing"
                    throw fail(
                        "[profile.\(name)] \(key) must be a string in quotes (\"…\" or '…'), but TOML reads it as \(what)"
                    )
                }
                profile.values[key] = string
            }
            profiles[name] = profile
        }
        return profiles
    }

    /// What TOML read, in words: "the integer 255", "an array". Numbers and booleans are
    /// shown only when `reveal` (never for a secret); strings never.
    static func describe(_ value: any TOMLValueConvertible, reveal: Bool) -> String {
        switch value.type {
        case .string: return "a string"
        case .int: return reveal ? value.int.map { "the integer \($0)" } ?? "an integer" : "an integer"
        case .double:
            return reveal ? value.double.map { "the floating-point number \($0)" } ?? "a number" : "a number"
        case .bool: return reveal ? value.bool.map { "the boolean \($0)" } ?? "a boolean" : "a boolean"
        case .array: return "an array"
        case .table: return "a table"
        case .date: return "a date"
        case .time: return "a time of day"
        case .dateTime: return "a date and time"
        }
    }
}
