#!/usr/bin/env python3
"""The reaction-time rows of scripts/bench (standard library only).

    reaction.py times  --bin BIN --vpy PY --count N [--every-ms MS] --out DIR CLIENT...
    reaction.py watch  --bin BIN --vpy PY --seconds S --out DIR CLIENT...

times: for each CLIENT (bybit-lua, bybit-lua-devnull, pybit, ccxt) a fresh `bybit-lua paper --bench-controls
--no-rate-limits` and the client's guard (bench/lua/reaction.lua, bench/py/reaction_*.py)
streaming BTCUSDT and adding margin whenever the mark is below 59,500. Once the guard says
READY, POST /paper/bench/breaches pushes N breaches (mark 60,000 for MS, then 59,000 for
MS); GET /paper/bench/reaction?wait=1 then gives the exchange's own timing of each: from
the push of the breaching ticker to the add-margin's arrival (one monotonic clock).

watch: for each CLIENT a fresh `bybit-lua paper --walk 7 --walk-interval-ms 100` (every
mark moves 10 times a second) and a guard subscribed to 5 tickers (bench/lua/watch.lua,
bench/py/watch_pybit.py) for S seconds: CPU % of one core (utime+stime from /proc over
the window, after a 3 s settle) and RSS (VmRSS at the end, VmHWM).

With --wire (root and tcpdump), each timed run is also captured on lo and split: the
breaching ticker frame leaving the exchange -> the add-margin request's first packet
(the client's own share, `wire_*`), the rest being the exchange's (its write path before
the frame reaches the socket, its HTTP parsing before the arrival is stamped).

Prints one `RESULT {json}` line per client run; exits 1 when a run failed.
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
KEY, SECRET = "bench-reaction", "bench-reaction-secret-0123456789abcdef"
SYMBOL, THRESHOLD, CALM, BREACH = "BTCUSDT", "59500", "60000", "59000"
WATCHED = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "BTCPERP", "BTCUSD"]
CLK_TCK = os.sysconf("SC_CLK_TCK")


def call(url, path, body=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url + path, data=data, method="POST" if data else "GET",
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            reply = json.loads(r.read())
    except urllib.error.HTTPError as e:
        reply = json.loads(e.read())
    if reply.get("retCode") != 0:
        raise RuntimeError(f"{path}: {reply}")
    return reply["result"]


class Paper:
    def __init__(self, binary, extra, log):
        self.p = subprocess.Popen([binary, "paper", "--port", "0", "--api-key", KEY, "--api-secret", SECRET] + extra,
                                  stdout=subprocess.PIPE, stderr=log, text=True)
        self.url = None
        for line in self.p.stdout:
            if "exchange at " in line:
                self.url = line.split("exchange at ", 1)[1].strip()
            if line.startswith("Stop with"):
                break
        if not self.url:
            raise RuntimeError("bybit-lua paper did not start")

    def stop(self):
        stop(self.p)


def stop(p):
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def env(extra=None):
    e = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", ""), "LANG": "C.UTF-8"}
    for k in ("XDG_STATE_HOME", "XDG_CONFIG_HOME"):
        if k in os.environ:
            e[k] = os.environ[k]
    e.update(extra or {})
    return e


def guard_command(a, client, url, kind, arg):
    if client.startswith("bybit-lua"):
        script = "reaction.lua" if kind == "times" else "watch.lua"
        extra = [SYMBOL, THRESHOLD, str(arg)] if kind == "times" else WATCHED
        # bybit-lua-devnull: the audit lines built and written to /dev/null (nothing to
        # fsync), like for like with pybit and ccxt, which keep no log; bybit-lua: as
        # shipped, an fsync'd write-ahead intent line on this disk before each send.
        audit = "/dev/null" if client == "bybit-lua-devnull" else os.path.join(a.out, f"audit-{kind}.jsonl")
        return ([a.bin, "--base-url", url, "--audit-log", audit,
                 os.path.join(BENCH, "lua", script)] + extra,
                env({"BYBIT_API_KEY": KEY, "BYBIT_API_SECRET": SECRET}))
    if kind == "times":
        return [a.vpy, os.path.join(HERE, f"reaction_{client}.py"), url, KEY, SECRET, SYMBOL, THRESHOLD, str(arg)], env()
    return [a.vpy, os.path.join(HERE, f"watch_{client}.py"), url] + WATCHED, env()


def start_guard(cmd, environment, out_path):
    out = open(out_path, "w")
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=out, env=environment, text=True)
    deadline = time.time() + 90
    for line in p.stdout:
        out.write(line)
        if line.strip() == "READY":
            return p, out
        if time.time() > deadline:
            break
    stop(p)
    raise RuntimeError(f"{cmd[0]} never said READY (see {out_path})")


def capture_start(port, path):
    p = subprocess.Popen(["tcpdump", "-i", "lo", "-n", "-Z", "root", "--immediate-mode", "-B", "16384", "-s", "2048",
                          "-U", "-w", path, f"tcp port {port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for line in p.stderr:  # "listening on lo ..."
        if b"listening" in line:
            break
    return p


def pcap_packets(path):
    """(time s, src port, dst port, TCP payload) of each packet in a classic pcap of lo."""
    import struct
    data = open(path, "rb").read()
    magic = data[:4]
    endian, scale = {b"\xd4\xc3\xb2\xa1": ("<", 1e-6), b"\xa1\xb2\xc3\xd4": (">", 1e-6),
                     b"\x4d\x3c\xb2\xa1": ("<", 1e-9), b"\xa1\xb2\x3c\x4d": (">", 1e-9)}[magic]
    link = struct.unpack(endian + "I", data[20:24])[0]
    l2 = 14 if link == 1 else 16 if link == 113 else 0
    off = 24
    while off + 16 <= len(data):
        sec, frac, incl, _ = struct.unpack(endian + "IIII", data[off:off + 16])
        pkt = data[off + 16:off + 16 + incl]
        off += 16 + incl
        ip = pkt[l2:]
        if len(ip) < 20 or ip[0] >> 4 != 4:
            continue
        tcp = ip[(ip[0] & 15) * 4:]
        if len(tcp) < 20:
            continue
        sport, dport = struct.unpack(">HH", tcp[:4])
        yield sec + frac * scale, sport, dport, tcp[(tcp[12] >> 4) * 4:]


def wire_split(path, port):
    """Per breach: breaching ticker frame out of the exchange -> next add-margin POST in, us."""
    out, pending = [], None
    for t, sport, dport, payload in pcap_packets(path):
        if sport == port and f'"markPrice":"{BREACH}'.encode() in payload:
            pending = t
        elif dport == port and payload.startswith(b"POST /v5/position/add-margin") and pending is not None:
            out.append((t - pending) * 1e6)
            pending = None
    return out


def quantiles(xs):
    if not xs:
        return {}
    s = sorted(xs)
    q = lambda p: s[min(len(s) - 1, max(0, -(-int(p * len(s) * 1000) // 1000) - 1))]
    return {"wire_n": len(s), "wire_p50_us": round(q(0.5), 1), "wire_p90_us": round(q(0.9), 1),
            "wire_p99_us": round(q(0.99), 1), "wire_max_us": round(s[-1], 1),
            "wire_mean_us": round(sum(s) / len(s), 1)}


def times(a, client):
    paper = Paper(a.bin, ["--bench-controls", "--no-rate-limits"], open(os.path.join(a.out, f"paper-{client}.err"), "w"))
    cap, pcap = None, os.path.join(a.out, f"reaction-{client}.pcap")
    try:
        cmd, environment = guard_command(a, client, paper.url, "times", a.count)
        g, out = start_guard(cmd, environment, os.path.join(a.out, f"reaction-{client}.out"))
        if a.wire:
            cap = capture_start(paper.url.rsplit(":", 1)[1], pcap)
        try:
            call(paper.url, "/paper/bench/breaches", {"symbol": SYMBOL, "breachMark": BREACH, "calmMark": CALM,
                                                      "count": a.count, "everyMs": a.every_ms})
            r = call(paper.url, "/paper/bench/reaction?wait=1&samples=1", timeout=a.count * a.every_ms / 500 + 60)
        finally:
            try:
                rest, _ = g.communicate(timeout=15)
                out.write(rest or "")
            except subprocess.TimeoutExpired:
                stop(g)
            out.close()
    finally:
        if cap:
            time.sleep(0.2)
            cap.send_signal(signal.SIGINT)
            cap.wait(10)
        paper.stop()
    with open(os.path.join(a.out, f"reaction-{client}.samples.json"), "w") as f:
        json.dump(r.pop("samplesUs", []), f)
    res = {"client": client, "op": "reaction", "every_ms": a.every_ms}
    for k, v in r.items():
        res[k] = float(v) if k.endswith("Us") and v is not None else v
    if cap:
        res.update(quantiles(wire_split(pcap, int(paper.url.rsplit(":", 1)[1]))))
    return res


def proc_cpu_ticks(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)


def proc_status_kb(pid, name):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(name + ":"):
            return int(line.split()[1])
    return None


def watch(a, client):
    paper = Paper(a.bin, ["--walk", "7", "--walk-interval-ms", "100"], open(os.path.join(a.out, f"paper-watch-{client}.err"), "w"))
    try:
        cmd, environment = guard_command(a, client, paper.url, "watch", None)
        g, out = start_guard(cmd, environment, os.path.join(a.out, f"watch-{client}.out"))
        try:
            time.sleep(3)  # settle: connections, first snapshots, imports done
            c0, t0 = proc_cpu_ticks(g.pid), time.monotonic()
            time.sleep(a.seconds)
            c1, t1 = proc_cpu_ticks(g.pid), time.monotonic()
            rss, hwm = proc_status_kb(g.pid, "VmRSS"), proc_status_kb(g.pid, "VmHWM")
        finally:
            stop(g)
            out.write(g.stdout.read() or "")
            out.close()
    finally:
        paper.stop()
    ticks = [ln for ln in open(os.path.join(a.out, f"watch-{client}.out")) if ln.startswith("TICKS ")]
    return {"client": client, "op": "watch", "seconds": round(t1 - t0, 2), "tickers": len(WATCHED),
            "cpu_pct": round(100.0 * (c1 - c0) / CLK_TCK / (t1 - t0), 2), "rss_kb": rss, "hwm_kb": hwm,
            "ticks": ticks[-1].split()[1] if ticks else None}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["times", "watch"])
    ap.add_argument("clients", nargs="+")
    ap.add_argument("--bin", required=True)
    ap.add_argument("--vpy", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--every-ms", type=int, default=100)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--wire", action="store_true", help="capture on lo (tcpdump, root) and split the time")
    a = ap.parse_args()
    failed = False
    for client in a.clients:
        try:
            res = (times if a.mode == "times" else watch)(a, client)
            print("RESULT " + json.dumps(res), flush=True)
        except Exception as e:  # one client's failure does not hide the others' rows
            print(f"reaction.py: {a.mode} {client} FAILED: {e}", file=sys.stderr, flush=True)
            failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
