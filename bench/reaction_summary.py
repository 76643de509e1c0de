"""The reaction-time and watch rows of scripts/bench's table (used by summary.py).

Rows come from bench/py/reaction.py: section "reaction" (one per client: the paper
exchange's own timing of breaching-ticker push -> add-margin arrival) and section "watch"
(CPU % and RSS of a guard on 5 tickers pushed 10x/s).
"""

# issue 15, "Reaction time, measured"
TARGETS = {"reaction_ratio": 10.0, "reaction_p50_us": 250.0, "watch_cpu_pct": 2.0, "watch_rss_mib": 40.0}


# bybit-lua as shipped (the write-ahead audit line fsync'd on this disk before each send),
# and with the audit in /dev/null (like for like with the peers, which keep no log)
LUA_ROWS = [("bybit-lua", ""), ("bybit-lua-devnull", "_devnull")]


def fmt_us(v):
    return "-" if v is None else f"{v:.1f}"


def print_rows(rows, result):
    """Prints the two tables; fills result["reaction"], result["watch"], result["ratios"]."""
    reaction = [r for r in rows if r.get("section") == "reaction"]
    if reaction:
        print()
        print("-- reaction time: breaching mark pushed by the paper exchange -> add-margin arriving there "
              "(the exchange's own monotonic clock), us")
        print(f"{'client':<18} {'samples':>8} {'missed':>7} {'p50':>9} {'p90':>9} {'p99':>9} {'max':>9} {'mean':>9}"
              f" {'wire p50':>9} {'wire p99':>9}")
        for r in reaction:
            missed = (r.get("missedPush") or 0) + (r.get("missedReaction") or 0) + (r.get("early") or 0)
            result["reaction"][r["client"]] = {k: r.get(k) for k in (
                "count", "breaches", "missedPush", "missedReaction", "early", "unmatched",
                "minUs", "p50Us", "p90Us", "p99Us", "maxUs", "meanUs", "every_ms",
                "wire_n", "wire_p50_us", "wire_p90_us", "wire_p99_us", "wire_max_us", "wire_mean_us")}
            print(f"{r['client']:<18} {r.get('count', 0):>8} {missed:>7} {fmt_us(r.get('p50Us')):>9} "
                  f"{fmt_us(r.get('p90Us')):>9} {fmt_us(r.get('p99Us')):>9} {fmt_us(r.get('maxUs')):>9} "
                  f"{fmt_us(r.get('meanUs')):>9} {fmt_us(r.get('wire_p50_us')):>9} {fmt_us(r.get('wire_p99_us')):>9}")
        for me, suffix in LUA_ROWS:
            lua = result["reaction"].get(me, {})
            parts = []
            for peer in ("pybit", "ccxt"):
                p = result["reaction"].get(peer, {})
                for q in ("p50Us", "p99Us"):
                    if lua.get(q) and p.get(q):
                        ratio = round(p[q] / lua[q], 2)
                        result["ratios"][f"reaction_{q[:3]}_{peer}_over_lua{suffix}"] = ratio
                        parts.append(f"{peer} {q[:3]} {ratio:.1f}x")
            if parts:
                print(f"peer / {me}: " + ", ".join(parts))
        if any(r.get("wire_p50_us") for r in reaction):
            print("wire = the client's share, from tcpdump on lo: the breaching ticker frame leaving the exchange -> "
                  "the add-margin request's first packet; the rest of each figure is the exchange's")
    watch = [r for r in rows if r.get("section") == "watch"]
    if watch:
        print()
        print(f"-- a guard watching {watch[0].get('tickers')} tickers pushed 10x/s "
              f"({watch[0].get('seconds')} s after a 3 s settle)")
        print(f"{'client':<12} {'CPU % of one core':>18} {'RSS MiB':>8} {'peak MiB':>9} {'tickers seen':>13}")
        for r in watch:
            result["watch"][r["client"]] = {k: r.get(k) for k in ("cpu_pct", "rss_kb", "hwm_kb", "seconds", "ticks")}
            print(f"{r['client']:<12} {r['cpu_pct']:>18.2f} {(r.get('rss_kb') or 0) / 1024:>8.1f} "
                  f"{(r.get('hwm_kb') or 0) / 1024:>9.1f} {r.get('ticks') or '-':>13}")


def targets(result, target):
    """Adds the reaction targets through summary.py's `target(name, value, goal, higher, text)`;
    returns their labels and value formats."""
    R = result["ratios"]
    labels = {}
    for me, suffix in LUA_ROWS:
        if me not in result["reaction"] and suffix:
            continue
        tag = " (audit /dev/null)" if suffix else ""
        for peer in ("pybit", "ccxt"):
            for q in ("p50", "p99"):
                name = f"reaction_{q}_vs_{peer}{suffix}"
                target(name, R.get(f"reaction_{q}_{peer}_over_lua{suffix}"), TARGETS["reaction_ratio"], True,
                       f"{peer}'s reaction {q} / {me}'s")
                labels[name] = (f"reaction {q} >= 10x lower than {peer}{tag}", "{:.1f}x")
        lua = result["reaction"].get(me, {})
        target(f"reaction_p50_us{suffix}", lua.get("p50Us"), TARGETS["reaction_p50_us"], False, f"{me} reaction p50, us")
        labels[f"reaction_p50_us{suffix}"] = (f"reaction p50 <= 250 us{tag}", "{:.1f} us")
    w = result["watch"].get("bybit-lua", {})
    target("watch_cpu_pct", w.get("cpu_pct"), TARGETS["watch_cpu_pct"], False,
           "CPU % of one core, bybit-lua guard on 5 tickers at 10/s")
    labels["watch_cpu_pct"] = ("guard on 5 tickers at 10/s: CPU <= 2 %", "{:.2f} %")
    rss = w.get("hwm_kb")
    target("watch_rss_mib", round(rss / 1024, 1) if rss else None, TARGETS["watch_rss_mib"], False,
           "peak RSS MiB, bybit-lua guard on 5 tickers at 10/s")
    labels["watch_rss_mib"] = ("guard on 5 tickers at 10/s: RSS <= 40 MB", "{:.1f} MiB")
    return labels
