"""The replay row of scripts/bench's table (used by summary.py).

Rows come from bench/py/replay_bench.py, section "replay": one `bybit-lua replay` of the
day bench/py/replay_day.py writes (1 s ticks of 3 symbols) through
scripts/liquidation_guard.lua, per rep.
"""

# issue 17: a day of 1 s ticks for 3 symbols (259,200 rows) in <= 10 s
TARGET_WALL_S = 10.0
FULL_DAY_TICKS = 259_200


def _med(vals):
    vals = sorted(vals)
    n = len(vals)
    return None if n == 0 else (vals[n // 2] if n % 2 else (vals[n // 2 - 1] + vals[n // 2]) / 2)


def print_rows(rows, result):
    """Prints the replay table; fills result["replay"]."""
    runs = [r for r in rows if r.get("section") == "replay"]
    if not runs:
        return
    keys = ("wall_s", "cpu_s", "ticks_per_s", "maxrss_kb")
    summary = {"ticks": runs[0]["ticks"], "runs": len(runs)}
    for k in keys:
        vals = [r[k] for r in runs if r.get(k) is not None]
        summary[k] = {"median": _med(vals), "min": min(vals), "max": max(vals)} if vals else None
    result["replay"] = summary
    print()
    print(f"-- replay: {summary['ticks']:,} ticks (1 s, 3 symbols; bench/py/replay_day.py) through "
          "scripts/liquidation_guard.lua 3 8 0 30 (median [min..max])")
    w, c, t, m = (summary[k] for k in keys)
    print(f"wall {w['median']:.2f} s [{w['min']:.2f}..{w['max']:.2f}]   cpu {c['median']:.2f} s   "
          f"{t['median']:,.0f} ticks/s [{t['min']:,.0f}..{t['max']:,.0f}]   peak RSS {m['median'] / 1024:.1f} MiB")


def targets(result, target):
    """Adds the replay target (only for a full day); returns its label and format."""
    r = result.get("replay")
    full = r is not None and r["ticks"] == FULL_DAY_TICKS
    target("replay_day_wall_s", r["wall_s"]["median"] if full else None, TARGET_WALL_S, False,
           "wall time of a day of 1 s ticks x 3 symbols through the guard (replay), s")
    return {"replay_day_wall_s": ("replay: a day of 1 s ticks x 3 in <= 10 s", "{:.2f} s")}
