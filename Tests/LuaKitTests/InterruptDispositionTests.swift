import CLua
import Foundation
import Testing
@testable import LuaKit

/// `callInterruptibly` owns SIGINT and SIGTERM only while it runs, then puts back what
/// was there. The REPL depends on it: its prompt handler must survive a statement, or
/// a Ctrl-C while results print ends the session with status 130 (SIG_DFL).
@Suite(.serialized) struct InterruptDispositionTests {
    /// The handler SIGINT or SIGTERM has now, as an address (SIG_IGN is 1, SIG_DFL 0).
    static func handler(_ signal: Int32) -> UInt {
        var current = sigaction()
        sigaction(signal, nil, &current)
        return unsafeBitCast(current.__sigaction_handler.sa_handler, to: UInt.self)
    }

    /// Sets `signal` to SIG_IGN for the body, restoring the test process's own after.
    static func ignoring<T>(_ signals: [Int32], _ body: () throws -> T) rethrows -> T {
        var saved: [Int32: sigaction] = [:]
        for s in signals {
            var ignore = sigaction(), old = sigaction()
            ignore.__sigaction_handler.sa_handler = SIG_IGN
            sigaction(s, &ignore, &old)
            saved[s] = old
        }
        defer { for (s, var old) in saved { sigaction(s, &old, nil) } }
        return try body()
    }

    @Test func thePreviousHandlersAreBackAfterARun() throws {
        let ignored = unsafeBitCast(SIG_IGN, to: UInt.self)
        let (during, after) = try Self.ignoring([SIGINT, SIGTERM]) { () throws -> ([UInt], [UInt]) in
            let state = try LuaState()
            var during: [UInt] = []
            state.setGlobal("look") { _ in
                during = [Self.handler(SIGINT), Self.handler(SIGTERM)]
                return 0
            }
            try state.load("look()", chunkName: "=test")
            try state.callInterruptibly(arguments: 0, results: 0)
            return (during, [Self.handler(SIGINT), Self.handler(SIGTERM)])
        }
        #expect(during.count == 2 && during.allSatisfy { $0 != ignored && $0 != 0 }, "the run's own handler: \(during)")
        #expect(after == [ignored, ignored], "put back: \(after)")
    }

    @Test func theyAreBackAfterAFailedRunToo() throws {
        let ignored = unsafeBitCast(SIG_IGN, to: UInt.self)
        let after = try Self.ignoring([SIGINT, SIGTERM]) { () throws -> [UInt] in
            let state = try LuaState()
            try state.load("error('stop')", chunkName: "=test")
            #expect(throws: LuaError.self) { try state.callInterruptibly(arguments: 0, results: 0) }
            return [Self.handler(SIGINT), Self.handler(SIGTERM)]
        }
        #expect(after == [ignored, ignored])
    }

    /// A run started from inside a run leaves the outer run's handler in place.
    @Test func aNestedRunKeepsTheOuterHandler() throws {
        let (inner, outer) = try Self.ignoring([SIGINT]) { () throws -> (UInt, UInt) in
            let state = try LuaState()
            var insideOuter: UInt = 0
            state.setGlobal("nested") { _ in
                try state.load("local x = 1", chunkName: "=inner")
                try state.callInterruptibly(arguments: 0, results: 0)
                insideOuter = Self.handler(SIGINT)
                return 0
            }
            try state.load("nested()", chunkName: "=outer")
            try state.callInterruptibly(arguments: 0, results: 0)
            return (insideOuter, Self.handler(SIGINT))
        }
        #expect(inner != unsafeBitCast(SIG_IGN, to: UInt.self) && inner != 0, "after the inner run the outer run's handler stays")
        #expect(outer == unsafeBitCast(SIG_IGN, to: UInt.self))
    }
}
