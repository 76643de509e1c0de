#!/usr/bin/env python3
"""Small helpers for scripts/bench (standard library only).

    util.py free-port                       a free TCP port on 127.0.0.1
    util.py get URL                         GET URL, print the body; exit 1 unless HTTP 200
    util.py paper-account URL KEY SECRET    POST URL/paper/accounts: a fresh paper account
    util.py wrk LABEL FILE                  one wrk --latency output as a RESULT json line
    util.py rss FILE                        "Maximum resident set size" of /usr/bin/time -v, kB
    util.py check-log ACCESS_LOG KEY=EXPECTED ...
        counts POST /v5/position/add-margin requests per API key in the stand-in's access
        log: all EXPECTED arrived, with status 200, a 64-hex X-BAPI-SIGN, a timestamp, and
        over how many TCP connections. Prints one json line per key; exit 1 on a mismatch.
"""
import json
import re
import socket
import sys
import urllib.request

UNIT = {"us": 1.0, "ms": 1000.0, "s": 1e6}


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    print(port)


def get(url):
    with urllib.request.urlopen(url, timeout=5) as r:
        sys.stdout.write(r.read().decode())
        if r.status != 200:
            sys.exit(1)


def paper_account(url, key, secret):
    body = json.dumps({"apiKey": key, "apiSecret": secret}).encode()
    req = urllib.request.Request(url.rstrip("/") + "/paper/accounts", data=body, method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=5) as r:
        reply = json.loads(r.read())
    if reply.get("retCode") != 0:
        sys.exit(f"paper-account: {reply}")


def wrk_to_result(label, path):
    text = open(path).read()

    def dur(s):
        m = re.match(r"([\d.]+)(us|ms|s)$", s)
        return round(float(m.group(1)) * UNIT[m.group(2)], 1)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    avg = dur(re.search(r"Latency\s+(\S+)", text).group(1))
    pct = {int(p): dur(v) for p, v in re.findall(r"^\s+(\d+)%\s+(\S+)", text, re.M)}
    total = re.search(r"(\d+) requests in ([\d.]+)(\w+)", text)
    errs = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    sock = re.search(r"Socket errors: (.*)", text)
    print(json.dumps({
        "client": label, "op": "add_margin", "n": int(total.group(1)), "calls_per_s": rps,
        "mean_us": avg, "p50_us": pct.get(50), "p90_us": pct.get(90), "p99_us": pct.get(99),
        "errors": int(errs.group(1)) if errs else 0, "socket_errors": sock.group(1) if sock else "",
        "timing": "wrk --latency (its own timer per request)"}))


def rss(path):
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(path).read())
    if not m:
        sys.exit(f"rss: no 'Maximum resident set size' in {path}")
    print(m.group(1))


def check_log(path, specs):
    want = {}
    for s in specs:
        k, v = s.rsplit("=", 1)
        want[k] = int(v)
    seen = {k: {"requests": 0, "ok": 0, "signed": 0, "conns": set()} for k in want}
    for line in open(path):
        try:
            r = json.loads(line)
        except ValueError:
            continue
        k = r.get("api_key")
        if k not in seen or r.get("method") != "POST" or r.get("uri") != "/v5/position/add-margin":
            continue
        s = seen[k]
        s["requests"] += 1
        s["ok"] += r.get("status") == 200
        s["signed"] += bool(re.fullmatch(r"[0-9a-f]{64}", r.get("sign", ""))) and r.get("ts", "").isdigit()
        s["conns"].add(r.get("conn"))
    bad = False
    for k, exp in want.items():
        s = seen[k]
        good = s["requests"] == exp and s["ok"] == exp and s["signed"] == exp
        bad |= not good
        print(json.dumps({"key": k, "expected": exp, "requests": s["requests"], "status_200": s["ok"],
                          "signed": s["signed"], "connections": len(s["conns"]), "ok": good}))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"free-port": lambda: free_port(), "get": lambda: get(*args),
     "paper-account": lambda: paper_account(*args), "wrk": lambda: wrk_to_result(*args),
     "rss": lambda: rss(*args), "check-log": lambda: check_log(args[0], args[1:])}[cmd]()
