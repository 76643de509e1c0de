#!/usr/bin/env python3
"""ns per operation of +, * and < on decimal.Decimal in a Python loop (for scripts/bench).

    python3 arith.py [N]

The same loops as bench/lua/arith.lua: x = x + b (accumulating), y = a * b, c = b < a,
each in its own `for _ in range(N)` loop timed with time.perf_counter_ns; ns/op = loop
time / N, loop overhead included; the empty loop is reported too. Default context
(28 digits), which is what `Decimal(...)` arithmetic uses unless told otherwise.
"""
import json
import sys
import time
from decimal import Decimal


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    clock = time.perf_counter_ns
    a, b, x = Decimal("1812.70004844"), Decimal("0.25"), Decimal("0")
    res = {}
    t = clock()
    for _ in range(n):
        pass
    res["empty_ns"] = (clock() - t) / n
    t = clock()
    for _ in range(n):
        x = x + b
    res["add_ns"] = (clock() - t) / n
    t = clock()
    for _ in range(n):
        y = a * b
    res["mul_ns"] = (clock() - t) / n
    t = clock()
    for _ in range(n):
        c = b < a
    res["lt_ns"] = (clock() - t) / n
    assert c is True and y is not None and x == Decimal("0.25") * n
    out = {"client": "python decimal", "op": "arith", "n": n}
    out.update({k: round(v, 1) for k, v in res.items()})
    print("RESULT " + json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
