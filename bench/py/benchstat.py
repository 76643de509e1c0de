"""Shared arguments, timing summary and the RESULT line of the Python peer clients.

Adapted from the peer harness (shared/bench/peers/benchstat.py) so that scripts/bench
needs nothing outside the repository. Every bench script prints one human-readable line
and one machine-readable line:
    RESULT {"client": ..., "op": ..., "n": ..., "calls_per_s": ..., "mean_us": ...,
            "p50_us": ..., "p90_us": ..., "p99_us": ..., "min_us": ..., "max_us": ...,
            "total_s": ..., "errors": ...}
"""
import argparse
import json
import os


def arg_parser(desc, ops):
    p = argparse.ArgumentParser(description=desc)
    p.add_argument("-n", "--n", type=int, default=int(os.environ.get("N", "2000")),
                   help="timed calls (default 2000, or $N)")
    p.add_argument("--url", default=os.environ.get("BENCH_URL", "http://127.0.0.1:18080"),
                   help="base URL of the server ($BENCH_URL)")
    p.add_argument("--key", default=os.environ.get("BENCH_KEY", "XXXXXXXXXXXXXXXXXX"),
                   help="API key ($BENCH_KEY)")
    p.add_argument("--secret", default=os.environ.get("BENCH_SECRET", "YYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY"),
                   help="API secret ($BENCH_SECRET)")
    p.add_argument("--op", default="add_margin", choices=sorted(ops),
                   help="which endpoint to call (default add_margin)")
    p.add_argument("--label", default=None, help="client name for the RESULT line")
    return p


def percentile(sorted_vals, q):
    """Nearest-rank percentile on an already-sorted list (q in 0..100)."""
    if not sorted_vals:
        return float("nan")
    k = max(0, min(len(sorted_vals) - 1, int(round(q / 100.0 * len(sorted_vals) + 0.5)) - 1))
    return sorted_vals[k]


def report(client, op, lat_ns, total_ns, errors=0, extra=None, cpu_ns=None):
    n = len(lat_ns)
    s = sorted(lat_ns)
    us = lambda v: round(v / 1000.0, 1)
    res = {
        "client": client,
        "op": op,
        "n": n,
        "calls_per_s": round(n / (total_ns / 1e9), 1),
        "mean_us": us(sum(s) / n),
        "p50_us": us(percentile(s, 50)),
        "p90_us": us(percentile(s, 90)),
        "p99_us": us(percentile(s, 99)),
        "min_us": us(s[0]),
        "max_us": us(s[-1]),
        "total_s": round(total_ns / 1e9, 3),
        "errors": errors,
        "cpu_us_per_call": round(cpu_ns / n / 1000.0, 1) if cpu_ns is not None else None,
        "timing": "calls/s: perf_counter_ns around the loop; p50/p99: perf_counter_ns around each call",
    }
    if extra:
        res.update(extra)
    print(f"{client:<22} {op:<20} n={n} {res['calls_per_s']:>9.1f} calls/s  "
          f"mean {res['mean_us']:.1f}us  p50 {res['p50_us']:.1f}us  p99 {res['p99_us']:.1f}us  "
          f"errors={errors}")
    print("RESULT " + json.dumps(res), flush=True)
    return res


def timed_loop(call, n, ok):
    """1 warm-up call (must be ok), then n timed calls.

    Returns (lat_ns, total_ns, errors, cpu_ns): per-call latencies, the wall time of the
    whole loop, the failed calls, and the process CPU time (all threads) of the loop.
    """
    import time
    r = call()
    assert ok(r), r
    lat = [0] * n
    errors = 0
    clock = time.perf_counter_ns
    c_start = time.process_time_ns()
    t_start = clock()
    for i in range(n):
        t0 = clock()
        r = call()
        lat[i] = clock() - t0
        if not ok(r):
            errors += 1
    total = clock() - t_start
    return lat, total, errors, time.process_time_ns() - c_start
