#!/usr/bin/env python3
"""pybit (Bybit's official Python SDK) against a local server (nginx stand-in or paper).

Pointing it at the server: pybit.unified_trading.HTTP builds `self.endpoint`
("https://api.bybit.com") once in __post_init__, and every method formats its URL as
f"{self.endpoint}{path}" at call time, so overwriting `session.endpoint` after
construction redirects every REST call. Signing is unchanged (HMAC-SHA256 over
timestamp + api_key + recv_window + body, sent as X-BAPI-SIGN), which the paper
exchange checks. Adapted from shared/bench/peers/bench_pybit.py.
"""
from pybit.unified_trading import HTTP

import benchstat

OPS = {
    "add_margin": lambda s: s.add_or_reduce_margin(category="linear", symbol="BTCUSDT", margin="10"),
    "position_list": lambda s: s.get_positions(category="linear", symbol="BTCUSDT"),
    "server_time": lambda s: s.get_server_time(),
}


def main():
    a = benchstat.arg_parser(__doc__.splitlines()[0], OPS).parse_args()
    s = HTTP(testnet=False, api_key=a.key, api_secret=a.secret, max_retries=1)
    s.endpoint = a.url.rstrip("/")
    call = OPS[a.op]
    lat, total, errors, cpu = benchstat.timed_loop(lambda: call(s), a.n, lambda r: r["retCode"] == 0)
    benchstat.report(a.label or "pybit", a.op, lat, total, errors, cpu_ns=cpu)


if __name__ == "__main__":
    main()
