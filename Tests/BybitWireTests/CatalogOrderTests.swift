import Testing

@testable import BybitWire

/// The order and position-settings endpoints as the catalog declares them: what a good
/// request puts on the wire (and reads back as the same values), and the sentence a bad
/// one is refused with, on the client's side and the exchange's alike.
@Suite struct CatalogOrderTests {
    static func values(_ pairs: [(String, WireValue)]) -> RequestValues {
        var v = RequestValues()
        for (name, value) in pairs { v[name] = value }
        return v
    }

    static func d(_ text: String) -> WireValue { .decimal(try! ExactDecimal(parsing: text)) }

    /// The checked values written for the wire, after checking they read back the same.
    static func wire(_ endpoint: EndpointSpec, _ pairs: [(String, WireValue)]) throws -> String {
        let checked = try endpoint.check(values(pairs))
        let written = endpoint.write(checked)
        let reader: FieldReader
        if endpoint.method == .get {
            let query = try QueryString.decode(Substring(decoding: written.payload, as: UTF8.self))
            reader = FieldReader(JSONObject(query.mapValues(JSONValue.string)), convention: .query)
        } else {
            reader = try #require(FieldReader(try JSONValue(parsing: written.payload), convention: .body))
        }
        #expect(try endpoint.read(reader) == checked, "\(endpoint.path)")
        return String(decoding: written.payload, as: UTF8.self)
    }

    /// The refusal's sentence, or "" when the values were accepted.
    static func refusal(_ endpoint: EndpointSpec, _ pairs: [(String, WireValue)]) -> String {
        do {
            _ = try endpoint.check(values(pairs))
            return ""
        } catch {
            return error.message
        }
    }

    static let order: [(String, WireValue)] = [
        ("category", .text("linear")), ("symbol", .text("BTCUSDT")), ("side", .text("Sell")),
        ("orderType", .text("Market")), ("qty", d("0.015")), ("reduceOnly", .flag(true)),
        ("positionIdx", .integer(0)), ("orderLinkId", .text("derisk-7f3a-0001")),
    ]

    @Test func orderCreateSendsReduceOnlyAsAJSONBoolean() throws {
        #expect(
            try Self.wire(Catalog.orderCreate, Self.order)
                == #"{"category":"linear","symbol":"BTCUSDT","side":"Sell","orderType":"Market","qty":"0.015","reduceOnly":true,"positionIdx":0,"orderLinkId":"derisk-7f3a-0001"}"#
        )
        var open = Self.order
        open[5] = ("reduceOnly", .flag(false))
        #expect(try Self.wire(Catalog.orderCreate, open).contains(#""reduceOnly":false"#))
        let limit = Self.order + [("price", Self.d("61000.5")), ("timeInForce", .text("PostOnly"))]
        let body = try Self.wire(Catalog.orderCreate, limit.map { $0.0 == "orderType" ? ($0.0, .text("Limit")) : $0 })
        #expect(body.contains(#""price":"61000.5","timeInForce":"PostOnly""#))
        // Bybit's docs and pybit send true/false; 1/0 are read too, as Bybit accepts them.
        let ones =
            #"{"category":"linear","symbol":"BTCUSDT","side":"Buy","orderType":"Market","qty":"1","reduceOnly":1}"#
        let reader = try #require(FieldReader(try JSONValue(parsing: Array(ones.utf8)), convention: .body))
        #expect(try Catalog.orderCreate.read(reader).flag("reduceOnly") == true)
    }

    @Test(arguments: [
        // Bybit's words for a zero qty without the close-all flags (the client never sends them).
        ("qty", "0", "The number of contracts exceeds minimum limit allowed: qty 0"),
        ("qty", "-0.01", "qty must be greater than zero, got -0.01"),
        ("qty", "0.000000001", "qty '0.000000001' has 9 decimals; at most 8 are allowed"),
        ("orderLinkId", String(repeating: "a", count: 37), "orderLinkId is too long (37 bytes, at most 36)"),
        ("orderLinkId", "has space", #"orderLinkId "has space" may contain only letters, digits, '_' and '-'"#),
        ("orderLinkId", "", "orderLinkId must not be empty"),
        ("side", "sell", "side 'sell' is not supported (not allowed for /v5/order/create); expected 'Buy' or 'Sell'"),
        ("orderType", "Stop", "orderType 'Stop' is not supported"),
        ("timeInForce", "GTD", "expected 'GTC' or 'IOC' or 'FOK' or 'PostOnly'"),
        ("category", "spot", "category 'spot' is not supported"),
    ])
    func orderCreateRefusesBadValuesNamingTheField(field: String, value: String, message: String) throws {
        let wire: WireValue = field == "qty" ? Self.d(value) : .text(value)
        let pairs = Self.order.filter { $0.0 != field } + [(field, wire)]
        #expect(Self.refusal(Catalog.orderCreate, pairs).contains(message))
    }

    /// Bybit's close-all: qty "0" with reduceOnly and closeOnTrigger. The exchange reads
    /// it; the client cannot send it, as closeOnTrigger is not among its fields.
    @Test func qtyZeroIsTheCloseAllWithReduceOnlyAndCloseOnTrigger() throws {
        let zero = Self.order.map { $0.0 == "qty" ? ($0.0, Self.d("0")) : $0 }
        #expect(
            try Self.wire(Catalog.orderCreate, zero + [("closeOnTrigger", .flag(true))])
                .hasSuffix(#""orderLinkId":"derisk-7f3a-0001","closeOnTrigger":true}"#))
        let bybit =
            "The number of contracts exceeds minimum limit allowed: qty 0 (Bybit takes a zero qty only as a close-all"
        #expect(Self.refusal(Catalog.orderCreate, zero).hasPrefix(bybit))
        #expect(Self.refusal(Catalog.orderCreate, zero + [("closeOnTrigger", .flag(false))]).hasPrefix(bybit))
        let notReduceOnly = zero.map { $0.0 == "reduceOnly" ? ($0.0, WireValue.flag(false)) : $0 }
        #expect(Self.refusal(Catalog.orderCreate, notReduceOnly + [("closeOnTrigger", .flag(true))]).hasPrefix(bybit))
        // A negative qty is refused whatever the flags.
        let negative = Self.order.map { $0.0 == "qty" ? ($0.0, Self.d("-1")) : $0 }
        #expect(
            Self.refusal(Catalog.orderCreate, negative + [("closeOnTrigger", .flag(true))])
                == "qty must be greater than zero, got -1")
        // The client's fields (its requests, bybit.order's arguments, `types`) stay without it.
        #expect(Catalog.orderCreate.field("closeOnTrigger") == nil)
        #expect(!Catalog.orderCreate.request.map(\.name).contains("closeOnTrigger"))
        #expect(Catalog.orderCreate.acceptedField("closeOnTrigger") != nil)
    }

    /// The exchange reads decimals only in the plain notation Bybit writes (and the client
    /// sends): an exponent, a sign or a bare point is refused, whatever the value.
    @Test(arguments: ["1e-3", "1E2", "+1", ".5", "5.", " 1", "1,5", "", "abc"])
    func theExchangeReadsOnlyPlainDecimals(qty: String) throws {
        let body =
            #"{"category":"linear","symbol":"BTCUSDT","side":"Sell","orderType":"Market","qty":"\#(qty)"}"#
        let reader = try #require(FieldReader(try JSONValue(parsing: Array(body.utf8)), convention: .body))
        var message = ""
        do { _ = try Catalog.orderCreate.read(reader) } catch { message = error.message }
        #expect(
            message == "qty \(String(reflecting: qty)) is not a decimal number as Bybit writes one: a decimal "
                + "string such as \"10.5\" (digits with an optional leading '-' and '.')")
    }

    @Test func aLimitOrderNeedsAPriceAndTheExchangeReadsTheSameRefusal() throws {
        let limit = Self.order.map { $0.0 == "orderType" ? ($0.0, WireValue.text("Limit")) : $0 }
        let message = Self.refusal(Catalog.orderCreate, limit)
        #expect(message.contains("price (orderType 'Limit' needs price)"))
        let body = #"{"category":"linear","symbol":"BTCUSDT","side":"Sell","orderType":"Limit","qty":"1"}"#
        let reader = try #require(FieldReader(try JSONValue(parsing: Array(body.utf8)), convention: .body))
        var exchange = ""
        do { _ = try Catalog.orderCreate.read(reader) } catch { exchange = error.message }
        #expect(exchange == message)
    }

    @Test func cancelNeedsAnId() throws {
        let base: [(String, WireValue)] = [("category", .text("linear")), ("symbol", .text("BTCUSDT"))]
        #expect(Self.refusal(Catalog.orderCancel, base).contains("orderId or orderLinkId"))
        #expect(
            try Self.wire(Catalog.orderCancel, base + [("orderLinkId", .text("a-1"))])
                == #"{"category":"linear","symbol":"BTCUSDT","orderLinkId":"a-1"}"#)
    }

    @Test func listsWriteTheirQueries() throws {
        #expect(
            try Self.wire(
                Catalog.orderRealtime,
                [
                    ("category", .text("linear")), ("symbol", .text("BTCUSDT")), ("orderLinkId", .text("x_1")),
                    ("openOnly", .integer(1)), ("limit", .integer(50)),
                ])
                == "category=linear&symbol=BTCUSDT&orderLinkId=x_1&openOnly=1&limit=50")
        #expect(
            Self.refusal(Catalog.orderRealtime, [("category", .text("linear"))])
                .contains("symbol or settleCoin or baseCoin"))
        #expect(
            Self.refusal(Catalog.orderRealtime, [("category", .text("inverse")), ("limit", .integer(51))])
                == "limit must be between 1 and 50, got 51")
        #expect(
            try Self.wire(
                Catalog.orderHistory,
                [("category", .text("inverse")), ("orderStatus", .text("Filled")), ("startTime", .integer(1))])
                == "category=inverse&orderStatus=Filled&startTime=1")
        #expect(
            Self.refusal(Catalog.orderHistory, [("category", .text("linear")), ("orderStatus", .text("Done"))])
                .contains("orderStatus 'Done' is not supported"))
        #expect(
            try Self.wire(Catalog.executionList, [("category", .text("linear")), ("limit", .integer(100))])
                == "category=linear&limit=100")
        #expect(
            Self.refusal(Catalog.executionList, [("category", .text("linear")), ("limit", .integer(0))])
                == "limit must be between 1 and 100, got 0")
    }

    @Test func positionSettings() throws {
        let sym: [(String, WireValue)] = [("category", .text("linear")), ("symbol", .text("BTCUSDT"))]
        #expect(
            try Self.wire(Catalog.setLeverage, sym + [("buyLeverage", Self.d("10")), ("sellLeverage", Self.d("12.5"))])
                == #"{"category":"linear","symbol":"BTCUSDT","buyLeverage":"10","sellLeverage":"12.5"}"#)
        #expect(
            Self.refusal(Catalog.setLeverage, sym + [("buyLeverage", Self.d("0")), ("sellLeverage", Self.d("1"))])
                == "buyLeverage must be greater than zero, got 0")
        #expect(
            try Self.wire(
                Catalog.tradingStop,
                sym + [("tpslMode", .text("Full")), ("positionIdx", .integer(0)), ("stopLoss", Self.d("55000"))])
                == #"{"category":"linear","symbol":"BTCUSDT","tpslMode":"Full","positionIdx":0,"stopLoss":"55000"}"#)
        #expect(
            Self.refusal(Catalog.tradingStop, sym + [("tpslMode", .text("Full")), ("positionIdx", .integer(0))])
                .contains("takeProfit or stopLoss or trailingStop"))
        #expect(
            Self.refusal(
                Catalog.tradingStop,
                sym + [("tpslMode", .text("Full")), ("positionIdx", .integer(0)), ("stopLoss", Self.d("-1"))])
                == "stopLoss must not be negative, got -1")
        #expect(
            try Self.wire(
                Catalog.switchMode, [("category", .text("linear")), ("coin", .text("USDT")), ("mode", .integer(3))])
                == #"{"category":"linear","coin":"USDT","mode":3}"#)
        #expect(
            Self.refusal(Catalog.switchMode, sym + [("mode", .integer(1))])
                == "mode must be 0 (one-way) or 3 (hedge), got 1")
        #expect(
            Self.refusal(Catalog.switchMode, [("category", .text("linear")), ("mode", .integer(0))])
                .contains("symbol or coin"))
        #expect(
            Self.refusal(
                Catalog.switchMode,
                [("category", .text("inverse")), ("symbol", .text("BTCUSD")), ("mode", .integer(0))]
            )
            .contains("inverse is one-way only"))
        #expect(
            try Self.wire(Catalog.setMarginMode, [("setMarginMode", .text("REGULAR_MARGIN"))])
                == #"{"setMarginMode":"REGULAR_MARGIN"}"#)
        #expect(
            Self.refusal(Catalog.setMarginMode, [("setMarginMode", .text("CROSS"))])
                .contains("setMarginMode 'CROSS' is not supported"))
    }

    @Test func theOrderAndExecutionShapesAreReachable() {
        let classes = Set(Catalog.shapes.map(\.luaClass))
        #expect(classes.isSuperset(of: ["bybit.Order", "bybit.Execution", "bybit.OrderAck", "bybit.OrderPage"]))
        #expect(Catalog.order.kind("cumExecQty")?.luaType == "Decimal")
        #expect(Catalog.execution.kind("execTime")?.luaType == "integer")
        for path in [
            "/v5/order/create", "/v5/order/cancel", "/v5/position/set-leverage", "/v5/account/set-margin-mode",
        ] {
            #expect(Catalog.endpoint(path: path)?.isMutation == true, "\(path)")
        }
    }
}
