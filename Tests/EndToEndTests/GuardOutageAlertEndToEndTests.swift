import Foundation
import Testing

/// `scripts/liquidation_guard.lua` tells a person when it cannot guard: the paper exchange
/// stopped under it, one error alert reaches a real loopback receiver once its reads have
/// failed for ALERT_S seconds (its 8th argument, 2 here, 30 by default), however long the
/// outage lasts after that; the exchange restarted, one info alert when a round works again.
@Suite(.processBudget) struct GuardOutageAlertEndToEndTests {
    /// Says on stdout each alert the guard raises, each failure it logs and when a
    /// subscription to the streams delivers its first event (the script logs to stderr), so the test acts
    /// only once the guard is where it means.
    static let witness = """
        local b = require "bybit"
        local notify, events, info, err = b.notify, b.events, b.log.info, b.log.error
        local function say(...) io.write(table.concat({ ... }, " "), "\\n") io.stdout:flush() end
        b.notify = function(text, fields, level)
          local queued = notify(text, fields, level)  -- queued before the test can stop the run
          say("notified", level or "info")
          return queued
        end
        b.events = function(args)
          local loop = table.pack(events(args))
          local next_event, first = loop[1], true
          loop[1] = function(...)
            local ev = next_event(...)
            if ev and first and args.positions then first = false say("listening") end  -- streams, not timers only
            return ev
          end
          return table.unpack(loop, 1, loop.n)
        end
        b.log.info = function(message, fields)
          info(message, fields)
          say(message, tostring(fields and fields.symbol))
        end
        b.log.error = function(message, fields)
          err(message, fields)
          say("failed", message, tostring(fields and fields.handler))
        end
        """

    @Test func aStoppedExchangeIsAlertedOnceAndItsReturnOnce() async throws {
        let receiver = try NotifyReceiver()
        defer { receiver.shutdown() }
        let dir = try ScratchDirectory()
        let state = dir.path + "/paper.sqlite"
        var server = try await PaperServer(arguments: ["--state", state])
        let (key, secret, url) = (server.apiKey, server.apiSecret, server.url)
        let guardRun = try RunningBinary(
            [
                "--base-url", url, "--notify", receiver.url + "/hook", "-e", Self.witness,
                "\(SurviveEndToEndTests.root)/scripts/liquidation_guard.lua", "3", "8", "0", "1", "1.5", "0.25", "1",
                "2",
            ], environment: server.credentials, limit: 240)
        let listening = await guardRun.awaitOutput("listening\n")
        #expect(listening)

        // The exchange stops: rounds fail (logged), and after 2 s of failing, one alert.
        server.process.terminate()
        server.process.waitUntilExit()
        let alerted = await guardRun.output(until: "notified error\n")
        #expect(alerted?.contains("failed handler failed round") == true, "\(alerted ?? "ended")")
        // Still down: the next failure raises no second alert.
        let failedAgain = await guardRun.output(until: "failed ")
        #expect(failedAgain?.contains("notified") == false, "\(failedAgain ?? "ended")")

        // The same exchange comes back (same port, same state): the next round works.
        server = try await PaperServer(
            apiKey: key, apiSecret: secret, port: SurviveEndToEndTests.port(of: url), arguments: ["--state", state])
        let back = await guardRun.output(until: "notified info\n")
        #expect(back != nil, "no alert when the exchange came back")
        let running = guardRun.process.isRunning
        #expect(running, "the guard ended")

        guardRun.signal(SIGINT)
        let (stdout, stderr) = await guardRun.finish()
        let status = guardRun.process.terminationStatus
        #expect(status == 130, "\(stderr.suffix(2000))")
        #expect(!stdout.contains("notified"), "a later alert: \(stdout)")
        // the run delivers what it queued before it exits
        let posts = receiver.posts.map(\.json)
        let notifyLines = stderr.split(separator: "\n").filter { $0.contains("notify") }
        #expect(posts.count == 2, "\(receiver.posts.map(\.body)) \(notifyLines)")
        #expect(posts.first?["level"] as? String == "error")
        #expect(
            (posts.first?["text"] as? String)?.hasPrefix("liquidation_guard: reading the positions is failing") == true,
            "\(receiver.posts.map(\.body))")
        #expect(posts.last?["level"] as? String == "info")
        #expect(
            posts.last?["text"] as? String == "liquidation_guard is guarding again: reading the positions works again",
            "\(receiver.posts.map(\.body))")
    }

    /// Streams that cannot be opened (the private stream refuses every login) while REST
    /// works: the guard tries to subscribe again 1, 2, 4 … s later and runs its rounds in
    /// between, so a breach is still answered. Before, it slept through each wait.
    @Test func theRoundsGoOnWhileTheStreamsCannotBeOpened() async throws {
        let server = try await PaperServer()
        let guardRun = try RunningBinary(
            [
                "--base-url", server.url, "-e", Self.witness,
                "\(SurviveEndToEndTests.root)/scripts/liquidation_guard.lua", "3", "8", "0", "1",
            ], environment: server.credentials, limit: 120)
        let listening = await guardRun.awaitOutput("listening\n")
        #expect(listening)
        // Every login refused from now on; a position on a new symbol makes the guard subscribe again.
        try server.control("POST", "/paper/faults", json: #"{"streamRefuseAuth": {"count": -1}}"#)
        try server.control("POST", "/paper/position", json: #"{"symbol": "SOLUSDT", "side": "Buy", "size": "10"}"#)
        let refused = await guardRun.awaitOutput("failed subscribing failed: trying again")
        #expect(refused)
        // Guarding over REST alone: BTCUSDT long 1 @ 60,000 x10 is 1.27 % away at 55,000.
        try server.control("POST", "/paper/mark-price", json: #"{"symbol": "BTCUSDT", "markPrice": "55000"}"#)
        let added = await guardRun.output(until: "added margin BTCUSDT\n")
        #expect(added != nil, "no margin added while the streams were down")
        #expect(added?.contains("listening") == false, "the streams opened: \(added ?? "")")
        #expect(try ReduceFallbackEndToEndTests.ledger(server, "add-margin").count >= 1)
        guardRun.signal(SIGINT)
        let (_, stderr) = await guardRun.finish()
        let status = guardRun.process.terminationStatus
        #expect(status == 130, "\(stderr.suffix(2000))")
    }
}
