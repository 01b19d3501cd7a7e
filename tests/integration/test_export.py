"""test_export: `zikao-ctl export` (LEG-2): applications by status and county, approved
graduates with their graduation photos for 学历电子注册, and the payments export that
must refuse until the pay module exists.

The examinees are the test's own, created with one `zikao-ctl load-demo` of a private
directory. Their applications, statuses and 'graduation' photos are written directly in
SQL (the review and photo flows are not what is tested here): the application copies the
examinee's own encrypted 手机号, a graduation photo copies the bytes of an existing photo
(or, on a database without any, a small built-in JPEG). The tool runs as the stack user,
so its output goes to a temporary directory with mode 0777, removed afterwards.
"""
import csv
import os
import shutil
import stat
import subprocess
import tempfile
import time
import unittest

import zkclient as z

RUN = "%04d" % (int(time.time()) % 10000)
INSTITUTION = "10112"          # 太原理工大学
MAJOR = "080901"               # 计算机科学与技术(本科), 专升本
COUNTY = "140107"              # 太原市杏花岭区 (the county of every z.Examinee)
APPLICATIONS_HEADER = ["申请编号", "姓名", "身份证号", "准考证号", "性别", "毕业申请区县", "申请院校", "申请专业代码",
                       "申请专业", "审批进度", "提交时间"]
GRADUATES_HEADER = ["姓名", "身份证号", "性别", "准考证号", "主考院校", "专业代码", "专业", "层次", "毕业申请区县",
                    "照片文件"]
# 16x16 baseline JPEG (libvips, stripped), used only when no photo exists to copy.
SMALL_JPEG_HEX = (
    "ffd8ffdb004300100b0c0e0c0a100e0d0e1211101318281a181616183123251d283a333d3c3933383740485c4e40445745373850"
    "6d51575f626768673e4d71797064785c656763ffdb0043011112121815182f1a1a2f634238426363636363636363636363636363"
    "636363636363636363636363636363636363636363636363636363636363636363636363ffc00011080010001003012200021101"
    "031101ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504"
    "040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a252627"
    "28292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a9293"
    "9495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9"
    "eaf1f2f3f4f5f6f7f8f9faffc4001f0100030101010101010101010000000000000102030405060708090a0bffc400b511000201"
    "02040403040705040400010277000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a1624"
    "34e125f11718191a262728292a35363738393a434445464748494a535455565758595a636465666768696a737475767778797a82"
    "838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9"
    "dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9faffda000c03010002110311003f00f40a28a2803fffd9")


class Person(z.Examinee):
    def __init__(self, label):
        super().__init__(label + RUN, z.TEST_PASSWORD)
        self.ticket = "96" + self.id_number[8:14] + self.id_number[14:17] + "3"
        self.name = "导出" + label + RUN


def load_people(people):
    z.load_demo({"examinees.csv": z.EXAMINEES_CSV_HEADER + "".join(p.csv_line() + "\n" for p in people)})
    for p in people:
        p.db_id = int(z.psql("SELECT id FROM examinees WHERE ticket_no = '%s'" % p.ticket))


def add_application(person, status):
    """A submitted application of the current batch for 太原理工大学 080901, then `status`."""
    app_id = int(z.psql(
        "INSERT INTO applications (examinee_id, batch_id, status, county_code, phone_enc, address, submitted_at) "
        "SELECT e.id, b.id, '%s', '%s', e.phone_enc, '太原市杏花岭区测试路1号', now() "
        "FROM examinees e, batches b WHERE e.id = %d AND b.is_current RETURNING id"
        % (status, COUNTY, person.db_id)).split("\n")[0])
    z.psql("INSERT INTO application_majors (application_id, seq, institution_code, major_id, eligible) "
           "SELECT %d, 1, '%s', id, true FROM majors WHERE institution_code = '%s' AND code = '%s'"
           % (app_id, INSTITUTION, INSTITUTION, MAJOR))
    person.app_id = app_id
    return app_id


def add_graduation_photo(person, age="0 seconds", salt="", status="approved"):
    """A 'graduation' photo created `age` ago for the person's application, as the photo
    module stores it (a photos row and a graduation_photos row with `status`); returns its
    bytes (hex) as stored."""
    source = z.psql("SELECT id FROM photos WHERE kind <> 'graduation' ORDER BY id LIMIT 1")
    if source and not salt:
        z.psql("INSERT INTO photos (examinee_id, kind, content_type, width, height, sha256, data, created_at) "
               "SELECT %d, 'graduation', content_type, width, height, sha256, data, now() - interval '%s' "
               "FROM photos WHERE id = %d" % (person.db_id, age, int(source)))
    else:
        data = "decode('%s%s', 'hex')" % (SMALL_JPEG_HEX, salt)
        z.psql("INSERT INTO photos (examinee_id, kind, content_type, width, height, sha256, data, created_at) "
               "VALUES (%d, 'graduation', 'image/jpeg', 16, 16, sha256(%s), %s, now() - interval '%s')"
               % (person.db_id, data, data, age))
    photo_id = int(z.psql("SELECT id FROM photos WHERE examinee_id = %d AND kind = 'graduation' "
                          "ORDER BY created_at DESC, id DESC LIMIT 1" % person.db_id))
    z.psql("INSERT INTO graduation_photos (application_id, examinee_id, photo_id, status, verifier, verifier_outcome, "
           "refusal_reason, decided_at, created_at) VALUES (%d, %d, %d, '%s', 'local-standin', '%s', %s, now(), "
           "now() - interval '%s')"
           % (person.app_id, person.db_id, photo_id, status, "pass" if status == "approved" else "fail",
              "'人像过暗'" if status == "refused" else "NULL", age))
    return z.psql("SELECT encode(data, 'hex') FROM photos WHERE id = %d" % photo_id)


def ctl(*args):
    return subprocess.run(z._cmd("ZIKAO_CTL") + list(args), capture_output=True, text=True, timeout=120, cwd="/")


def read_csv(path):
    with open(path, "rb") as f:
        raw = f.read()
    return raw, list(csv.reader(raw.decode("utf-8").splitlines()))


class ExportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.submitted = Person("已提交")
        cls.passed = Person("预审过")
        cls.graduate = Person("毕业")
        cls.no_photo = Person("无照")
        load_people([cls.submitted, cls.passed, cls.graduate, cls.no_photo])
        add_application(cls.submitted, "submitted")
        add_application(cls.passed, "prereview_passed")
        add_application(cls.graduate, "approved")
        add_application(cls.no_photo, "approved")
        # An older graduation photo with other bytes, refused: the export must take the
        # verified one. A graduate whose only photo was refused has none to export.
        add_graduation_photo(cls.graduate, age="1 day", salt="00", status="refused")
        cls.graduate_photo_hex = add_graduation_photo(cls.graduate)
        add_graduation_photo(cls.no_photo, salt="01", status="refused")

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="zikao-export-out-")
        os.chmod(self.tmp, 0o777)   # the tool runs as the stack user

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def rows_of(self, rows, person):
        return [r for r in rows[1:] if len(r) > 2 and r[2] == person.id_number]

    def test_applications_all(self):
        out = os.path.join(self.tmp, "applications.csv")
        p = ctl("export", "applications", out)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(stat.S_IMODE(os.stat(out).st_mode), 0o600)
        raw, rows = read_csv(out)
        self.assertFalse(raw.startswith(b"\xef\xbb\xbf"), "the CSV must not start with a BOM")
        self.assertEqual(rows[0], APPLICATIONS_HEADER)
        mine = self.rows_of(rows, self.submitted)
        self.assertEqual(len(mine), 1, "one row per application major: %r" % mine)
        r = dict(zip(APPLICATIONS_HEADER, mine[0]))
        self.assertEqual(r["申请编号"], str(self.submitted.app_id))
        self.assertEqual(r["姓名"], self.submitted.name)
        self.assertEqual(r["身份证号"], self.submitted.id_number)   # full, decrypted
        self.assertEqual(r["准考证号"], self.submitted.ticket)
        self.assertIn(r["性别"], ("男", "女"))
        self.assertEqual(r["毕业申请区县"], "太原市杏花岭区")
        self.assertEqual(r["申请院校"], "太原理工大学")
        self.assertEqual(r["申请专业代码"], MAJOR)
        self.assertEqual(r["申请专业"], "计算机科学与技术(本科)")
        self.assertEqual(r["审批进度"], "已提交")
        self.assertRegex(r["提交时间"], r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
        for person in (self.passed, self.graduate):
            self.assertEqual(len(self.rows_of(rows, person)), 1)
        # The ciphertext never leaks into the file: every 身份证号 is 18 characters.
        for row in rows[1:]:
            self.assertRegex(row[2], r"^\d{17}[\dX]$")

    def test_applications_status_and_county_filters(self):
        out = os.path.join(self.tmp, "passed.csv")
        p = ctl("export", "applications", "--status", "prereview_passed", out)
        self.assertEqual(p.returncode, 0, p.stderr)
        _, rows = read_csv(out)
        self.assertEqual(rows[0], APPLICATIONS_HEADER)
        self.assertEqual(len(self.rows_of(rows, self.passed)), 1)
        self.assertEqual(self.rows_of(rows, self.submitted), [])
        self.assertTrue(all(r[9] == "预审通过" for r in rows[1:]), rows[1:])

        out2 = os.path.join(self.tmp, "county.csv")
        p = ctl("export", "applications", "--status", "submitted", "--county", COUNTY, out2)
        self.assertEqual(p.returncode, 0, p.stderr)
        _, rows = read_csv(out2)
        self.assertEqual(len(self.rows_of(rows, self.submitted)), 1)
        self.assertTrue(all(r[5] == "太原市杏花岭区" and r[9] == "已提交" for r in rows[1:]), rows[1:])

        out3 = os.path.join(self.tmp, "other-county.csv")
        p = ctl("export", "applications", "--county", "140105", out3)
        self.assertEqual(p.returncode, 0, p.stderr)
        _, rows = read_csv(out3)
        self.assertEqual(self.rows_of(rows, self.submitted), [])

    def test_applications_refuses_bad_input_and_existing_file(self):
        out = os.path.join(self.tmp, "bad.csv")
        p = ctl("export", "applications", "--status", "nonsense", out)
        self.assertEqual(p.returncode, 2)
        self.assertFalse(os.path.exists(out))
        p = ctl("export", "applications", "--county", "14010'", out)
        self.assertEqual(p.returncode, 2)
        with open(out, "w") as f:
            f.write("keep me")
        os.chmod(out, 0o666)
        p = ctl("export", "applications", out)
        self.assertNotEqual(p.returncode, 0)
        with open(out) as f:
            self.assertEqual(f.read(), "keep me", "an export must never overwrite a file")

    def test_graduates(self):
        outdir = os.path.join(self.tmp, "graduates")
        p = ctl("export", "graduates", outdir)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(stat.S_IMODE(os.stat(outdir).st_mode), 0o700)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.join(outdir, "photos")).st_mode), 0o700)
        path = os.path.join(outdir, "graduates.csv")
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        raw, rows = read_csv(path)
        self.assertFalse(raw.startswith(b"\xef\xbb\xbf"))
        self.assertEqual(rows[0], GRADUATES_HEADER)

        def row_of(person):
            found = [dict(zip(GRADUATES_HEADER, r)) for r in rows[1:] if len(r) > 1 and r[1] == person.id_number]
            self.assertEqual(len(found), 1, "%s: %r" % (person.name, found))
            return found[0]

        g = row_of(self.graduate)
        self.assertEqual(g["姓名"], self.graduate.name)
        self.assertEqual(g["准考证号"], self.graduate.ticket)
        self.assertEqual(g["主考院校"], "太原理工大学")
        self.assertEqual(g["专业代码"], MAJOR)
        self.assertEqual(g["专业"], "计算机科学与技术(本科)")
        self.assertEqual(g["层次"], "专升本")
        self.assertEqual(g["毕业申请区县"], "太原市杏花岭区")
        self.assertEqual(g["照片文件"], "photos/%s.jpg" % self.graduate.id_number)
        photo = os.path.join(outdir, g["照片文件"])
        with open(photo, "rb") as f:
            data = f.read()
        self.assertTrue(data.startswith(b"\xff\xd8"), "not a JPEG: %r" % data[:4])
        self.assertEqual(data.hex(), self.graduate_photo_hex, "the verified graduation photo is exported")
        self.assertEqual(stat.S_IMODE(os.stat(photo).st_mode), 0o600)

        n = row_of(self.no_photo)
        self.assertEqual(n["照片文件"], "")
        self.assertFalse(os.path.exists(os.path.join(outdir, "photos", self.no_photo.id_number + ".jpg")))
        self.assertIn(self.no_photo.ticket, p.stderr, "a graduate without a photo is reported on stderr")

        # Not approved: not a graduate.
        for person in (self.submitted, self.passed):
            self.assertEqual([r for r in rows[1:] if len(r) > 1 and r[1] == person.id_number], [])

        # A second export into the same, now non-empty directory is refused.
        p = ctl("export", "graduates", outdir)
        self.assertNotEqual(p.returncode, 0)

    def test_payments(self):
        """Every paid order, one row each, matching the database; 0600; never overwrites."""
        import test_pay
        order_no = test_pay.paid_order(self, "导出")
        out = os.path.join(self.tmp, "payments.csv")
        p = ctl("export", "payments", out)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(stat.S_IMODE(os.stat(out).st_mode), 0o600)
        raw, rows = read_csv(out)
        self.assertEqual(rows[0][:4], ["商户订单号", "支付方式", "支付平台交易号", "支付金额（元）"])
        expected = z.psql("SELECT string_agg(order_no || ':' || amount_fen, ',' ORDER BY paid_at, id) "
                          "FROM payment_orders WHERE status = 'paid'")
        got = ",".join("%s:%s" % (r[0], r[4]) for r in rows[1:])
        self.assertEqual(got, expected)
        mine = [r for r in rows[1:] if r[0] == order_no]
        self.assertEqual(len(mine), 1)
        self.assertEqual((mine[0][1], mine[0][3], mine[0][4], mine[0][7]), ("支付宝", "60.00", "6000", "异步通知"))
        self.assertIn("缴费记录：%d 笔已支付订单" % (len(rows) - 1), p.stdout)
        again = ctl("export", "payments", out)
        self.assertNotEqual(again.returncode, 0)
        self.assertEqual(read_csv(out)[0], raw)
        self.assertEqual(ctl("export", "payments").returncode, 2)

if __name__ == "__main__":
    unittest.main()
