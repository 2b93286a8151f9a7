#!/usr/bin/env python3
"""The kehoach benchmark: one table, each figure next to a baseline measured
in the same run (median of several runs, min and max beside it).

    bench.py --build BUILD_DIR --source SOURCE_ROOT [--runs N] [--moves N]
             [--only frame,status,big,moves,import,report]

Run it through `./dev bench` (tests/bench/run.sh); tests/bench/README.md
says what each line means.  Generated data lives in BUILD_DIR/bench-data
and is reused by later runs.

Times are wall-clock, and CPU time (user + system) beside them: the goals
are judged on CPU time, which other work on the machine does not inflate.
"""
import argparse
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

AS_OF = "2024-06-30"
# The sqlite3 shell's query for the floor of `status`: the latest live
# entry of every target as of a date, every column, one index seek per
# target (the recursive CTE walks the distinct target ids).
FLOOR_SQL = """
WITH RECURSIVE t(target_id) AS (
  SELECT min(target_id) FROM entry
  UNION ALL
  SELECT (SELECT min(target_id) FROM entry WHERE target_id > t.target_id)
  FROM t WHERE t.target_id IS NOT NULL)
SELECT e.*, r.retracted_at, r.retracted_by
FROM t JOIN entry AS e ON e.id = (
  SELECT x.id FROM entry AS x
  WHERE x.target_id = t.target_id AND x.as_of <= '%s'
  AND NOT EXISTS (SELECT 1 FROM retraction AS y WHERE y.entry_id = x.id)
  ORDER BY x.as_of DESC, x.id DESC LIMIT 1)
LEFT JOIN retraction AS r ON r.entry_id = e.id;
""" % AS_OF

RUNNER = None  # tests/bench/bench_run, set in main()


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---- processes ---------------------------------------------------------

def run_timed(argv, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL):
    """Run argv to the end through bench_run: (wall s, peak RSS KiB,
    CPU s)."""
    proc = subprocess.run([RUNNER] + argv, stdout=stdout, stdin=stdin,
                          stderr=subprocess.PIPE)
    err = proc.stderr.decode(errors="replace").rstrip("\n").split("\n")
    wall, rss, code, cpu = err[-1].split()
    if int(code) != 0:
        raise RuntimeError("%s failed (%s): %s" % (" ".join(argv), code,
                                                   "\n".join(err[:-1])))
    return float(wall), int(rss), float(cpu)


def cpu_ns(pid):
    """CPU time the process has used so far, in nanoseconds."""
    with open("/proc/%d/schedstat" % pid) as f:
        return int(f.read().split()[0])


def peak_rss(pid):
    """The peak RSS of a running process since its exec, in KiB.  (Its
    rusage would count the Python process it was forked from.)"""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


class Term:
    """A program in a pseudo-terminal of rows x cols."""

    def __init__(self, argv, rows=24, cols=80):
        self.start = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ,
                            struct.pack("HHHH", rows, cols, 0, 0))
                # English: the markers below are English words (the
                # bundled plan would otherwise choose Vietnamese).
                os.environ.update(TERM="xterm-256color", LANG="C.UTF-8",
                                  LC_ALL="C.UTF-8", LESS="", LESSOPEN="",
                                  LESSHISTFILE="-", KEHOACH_LANG="en")
                os.environ.pop("NO_COLOR", None)
                os.execv(argv[0], argv)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.cpu_at_marker = None

    def read_until(self, marker, limit=30.0):
        """Read until marker shows: the time since the start (and the
        CPU time then in cpu_at_marker), or None."""
        seen = b""
        end = self.start + limit
        while time.monotonic() < end:
            ready, _, _ = select.select([self.fd], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(self.fd, 1 << 16)
            except OSError:
                return None
            if not chunk:
                return None
            seen += chunk
            if marker.search(seen):
                wall = time.monotonic() - self.start
                self.cpu_at_marker = cpu_ns(self.pid) / 1e9
                return wall
        return None

    def quiet(self, quiet=0.08, limit=20.0):
        """Read until nothing arrives for `quiet` seconds: the bytes."""
        data = b""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            ready, _, _ = select.select([self.fd], [], [], quiet)
            if not ready:
                break
            try:
                chunk = os.read(self.fd, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
        return data

    def send(self, keys):
        os.write(self.fd, keys)

    def close(self, quit_keys=b"q"):
        """Quit the program: its peak RSS in KiB."""
        rss = peak_rss(self.pid)
        try:
            self.send(quit_keys)
            self.quiet(0.05, 2.0)
        except OSError:
            pass
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if os.waitpid(self.pid, os.WNOHANG)[0]:
                break
            time.sleep(0.02)
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)
        return rss


# ---- statistics and the table -------------------------------------------

class Figure:
    """Samples of one quantity, with its unit and how to print it."""

    def __init__(self, samples, unit, scale=1.0, digits=0):
        self.samples = [s * scale for s in samples if s is not None]
        self.unit = unit
        self.digits = digits

    @property
    def median(self):
        return statistics.median(self.samples) if self.samples else None

    def text(self):
        if not self.samples:
            return "n/a"
        f = "%%.%df" % self.digits
        med = f % self.median
        if len(self.samples) == 1 or min(self.samples) == max(self.samples):
            return "%s %s" % (med, self.unit)
        return "%s %s (%s–%s)" % (med, self.unit, f % min(self.samples),
                                  f % max(self.samples))


def ms(samples):
    real = [s for s in samples if s is not None]
    return Figure(real, "ms", 1000.0,
                  0 if real and max(real) >= 0.1 else 1)


class Timing:
    """Wall and CPU samples of one program."""

    def __init__(self):
        self.wall, self.cpu, self.rss = [], [], []

    def add(self, wall, rss, cpu):
        self.wall.append(wall)
        self.rss.append(rss)
        self.cpu.append(cpu)


ROWS = []
RSS_ROWS = []


def ratio_text(a, b):
    if a is None or not b:
        return ""
    return "%.2f×" % (a / b)


def row(name, ours, base=None, goal="", ok=None, note="", cpu=None):
    """One line of the table.  ours/base: Figures; cpu: (ours, base) CPU
    Figures for the CPU ratio; ok: True/False/None (no goal)."""
    ratio = ratio_text(ours.median, base.median) if base else ""
    cpu_ratio = ""
    if cpu:
        cpu_ratio = (ratio_text(cpu[0].median, cpu[1].median) if cpu[1]
                     else "%.0f ms" % cpu[0].median)
    verdict = "" if ok is None else ("met" if ok else "MISSED")
    ROWS.append((name, ours.text(), base.text() if base else "", ratio,
                 cpu_ratio, goal, verdict, note))
    log("  %s: %s%s" % (name, ours.text(),
                        "  vs %s (%s)" % (base.text(), ratio) if base else ""))


def timed_row(name, ours, base, goal, limit, note=""):
    """A timed comparison judged on the CPU ratio (limit: the most it may
    be), or with base None on the CPU time in ms."""
    o_cpu = ms(ours.cpu)
    if base is None:
        ok = o_cpu.median < limit
        row(name, ms(ours.wall), None, goal, ok, note, (o_cpu, None))
        return
    b_cpu = ms(base.cpu)
    ok = o_cpu.median <= limit * b_cpu.median
    row(name, ms(ours.wall), ms(base.wall), goal, ok, note, (o_cpu, b_cpu))


def rss_row(name, ours_kib, base_kib=None, limit_mb=None):
    o = max(ours_kib) / 1024.0
    b = "%.1f MB" % (max(base_kib) / 1024.0) if base_kib else ""
    ok = None if limit_mb is None else o < limit_mb
    RSS_ROWS.append(("6. peak RSS: " + name, "%.1f MB" % o, b, "", "",
                     "< %d MB" % limit_mb if limit_mb else "",
                     "" if ok is None else ("met" if ok else "MISSED"), ""))


def print_table():
    head = ("measure", "kehoach (wall)", "baseline (wall)", "ratio",
            "CPU ratio", "goal", "", "")
    rows = ROWS + RSS_ROWS
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(7)]

    def line(r):
        return "  ".join(r[i].ljust(widths[i]) for i in range(7)).rstrip()
    print(line(head))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))
        if r[7]:
            print("    " + r[7])


# ---- the data ------------------------------------------------------------

class Data:
    def __init__(self, build, source):
        self.build = build
        self.source = source
        self.dir = os.path.join(build, "bench-data")
        os.makedirs(self.dir, exist_ok=True)
        self.gen = os.path.join(build, "tests", "bench", "bench_gen")
        self.floor = os.path.join(build, "tests", "bench", "yaml_floor")
        self.kehoach = os.path.join(build, "kehoach")
        self.bundled = os.path.join(source, "plan.yaml")
        self.schema = subprocess.run(
            [self.gen, "schema"], check=True,
            stdout=subprocess.PIPE).stdout.decode().strip()

    def path(self, name):
        return os.path.join(self.dir, name)

    def make(self, name, argv):
        """Generate a file once; later runs reuse it."""
        out = self.path(name)
        if not os.path.exists(out):
            log("generating %s ..." % name)
            tmp = out + ".tmp"
            subprocess.run([self.gen] + argv + [tmp], check=True)
            os.replace(tmp, out)
        return out

    def plan(self, n):
        return self.make("plan-%d.yaml" % n, ["plan", str(n)])

    def db(self, n, m):
        """The database of m entries over the plan of n targets (0: the
        bundled plan), read through once so it is in the page cache as a
        database in daily use is.  Named by the schema version: a new
        schema means new files."""
        plan = self.plan(n) if n else self.bundled
        out = self.make("db-s%s-%s-%d.db" % (self.schema, n or "bundled", m),
                        ["db", plan, str(m)])
        with open(out, "rb") as f:
            while f.read(1 << 20):
                pass
        return out

    def csv(self, n, rows):
        return self.make("import-%d-%d.csv" % (n, rows),
                         ["csv", self.plan(n), str(rows)])

    def lines(self, n):
        """A text file of n lines for less: the 10k plan's first lines."""
        out = self.path("lines-%d.txt" % n)
        if not os.path.exists(out):
            with open(self.plan(10000), "rb") as src, open(out, "wb") as dst:
                for i, l in enumerate(src):
                    if i >= n:
                        break
                    dst.write(l)
        return out

    def empty_db(self, into):
        """A new database with the schema and no entries."""
        for ext in ("", "-wal", "-shm"):
            if os.path.exists(into + ext):
                os.remove(into + ext)
        subprocess.run([self.gen, "empty", into], check=True)


# ---- 1. first frame ------------------------------------------------------

# The footer is drawn last; its first item is "? help", with attribute
# changes between the key and the word.
FOOTER = re.compile(rb"\?(?:\x1b[\[(][0-9;?]*[A-Za-z])* ?help")
LESS_PROMPT = re.compile(rb"KH-BENCH-END")


def less_argv(path):
    return [shutil.which("less"), "-PsKH-BENCH-END", path]


def first_frame(d, runs, tmp):
    db = os.path.join(tmp, "frame.db")
    d.empty_db(db)
    ours, base = Timing(), Timing()
    for _ in range(runs):
        t = Term([d.kehoach, "--plan", d.bundled, "--db", db, "--as-of",
                  AS_OF])
        wall = t.read_until(FOOTER)
        ours.add(wall, t.close(), t.cpu_at_marker)
        t = Term(less_argv(d.bundled))
        wall = t.read_until(LESS_PROMPT)
        base.add(wall, t.close(), t.cpu_at_marker)
    timed_row("1. first frame, bundled plan, 80×24", ours, base,
              "≤ 1.5× less", 1.5, "baseline: less plan.yaml to its prompt")
    rss_row("1. TUI, bundled plan (vs less)", ours.rss, base.rss)


# ---- 2. status -----------------------------------------------------------

def status(d, runs, n, m, limit):
    plan, db = d.plan(n), d.db(n, m)
    sql_file = d.path("floor.sql")
    with open(sql_file, "w") as f:
        f.write(FLOOR_SQL)
    ours, base = Timing(), Timing()
    for _ in range(runs):
        ours.add(*run_timed([d.kehoach, "--plan", plan, "--db", db,
                             "--as-of", AS_OF, "status", "--format", "json"]))
        w1, r1, c1 = run_timed([d.floor, plan])
        with open(sql_file) as q:
            w2, r2, c2 = run_timed(["sqlite3", "-readonly", db], stdin=q)
        base.add(w1 + w2, max(r1, r2), c1 + c2)
    label = "%dk × %dM" % (n // 1000, m // 1000000)
    timed_row("2. status --format json, %s" % label, ours, base,
              "≤ %.1f× floor" % limit, limit,
              "floor: libyaml event parse of the plan + the sqlite3 shell's"
              " latest-entry query")
    rss_row("2. status json, %s (vs floor)" % label, ours.rss, base.rss,
            64 if n <= 10000 else None)


# ---- 3. cursor moves -----------------------------------------------------

# Each kind of move with the keys it cycles through: page down, then up,
# so that the 57 rows of the bundled plan never run out.
MOVES = [("down", [b"j"], None),
         ("page down/up", [b"\x1b[6~", b"\x1b[6~", b"\x1b[5~", b"\x1b[5~"],
          None),
         ("search jump", [b"n"], b"/doanh nghiep\r")]


def measure_moves(t, count, keys):
    """Per move kind: (CPU ns samples, byte samples)."""
    out = {}
    for name, cycle, setup in keys:
        if setup:
            for ch in setup:  # typed, as people do
                t.send(bytes([ch]))
                t.quiet(0.05)
            t.quiet(0.3)
        cpu, size = [], []
        for i in range(count):
            before = cpu_ns(t.pid)
            t.send(cycle[i % len(cycle)])
            size.append(len(t.quiet()))
            cpu.append(cpu_ns(t.pid) - before)
        out[name] = (cpu, size)
    return out


def moves_kehoach(d, plan, db, count):
    t = Term([d.kehoach, "--plan", plan, "--db", db, "--as-of", AS_OF])
    if t.read_until(FOOTER) is None:
        raise RuntimeError("kehoach drew no first frame")
    t.quiet(0.3)
    t.send(b"*")        # open every section and task
    t.quiet(0.5)
    out = measure_moves(t, count, MOVES)
    return out, t.close(b"\x1bq")


def moves_less(d, path, count):
    t = Term(less_argv(path))
    if t.read_until(LESS_PROMPT) is None:
        raise RuntimeError("less drew no first frame")
    t.quiet(0.3)
    keys = [(n, k, b"/doanh\r" if s else None) for n, k, s in MOVES]
    out = measure_moves(t, count, keys)
    return out, t.close(b"q")


def moves(d, count):
    plan, db = d.plan(10000), d.db(10000, 1000000)
    # The bundled plan with the same history per target (100 entries):
    # what differs is the number of rows.
    small_db = d.db(0, 3600)
    big, big_rss = moves_kehoach(d, plan, db, count)
    small, _ = moves_kehoach(d, d.bundled, small_db, count)
    base, base_rss = moves_less(d, d.lines(10000), count)
    for name, _, _ in MOVES:
        cpu_b, bytes_b = base[name]
        cpu_o, bytes_o = big[name]
        cpu_s, _ = small[name]
        o = Figure(cpu_o, "µs", 1e-3)
        s = Figure(cpu_s, "µs", 1e-3)
        row("3. %s: CPU per move, 10k rows open" % name, o,
            Figure(cpu_b, "µs", 1e-3), "≈ same as at 57 rows",
            o.median <= 1.5 * s.median,
            "at 57 rows (the bundled plan, all open, same history per"
            " target): %s" % s.text())
        bo = Figure(bytes_o, "B")
        row("3. %s: bytes written per move" % name, bo,
            Figure(bytes_b, "B"), "≤ ~1 KB", bo.median <= 1100)
    rss_row("3. TUI, 10k × 1M, all open (vs less, 10k lines)", [big_rss],
            [base_rss], 64)


# ---- 4. import -----------------------------------------------------------

def import_csv(d, runs, tmp):
    plan, csv = d.plan(10000), d.csv(10000, 10000)
    db = os.path.join(tmp, "import.db")
    base_db = os.path.join(tmp, "sqlite-import.db")
    ours, base, check = Timing(), Timing(), Timing()
    for _ in range(runs):
        d.empty_db(db)
        ours.add(*run_timed([d.kehoach, "--plan", plan, "--db", db,
                             "--as-of", AS_OF, "import", csv, "--apply"]))
        if os.path.exists(base_db):
            os.remove(base_db)
        base.add(*run_timed(["sqlite3", base_db, "-cmd", ".mode csv",
                             "-cmd", ".separator ;",
                             ".import %s entry" % csv]))
        check.add(*run_timed([d.kehoach, "--plan", plan, "check"]))
    timed_row("4. import --apply, 10,000-row CSV, 10k plan", ours, base,
              "≤ 2× .import", 2.0,
              "baseline: sqlite3 shell .import into a new table; of"
              " kehoach's time, reading the 10k plan (kehoach check) takes"
              " %s wall, %s CPU" % (ms(check.wall).text(),
                                    ms(check.cpu).text()))
    rss_row("4. import 10k rows (vs .import)", ours.rss, base.rss, 64)


# ---- 5. report -----------------------------------------------------------

def report(d, runs, tmp):
    plan, db = d.plan(10000), d.db(10000, 1000000)
    have_xlsx = b"XLSX reports: yes" in subprocess.run(
        [d.kehoach, "--version"], stdout=subprocess.PIPE).stdout
    rss = []
    for fmt in ["md", "txt", "csv"] + (["xlsx"] if have_xlsx else []):
        out = os.path.join(tmp, "report." + fmt)
        ours = Timing()
        for _ in range(runs):
            if os.path.exists(out):
                os.remove(out)
            ours.add(*run_timed([d.kehoach, "--plan", plan, "--db", db,
                                 "--period", "H1", "report", "--format", fmt,
                                 "-o", out]))
        rss += ours.rss
        timed_row("5. report H1 --format %s, 10k × 1M" % fmt, ours, None,
                  "< 1 s", 1000)
    rss_row("5. report 10k × 1M, every format", rss, None, 64)


# ---- main ------------------------------------------------------------------

def main():
    global RUNNER
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--moves", type=int, default=30)
    ap.add_argument("--only", default="frame,status,big,moves,import,report")
    a = ap.parse_args()
    only = set(a.only.split(","))
    d = Data(os.path.abspath(a.build), os.path.abspath(a.source))
    RUNNER = os.path.join(d.build, "tests", "bench", "bench_run")
    for tool in ("less", "sqlite3"):
        if not shutil.which(tool):
            sys.exit("bench: %s is not installed (./dev installs it)" % tool)

    # Generate everything first, so no timing includes it.
    d.db(10000, 1000000)
    d.db(0, 3600)
    d.csv(10000, 10000)
    if "big" in only:
        d.db(100000, 1000000)

    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="kh-bench-") as tmp:
        if "frame" in only:
            log("1. first frame")
            first_frame(d, a.runs, tmp)
        if "status" in only:
            log("2. status, 10k × 1M")
            status(d, a.runs, 10000, 1000000, 1.5)
        if "big" in only:
            log("2. status, 100k × 1M")
            status(d, a.runs, 100000, 1000000, 2.0)
        if "moves" in only:
            log("3. cursor moves")
            moves(d, a.moves)
        if "import" in only:
            log("4. import")
            import_csv(d, a.runs, tmp)
        if "report" in only:
            log("5. report")
            report(d, a.runs, tmp)

    print()
    print("kehoach bench: %s, %d CPUs, load average %.2f %.2f %.2f at the"
          " start, %.2f %.2f %.2f at the end; median (min–max) of %d runs,"
          " %d moves; goals judged on CPU time" %
          (os.uname().machine, os.cpu_count(), *load, *os.getloadavg(),
           a.runs, a.moves))
    print_table()


if __name__ == "__main__":
    main()
