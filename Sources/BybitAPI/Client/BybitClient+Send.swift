import NIOHTTP1

extension BybitClient {
    /// Signs `request` with a fresh timestamp and sends it once.
    ///
    /// The payload was serialised once, when the request was prepared; the same buffer is
    /// hashed and handed to the transport, so the signed bytes and the sent bytes cannot
    /// differ. Each attempt gets a new timestamp and a new signature.
    /// - Returns: the request as sent (for `outcome_unknown`) and the transport's result.
    /// - Throws: `validation` when the signer cannot sign (a broken RSA key); nothing is sent.
    func sendOnce(_ request: PreparedRequest) throws(BybitError) -> (
        InFlightRequest, Result<RawResponse, TransportFailure>
    ) {
        let endpoint = request.endpoint
        let isGET = endpoint.method == .get
        var headers = endpoint.isPrivate ? constantHeaders : publicHeaders
        if !isGET { headers.add(name: "Content-Type", value: "application/json") }

        var timestamp: Int64 = 0
        if endpoint.isPrivate, let signer {
            timestamp = exchangeNow()
            let signature: String
            do {
                signature = try signer.signature(
                    timestamp: timestamp, recvWindow: configuration.recvWindow, payload: request.payload)
            } catch {
                // The error text of a failed RSA operation carries no key material, but it
                // is not needed either: say what failed, not how.
                throw .validation("the request could not be signed with the configured key", endpoint: endpoint.path)
            }
            headers.add(name: "X-BAPI-TIMESTAMP", value: String(timestamp))
            headers.add(name: "X-BAPI-SIGN", value: signature)
        }

        let payloadText = request.payloadText
        var target = endpoint.path
        if isGET && !request.payload.isEmpty { target += "?" + payloadText }
        let sent = InFlightRequest(
            method: endpoint.method.rawValue, path: endpoint.path, payload: payloadText,
            parameters: request.parameters, timestamp: timestamp)
        // Only a read may stop waiting for its reply (at Ctrl-C or the run's deadline): a
        // mutation that was sent is always waited for, so its outcome is known or honestly
        // unknown.
        let result = transport.send(
            method: endpoint.method.http, target: target, headers: headers, body: isGET ? nil : request.payload,
            interrupt: endpoint.isMutation ? nil : readStop)
        return (sent, result)
    }
}
