import Foundation

/// One place alerts are delivered: a generic JSON webhook, a Slack or Discord incoming
/// webhook, or a Telegram bot's chat.
///
/// The URL (and a Telegram token inside it) is a secret: anyone holding it can post to
/// the channel. Nothing here prints it; a target is named in messages by its number and
/// kind only (``label``: `webhook #2 (slack)`).
public struct NotifyTarget: Sendable {
    /// How the body is written (NotifyBody.swift).
    public enum Kind: String, Sendable {
        /// `{text, level, fields, script, env, time}`.
        case webhook
        /// Slack's incoming webhook: `{"text": …}`.
        case slack
        /// Discord's webhook: `{"content": …}`.
        case discord
        /// `POST …/bot<token>/sendMessage` with `{"chat_id": …, "text": …}`.
        case telegram
    }

    public let kind: Kind
    /// Where the body is posted. Secret.
    let url: String
    /// Telegram's chat id (not secret, but not printed either).
    let chatID: String?
    /// The target's number in the run, from 1, for messages.
    public let number: Int

    /// `webhook #2 (slack)`: how logs and errors name the target without its URL.
    public var label: String { "webhook #\(number) (\(kind.rawValue))" }

    /// A target posting to `url`; nil with the reason (which never quotes the URL) when
    /// it is not a URL alerts may go to (``check(_:)``).
    public static func make(_ kind: Kind, url: String, chatID: String? = nil, number: Int) -> Result<
        NotifyTarget, URLProblem
    > {
        if let problem = check(url) { return .failure(problem) }
        return .success(NotifyTarget(kind: kind, url: url, chatID: chatID, number: number))
    }

    /// A Telegram bot target: `base` (https://api.telegram.org unless overridden for a
    /// local test server) + `/bot<token>/sendMessage`.
    public static func telegram(token: String, chatID: String, base: String, number: Int) -> Result<
        NotifyTarget, URLProblem
    > {
        if let problem = check(base) { return .failure(URLProblem(reason: "telegram_api: the URL \(problem.reason)")) }
        guard !token.isEmpty, token.allSatisfy({ $0.isLetter || $0.isNumber || $0 == ":" || $0 == "_" || $0 == "-" })
        else {
            return .failure(URLProblem(reason: "telegram_token is not a bot token (letters, digits, ':', '_', '-')"))
        }
        guard !chatID.isEmpty, !chatID.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            return .failure(URLProblem(reason: "telegram_chat_id is empty or holds spaces"))
        }
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        return make(.telegram, url: "\(trimmed)/bot\(token)/sendMessage", chatID: chatID, number: number)
    }

    /// Why a URL is refused, in words that never include the URL itself.
    public struct URLProblem: Error, Sendable, Equatable {
        public let reason: String
    }

    /// Hosts a plain `http://` URL may name: this machine only (a test receiver, a local
    /// relay). Anywhere else the URL and the alert would cross the network in clear text.
    static let loopbackHosts: Set<String> = ["127.0.0.1", "localhost", "::1", "[::1]"]

    /// Nil when `url` is an absolute `https://` URL with a host, or `http://` to loopback.
    public static func check(_ url: String) -> URLProblem? {
        guard !url.isEmpty else { return URLProblem(reason: "is empty") }
        guard !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else {
            return URLProblem(reason: "is not a URL (it holds spaces or control characters)")
        }
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(),
            let host = parts.host, !host.isEmpty
        else { return URLProblem(reason: "is not an absolute URL like https://hooks.example.com/…") }
        switch scheme {
        case "https": break
        case "http":
            guard loopbackHosts.contains(host.lowercased()) || host.hasPrefix("127.") else {
                return URLProblem(reason: "uses http:// to a host that is not this machine; use https://")
            }
        default:
            return URLProblem(reason: "must start with https:// (http:// only to 127.0.0.1 or localhost)")
        }
        if parts.user != nil || parts.password != nil {
            return URLProblem(reason: "holds a user name or password before the host; alerts do not log in")
        }
        return nil
    }
}
