#!/usr/bin/env python3
"""Writes a SYNTHETIC day of 1-second marks for the replay benchmark (scripts/bench).

3 symbols (the paper exchange's default book: BTCUSDT, ETHUSDT, BTCUSD) x 86,400 seconds =
259,200 rows of `timestamp,symbol,markPrice` from 2024-08-05T00:00:00Z: a seeded random
walk around the default marks with a slow 12 % slide of the BTC pair and back, so the
liquidation guard has margin to add. Same --seed, same file. Not market data.

Usage: bench/py/replay_day.py [--seed N] [--seconds N] OUT.csv
"""
import argparse
import math
import random

START_MS = 1_722_816_000_000
SYMBOLS = [("BTCUSDT", 60000.0, 0.1, 1.0), ("ETHUSDT", 3000.0, 0.01, -0.6), ("BTCUSD", 60000.0, 0.5, 1.0)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--seconds", type=int, default=86_400)
    ap.add_argument("out")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    noise = [0.0] * len(SYMBOLS)
    with open(a.out, "w") as f:
        f.write("# SYNTHETIC marks for the replay benchmark, not market data\n")
        f.write("timestamp,symbol,markPrice\n")
        for s in range(a.seconds):
            slide = 0.12 * math.sin(math.pi * s / a.seconds)  # down and back over the day
            for i, (symbol, start, tick, beta) in enumerate(SYMBOLS):
                noise[i] = noise[i] * 0.999 + rnd.gauss(0, 0.0003)
                price = start * (1 - beta * slide + noise[i])
                ticks = max(1, round(price / tick))
                f.write(f"{START_MS + s * 1000},{symbol},{ticks * tick:.{2 if tick < 1 else 1}f}\n")


if __name__ == "__main__":
    main()
