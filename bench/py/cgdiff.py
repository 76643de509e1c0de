#!/usr/bin/env python3
"""Per-operation cost from two callgrind runs (for scripts/bench --profile).

    cgdiff.py BASE.out RUN.out OPS [--top K] [--self]

BASE ran the program with 0 operations, RUN with OPS of them; for every function,
(Ir in RUN - Ir in BASE) / OPS is what one operation costs there (instructions executed,
inclusive of callees unless --self). Start-up, first-use and connection set-up cancel out.
Names are demangled with swift-demangle when it is on PATH.
"""
import argparse
import re
import shutil
import subprocess


def load(path, inclusive):
    out = subprocess.run(["callgrind_annotate", "--inclusive=" + ("yes" if inclusive else "no"),
                          "--threshold=100", path], capture_output=True, text=True, check=True).stdout
    costs = {}
    for line in out.splitlines():
        m = re.match(r"\s*([\d,]+) \([^)]*\)\s+(.*)$", line)
        if m and "PROGRAM TOTALS" not in line:
            name = re.sub(r"^\?\?\?:", "", m.group(2))
            costs[name] = costs.get(name, 0) + int(m.group(1).replace(",", ""))
    total = re.search(r"([\d,]+) \([^)]*\)\s+PROGRAM TOTALS", out)
    return costs, int(total.group(1).replace(",", "")) if total else 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("base")
    p.add_argument("run")
    p.add_argument("ops", type=int)
    p.add_argument("--top", type=int, default=40)
    p.add_argument("--self", action="store_true", help="self cost instead of inclusive")
    p.add_argument("--grep", default=None, help="only names matching this regex")
    p.add_argument("--all", action="store_true",
                   help="keep every frame (default: hide the frames every operation passes through on "
                        "its way in -- main, the Lua VM's unnamed internals, thunks, partial applies)")
    a = p.parse_args()
    base, tb = load(a.base, not a.self)
    run, tr = load(a.run, not a.self)
    print(f"total: {(tr - tb) / a.ops:,.0f} instructions per operation "
          f"({'self' if a.self else 'inclusive'} cost per function below)")
    rows = sorted((((run.get(k, 0) - base.get(k, 0)) / a.ops), k) for k in set(base) | set(run))
    rows.reverse()
    rows = [r for r in rows if r[0] >= 1][:2000]
    names = [k for _, k in rows]
    dm = shutil.which("swift-demangle")
    if dm and names:
        out = subprocess.run([dm, "--simplified"], input="\n".join(names) + "\n",
                             capture_output=True, text=True).stdout.splitlines()
        if len(out) == len(names):
            names = out
    boring = re.compile(r"^0x[0-9a-f]+ |thunk for|partial apply|@objc|protocol witness|below main|"
                        r"libc-start|libc_start|swift_job_run|runJobInEstablished|future_adapter|async_Main|"
                        r"bybit_lua_main|Runner\.run|LuaState\.call|bl_docall|lua_pcallk|start_thread|"
                        r"ThreadOpsPosix|setupThreadAndEventLoop")
    shown = 0
    for (v, _), k in zip(rows, names):
        if a.grep and not re.search(a.grep, k):
            continue
        if not a.all and boring.search(k):
            continue
        k = re.sub(r" \[/[^\]]*/(bybit-lua|lib[^/\]]*)\]$", r" [\1]", k)
        print(f"{v:12,.0f}  {k}"[:220])
        shown += 1
        if shown >= a.top:
            break


if __name__ == "__main__":
    main()
