#!/usr/bin/env python3
"""The intake under load: 14 districts upload their rosters at once to `roster serve`.

    python3 Scripts/load-intake.py --roster .build/release/roster --scenario DIR --work DIR

DIR (--scenario) is what `roster samples --out DIR --rows N` wrote: program.json, register.xlsx
and rosters/<区县>.xlsx|csv. The script creates an intake on it (--work/intake, made afresh),
serves it on a free port of 127.0.0.1 (nothing else is ever contacted), logs in the 14 districts
one after the other, then:

  1. alone: the district whose roster is nearest 5,000 rows uploads it (POST /district/upload,
     then GET of the submission page the 303 names); the server's time of both requests comes
     from its access log (`POST /district/upload 303 N ms`);
  2. together: 14 threads, released at once, each uploading its district's roster and getting
     the page: latency per district (from sending the POST to reading the page), p50, p95 (nearest
     rank: with 14 requests, the slowest), max, and the wall time of the 14;
  3. the server's peak memory (VmHWM of /proc/PID/status) after the burst.

Requests are bounded: 14 logins, 2 uploads alone, 14 together (each with its page). Targets
(the issue): one 5,000-row roster checked and its page rendered in <= 1 s of server time; all 14
concurrent uploads answered within <= 5 s; the server's memory <= 500 MiB. Exits 1 when a
target is missed or a request fails, 2 when it cannot run. Standard library only.
"""
import argparse
import http.client
import json
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid

HOST = "127.0.0.1"  # loopback only: the load never leaves this machine
PASSWORD = "load-test-pw"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--roster", required=True)
    p.add_argument("--scenario", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--port", type=int, default=0, help="default: a free port")
    p.add_argument("--single-target", type=float, default=1.0, help="seconds of server time for one ~5,000-row upload and its page")
    p.add_argument("--burst-target", type=float, default=5.0, help="seconds for all 14 concurrent uploads")
    p.add_argument("--memory-target", type=float, default=500, help="MiB of server peak RSS")
    p.add_argument("--near", type=int, default=5000, help="rows of the roster uploaded alone (the nearest)")
    a = p.parse_args()

    scenario, work = os.path.abspath(a.scenario), os.path.abspath(a.work)
    rosters = os.path.join(scenario, "rosters")
    files = sorted(os.path.join(rosters, n) for n in os.listdir(rosters) if n.endswith((".xlsx", ".csv")))
    if len(files) != 14:
        die(f"{rosters} holds {len(files)} rosters, not 14", 2)

    sizes = roster_sizes(a.roster, scenario, files)
    os.makedirs(work, exist_ok=True)
    intake = os.path.join(work, "intake")
    shutil.rmtree(intake, ignore_errors=True)
    made = subprocess.run([a.roster, "serve", "--init", intake, "--program", os.path.join(scenario, "program.json"),
                           "--registry", os.path.join(scenario, "register.xlsx"), "--demo-password", PASSWORD],
                          capture_output=True, text=True)
    if made.returncode != 0:
        die(f"roster serve --init exited {made.returncode}: {made.stderr.strip()}", 2)

    port = a.port or free_port()
    log_path = os.path.join(work, "serve.log")
    log = open(log_path, "wb")
    server = subprocess.Popen([a.roster, "serve", intake, "--host", HOST, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=log, stdin=subprocess.DEVNULL)
    try:
        started = time.monotonic()
        wait_for_port(port, server)
        note(f"roster serve (pid {server.pid}) listening on {HOST}:{port} after {time.monotonic() - started:.1f} s "
             f"(programme and register loaded); RSS {status_mib(server.pid, 'VmRSS'):.0f} MiB")
        return run(a, port, server, log_path, files, sizes)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def run(a, port, server, log_path, files, sizes):
    by_district = {}
    for f in files:
        d = sizes[f]["district"]
        if d in by_district:
            die(f"two rosters for {d}", 2)
        by_district[d] = f

    # Sessions first, one district after the other.
    sessions = {}
    for d in by_district:
        sessions[d] = login(port, d)
    note(f"logged in {len(sessions)} districts")

    failures = []
    # 1. One roster alone: the one nearest 5,000 rows, then (for the record) the largest.
    near = min(by_district, key=lambda d: (abs(sizes[by_district[d]]["rows"] - a.near), d))
    largest = max(by_district, key=lambda d: (sizes[by_district[d]]["rows"], d))
    alone = {}
    for d in dict.fromkeys([near, largest]):
        r = upload(port, sessions[d], by_district[d])
        check_result(r, sizes[by_district[d]]["rows"], failures, d + " (alone)")
        post_ms, get_ms = server_times(log_path, d, r)
        alone[d] = (r, post_ms, get_ms)
        note(f"alone: {d} ({sizes[by_district[d]]['rows']} rows, {os.path.basename(by_district[d])}): "
             f"{r['seconds'] * 1000:.0f} ms from sending the POST to reading the page; server {post_ms} ms upload + {get_ms} ms page")

    # 2. The 14 together.
    barrier = threading.Barrier(len(by_district))
    results = {}

    def one(d):
        barrier.wait()
        try:
            results[d] = upload(port, sessions[d], by_district[d])
        except Exception as e:  # noqa: BLE001 (a failed request is a result)
            results[d] = {"error": f"{type(e).__name__}: {e}", "start": time.monotonic(), "end": time.monotonic(), "seconds": float("nan")}

    threads = [threading.Thread(target=one, args=(d,)) for d in by_district]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    hung = [t for t in threads if t.is_alive()]
    if hung:
        failures.append(f"{len(hung)} upload(s) had no answer within 120 s")
    time.sleep(0.3)  # the access log's last lines
    hwm = status_mib(server.pid, "VmHWM")
    rss = status_mib(server.pid, "VmRSS")

    rows = []
    for d in by_district:
        r = results.get(d, {"error": "no answer", "seconds": float("nan")})
        check_result(r, sizes[by_district[d]]["rows"], failures, d)
        post_ms, get_ms = server_times(log_path, d, r) if "error" not in r else (None, None)
        rows.append((d, by_district[d], sizes[by_district[d]]["rows"], r, post_ms, get_ms))

    ok = [r for (_, _, _, r, _, _) in rows if "error" not in r]
    latencies = sorted(r["seconds"] for r in ok)
    wall = (max(r["end"] for r in ok) - min(r["start"] for r in ok)) if ok else float("nan")

    print()
    print(f"Intake load: 14 districts upload at once to roster serve on {HOST} ({os.cpu_count()} cores, "
          f"{sum(s['rows'] for s in sizes.values()):,} rows in all, {time.strftime('%Y-%m-%d', time.gmtime())})")
    print()
    print("| district | file | rows | KiB | latency ms | upload ms (client / server) | page ms (client / server) | result |")
    print("|---|---|---|---|---|---|---|---|")
    for d, f, n, r, post_ms, get_ms in sorted(rows, key=lambda x: x[3].get("seconds", 0)):
        verdict = r.get("error") or f"{r['status']} → {r['page_status']}, page says {r.get('page_rows')} rows"
        print(f"| {d} | {os.path.basename(f)} | {n:,} | {os.path.getsize(f) // 1024:,} | "
              f"{ms(r.get('seconds'))} | {ms(r.get('post_seconds'))} / {dash(post_ms)} | {ms(r.get('page_seconds'))} / {dash(get_ms)} | {verdict} |")
    print()
    p50, p95 = nearest_rank(latencies, 50), nearest_rank(latencies, 95)
    print(f"latency of the 14 (POST sent → page read): p50 {ms(p50)} ms, p95 {ms(p95)} ms (nearest rank), "
          f"max {ms(latencies[-1] if latencies else None)} ms; wall time of all 14: {ms(wall)} ms")
    print(f"server peak RSS (VmHWM): {hwm:.0f} MiB (RSS after the burst {rss:.0f} MiB)")

    r, post_ms, get_ms = alone[near]
    single_s = (post_ms + get_ms) / 1000 if post_ms is not None and get_ms is not None else float("nan")
    verdicts = [
        (f"one roster alone ({near}, {sizes[by_district[near]]['rows']:,} rows): server {post_ms} + {get_ms} ms "
         f"(client {ms(r['seconds'])} ms)", f"<= {a.single_target:g} s", single_s <= a.single_target),
        (f"all 14 together: wall {ms(wall)} ms, slowest {ms(latencies[-1] if latencies else None)} ms",
         f"<= {a.burst_target:g} s", len(ok) == 14 and wall <= a.burst_target),
        (f"server peak memory {hwm:.0f} MiB", f"<= {a.memory_target:g} MiB", hwm <= a.memory_target),
    ]
    if largest != near:
        r, post_ms, get_ms = alone[largest]
        print(f"(for the record, the largest roster alone, {largest} {sizes[by_district[largest]]['rows']:,} rows: "
              f"server {post_ms} + {get_ms} ms, client {ms(r['seconds'])} ms)")
    print()
    print("| target | figure | verdict |")
    print("|---|---|---|")
    failed = False
    for what, target, good in verdicts:
        print(f"| {target} | {what} | {'PASS' if good else 'FAIL'} |")
        failed |= not good
    for f in failures:
        print(f"load-intake: FAIL: {f}", file=sys.stderr)
    return 1 if failed or failures else 0


# --- HTTP, by hand -------------------------------------------------------------------------------

def request(port, method, path, body=None, headers=None):
    c = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        return r.status, r.getheaders(), r.read()
    finally:
        c.close()


def cookies_of(headers):
    out = {}
    for k, v in headers:
        if k.lower() == "set-cookie":
            name, _, rest = v.partition("=")
            out[name.strip()] = rest.split(";", 1)[0]
    return out


def login(port, district):
    status, headers, body = request(port, "GET", "/login")
    token = re.search(rb'name="csrf" value="([^"]+)"', body)
    jar = cookies_of(headers)
    if status != 200 or not token or "roster_login" not in jar:
        die(f"GET /login answered {status} without its token", 1)
    form = urllib.parse.urlencode({"name": district, "password": PASSWORD, "csrf": token.group(1).decode()})
    status, headers, _ = request(port, "POST", "/login", form.encode(), {
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"roster_login={jar['roster_login']}"})
    session = cookies_of(headers).get("roster_session")
    if status != 303 or not session:
        die(f"logging in as {district} answered {status}", 1)
    cookie = f"roster_session={session}"
    status, _, body = request(port, "GET", "/district", headers={"Cookie": cookie})
    csrf = re.search(rb'name="csrf" value="([^"]+)"', body)
    if status != 200 or not csrf:
        die(f"GET /district as {district} answered {status} without its CSRF token", 1)
    return {"district": district, "cookie": cookie, "csrf": csrf.group(1).decode()}


def multipart(csrf, path):
    boundary = "----roster-load-" + uuid.uuid4().hex
    name = os.path.basename(path)
    with open(path, "rb") as f:
        data = f.read()
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode()
    return boundary, head + data + f"\r\n--{boundary}--\r\n".encode()


def upload(port, session, path):
    """POST the roster, then GET the page the 303 names, on one connection. Times both."""
    boundary, body = multipart(session["csrf"], path)
    c = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        start = time.monotonic()
        c.request("POST", "/district/upload", body=body, headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}", "Cookie": session["cookie"]})
        r = c.getresponse()
        r.read()
        status, location = r.status, r.getheader("Location", "")
        result = {"status": status, "location": location, "start": start, "post_seconds": time.monotonic() - start}
        if status == 303 and location.startswith("/submissions/"):
            c.request("GET", location, headers={"Cookie": session["cookie"]})
            page = c.getresponse()
            text = page.read()
            result["page_status"] = page.status
            m = re.search(r"行数<b>([\d,]+)</b>".encode(), text)
            result["page_rows"] = int(m.group(1).replace(b",", b"")) if m else None
        else:
            result["page_status"] = None
        result["end"] = time.monotonic()
        result["page_seconds"] = result["end"] - start - result["post_seconds"]
        result["seconds"] = result["end"] - start
        return result
    finally:
        c.close()


def check_result(r, rows, failures, who):
    if "error" in r:
        failures.append(f"{who}: {r['error']}")
    elif r["status"] != 303 or r["page_status"] != 200:
        failures.append(f"{who}: upload answered {r['status']} ({r.get('location')}), page {r.get('page_status')}")
    elif r.get("page_rows") != rows:
        failures.append(f"{who}: the page says {r.get('page_rows')} rows, roster check read {rows}")


# --- the server's own figures ---------------------------------------------------------------------

def server_times(log_path, district, result):
    """The access log's ms of the district's last upload and of its page (the 303's location)."""
    post = get = None
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        text = open(log_path, encoding="utf-8", errors="replace").read()
        posts = re.findall(rf"POST /district/upload 303 (\d+) ms {re.escape(district)}$", text, re.M)
        loc = result.get("location") or "/none"
        gets = re.findall(rf"GET {re.escape(loc)} 200 (\d+) ms {re.escape(district)}$", text, re.M)
        if posts and gets:
            post, get = int(posts[-1]), int(gets[-1])
            break
        time.sleep(0.1)
    return post, get


def status_mib(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def roster_sizes(roster, scenario, files):
    """Rows and district of each roster, as `roster check` reads them (the server's own reader)."""
    r = subprocess.run([roster, "check", "--registry", os.path.join(scenario, "register.xlsx"), "--program",
                        os.path.join(scenario, "program.json"), "--format", "json", *files], capture_output=True)
    if r.returncode not in (0, 1):
        die(f"roster check exited {r.returncode}: {r.stderr.decode(errors='replace').strip()}", 2)
    out = {}
    for f in json.loads(r.stdout)["files"]:
        out[os.path.abspath(f["path"])] = {"rows": f["rows"], "district": f["district"]}
    missing = [f for f in files if f not in out]
    if missing:
        die(f"roster check did not report {missing}", 2)
    return out


# --- small things ---------------------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_for_port(port, server):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            die(f"roster serve exited with {server.returncode} before listening", 2)
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    die(f"roster serve did not listen on {HOST}:{port} within 60 s", 2)


def nearest_rank(values, pct):
    if not values:
        return None
    return values[max(0, math.ceil(pct / 100 * len(values)) - 1)]


def ms(seconds):
    return "-" if seconds is None or seconds != seconds else f"{seconds * 1000:,.0f}"


def dash(v):
    return "-" if v is None else f"{v:,}"


def note(text):
    print(f"load-intake: {text}", file=sys.stderr, flush=True)


def die(text, code):
    print(f"load-intake: {text}", file=sys.stderr, flush=True)
    sys.exit(code)


if __name__ == "__main__":
    sys.exit(main())
