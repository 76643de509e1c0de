// fuzz-hostile TARGET [libFuzzer options] — coverage-guided fuzzing of the hostile-input
// oracles (Tests/HostileInputTests/Oracles, linked here), built only by scripts/fuzz:
//
//   decimal  ExactDecimal parsing against the string model, and format round trips
//   reply    reply bodies through envelope, verdict and typed models, for each endpoint
//   paper    request payloads through the paper exchange's parsing and route handlers
//   json     the wire's JSON parser (BybitWire) under the reply and the request options
//
// A violated oracle aborts, which libFuzzer records as a crash with the input saved.
import Foundation

@testable import BybitAPI
@testable import PaperExchange

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The first byte of each input picks the endpoint or route; the rest is the payload.
func pick<T>(_ seeds: [T], _ bytes: [UInt8]) -> (T, [UInt8]) {
    (seeds[Int(bytes.first ?? 0) % seeds.count], Array(bytes.dropFirst()))
}

nonisolated(unsafe) var check: ([UInt8]) -> String? = { _ in nil }
nonisolated(unsafe) var seeds: [[UInt8]] = []

var arguments = CommandLine.arguments
let target = arguments.count > 1 ? arguments.remove(at: 1) : ""
switch target {
case "decimal":
    check = Oracle.decimal
    seeds = [
        "0", "-10.50", "1e-5", "1.5E+3", "99999999999999999999999999999999999999",
        "0.00000000000000000000000000000000000001",
    ].map { Array($0.utf8) }
case "reply":
    check = { bytes in
        let (seed, body) = pick(BybitReplies.seeds, bytes)
        return Oracle.reply(body, endpoint: seed.0)
    }
    seeds = BybitReplies.seeds.indices.map { [UInt8($0)] + Array(BybitReplies.seeds[$0].1.utf8) }
case "json":
    check = Oracle.json
    seeds = BybitReplies.seeds.map { Array($0.1.utf8) } + PaperRequests.seeds.map { Array($0.1.utf8) }
case "paper":
    let ex = try PaperExchange.startBlocking(.init(autoplay: false, enforceRateLimits: false))
    check = { bytes in
        let (seed, payload) = pick(PaperRequests.seeds, bytes)
        let code = PaperRequests.handle(seed.0, payload, core: ex.core, apiKey: ex.apiKey)
        return code == 0 || PaperRequests.refusalCodes.contains(code) ? nil : "\(seed.0) answered \(code)"
    }
    seeds = PaperRequests.seeds.indices.map { [UInt8($0)] + Array(PaperRequests.seeds[$0].1.utf8) }
default:
    FileHandle.standardError.write(
        Data("usage: fuzz-hostile decimal|reply|paper|json [CORPUS_DIR] [libFuzzer options]\n".utf8))
    exit(2)
}
// Seed an empty corpus directory with the valid inputs the oracles know.
if let dir = arguments.dropFirst().first(where: { !$0.hasPrefix("-") }),
    (try? FileManager.default.contentsOfDirectory(atPath: dir))?.isEmpty == true
{
    for (i, seed) in seeds.enumerated() {
        FileManager.default.createFile(atPath: "\(dir)/seed-\(i)", contents: Data(seed))
    }
}

var argc = CInt(arguments.count)
var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
let status = cArguments.withUnsafeMutableBufferPointer { buffer in
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = buffer.baseAddress
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        if let problem = check(bytes) { fatalError("oracle violated: \(problem)") }
        return 0
    }
}
exit(status)
