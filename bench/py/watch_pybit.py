#!/usr/bin/env python3
"""pybit 5.17.0 as a guard that only watches, for the resource row of scripts/bench.

    watch_pybit.py URL SYMBOL...

`WebSocket.ticker_stream` for SYMBOL... (a linear and an inverse connection, as pybit
needs one per channel), each pushed mark compared with a threshold no walk reaches.
Prints READY after the first ticker and `TICKS n` every 100; runs until stopped.
"""
import sys
import threading
from decimal import Decimal

import pybit.unified_trading as ut
from pybit.unified_trading import WebSocket

FLOOR = Decimal("1")


def main():
    url, symbols = sys.argv[1], sys.argv[2:]
    ws_base = url.replace("http://", "ws://")
    ut.PUBLIC_WSS = ws_base + "/v5/public/{CHANNEL_TYPE}"
    lock = threading.Lock()
    state = {"ticks": 0, "fired": 0}

    def on_tick(message):
        mark = message.get("data", {}).get("markPrice")
        with lock:
            state["ticks"] += 1
            n = state["ticks"]
            if mark is not None and Decimal(mark) < FLOOR:
                state["fired"] += 1
        if n == 1:
            print("READY", flush=True)
        if n % 100 == 0:
            print(f"TICKS {n}", flush=True)

    inverse = [s for s in symbols if s.endswith("USD")]
    linear = [s for s in symbols if s not in inverse]
    sockets = []
    for channel, group in (("linear", linear), ("inverse", inverse)):
        if group:
            ws = WebSocket(testnet=False, channel_type=channel)
            ws.ticker_stream(symbol=group, callback=on_tick)
            sockets.append(ws)
    threading.Event().wait()


if __name__ == "__main__":
    main()
