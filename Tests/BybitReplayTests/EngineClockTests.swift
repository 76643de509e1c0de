import PaperExchange
import Testing

@testable import BybitReplay

@Suite struct EngineClockTests {
    @Test func theVirtualClockMovesOnlyForwardAndOnlyWhenTold() {
        let clock = VirtualClock(startMs: 1_722_816_000_000)
        #expect(clock.nowMs() == 1_722_816_000_000)
        clock.advance(to: 1_722_816_001_000)
        #expect(clock.nowMs() == 1_722_816_001_000)
        clock.advance(to: 1_722_816_000_500)
        #expect(clock.nowMs() == 1_722_816_001_000)
        let paper: any PaperClock = clock
        #expect(paper.nowMs() == 1_722_816_001_000)
    }
}
