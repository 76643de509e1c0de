#!/usr/bin/env python3
"""scripts/bench's table, ratios and targets; writes the results json.

    summary.py OUT_DIR --json FILE

Reads OUT_DIR/results.jsonl (RESULT lines tagged with section/rep/label), hyperfine.json,
rss.jsonl, checks.jsonl, notes.txt, versions.txt and meta.json, all written by
scripts/bench. Every row is the median of its runs, with [min..max] of the runs beside
the headline number; latency percentiles are the medians of the runs' percentiles.
"""
import argparse
import json
import os
import statistics
from collections import OrderedDict

import reaction_summary
import replay_summary

# DESIGN.md, "Performance targets"
TARGETS = {
    "calls_vs_pybit": 5.0,        # bybit-lua calls/s >= 5x pybit's (nginx stand-in)
    "calls_vs_wrk_c1": 0.5,       # >= 50 % of wrk -t1 -c1 on the same path
    "startup_vs_pybit_import": 8.0,  # bybit-lua -e '' >= 8x faster than import pybit.unified_trading
    "decimal_add_vs_python": 1.0,  # Lua-loop decimal + at least as fast as Python's decimal
    "rss_mib": 40.0,              # peak RSS of a paper-mode run <= 40 MB (MiB here)
}


def load_jsonl(path):
    if not os.path.exists(path):
        return []
    return [json.loads(l) for l in open(path) if l.strip()]


def med(vals):
    vals = [v for v in vals if v is not None]
    return statistics.median(vals) if vals else None


def summarize_runs(runs, keys):
    out = {"runs": len(runs)}
    for k in keys:
        vals = [r.get(k) for r in runs if r.get(k) is not None]
        if vals:
            out[k] = round(med(vals), 2)
            out[k + "_min"] = round(min(vals), 2)
            out[k + "_max"] = round(max(vals), 2)
    return out


def fmt(v, spec=".0f", none="-"):
    return none if v is None else format(v, spec)


def rng(s, k, spec=".0f"):
    if s.get("runs", 0) < 2 or (k + "_min") not in s:
        return ""
    return f"[{format(s[k + '_min'], spec)}..{format(s[k + '_max'], spec)}]"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--json", required=True)
    a = ap.parse_args()
    d = a.out
    meta = json.load(open(os.path.join(d, "meta.json")))
    rows = load_jsonl(os.path.join(d, "results.jsonl"))
    rss = load_jsonl(os.path.join(d, "rss.jsonl"))
    checks = load_jsonl(os.path.join(d, "checks.jsonl"))
    notes = [l.rstrip() for l in open(os.path.join(d, "notes.txt"))] if os.path.exists(
        os.path.join(d, "notes.txt")) else []
    versions = open(os.path.join(d, "versions.txt")).read().strip() if os.path.exists(
        os.path.join(d, "versions.txt")) else ""

    result = {"meta": meta, "versions": versions.splitlines(), "notes": notes,
              "add_margin": {}, "startup_ms": {}, "arith_ns": {}, "peak_rss_kb": {},
              "ratios": {}, "targets": {}, "server_checks": checks, "reaction": {}, "watch": {}}

    lat_keys = ["calls_per_s", "mean_us", "p50_us", "p90_us", "p99_us", "cpu_us_per_call", "lat_mean_us",
                "wire_mean_us", "wire_p50_us", "wire_p90_us", "wire_p99_us"]
    print()
    title = "bybit-lua benchmarks" + (" -- QUICK smoke mode, numbers are not meaningful" if meta.get("quick") else "")
    print(f"== {title} ==")
    print(f"N={meta['n']} timed add_margin calls per client run after 1 warm-up (bybit-lua: +{meta['lat_n']} "
          f"timed one by one for p50/p99); {meta['reps']} runs per row, interleaved; "
          f"median of the runs, [min..max] of calls/s")
    if meta.get("loadavg_start"):
        print(f"load average (1/5/15 min) of this shared {os.cpu_count()}-core machine: {meta['loadavg_start']} at the start, "
              f"{meta.get('loadavg_end')} at the end")

    rss_by = OrderedDict()
    for r in rss:
        rss_by.setdefault(r["what"], []).append(r["maxrss_kb"])

    for section, title in [("nginx", "nginx stand-in (fixed Bybit-shaped bodies, loopback)"),
                           ("paper", f"paper exchange (bybit-lua paper --no-rate-limits; {meta.get('paper_server', '?')}, "
                                     f"a fresh account per run)")]:
        groups = OrderedDict()
        for r in rows:
            if r.get("section") == section:
                groups.setdefault(r["label"], []).append(r)
        if not groups:
            continue
        print()
        print(f"-- sequential add_margin, one keep-alive connection: {title}")
        hdr = (f"{'client':<26} {'runs':>4} {'calls/s':>8} {'[min..max]':>15} {'mean us':>8} {'p50 us':>8} {'p99 us':>8} "
               f"{'wire p50':>8} {'wire p99':>8} {'CPU us/call':>11} {'errors':>6}")
        print(hdr)
        print("-" * len(hdr))
        sec = {}
        for label, rs in groups.items():
            s = summarize_runs(rs, lat_keys)
            s["errors"] = sum(r.get("errors", 0) for r in rs)
            s["timing"] = rs[0].get("timing", "")
            if "ccxt_version" in rs[0]:
                s["version"] = rs[0]["ccxt_version"]
            sec[label] = s
            shown = {"bybit-lua": "bybit-lua (Lua loop)", "ccxt": "ccxt (raw, limiter off)",
                     "wrk -t1 -c1": f"wrk -t1 -c1 ({meta.get('wrk_duration')})"}.get(label, label)
            print(f"{shown:<26} {s['runs']:>4} {fmt(s.get('calls_per_s')):>8} {rng(s, 'calls_per_s'):>15} "
                  f"{fmt(s.get('mean_us'), '.1f'):>8} {fmt(s.get('p50_us'), '.1f'):>8} {fmt(s.get('p99_us'), '.1f'):>8} "
                  f"{fmt(s.get('wire_p50_us'), '.1f'):>8} {fmt(s.get('wire_p99_us'), '.1f'):>8} "
                  f"{fmt(s.get('cpu_us_per_call'), '.1f'):>11} {s['errors']:>6}")
        result["add_margin"][section] = sec
        lua = sec.get("bybit-lua", {}).get("calls_per_s")
        ratios = []
        for other, key in [("pybit", "vs_pybit"), ("ccxt", "vs_ccxt"), ("wrk -t1 -c1", "vs_wrk_c1")]:
            o = sec.get(other, {}).get("calls_per_s")
            if lua and o:
                result["ratios"][f"{section}_calls_{key}"] = round(lua / o, 4)
                ratios.append(f"bybit-lua/{other} = {lua / o:.2f}" + (f" ({100 * lua / o:.0f} %)" if other.startswith("wrk") else "x"))
        if ratios:
            print("ratios (median calls/s): " + ", ".join(ratios))
        # Paired per run: each run of bybit-lua against the pybit/ccxt run next to it in
        # time (same rep), which cancels some of a shared machine's drifting load.
        by_rep = {}
        for r in rows:
            if r.get("section") == section:
                by_rep.setdefault(r["rep"], {})[r["label"]] = r
        paired = []
        for other in ("pybit", "ccxt", "wrk -t1 -c1"):
            vals = sorted(reps["bybit-lua"]["calls_per_s"] / reps[other]["calls_per_s"]
                          for reps in by_rep.values() if "bybit-lua" in reps and other in reps)
            if vals:
                result["ratios"][f"{section}_calls_vs_{other.split()[0]}_paired"] = {
                    "median": round(med(vals), 3), "min": round(vals[0], 3), "max": round(vals[-1], 3)}
                paired.append(f"/{other} {med(vals):.2f} [{vals[0]:.2f}..{vals[-1]:.2f}]")
            o_cpu = sec.get(other, {}).get("cpu_us_per_call")
            l_cpu = sec.get("bybit-lua", {}).get("cpu_us_per_call")
            if o_cpu and l_cpu:
                result["ratios"][f"{section}_cpu_per_call_{other.split()[0]}_over_lua"] = round(o_cpu / l_cpu, 3)
        if paired:
            print("paired per run (bybit-lua calls/s over the run next to it): bybit-lua" + ", bybit-lua".join(paired))
        cpu = [f"{o} {result['ratios'][f'{section}_cpu_per_call_{o}_over_lua']:.2f}x"
               for o in ("pybit", "ccxt") if f"{section}_cpu_per_call_{o}_over_lua" in result["ratios"]]
        if cpu:
            print("CPU per call, peer / bybit-lua (less sensitive to the machine's load): " + ", ".join(cpu))
        print("mean us = 1e6 / calls/s; p50/p99 = the client's own per-call timer (bybit-lua: the ms-edge pass); "
              "wire p50/p99 = gaps between its request packets on lo (tcpdump); CPU = process CPU time / calls")
        if "bybit-lua" in sec and sec["bybit-lua"].get("lat_mean_us") is not None:
            s = sec["bybit-lua"]
            dev = s["lat_mean_us"] / s["mean_us"] - 1 if s.get("mean_us") else 0
            print(f"bybit-lua p50/p99 come from the ms-edge pass: its mean {s['lat_mean_us']:.1f} us vs "
                  f"{s['mean_us']:.1f} us (1e6 / calls/s) in the plain loop"
                  + (f" -- {100 * dev:+.0f} %: the spinning pass was disturbed, read its p99 with care" if abs(dev) > 0.25 else ""))
        mine = [v for k, v in rss_by.items() if f"vs {section}" in k]
        if mine:
            print(f"peak RSS of the bybit-lua client runs: {med(mine[0]) / 1024:.1f} MiB")

    hf = os.path.join(d, "hyperfine.json")
    startup = {}
    if os.path.exists(hf):
        res = json.load(open(hf))["results"]
        print()
        print("-- start-up: hyperfine -N (wall time of a fresh process)")
        print(f"{'command':<58} {'mean ms':>8} {'± sd':>6} {'min ms':>7} {'median':>7} {'runs':>5}")
        for r in res:
            cmd = r["command"]
            if "import pybit" in cmd:
                name = "python -c 'import pybit.unified_trading'"
            elif cmd.endswith("-c pass"):
                name = "python -c pass"
            elif "server_time" in cmd:
                name = "bybit-lua -e 'require(\"bybit\").server_time()' (paper)"
            else:
                name = "bybit-lua -e ''"
            startup[name] = {"mean": round(r["mean"] * 1e3, 2), "stddev": round(r["stddev"] * 1e3, 2),
                             "min": round(r["min"] * 1e3, 2), "median": round(r["median"] * 1e3, 2),
                             "runs": len(r["times"]), "command": cmd}
            print(f"{name:<58} {r['mean'] * 1e3:>8.1f} {r['stddev'] * 1e3:>6.1f} {r['min'] * 1e3:>7.1f} "
                  f"{r['median'] * 1e3:>7.1f} {len(r['times']):>5}")
        result["startup_ms"] = startup
        e = startup.get("bybit-lua -e ''", {}).get("mean")
        p = startup.get("python -c 'import pybit.unified_trading'", {}).get("mean")
        if e and p:
            result["ratios"]["startup_pybit_import_over_lua"] = round(p / e, 2)
            print(f"ratio: import pybit / bybit-lua -e '' = {p / e:.1f}x (means)")

    arith = OrderedDict()
    for r in rows:
        if r.get("section") == "arith":
            arith.setdefault(r["label"], []).append(r)
    if arith:
        print()
        print(f"-- arithmetic in a loop, ns per op (loop overhead included; n={meta['arith_n']}; median of runs)")
        print(f"{'':<20} {'+':>8} {'*':>8} {'<':>8} {'empty loop':>11}")
        for label, rs in arith.items():
            s = summarize_runs(rs, ["add_ns", "mul_ns", "lt_ns", "empty_ns"])
            result["arith_ns"][label] = s
            print(f"{label:<20} {fmt(s.get('add_ns'), '.1f'):>8} {fmt(s.get('mul_ns'), '.1f'):>8} "
                  f"{fmt(s.get('lt_ns'), '.1f'):>8} {fmt(s.get('empty_ns'), '.1f'):>11}")
        dl = result["arith_ns"].get("bybit-lua decimal", {})
        py = result["arith_ns"].get("python decimal", {})
        parts = []
        for op, sym in [("add_ns", "+"), ("mul_ns", "*"), ("lt_ns", "<")]:
            if dl.get(op) and py.get(op):
                result["ratios"][f"decimal_{op[:-3]}_python_over_lua"] = round(py[op] / dl[op], 3)
                parts.append(f"{sym} {py[op] / dl[op]:.2f}x")
        if parts:
            print("python decimal time / bybit-lua decimal time: " + ", ".join(parts) + " (>1: bybit-lua faster)")

    if rss_by:
        print()
        print("-- peak RSS (/usr/bin/time, maximum resident set size)")
        for what, vals in rss_by.items():
            result["peak_rss_kb"][what] = {"median": med(vals), "min": min(vals), "max": max(vals), "runs": len(vals)}
            print(f"{what:<52} {med(vals) / 1024:>7.1f} MiB  [{min(vals) / 1024:.1f}..{max(vals) / 1024:.1f}]")

    reaction_summary.print_rows(rows, result)
    replay_summary.print_rows(rows, result)

    # targets
    t = result["targets"]
    R = result["ratios"]

    def target(name, value, goal, higher_better, text):
        if value is None:
            t[name] = {"goal": goal, "value": None, "met": None, "what": text}
        else:
            t[name] = {"goal": goal, "value": value,
                       "met": value >= goal if higher_better else value <= goal, "what": text}
    target("calls_vs_pybit", R.get("nginx_calls_vs_pybit"), TARGETS["calls_vs_pybit"], True,
           "bybit-lua add_margin calls/s / pybit's (nginx stand-in)")
    target("calls_vs_wrk_c1", R.get("nginx_calls_vs_wrk_c1"), TARGETS["calls_vs_wrk_c1"], True,
           "bybit-lua add_margin calls/s / wrk -t1 -c1 req/s")
    target("startup_vs_pybit_import", R.get("startup_pybit_import_over_lua"), TARGETS["startup_vs_pybit_import"], True,
           "mean(import pybit.unified_trading) / mean(bybit-lua -e '')")
    target("decimal_add_vs_python", R.get("decimal_add_python_over_lua"), TARGETS["decimal_add_vs_python"], True,
           "python decimal + ns / bybit-lua decimal + ns")
    g = result["peak_rss_kb"].get("bybit-lua scripts/liquidation_guard.lua (paper)")
    target("rss_mib", round(g["median"] / 1024, 1) if g else None, TARGETS["rss_mib"], False,
           "peak RSS of bybit-lua scripts/liquidation_guard.lua, MiB")
    reaction_labels = {**reaction_summary.targets(result, target), **replay_summary.targets(result, target)}
    print()
    print("-- DESIGN.md targets")
    labels = {"calls_vs_pybit": ">= 5x pybit calls/s", "calls_vs_wrk_c1": ">= 50 % of wrk -c1",
              "startup_vs_pybit_import": "start-up >= 8x faster than import pybit",
              "decimal_add_vs_python": "decimal + at least Python's speed", "rss_mib": "peak RSS <= 40 MiB"}
    for k, v in t.items():
        if k in reaction_labels:
            label, spec = reaction_labels[k]
            status = "skipped" if v["met"] is None else ("MET" if v["met"] else "NOT MET")
            print(f"{label:<44} {'-' if v['value'] is None else spec.format(v['value']):>10}   {status}")
            continue
        status = "skipped" if v["met"] is None else ("MET" if v["met"] else "NOT MET")
        val = "-" if v["value"] is None else (f"{100 * v['value']:.0f} %" if k == "calls_vs_wrk_c1"
                                             else f"{v['value']:.1f} MiB" if k == "rss_mib" else f"{v['value']:.2f}x")
        print(f"{labels[k]:<44} {val:>10}   {status}")

    if checks:
        bad = [c for c in checks if not c["ok"]]
        conns = sorted({c["connections"] for c in checks})
        print()
        print(f"server-side check (nginx access log): {len(checks) - len(bad)}/{len(checks)} runs had every "
              f"add-margin request arrive with status 200 and a 64-hex signature; TCP connections per run: {conns}")
    if notes:
        print()
        print("notes:")
        for n in notes:
            print("  - " + n)
    if versions:
        print()
        print("versions:")
        for line in versions.splitlines():
            print("  " + line)

    result["raw_runs"] = rows
    os.makedirs(os.path.dirname(os.path.abspath(a.json)), exist_ok=True)
    with open(a.json, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
