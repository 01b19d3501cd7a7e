#!/usr/bin/env python3
"""proxy.py PORT LOG: a plain HTTP forward proxy on 127.0.0.1:PORT for the scanners of
`make security` (sqlmap --proxy, wapiti --proxy). Each request it forwards leaves from
another loopback source address (127.0.0.2 … 127.0.0.250, in turn), so that the scanners
look like many clients: nginx's limit_req on POST /login (20 a minute per address) and the
login module's failure limit per address would otherwise answer nearly all of a scan's
requests with 429, and it would test nothing behind them. Nothing else of the request or
the answer is changed (hop-by-hop headers aside).

It appends one line per answer to LOG: "TAG METHOD PATH STATUS REFUSAL", TAG being the
request's X-Scan-Target header (which scan target sent it; removed before forwarding) or
"-", and REFUSAL csrf (the CSRF refusal page), session (the login-expired refusal), rate
(nginx's 429 page), or "-".

Trusts: its callers (it listens on loopback only and forwards only to 127.0.0.1).
"""
import http.client
import http.server
import itertools
import sys
import threading
import urllib.parse

CSRF_REFUSAL = "页面已过期或来源无法确认".encode("utf-8")
SESSION_REFUSAL = "登录已过期".encode("utf-8")
RATE_REFUSAL = "请求过于频繁".encode("utf-8")
HOP = {"connection", "keep-alive", "proxy-connection", "proxy-authorization", "te", "trailer",
       "transfer-encoding", "upgrade", "content-length"}

_addresses = itertools.cycle("127.0.0.%d" % x for x in range(2, 251))
_lock = threading.Lock()


def refusal(status, body):
    if status == 403 and CSRF_REFUSAL in body:
        return "csrf"
    if status == 403 and SESSION_REFUSAL in body:
        return "session"
    if status == 429 and RATE_REFUSAL in body:   # nginx's own page, not a module's answer
        return "rate"
    return "-"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def forward(self):
        url = urllib.parse.urlsplit(self.path)
        if url.hostname not in ("127.0.0.1", "localhost") or not url.port:
            self.send_error(403, "only 127.0.0.1 is forwarded")
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        tag = self.headers.get("X-Scan-Target") or "-"
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP and k.lower() != "x-scan-target"}
        path = url.path + ("?" + url.query if url.query else "")
        with _lock:
            source = next(_addresses)
        conn = http.client.HTTPConnection("127.0.0.1", url.port, timeout=120, source_address=(source, 0))
        try:
            conn.request(self.command, path, body=body, headers=headers)
            r = conn.getresponse()
            data = r.read()
            status, reason, answer_headers = r.status, r.reason, r.getheaders()
        except OSError as e:
            self.send_error(502, "proxy: %s" % e)
            return
        finally:
            conn.close()
        self.send_response(status, reason)
        for k, v in answer_headers:
            if k.lower() not in HOP:
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        with _lock, open(LOG, "a", encoding="utf-8") as f:
            f.write("%s %s %s %d %s\n" % (tag, self.command, url.path, status, refusal(status, data)))

    do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = do_OPTIONS = do_PATCH = forward

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    PORT, LOG = int(sys.argv[1]), sys.argv[2]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    server.daemon_threads = True
    server.serve_forever()
