#!/usr/bin/env python3
"""pybit 5.17.0 as a guard, for the reaction-time benchmark (scripts/bench).

    reaction_pybit.py URL KEY SECRET SYMBOL THRESHOLD COUNT

`WebSocket.ticker_stream` callback -> `HTTP.add_or_reduce_margin` whenever a pushed mark
is below THRESHOLD; stops after COUNT add-margins. pybit is pointed at the paper exchange
the documented way: its URL constants patched before construction, `HTTP.endpoint` after.
The callback runs on pybit's WebSocket thread, so the call is made there (nothing queued
to another thread). Prints READY after the first ticker, DONE N at the end; the paper
exchange times each reaction (push of the breaching ticker -> add-margin arrival).
"""
import sys
import threading
from decimal import Decimal

import pybit.unified_trading as ut
from pybit.unified_trading import HTTP, WebSocket


def main():
    url, key, secret, symbol, threshold, count = sys.argv[1:7]
    threshold, count = Decimal(threshold), int(count)
    ws_base = url.replace("http://", "ws://")
    ut.PUBLIC_WSS = ws_base + "/v5/public/{CHANNEL_TYPE}"
    ut.PRIVATE_WSS = ws_base + "/v5/private"
    http = HTTP(api_key=key, api_secret=secret, max_retries=1)
    http.endpoint = url.rstrip("/")
    http.add_or_reduce_margin(category="linear", symbol=symbol, margin="10")  # warm-up
    state = {"ready": False, "added": 0}
    done = threading.Event()

    def on_tick(message):
        mark = message.get("data", {}).get("markPrice")
        if not state["ready"]:
            state["ready"] = True
            print("READY", flush=True)
        elif mark is not None and Decimal(mark) < threshold and not done.is_set():
            http.add_or_reduce_margin(category="linear", symbol=symbol, margin="10")
            state["added"] += 1
            if state["added"] >= count:
                done.set()

    ws = WebSocket(testnet=False, channel_type="linear")
    ws.ticker_stream(symbol=symbol, callback=on_tick)
    done.wait()
    print(f"DONE {state['added']}", flush=True)
    ws.exit()


if __name__ == "__main__":
    main()
