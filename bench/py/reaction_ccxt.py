#!/usr/bin/env python3
"""ccxt.pro as a guard, for the reaction-time benchmark (scripts/bench).

    reaction_ccxt.py URL KEY SECRET SYMBOL THRESHOLD COUNT

A `watch_ticker` loop -> `privatePostV5PositionAddMargin` (ccxt has no unified add-margin
for bybit) whenever the mark is below THRESHOLD; stops after COUNT add-margins. Pointed
at the paper exchange by overriding `urls['api']['ws']` and the REST urls after
construction; the rate limiter off, as in the REST rows. Prints READY after the first
ticker, DONE N at the end; the paper exchange times each reaction.
"""
import asyncio
import sys

import ccxt.pro


async def run(url, key, secret, symbol, threshold, count):
    ws_base = url.replace("http://", "ws://")
    ex = ccxt.pro.bybit({"apiKey": key, "secret": secret, "enableRateLimit": False})
    ex.urls["api"]["ws"] = {
        "public": {t: f"{ws_base}/v5/public/{t}" for t in ("spot", "linear", "inverse", "option")},
        "private": {"spot": {"unified": f"{ws_base}/v5/private", "nonUnified": f"{ws_base}/v5/private"},
                    "contract": f"{ws_base}/v5/private", "usdc": f"{ws_base}/v5/private",
                    "trade": f"{ws_base}/v5/trade"}}
    for k in ("spot", "futures", "v2", "public", "private"):
        ex.urls["api"][k] = url
    ex.options["fetchMarkets"] = {"types": ["linear"]}
    ex.options["enableUnifiedMargin"] = False
    ex.options["enableUnifiedAccount"] = True
    params = {"category": "linear", "symbol": symbol, "margin": "10"}
    unified = symbol[:-4] + "/USDT:USDT"  # BTCUSDT -> BTC/USDT:USDT
    added = 0
    try:
        await ex.privatePostV5PositionAddMargin(params)  # warm-up
        await ex.watch_ticker(unified)
        print("READY", flush=True)
        while added < count:
            t = await ex.watch_ticker(unified)
            mark = t.get("markPrice")
            if mark is not None and mark < threshold:
                await ex.privatePostV5PositionAddMargin(params)
                added += 1
    finally:
        await ex.close()
    print(f"DONE {added}", flush=True)


def main():
    url, key, secret, symbol, threshold, count = sys.argv[1:7]
    asyncio.run(run(url, key, secret, symbol, float(threshold), int(count)))


if __name__ == "__main__":
    main()
