#!/usr/bin/env python3
"""login_load.py: logins through HTTP as browsers do them, for tests/bench/login_scale.sh.

CONCURRENCY clients, each in a loop for SECONDS: GET /login (the pre-session cookie zk_pre
and the form's CSRF token), then POST /login with a correct password; a 303 with a
zk_session cookie is a login. Every login comes from its own source address out of
127.0.1.1 .. (ADDRESSES of them, used in turn), as examinees do from their own networks:
nginx's limit_req on POST /login (20/min per address, burst 10) and the module's
per-address failure limiter are per address, and one address for all would measure those
limits, not the logins. Only correct passwords, so nothing counts as a failure. A 503
(the hashing gate is full: every core is hashing) is retried after 50 ms (from the next
address: a busy server must not turn into nginx's 429 for the benchmark); it is counted,
and its time stays in that login's latency.

Prints:
  login-load: LOGINS logins in ELAPSED s, RATE logins/s (CONCURRENCY clients)
  login-load-status: CODE=N ... (every POST /login answer)
  login-load-latency: P50 P99 (ms from the GET /login to the 303, per login)
  login-load-errors: N (answers other than 303/503, bad pages, broken connections)
"""
import argparse
import asyncio
import collections
import ipaddress
import re
import time
import urllib.parse

TOKEN = re.compile(rb'name="csrf_token" value="([0-9a-f]+)"')


async def exchange(host, port, local, request):
    reader, writer = await asyncio.open_connection(host, port, local_addr=(local, 0))
    try:
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = collections.defaultdict(list)
        for line in lines[1:]:
            if ":" in line:
                k, v = line.split(":", 1)
                headers[k.strip().lower()].append(v.strip())
        length = int(headers.get("content-length", ["0"])[0])
        body = await reader.readexactly(length)
        return status, headers, body
    finally:
        writer.close()


def cookie_of(headers, name):
    for value in headers.get("set-cookie", []):
        first = value.split(";", 1)[0]
        if first.startswith(name + "="):
            return first[len(name) + 1:]
    return None


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--login-name", action="append", required=True)
    ap.add_argument("--password", default="Zikao@2025")
    ap.add_argument("--addresses", type=int, default=2000)
    a = ap.parse_args()
    url = urllib.parse.urlsplit(a.base)
    host, port = url.hostname, url.port or 80
    first = ipaddress.IPv4Address("127.0.1.1")
    addresses = [str(first + i) for i in range(a.addresses)]
    statuses = collections.Counter()
    latencies = []
    errors = 0
    turn = 0
    deadline = time.monotonic() + a.seconds
    start = time.monotonic()

    def next_address():
        nonlocal turn
        turn += 1
        return addresses[turn % len(addresses)]

    async def one_login(local, login_name):
        nonlocal errors
        t0 = time.monotonic()
        get = f"GET /login HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode()
        status, headers, body = await exchange(host, port, local, get)
        pre = cookie_of(headers, "zk_pre")
        token = TOKEN.search(body)
        if status != 200 or not pre or not token:
            errors += 1
            return
        form = urllib.parse.urlencode({"csrf_token": token.group(1).decode(), "login_name": login_name,
                                       "password": a.password}).encode()
        while True:
            post = (f"POST /login HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n"
                    f"Cookie: zk_pre={pre}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    f"Content-Length: {len(form)}\r\n\r\n").encode() + form
            status, headers, body = await exchange(host, port, local, post)
            statuses[status] += 1
            if status == 503 and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
                local = next_address()
                continue
            break
        if status == 303 and cookie_of(headers, "zk_session"):
            latencies.append(time.monotonic() - t0)
        elif status != 503:  # a 503 at the end: the run ended first
            errors += 1

    async def client(index):
        nonlocal errors
        while time.monotonic() < deadline:
            local = next_address()
            name = a.login_name[turn % len(a.login_name)]
            try:
                await one_login(local, name)
            except (OSError, asyncio.IncompleteReadError, ValueError):
                errors += 1

    await asyncio.gather(*(client(i) for i in range(a.concurrency)))
    elapsed = time.monotonic() - start
    latencies.sort()

    def q(p):
        return latencies[min(len(latencies) - 1, int(p * (len(latencies) - 1) + 0.5))] * 1000 if latencies else 0

    print(f"login-load: {len(latencies)} logins in {elapsed:.1f} s, {len(latencies) / elapsed:.1f} logins/s "
          f"({a.concurrency} clients)")
    print("login-load-status: " + " ".join(f"{k}={v}" for k, v in sorted(statuses.items())))
    print(f"login-load-latency: {q(0.5):.0f} {q(0.99):.0f}")
    print(f"login-load-errors: {errors}")


asyncio.run(main())
