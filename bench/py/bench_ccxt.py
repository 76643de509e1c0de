#!/usr/bin/env python3
"""ccxt (sync) bybit against a local server (nginx stand-in or paper).

Pointing it at the server: bybit.sign() builds every URL from
exchange.urls['api'][<api name>], so every entry is replaced with the base URL.
ccxt has no unified add_margin() for bybit (has['addMargin'] is None), so the implicit
raw endpoint method privatePostV5PositionAddMargin({...}) is used: same request, signed
by ccxt's own bybit.sign(); raw methods need no load_markets(). enableRateLimit is off:
ccxt's client-side throttle would otherwise space add-margin calls 100 ms apart.
Adapted from shared/bench/peers/bench_ccxt.py.
"""
import ccxt

import benchstat

OPS = {
    "add_margin": lambda e: e.privatePostV5PositionAddMargin(
        {"category": "linear", "symbol": "BTCUSDT", "margin": "10"}),
    "position_list": lambda e: e.privateGetV5PositionList({"category": "linear", "symbol": "BTCUSDT"}),
    "server_time": lambda e: e.publicGetV5MarketTime(),
}


def main():
    a = benchstat.arg_parser(__doc__.splitlines()[0], OPS).parse_args()
    e = ccxt.bybit({"apiKey": a.key, "secret": a.secret, "enableRateLimit": False})
    base = a.url.rstrip("/")
    for k in list(e.urls["api"].keys()):
        e.urls["api"][k] = base
    call = OPS[a.op]
    lat, total, errors, cpu = benchstat.timed_loop(lambda: call(e), a.n, lambda r: str(r["retCode"]) == "0")
    benchstat.report(a.label or "ccxt", a.op, lat, total, errors,
                     extra={"ccxt_version": ccxt.__version__, "enableRateLimit": False}, cpu_ns=cpu)


if __name__ == "__main__":
    main()
