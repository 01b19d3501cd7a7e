#!/usr/bin/env python3
"""fake_fcgi.py SOCKDIR NAME...: stand-in FastCGI modules for checking nginx's routing.

Listens on SOCKDIR/NAME.sock (mode 0666) for each NAME, then creates
SOCKDIR/fake_fcgi.ready, and answers every request with
200 and the body "module NAME METHOD DOCUMENT_URI", so a test can tell which module
nginx sent a request to (tests/ops/check_units.sh: every route of every route table must
reach its own module). Runs until killed. Trusts nothing it receives beyond parsing
FastCGI records; reads the request body and discards it.
"""
import os
import socket
import struct
import sys
import threading

BEGIN, END, PARAMS, STDIN, STDOUT = 1, 3, 4, 5, 6


def read_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def read_record(conn):
    _version, kind, req_id, length, padding, _ = struct.unpack("!BBHHBB", read_exact(conn, 8))
    content = read_exact(conn, length)
    read_exact(conn, padding)
    return kind, req_id, content


def parse_params(data):
    params, i = {}, 0
    while i < len(data):
        lengths = []
        for _ in range(2):
            n = data[i]
            if n >> 7:
                n = struct.unpack("!I", data[i:i + 4])[0] & 0x7FFFFFFF
                i += 4
            else:
                i += 1
            lengths.append(n)
        name = data[i:i + lengths[0]].decode("latin-1")
        i += lengths[0]
        params[name] = data[i:i + lengths[1]].decode("latin-1")
        i += lengths[1]
    return params


def record(kind, req_id, content):
    return struct.pack("!BBHHBB", 1, kind, req_id, len(content), 0, 0) + content


def serve(conn, name):
    with conn:
        try:
            params, raw, req_id, stdin_done = {}, b"", 1, False
            while not stdin_done:
                kind, req_id, content = read_record(conn)
                if kind == PARAMS:
                    raw += content
                elif kind == STDIN and not content:
                    stdin_done = True
            params = parse_params(raw)
            body = "module %s %s %s\n" % (name, params.get("REQUEST_METHOD", "?"), params.get("DOCUMENT_URI", "?"))
            out = ("Status: 200 OK\r\nContent-Type: text/plain\r\n\r\n" + body).encode()
            conn.sendall(record(STDOUT, req_id, out) + record(STDOUT, req_id, b"")
                         + record(END, req_id, struct.pack("!IB3x", 0, 0)))
        except (EOFError, OSError):
            pass


def listen(path):
    if os.path.exists(path):
        os.unlink(path)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    os.chmod(path, 0o666)
    s.listen(64)
    return s


def accept_loop(s, name):
    while True:
        conn, _ = s.accept()
        threading.Thread(target=serve, args=(conn, name), daemon=True).start()


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: fake_fcgi.py SOCKDIR NAME...")
    sockdir, names = sys.argv[1], sys.argv[2:]
    listening = [(listen(os.path.join(sockdir, name + ".sock")), name) for name in names]
    for s, name in listening:
        threading.Thread(target=accept_loop, args=(s, name), daemon=True).start()
    # Every socket listens: the caller may start sending requests.
    open(os.path.join(sockdir, "fake_fcgi.ready"), "w").close()
    threading.Event().wait()


if __name__ == "__main__":
    main()
