import Testing

@testable import BybitWire

/// The memory layout the Lua binding relies on to keep decimals inline in a userdata.
@Suite struct DecimalLayoutTests {
    /// Compiles only for trivially copyable types.
    private func requireBitwiseCopyable<T: BitwiseCopyable>(_: T.Type) -> Bool { true }

    @Test func isSmallTriviallyCopyableAndEightByteAligned() {
        #expect(MemoryLayout<ExactDecimal>.size == 17)
        #expect(MemoryLayout<ExactDecimal>.stride == 24)
        #expect(MemoryLayout<ExactDecimal>.alignment == 8)
        #expect(requireBitwiseCopyable(ExactDecimal.self))
        #expect(_isPOD(ExactDecimal.self))
    }

    @Test func survivesACopyThroughEightByteAlignedRawMemory() throws {
        // Lua hands out userdata memory aligned to 8 bytes; emulate one at offset 8 of a
        // 16-byte aligned block, so it is 8- but not 16-byte aligned.
        let value = try ExactDecimal(parsing: "-12345678901234567890123456.789")
        let block = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 16)
        defer { block.deallocate() }
        let userdata = block + 8
        userdata.initializeMemory(as: ExactDecimal.self, to: value)
        let read = userdata.load(as: ExactDecimal.self)
        #expect(read.coefficient == value.coefficient && read.scale == value.scale)
        userdata.storeBytes(of: try read + ExactDecimal(1), as: ExactDecimal.self)
        #expect(userdata.load(as: ExactDecimal.self).description == "-12345678901234567890123455.789")
    }
}
