#!/usr/bin/env python3
"""Small helpers for scripts/bench (standard library only).

    util.py free-port                       a free TCP port on 127.0.0.1
    util.py get URL                         GET URL, print the body; exit 1 unless HTTP 200
    util.py paper-account URL KEY SECRET    POST URL/paper/accounts: a fresh paper account
    util.py wrk LABEL FILE                  one wrk --latency output as a RESULT json line
    util.py rss FILE                        "Maximum resident set size" of /usr/bin/time -v, kB
    util.py wire PCAP N                     "wire timing" of a sequential client: the gaps
        between the first N+1 request packets (each starts with "POST") in a tcpdump
        capture, i.e. N call cycles as the server's side of loopback saw them begin.
        Prints {"wire_n", "wire_mean_us", "wire_p50_us", "wire_p90_us", "wire_p99_us"}.
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


def pcap_times(path):
    """Packet timestamps (seconds, float) of a classic pcap file (µs or ns precision)."""
    import struct
    data = open(path, "rb").read()
    if len(data) < 24:
        return []
    magic = data[:4]
    endian, scale = {b"\xd4\xc3\xb2\xa1": ("<", 1e-6), b"\xa1\xb2\xc3\xd4": (">", 1e-6),
                     b"\x4d\x3c\xb2\xa1": ("<", 1e-9), b"\xa1\xb2\x3c\x4d": (">", 1e-9)}[magic]
    out, off = [], 24
    while off + 16 <= len(data):
        sec, frac, incl, _ = struct.unpack(endian + "IIII", data[off:off + 16])
        out.append(sec + frac * scale)
        off += 16 + incl
    return out


def wire(path, n):
    n = int(n)
    t = pcap_times(path)[: n + 1]
    gaps = sorted((b - a) * 1e6 for a, b in zip(t, t[1:]))
    if not gaps:
        print(json.dumps({"wire_n": 0}))
        return
    pct = lambda q: gaps[max(0, min(len(gaps) - 1, int(round(q / 100.0 * len(gaps) + 0.5)) - 1))]
    print(json.dumps({"wire_n": len(gaps), "wire_mean_us": round(sum(gaps) / len(gaps), 1),
                      "wire_p50_us": round(pct(50), 1), "wire_p90_us": round(pct(90), 1),
                      "wire_p99_us": round(pct(99), 1)}))


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
     "rss": lambda: rss(*args), "wire": lambda: wire(*args), "check-log": lambda: check_log(args[0], args[1:])}[cmd]()
