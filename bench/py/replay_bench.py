#!/usr/bin/env python3
"""Times one `bybit-lua replay` run for scripts/bench's replay row.

Runs the command given after `--`, waits for it with os.wait4 (wall time, CPU time and
peak RSS of that process), checks from its report (stderr) that every tick was applied,
and prints one `RESULT {json}` line: ticks, wall_s, cpu_s, ticks_per_s, maxrss_kb.

Usage: bench/py/replay_bench.py --ticks N --err FILE -- BIN replay SCRIPT ... --prices DAY.csv
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ticks", type=int, required=True, help="rows in the price file")
    ap.add_argument("--err", required=True, help="where the run's stderr (log and report) goes")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
    with open(a.err, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        print(f"replay exited with {code}", file=sys.stderr)
        sys.exit(1)
    text = open(a.err, errors="replace").read()
    m = re.search(r"^prices: (\d+) ticks", text, re.M)
    applied = int(m.group(1)) if m else None
    if applied != a.ticks:
        print(f"replay applied {applied} ticks, the file has {a.ticks}", file=sys.stderr)
        sys.exit(1)
    cpu = usage.ru_utime + usage.ru_stime
    print("RESULT " + json.dumps({
        "ticks": applied, "wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "user_s": round(usage.ru_utime, 3),
        "sys_s": round(usage.ru_stime, 3), "ticks_per_s": round(applied / wall), "maxrss_kb": usage.ru_maxrss}))


if __name__ == "__main__":
    main()
