#!/usr/bin/env python3
# make_seeds.py: writes the seed corpora of the fuzz harnesses csv_import, archive and
# payment into tests/fuzz/corpus/<name>/ (id_number's seeds are plain text files kept as
# they are). Run it again after changing it; it overwrites only
# the files it names. Seeds are kept small (a few KB at most) so `make test` replays
# them quickly.
#   csv_import: one byte naming the kind (0 institutions … 6 examinees, the order of
#               fuzz_csv_import.cpp), then the head of a demo or a deliberately bad CSV.
#   archive:    zips and a RAR 4 of tiny JPEG/PNG/PDF files, and the hostile shapes of
#               SUB-3: a zip bomb, zip slip, a symlink, an encrypted entry (Debian's `zip
#               -P`, skipped when zip is missing), a nested zip, names with NUL, CR or a
#               backslash, a GBK name, too many entries, an executable, an empty zip.
#   payment:    notification and answer bodies (with a sign that does not verify), and
#               malformed ones.
# Trusts only the repository's demo CSVs and the Python standard library.
import io
import os
import shutil
import struct
import subprocess
import tempfile
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


def write(name, file, data):
    d = os.path.join(HERE, "corpus", name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, file), "wb") as f:
        f.write(data)


# ---- csv_import --------------------------------------------------------------------------
KINDS = ["institutions", "courses", "majors", "plans", "rules", "passed", "examinees"]


def head(path, lines):
    with open(os.path.join(ROOT, path), "rb") as f:
        return b"".join(f.readlines()[:lines])


def csv_seeds():
    for kind in KINDS:
        demo = "sql/demo/%s.csv" % kind
        if kind != "examinees" and os.path.exists(os.path.join(ROOT, demo)):
            write("csv_import", "demo_" + kind, bytes([KINDS.index(kind)]) + head(demo, 6))
    for bad in ["courses", "examinees", "passed", "plans"]:
        write("csv_import", "bad_" + bad,
              bytes([KINDS.index(bad)]) + head("tests/integration/fixtures/%s_bad.csv" % bad, 8))
    k = KINDS.index
    write("csv_import", "examinees_crlf_bom", bytes([k("examinees")]) +
          b"\xef\xbb\xbfname,id_number,ticket_no,county_code,phone\r\n" +
          "测试甲,11010519491231002X,010120100001,140105,13812345678\r\n\r\n".encode())
    write("csv_import", "passed_optional", bytes([k("passed")]) +
          "ticket_no,course_code,passed_on,score,source,verified,used_by_graduation\n"
          "010120100001,00015,2019-04-14,64,exam,是,否\n"
          "010120100001,00018,2019-04-14,82,old_plan_certificate,,\n".encode())
    write("csv_import", "quotes", bytes([k("institutions")]) +
          b'code,name,sort_order\n10117,"a ""quoted"", name",1\n10118,"open,2\n10119,"x" y,3\n10120,a,b,c\n')
    write("csv_import", "not_utf8", bytes([k("courses")]) +
          b"code,name,credits,new_plan\n00012,\xd3\xa2\xd3\xef,7,0\n")
    write("csv_import", "bad_header", bytes([k("majors")]) + "院校代码,专业代码,名称,层次\n1,2,3,4\n".encode())
    write("csv_import", "empty", bytes([k("rules")]))


# ---- archive -----------------------------------------------------------------------------
JPEG = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        b"\xff\xdb\x00\x43\x00" + bytes(range(1, 65)) + b"\xff\xd9")
PNG = (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0) +
       struct.pack(">I", zlib.crc32(b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))) +
       struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND")))
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def make_zip(items, compression=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name_or_info, data in items:
            z.writestr(name_or_info, data)
    return buf.getvalue()


def info(name, data, mode=None, flag_bits=None):
    i = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
    i.compress_type = zipfile.ZIP_DEFLATED
    if mode is not None:
        i.create_system = 3
        i.external_attr = mode << 16
    if flag_bits is not None:
        i.flag_bits = flag_bits
    return i, data


def rar4(files):
    # A RAR 4 archive of stored files (RAR 2.9+ technote), as tests/unit/test_archive.cpp builds it.
    def block(rest):
        return struct.pack("<H", zlib.crc32(rest) & 0xFFFF) + rest
    out = b"Rar!\x1a\x07\x00" + block(b"\x73" + struct.pack("<HH", 0, 13) + bytes(6))
    for path, data in files:
        p = path.encode()
        h = (b"\x74" + struct.pack("<HHII", 0x8000, 32 + len(p), len(data), len(data)) + b"\x00" +
             struct.pack("<II", zlib.crc32(data), 0x5A210000) + b"\x14\x30" + struct.pack("<HI", len(p), 0x20) + p)
        out += block(h) + data
    return out + block(b"\x7b" + struct.pack("<HH", 0x4000, 7))


def archive_seeds():
    write("archive", "good.zip", make_zip([("card.jpg", JPEG), ("scan/page.png", PNG), ("scan/cert.pdf", PDF)]))
    write("archive", "stored.zip", make_zip([("cert.pdf", PDF)], zipfile.ZIP_STORED))
    write("archive", "dir.zip", make_zip([info("scans/", b"", 0o40755), ("scans/a.jpg", JPEG)]))
    write("archive", "good.rar", rar4([("card.jpg", JPEG), ("card.pdf", PDF)]))
    write("archive", "slip.rar", rar4([("..\\..\\evil.pdf", PDF)]))
    write("archive", "bomb.zip", make_zip([("bomb.pdf", PDF + bytes(2 * 1024 * 1024))]))
    write("archive", "slip.zip", make_zip([("../../etc/evil.pdf", PDF), ("/abs.pdf", PDF)]))
    write("archive", "symlink.zip", make_zip([info("link.pdf", b"/etc/passwd", 0o120777), ("a.pdf", PDF)]))
    write("archive", "nested.zip", make_zip([("inner.zip", make_zip([("a.pdf", PDF)])), ("b.jpg", JPEG)]))
    write("archive", "exe.zip", make_zip([("setup.exe", b"MZ" + bytes(200))]))
    write("archive", "backslash.zip", make_zip([("scans\\a.pdf", PDF)]))
    write("archive", "gbk.zip", make_zip([info("证书.pdf", PDF)]).replace("证书".encode(), "证书".encode("gbk") + b"\x20\x20"))
    many = make_zip([("%02d.pdf" % i, b"%PDF-1.4\n") for i in range(60)], zipfile.ZIP_STORED)
    write("archive", "many.zip", many)
    write("archive", "empty.zip", make_zip([]))
    nul = make_zip([("a.pdfXexe.pdf", PDF)], zipfile.ZIP_STORED).replace(b"a.pdfXexe", b"a.pdf\x00exe")
    write("archive", "nul_name.zip", nul)
    crlf = make_zip([("a\r\nb.pdf", PDF)], zipfile.ZIP_STORED)
    write("archive", "crlf_name.zip", crlf)
    if shutil.which("zip"):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "a.pdf"), "wb") as f:
                f.write(PDF)
            subprocess.run(["zip", "-q", "-X", "-P", "secret", "enc.zip", "a.pdf"], cwd=d, check=True)
            with open(os.path.join(d, "enc.zip"), "rb") as f:
                write("archive", "encrypted.zip", f.read())
    else:
        print("make_seeds: zip not installed, encrypted.zip not written")


# ---- payment -----------------------------------------------------------------------------
NOTIFICATION = ("amount_fen=4000&channel=alipay&currency=CNY&merchant_id=sxzk_test"
                "&notify_id=0123456789abcdef0123456789abcdef&notify_time=1767225600"
                "&order_no=ZK202601010000000001&paid_at=1767225600&trade_no=T2026010100000001"
                "&trade_status=SUCCESS&v=1")


def payment_seeds():
    sign = "sign=" + "QUJD" * 86 + "QQ%3D%3D"
    write("payment", "notification_success", (NOTIFICATION + "&" + sign).encode())
    write("payment", "notification_unsigned", NOTIFICATION.encode())
    write("payment", "notification_closed",
          ("channel=unionpay&merchant_id=sxzk_test&notify_id=0123456789abcdef0123456789abcdef"
           "&notify_time=1767225600&order_no=ZK202601010000000002&trade_status=CLOSED&v=1&" + sign).encode())
    write("payment", "answer_success",
          ("amount_fen=4000&channel=wechat&currency=CNY&merchant_id=sxzk_test"
           "&nonce=fedcba9876543210fedcba9876543210&order_no=ZK202601010000000001&paid_at=1767225600"
           "&trade_no=W2026010100000001&trade_state=SUCCESS&v=1&" + sign).encode())
    write("payment", "answer_notpay",
          ("channel=wechat&merchant_id=sxzk_test&nonce=fedcba9876543210fedcba9876543210"
           "&order_no=ZK202601010000000001&trade_state=NOTPAY&v=1").encode())
    write("payment", "escapes", "subject=%E8%87%AA%E8%80%83+%E6%AF%95%E4%B8%9A&v=1&x=%41%2b%26%3d".encode())
    write("payment", "duplicate", b"v=1&v=1")
    write("payment", "broken_escape", b"v=1&order_no=%4")
    write("payment", "not_utf8", b"v=%FF%FE")


if __name__ == "__main__":
    csv_seeds()
    archive_seeds()
    payment_seeds()
