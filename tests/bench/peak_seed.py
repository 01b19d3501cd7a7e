#!/usr/bin/env python3
"""peak_seed.py: the examinees of the peak-window run (issue 18), generated deterministically.

  peak_seed.py --var VAR --bin BINDIR --count N

Adds N examinees to a stack that already holds the demo data (stack.sh up … --demo), each
able to submit a graduation application at once: identity verified, the 合格成绩 of every
course of one demo plan (the majors below, in turn), a verified 学信网 专科 record (the
本科/专升本 majors need one; the 专科 major ignores it) and the password DEMO_PASSWORD.

- examinees.csv and passed.csv go through `zikao-ctl load-demo` of a private directory,
  so the encrypted 身份证号 and phone and their blind indexes are what the app writes, with
  the stack's keys (VAR/keys);
- the password is left empty there (scrypt per row would take minutes) and set in SQL to
  the hash of the demo examinee 张三, whose password is the same;
- the 学信网 authorisation and record are written in SQL, copying the examinee's own
  encrypted 身份证号, name and gender, as a verified 学信网 callback stores them.

people(n) is the same list for every caller: tests/bench/peak.py drives examinee i with
people(n)[i] (login name, institution and major to choose).
"""
import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DEMO = os.path.join(ROOT, "sql", "demo")
DEMO_PASSWORD = "Zikao@2025"   # the demo examinees' password: their hash is copied
TICKET_PREFIX = "77"          # 准考证号 77NNNNNNNNNN: only the peak examinees
ZHANG_TICKET = "010120100001"

# (institution, major code) of the demo plans, in turn.
MAJORS = [("10112", "080901"), ("10112", "080204"), ("10112", "081001"), ("10112", "081501"),
          ("10112", "120103"), ("10112", "120201"), ("10108", "120402"), ("10108", "660201"),
          ("10117", "101101")]
COUNTIES = ["140105", "140106", "140108", "140109", "140110"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞宇浩然子轩梓涵欣怡晨阳思雨博文"
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(county, birth, seq):
    first17 = "%s%s%03d" % (county, birth.strftime("%Y%m%d"), seq)
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS)) % 11]


def people(n):
    """Examinee i of n: dict with name, id_number, ticket, phone, county, institution, major."""
    out = []
    for i in range(n):
        birth = datetime.date(1985, 1, 1) + datetime.timedelta(days=i % 3650)
        county = COUNTIES[i % len(COUNTIES)]
        institution, major = MAJORS[i % len(MAJORS)]
        g = len(GIVEN)
        out.append({
            "name": SURNAMES[i % 20] + GIVEN[(i // 20) % g] + GIVEN[(i // (20 * g)) % g],
            "id_number": id_number(county, birth, 500 + i // 3650),
            "ticket": TICKET_PREFIX + "%010d" % i,
            "phone": "139%08d" % i,
            "county": county,
            "institution": institution,
            "major": major,
            "address": "太原市小店区学府街%d号" % (i % 900 + 1),
        })
    return out


def plan_courses():
    """{(institution, major): [course codes of its plan]} from the demo plans."""
    plans = {}
    with open(os.path.join(DEMO, "plans.csv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            row = line.rstrip("\n").split(",")
            if len(row) > 6:
                plans.setdefault((row[0], row[1]), []).append(row[6])
    return plans


def as_user(cmd):
    if os.getuid() == 0:
        return ["setpriv", "--reuid=zikao", "--regid=zikao", "--init-groups", "--"] + cmd
    return cmd


def psql(var, sql):
    # On standard input: the checks of tests/bench/peak.py name thousands of examinees, more
    # than one command-line argument may hold.
    p = subprocess.run(as_user(["psql", "-h", os.path.join(var, "run"), "-d", "zikao", "-v", "ON_ERROR_STOP=1",
                                "-tAq", "-f", "-"]), input=sql, capture_output=True, text=True, cwd="/")
    if p.returncode != 0:
        raise RuntimeError("psql failed: %s" % p.stderr.strip())
    return p.stdout.strip()


def seed(var, bindir, n):
    var, bindir = os.path.abspath(var), os.path.abspath(bindir)
    plans = plan_courses()
    folks = people(n)
    work = tempfile.mkdtemp(prefix="zikao-peak-seed-")
    try:
        os.chmod(work, 0o755)
        with open(os.path.join(work, "examinees.csv"), "w", encoding="utf-8") as f:
            f.write("name,id_number,ticket_no,password,county_code,identity_status,ethnicity,hukou,"
                    "education,occupation,political_status,phone,email\n")
            for p in folks:
                f.write(",".join([p["name"], p["id_number"], p["ticket"], "", p["county"], "verified", "汉族",
                                  "城镇", "大学专科", "企业职工", "群众", p["phone"], ""]) + "\n")
        with open(os.path.join(work, "passed.csv"), "w", encoding="utf-8") as f:
            f.write("ticket_no,course_code,passed_on,score,source\n")
            for p in folks:
                for code in plans[(p["institution"], p["major"])]:
                    f.write("%s,%s,2020-04-12,75,exam\n" % (p["ticket"], code))
        for name in os.listdir(work):
            os.chmod(os.path.join(work, name), 0o644)
        ctl = as_user([os.path.join(bindir, "zikao-ctl"), "--config", os.path.join(var, "zikao.conf"),
                       "load-demo", work])
        proc = subprocess.run(ctl, capture_output=True, text=True, cwd="/")
        if proc.returncode != 0:
            raise RuntimeError("load-demo failed: %s %s" % (proc.stdout, proc.stderr[:2000]))
        print(proc.stdout.strip())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    psql(var, "UPDATE examinees SET password_hash = (SELECT password_hash FROM examinees WHERE ticket_no = '%s') "
              "WHERE ticket_no LIKE '%s%%'" % (ZHANG_TICKET, TICKET_PREFIX))
    psql(var, "WITH a AS (INSERT INTO chsi_authorizations (examinee_id, state, status, expires_at, completed_at) "
              "SELECT e.id, md5(e.id::text || random()::text), 'completed', now() + interval '1 hour', now() "
              "FROM examinees e WHERE e.ticket_no LIKE '%s%%' "
              "AND NOT EXISTS (SELECT 1 FROM chsi_records r WHERE r.examinee_id = e.id) RETURNING id, examinee_id) "
              "INSERT INTO chsi_records (authorization_id, examinee_id, name, id_number_enc, gender, school, major, "
              "level, study_form, category, entry_year, graduation_year, conclusion) "
              "SELECT a.id, e.id, e.name, e.id_number_enc, e.gender, '山西职业技术学院', '计算机应用技术', '专科', "
              "'普通全日制', '普通', 2010, 2013, '毕业' FROM a JOIN examinees e ON e.id = a.examinee_id"
              % TICKET_PREFIX)
    count = psql(var, "SELECT count(*) FROM examinees WHERE ticket_no LIKE '%s%%' AND password_hash IS NOT NULL "
                      "AND identity_status = 'verified'" % TICKET_PREFIX)
    print("peak-seed: %s examinees ready" % count)
    if int(count) < n:
        raise RuntimeError("only %s of %d examinees are ready" % (count, n))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--var", required=True)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--count", type=int, required=True)
    a = ap.parse_args()
    try:
        seed(a.var, a.bin, a.count)
    except RuntimeError as e:
        print("peak-seed: " + str(e), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
