import NIOConcurrencyHelpers

/// The estimated difference between the exchange's clock and the local one.
///
/// Bybit rejects a timestamp more than 1 s ahead of its clock or more than recvWindow
/// behind it (10002). The offset is measured the way bybit-api does it:
/// `offset = serverTime + RTT/2 − localTimeAtReceipt`, and every signed request is
/// stamped `local now + offset`. It starts at 0 (trust NTP, as Bybit recommends) and is
/// re-measured on a 10002.
final class ClockSync: Sendable {
    private let offset = NIOLockedValueBox<Int64>(0)

    /// The current offset in milliseconds (exchange minus local).
    var offsetMilliseconds: Int64 { offset.withLockedValue { $0 } }

    /// The timestamp to sign: local time plus the offset.
    func timestamp(localNow: Int64) -> Int64 { localNow + offsetMilliseconds }

    /// Stores a new offset from one round trip to `/v5/market/time`.
    /// - Parameters:
    ///   - serverTime: the exchange's time in the reply, ms.
    ///   - sentAt: local time just before the request was sent, ms.
    ///   - receivedAt: local time just after the reply arrived, ms.
    /// - Returns: the new offset.
    @discardableResult
    func update(serverTime: Int64, sentAt: Int64, receivedAt: Int64) -> Int64 {
        let rtt = max(0, receivedAt - sentAt)
        let value = serverTime + rtt / 2 - receivedAt
        offset.withLockedValue { $0 = value }
        return value
    }
}
