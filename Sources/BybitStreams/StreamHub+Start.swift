import BybitAPI

extension StreamHub {
    func startFeeds(_ subscription: StreamSubscription) throws(BybitError) {
        throw .validation("streams are not implemented yet", endpoint: "")
    }
}
