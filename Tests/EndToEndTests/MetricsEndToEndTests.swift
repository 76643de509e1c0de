import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `--metrics HOST:PORT`: the runner serves Prometheus text at /metrics while the script
/// runs; the counters follow what the script did. Bad addresses and a port in use are
/// usage errors (exit 2).
@Suite(.serialized, .processBudget) struct MetricsEndToEndTests {
    /// GET `url`: the status and body (status 0 when nothing answered).
    static func get(_ url: String, method: String = "GET") -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result = (0, "")
        URLSession.shared.dataTask(with: request) { data, response, _ in
            result = (
                (response as? HTTPURLResponse)?.statusCode ?? 0,
                data.map { String(decoding: $0, as: UTF8.self) } ?? ""
            )
            done.signal()
        }.resume()
        _ = done.wait(timeout: .now() + 30)
        return result
    }

    /// The value of the sample line `series value` in an exposition, nil when absent.
    static func sample(_ exposition: String, _ series: String) -> Double? {
        for line in exposition.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    /// Starts `bybit-lua --metrics 127.0.0.1:0 args…` and returns it with its metrics URL.
    static func start(_ args: [String]) async throws -> (RunningBinary, String) {
        let run = try RunningBinary(["--metrics", "127.0.0.1:0"] + args, limit: 120)
        let err = await run.errorOutput(until: "/metrics\n") ?? ""
        guard let r = err.range(of: #"http://127\.0\.0\.1:[0-9]+/metrics"#, options: .regularExpression) else {
            Issue.record("no metrics line in: \(err)")
            return (run, "")
        }
        return (run, String(err[r]))
    }

    @Test func aScrapeDuringARunCountsMutationsMarginAndErrors() async throws {
        let (run, url) = try await Self.start([
            "-e",
            """
            add_margin{symbol = "BTCUSDT", margin = "0.5"}
            add_margin{symbol = "BTCUSDT", margin = "0.25"}
            local ok, err = pcall(add_margin, {symbol = "SOLUSDT", margin = "1"})  -- no SOL position on paper
            print("added", ok, err.kind) io.stdout:flush()
            io.read()
            """,
        ])
        let printed = await run.output(until: "added") ?? ""
        #expect(printed.contains("added\tfalse\tapi"), "\(printed)")
        let (status, text) = Self.get(url)
        #expect(status == 200)
        let ok = #"bybit_mutations_total{endpoint="/v5/position/add-margin",outcome="ok"}"#
        let refused = #"bybit_mutations_total{endpoint="/v5/position/add-margin",outcome="api"}"#
        #expect(Self.sample(text, ok) == 2, "\(text)")
        #expect(Self.sample(text, refused) == 1, "\(text)")
        #expect(Self.sample(text, #"bybit_margin_added_total{coin="USDT"}"#) == 0.75, "\(text)")
        #expect(Self.sample(text, #"bybit_errors_total{kind="api"}"#) == 1, "\(text)")
        #expect(text.contains("# TYPE bybit_mutations_total counter"))
        #expect(Self.get(url.replacingOccurrences(of: "/metrics", with: "/other")).status == 404)
        #expect(Self.get(url, method: "POST").status == 405)
        run.type("\n")
        run.closeInput()
        let end = await run.finish()
        #expect(run.process.terminationStatus == 0, "\(end.stderr)")
        // the port is closed with the run
        #expect(Self.get(url).status == 0)
    }

    @Test func streamsReportConnectedEventsHandlerTimeAndTheirEnd() async throws {
        let (run, url) = try await Self.start([
            "-e",
            """
            local bybit = require "bybit"
            for ev in bybit.events{positions = true, tickers = {"BTCUSDT"}} do
              if ev.type == "position" then
                print("in loop") io.stdout:flush()
                io.read()  -- the scrape happens while this handler runs
                break
              end
            end
            print("loop over") io.stdout:flush()
            io.read()
            """,
        ])
        #expect(await run.awaitOutput("in loop"))
        let during = Self.get(url).body
        #expect(Self.sample(during, #"bybit_stream_connected{feed="private"}"#) == 1, "\(during)")
        #expect(Self.sample(during, #"bybit_stream_connected{feed="linear"}"#) == 1, "\(during)")
        #expect((Self.sample(during, #"bybit_events_total{type="position"}"#) ?? 0) >= 1, "\(during)")
        #expect((Self.sample(during, "bybit_stream_last_event_age_seconds") ?? -1) >= 0, "\(during)")
        run.type("\n")
        #expect(await run.awaitOutput("loop over"))
        let after = Self.get(url).body
        #expect(Self.sample(after, #"bybit_stream_connected{feed="private"}"#) == 0, "\(after)")
        #expect(Self.sample(after, #"bybit_stream_connected{feed="linear"}"#) == 0, "\(after)")
        // the handler that waited for the scrape was measured when its `break` ended the loop
        #expect((Self.sample(after, "bybit_handler_duration_seconds_count") ?? 0) >= 1, "\(after)")
        run.closeInput()
        let end = await run.finish()
        #expect(run.process.terminationStatus == 0, "\(end.stderr)")
    }

    @Test func accountPushesReportTheirLag() async throws {
        let (run, url) = try await Self.start([
            "-e",
            """
            local bybit = require "bybit"
            local placed = false
            for ev in bybit.events{positions = true, orders = true, executions = true} do
              if not placed then  -- the first event: the positions read at start
                placed = true
                bybit.order{symbol = "BTCUSDT", side = "Sell", qty = "0.25"}
              end
              if ev.type == "execution" then
                print("executed") io.stdout:flush()
                io.read()
                break
              end
            end
            """,
        ])
        #expect(await run.awaitOutput("executed"))
        let text = Self.get(url).body
        let count = Self.sample(text, #"bybit_event_lag_seconds_count{type="execution"}"#) ?? 0
        let sum = Self.sample(text, #"bybit_event_lag_seconds_sum{type="execution"}"#) ?? -1
        #expect(count >= 1, "\(text)")
        // from the exchange's execTime to delivery: not negative, and not the age of a stale row
        #expect(sum >= 0 && sum < 60 * count, "\(text)")
        #expect(
            Self.sample(text, #"bybit_mutations_total{endpoint="/v5/order/create",outcome="ok"}"#) == 1, "\(text)")
        run.closeInput()
        let end = await run.finish()
        #expect(run.process.terminationStatus == 0, "\(end.stderr)")
    }

    @Test func badAddressesAndABusyPortAreUsageErrors() async throws {
        for bad in ["1.2.3", "host:", "::1:9464", "[::1]9464", "70000", "a b:1"] {
            let r = try await BinaryRunner.run(["--metrics", bad, "-e", "print('ran')"])
            #expect(r.status == 2, "\(bad): \(r.stderr)")
            #expect(r.stderr.contains("--metrics needs HOST:PORT, :PORT or PORT"), "\(bad): \(r.stderr)")
            #expect(!r.stdout.contains("ran"))
        }
        // a port another run listens on
        let (first, url) = try await Self.start(["-e", "print('first') io.stdout:flush() io.read()"])
        #expect(await first.awaitOutput("first"))
        let port = url.split(separator: ":").last!.split(separator: "/").first!
        let second = try await BinaryRunner.run(["--metrics", ":\(port)", "-e", "print('ran')"])
        #expect(second.status == 2, "\(second.stderr)")
        #expect(second.stderr.contains("--metrics 127.0.0.1:\(port): cannot listen there"), "\(second.stderr)")
        #expect(!second.stdout.contains("ran"))
        first.closeInput()
        _ = await first.finish()
    }
}
