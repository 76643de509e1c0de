import Foundation
import Testing

/// The built binary against a local server whose reply to `add_margin` never ends: the
/// run neither crashes nor grows without bound, the call ends `outcome_unknown`, and the
/// audit log records it. (Before the reply caps, endless trailers made `add_margin` try
/// to allocate gigabytes and abort with SIGABRT, with no audit line.)
@Suite(.processBudget) struct HostileServerEndToEndTests {
    /// Bytes of hostile reply the server is willing to send: far past every cap.
    static let willingToSend = 1 << 30

    @Test(arguments: [
        (
            "trailers", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n",
            "X-T: " + String(repeating: "t", count: 1019) + "\r\n"
        ),
        (
            "chunk extension", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;x=",
            String(repeating: "e", count: 1024)
        ),
        ("interim replies", "", "HTTP/1.1 100 Continue\r\n\r\n"),
    ])
    func anEndlessReplyToAddMarginIsAuditedAsOutcomeUnknown(kind: String, head: String, piece: String) async throws {
        let server = try HostCallLimitServer { request, _, c in
            guard request.hasPrefix("POST") else {  // the re-read after the unknown outcome
                c.reply(
                    #"{"retCode":0,"retMsg":"OK","result":{"category":"linear","list":[],"nextPageCursor":""},"time":1}"#
                )
                return
            }
            guard c.write(Array(head.utf8)) else { return }
            let bytes = Array(piece.utf8)
            var sent = 0
            while sent < Self.willingToSend, c.write(bytes) { sent += bytes.count }
        }
        defer { server.shutdown() }
        let dir = try ScratchDirectory()
        let audit = dir.path + "/audit.jsonl"

        let r = try await HostCallLimitsTests.run(
            url: server.url, credentials: HostCallLimitServer.credentials, ["--audit-log", audit],
            """
            local ok, e = pcall(add_margin, {category = "linear", symbol = "BTCUSDT", margin = "1"})
            print(ok, e.kind)
            print(e.message)
            """)

        #expect(!r.killed, "\(kind): \(r.stderr)")
        #expect(r.status == 0, "\(kind): \(r.stderr)")
        #expect(r.stdout.contains("false\toutcome_unknown\n"), "\(kind): \(r.stdout)")
        #expect(r.stdout.contains("unreadable reply after the request was sent"), "\(kind): \(r.stdout)")
        #expect(r.peakMB < 200, "\(kind): peak RSS \(r.peakMB) MB")
        let audited = (try? String(contentsOfFile: audit, encoding: .utf8)) ?? ""
        #expect(audited.contains("\"outcome_unknown\""), "\(kind): \(audited)")
    }
}
