"""test_statements: `zikao-ctl check-statements` prepares every SQL statement of the project
(every db::Statement of common/store, which zikao-ctl links whole) against the migrated
schema, so a statement that no longer matches the schema fails here instead of in the
middle of someone's request.

The failure path runs against a second database of the stack's cluster (scratch_database),
migrated with the project's migrations and then given one renamed column; it is dropped
afterwards. The tool runs as the stack user, so its configuration copy lives in a
world-readable temporary directory, removed afterwards.
"""
import contextlib
import glob
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest

import submit_statements
import zkclient as z

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
MIGRATIONS = os.path.join(ROOT, "sql", "migrations")
PREPARED = re.compile(r"^(\d+) statements prepared$", re.M)


def store_statement_count():
    """How many db::Statement constants common/store defines (one per typed function's SQL)."""
    n = 0
    for path in glob.glob(os.path.join(ROOT, "common", "store", "*.cpp")):
        with open(path, encoding="utf-8") as f:
            n += len(re.findall(r"\bdb::Statement\s+k\w+\s*\{", f.read()))
    return n


def run(cmd, timeout=120):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd="/")


def ctl_with_config(config_path, *args):
    """$ZIKAO_CTL with its --config replaced."""
    cmd = z._cmd("ZIKAO_CTL")
    i = cmd.index("--config")
    cmd[i + 1] = config_path
    return run(cmd + list(args))


def psql_on(database, sql):
    cmd = z._cmd("ZIKAO_PSQL")
    i = cmd.index("-d")
    cmd[i + 1] = database
    p = run(cmd + ["-c", sql], timeout=60)
    if p.returncode != 0:
        raise RuntimeError("psql on %s failed (%d): %s" % (database, p.returncode, p.stderr.strip()))
    return p.stdout.strip()


@contextlib.contextmanager
def scratch_database(label):
    """A second database of the stack's cluster, and a world-readable temporary directory
    holding the stack's configuration pointed at it: yields (database, directory,
    configuration path); both are removed afterwards."""
    database = "zikao_%s_%d_%d" % (label, os.getpid(), int(time.time()) % 100000)
    tmp = tempfile.mkdtemp(prefix="zikao-%s-" % label)
    os.chmod(tmp, 0o755)
    z.psql("CREATE DATABASE %s" % database)
    try:
        with open(os.path.join(os.environ["ZIKAO_VAR"], "zikao.conf"), encoding="utf-8") as f:
            conf = f.read()
        conf, n = re.subn(r"(?m)^(database\s*=.*\bdbname=)\w+", r"\g<1>" + database, conf)
        if n != 1:
            raise AssertionError("the stack's configuration has no database = … dbname= line")
        config_path = os.path.join(tmp, "zikao.conf")
        with open(config_path, "w", encoding="utf-8") as f:
            f.write(conf)
        os.chmod(config_path, 0o644)
        yield database, tmp, config_path
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        z.psql("DROP DATABASE IF EXISTS %s" % database)


class CheckStatementsTest(unittest.TestCase):
    def test_every_statement_prepares_against_the_schema(self):
        p = run(z._cmd("ZIKAO_CTL") + ["check-statements"])
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        m = PREPARED.search(p.stdout)
        self.assertIsNotNone(m, "no 'N statements prepared' in %r" % p.stdout)
        expected = store_statement_count()
        self.assertGreater(expected, 0)
        self.assertGreaterEqual(int(m.group(1)), expected,
                                "zikao-ctl must prepare at least every statement defined in common/store")

    def test_a_statement_that_does_not_match_the_schema_is_named(self):
        with scratch_database("stmtcheck") as (database, _, config_path):
            p = ctl_with_config(config_path, "migrate", MIGRATIONS)
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
            # A freshly migrated database passes too.
            p = ctl_with_config(config_path, "check-statements")
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

            psql_on(database, "ALTER TABLE outbound_messages RENAME COLUMN purpose TO purpose_renamed")
            p = ctl_with_config(config_path, "check-statements")
            self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
            self.assertNotRegex(p.stdout, PREPARED)
            self.assertIn("statement outbound_messages_insert does not match the schema", p.stderr)
            self.assertIn("purpose", p.stderr)
            # Statements that do not touch the column are not blamed.
            self.assertNotIn("statement exports_current_batch ", p.stderr)
            self.assertRegex(p.stderr, r"\d+ of \d+ statements failed")


class SubmitReadsOnceTest(unittest.TestCase):
    """One 提交 with two majors reads the rules, plans, transcript and choices once for the
    request, not once per major: no prepared statement runs twice in its transaction."""

    def test_no_statement_runs_twice_in_a_two_major_submit(self):
        pg_log = os.path.join(os.environ["ZIKAO_VAR"], "log", "postgres.log")
        r = submit_statements.count_submit(pg_log)
        names = [what for kind, what in r.transaction if kind == "execute"]
        self.assertTrue(names, "the submit ran no prepared statement at all?")
        twice = sorted({n for n in names if names.count(n) > 1})
        self.assertEqual([], twice, "run more than once in one submit: %s" % twice)
        self.assertLessEqual(len(names), 20, names)


if __name__ == "__main__":
    unittest.main()
