#!/usr/bin/env python3
"""The kehoach benchmark: one table, each figure next to a baseline measured
in the same run (median of several runs, min and max beside it).

    bench.py --build BUILD_DIR --source SOURCE_ROOT [--runs N] [--only NAMES]

Run it through `./dev bench` (tests/bench/run.sh); see tests/bench/README.md
for what each line means.  Generated data lives in BUILD_DIR/bench-data and
is reused between runs.
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
# entry of every target as of a date, every column, one pass over the
# distinct targets of the (target_id, as_of, id) index.
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


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---- processes ---------------------------------------------------------

RUNNER = None  # tests/bench/bench_run, set in main()


def run_timed(argv, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
              check=True):
    """Run argv to the end through bench_run: (wall seconds, peak RSS in
    KiB)."""
    proc = subprocess.run([RUNNER] + argv, stdout=stdout, stdin=stdin,
                          stderr=subprocess.PIPE)
    err = proc.stderr.decode(errors="replace").rstrip("\n").split("\n")
    wall, rss, code, _ = err[-1].split()
    if check and int(code) != 0:
        raise RuntimeError("%s failed (%s): %s" % (" ".join(argv), code,
                                                   "\n".join(err[:-1])))
    return float(wall), int(rss)


def peak_rss(pid):
    """The peak RSS of a running process since its exec, in KiB."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def cpu_ns(pid):
    """CPU time the process has used so far, in nanoseconds."""
    with open("/proc/%d/schedstat" % pid) as f:
        return int(f.read().split()[0])


class Term:
    """A program in a pseudo-terminal of rows x cols."""

    def __init__(self, argv, rows=24, cols=80, env=None):
        self.start = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ,
                            struct.pack("HHHH", rows, cols, 0, 0))
                os.environ.update(TERM="xterm-256color", LANG="C.UTF-8",
                                  LC_ALL="C.UTF-8", LESS="", LESSOPEN="",
                                  LESSHISTFILE="-")
                os.environ.pop("NO_COLOR", None)
                if env:
                    os.environ.update(env)
                os.execv(argv[0], argv)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.usage = None

    def read_until(self, marker, limit=30.0):
        """Read until marker shows; the time since the start, or None."""
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
                return time.monotonic() - self.start
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
        """Quit the program; its peak RSS in KiB."""
        rss = peak_rss(self.pid)
        try:
            self.send(quit_keys)
            self.quiet(0.05, 2.0)
        except OSError:
            pass
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            pid, status, usage = os.wait4(self.pid, os.WNOHANG)
            if pid:
                self.usage = usage
                break
            time.sleep(0.02)
        else:
            os.kill(self.pid, signal.SIGKILL)
            _, _, self.usage = os.wait4(self.pid, 0)
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


def mib(kib_samples):
    return Figure([k / 1024.0 for k in kib_samples], "MB", 1.0, 1)


ROWS = []


def row(name, ours, base=None, goal=None, ok=None, note=""):
    """One line of the table; ok is True/False/None (no goal)."""
    ratio = ""
    if base is not None and ours.median is not None and base.median:
        ratio = "%.2f×" % (ours.median / base.median)
    verdict = "" if ok is None else ("met" if ok else "MISSED")
    ROWS.append((name, ours.text(), base.text() if base else "", ratio,
                 goal or "", verdict, note))
    log("  %s: %s%s" % (name, ours.text(),
                        "  vs %s (%s)" % (base.text(), ratio) if base else ""))


def print_table():
    head = ("measure", "kehoach", "baseline", "ratio", "goal", "", "")
    widths = [max(len(r[i]) for r in ROWS + [head]) for i in range(6)]
    def line(r):
        return "  ".join(r[i].ljust(widths[i]) for i in range(6)).rstrip()
    print(line(head))
    print("  ".join("-" * w for w in widths))
    for r in ROWS:
        print(line(r))
        if r[6]:
            print("    " + r[6])


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
        bundled plan), read once so it is in the page cache."""
        # Named by the schema version: a new schema means new files.
        schema = subprocess.run([self.gen, "schema"], check=True,
                                stdout=subprocess.PIPE).stdout.decode().strip()
        plan = self.plan(n) if n else self.bundled
        out = self.make("db-s%s-%s-%d.db" % (schema, n or "bundled", m),
                        ["db", plan, str(m)])
        with open(out, "rb") as f:
            while f.read(1 << 20):
                pass
        return out

    def csv(self, n, rows):
        return self.make("import-%d-%d.csv" % (n, rows),
                         ["csv", self.plan(n), str(rows)])

    def lines(self, n):
        """A text file of n lines for less: the 10k plan's own lines."""
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


def first_frame(d, runs, tmp):
    db = os.path.join(tmp, "frame.db")
    d.empty_db(db)
    ours, ours_rss, base, base_rss = [], [], [], []
    for _ in range(runs):
        t = Term([d.kehoach, "--plan", d.bundled, "--db", db, "--as-of",
                  AS_OF])
        ours.append(t.read_until(FOOTER))
        ours_rss.append(t.close())
        less = shutil.which("less")
        t = Term([less, "-PsKH-BENCH-END", d.bundled])
        base.append(t.read_until(LESS_PROMPT))
        base_rss.append(t.close(b"q"))
    o, b = ms(ours), ms(base)
    row("1. first frame, bundled plan, 80×24", o, b, "≤ 1.5× less",
        o.median is not None and o.median <= 1.5 * b.median)
    return mib(ours_rss), mib(base_rss)


# ---- 2. status -----------------------------------------------------------

def status(d, runs, n, m, goal_ratio):
    plan, db = d.plan(n), d.db(n, m)
    sql_file = d.path("floor.sql")
    with open(sql_file, "w") as f:
        f.write(FLOOR_SQL)
    ours, ours_rss, base, base_rss = [], [], [], []
    for _ in range(runs):
        w, r = run_timed([d.kehoach, "--plan", plan, "--db", db, "--as-of",
                          AS_OF, "status", "--format", "json"])
        ours.append(w)
        ours_rss.append(r)
        w1, r1 = run_timed([d.floor, plan])
        with open(sql_file) as q:
            w2, r2 = run_timed(["sqlite3", "-readonly", db], stdin=q)
        base.append(w1 + w2)
        base_rss.append(max(r1, r2))
    o, b = ms(ours), ms(base)
    label = "%dk" % (n // 1000)
    row("2. status --format json, %s targets × %dM entries" % (label,
                                                              m // 1000000),
        o, b, "≤ %.1f× floor" % goal_ratio,
        o.median <= goal_ratio * b.median,
        "floor: libyaml event parse + sqlite3 shell latest-entry query")
    return mib(ours_rss), mib(base_rss)


# ---- 3. cursor moves -----------------------------------------------------

def moves_kehoach(d, plan, db, count):
    """Per move kind: (cpu ns samples, byte samples); and the peak RSS."""
    t = Term([d.kehoach, "--plan", plan, "--db", db, "--as-of", AS_OF])
    if t.read_until(FOOTER) is None:
        raise RuntimeError("kehoach drew no first frame")
    t.quiet(0.3)
    t.send(b"*")        # open every section and task
    t.quiet(0.3)
    out = {}
    # down: from the top; page down: from there; search: a word found
    # all over the plan.
    plan_keys = [("down", b"j", None), ("page down", b"\x1b[6~", None),
                 ("search jump", b"n", b"/doanh nghiep\r")]
    for name, key, setup in plan_keys:
        if setup:
            for ch in setup:
                t.send(bytes([ch]))
                t.quiet(0.05)
            t.quiet(0.3)
        cpu, size = [], []
        for _ in range(count):
            before = cpu_ns(t.pid)
            t.send(key)
            size.append(len(t.quiet()))
            cpu.append(cpu_ns(t.pid) - before)
        out[name] = (cpu, size)
    rss = t.close(b"\x1bq")
    return out, rss


def moves_less(d, path, count):
    t = Term([shutil.which("less"), "-PsKH-BENCH-END", path])
    if t.read_until(LESS_PROMPT) is None:
        raise RuntimeError("less drew no first frame")
    t.quiet(0.3)
    out = {}
    for name, key, setup in [("down", b"j", None),
                             ("page down", b"\x1b[6~", None),
                             ("search jump", b"n", b"/doanh\r")]:
        if setup:
            t.send(setup)
            t.quiet(0.3)
        cpu, size = [], []
        for _ in range(count):
            before = cpu_ns(t.pid)
            t.send(key)
            size.append(len(t.quiet()))
            cpu.append(cpu_ns(t.pid) - before)
        out[name] = (cpu, size)
    rss = t.close(b"q")
    return out, rss


def moves(d, runs, count):
    plan, db = d.plan(10000), d.db(10000, 1000000)
    # The same history per target (100 entries) on the bundled plan: what
    # differs is only the number of rows.
    small_db = d.db(0, 3600)
    big, big_rss = moves_kehoach(d, plan, db, count)
    small, _ = moves_kehoach(d, d.bundled, small_db, count)
    base, base_rss = moves_less(d, d.lines(10000), count)
    for name in ("down", "page down", "search jump"):
        cpu_b, bytes_b = base[name]
        cpu_o, bytes_o = big[name]
        cpu_s, _ = small[name]
        o = Figure(cpu_o, "µs", 1e-3)
        s = Figure(cpu_s, "µs", 1e-3)
        row("3. %s: CPU per move, 10k rows open" % name, o,
            Figure(cpu_b, "µs", 1e-3), "≈ same at 57 rows",
            o.median <= 1.5 * s.median,
            "the bundled plan, all open (57 rows), same history per"
            " target: %s" % s.text())
        bo = Figure(bytes_o, "B")
        row("3. %s: bytes written per move, 80×24" % name, bo,
            Figure(bytes_b, "B"), "≤ ~1 KB", bo.median <= 1100)
    return mib([big_rss]), mib([base_rss])


# ---- 4. import -----------------------------------------------------------

def import_csv(d, runs, tmp):
    plan, csv = d.plan(10000), d.csv(10000, 10000)
    db = os.path.join(tmp, "import.db")
    base_db = os.path.join(tmp, "sqlite-import.db")
    ours, ours_rss, base, base_rss = [], [], [], []
    for _ in range(runs):
        d.empty_db(db)
        w, r = run_timed([d.kehoach, "--plan", plan, "--db", db, "--as-of",
                          AS_OF, "import", csv, "--apply"])
        ours.append(w)
        ours_rss.append(r)
        if os.path.exists(base_db):
            os.remove(base_db)
        w, r = run_timed(["sqlite3", base_db, "-cmd", ".mode csv",
                          "-cmd", ".separator ;", ".import %s entry" % csv])
        base.append(w)
        base_rss.append(r)
    o, b = ms(ours), ms(base)
    row("4. import --apply, 10,000-row CSV", o, b, "≤ 2× .import",
        o.median <= 2 * b.median, "baseline: sqlite3 shell .import into a"
        " new table")
    return mib(ours_rss), mib(base_rss)


# ---- 5. report -----------------------------------------------------------

def report(d, runs, tmp):
    plan, db = d.plan(10000), d.db(10000, 1000000)
    have_xlsx = b"XLSX reports: yes" in subprocess.run(
        [d.kehoach, "--version"], stdout=subprocess.PIPE).stdout
    fmts = ["md", "txt", "csv"] + (["xlsx"] if have_xlsx else [])
    rss = []
    for fmt in fmts:
        out = os.path.join(tmp, "report." + fmt)
        times = []
        for _ in range(runs):
            if os.path.exists(out):
                os.remove(out)
            w, r = run_timed([d.kehoach, "--plan", plan, "--db", db,
                              "--period", "H1", "report", "--format", fmt,
                              "-o", out])
            times.append(w)
            rss.append(r)
        o = ms(times)
        row("5. report H1 --format %s, 10k × 1M" % fmt, o, None, "< 1 s",
            o.median < 1000)
    return mib(rss)


# ---- main ------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--moves", type=int, default=30)
    ap.add_argument("--only", default="frame,status,moves,import,report,big")
    a = ap.parse_args()
    only = set(a.only.split(","))
    d = Data(os.path.abspath(a.build), os.path.abspath(a.source))
    global RUNNER
    RUNNER = os.path.join(d.build, "tests", "bench", "bench_run")
    for tool in ("less", "sqlite3"):
        if not shutil.which(tool):
            sys.exit("bench: %s is not installed (./dev installs it)" % tool)

    # Generate everything first, so no timing includes it.
    d.plan(10000)
    d.db(10000, 1000000)
    d.csv(10000, 10000)
    if "big" in only:
        d.db(100000, 1000000)

    load = os.getloadavg()
    rss = []
    with tempfile.TemporaryDirectory(prefix="kh-bench-") as tmp:
        if "frame" in only:
            log("1. first frame")
            o, b = first_frame(d, a.runs, tmp)
            rss.append(("1. TUI, bundled plan", o, b))
        if "status" in only:
            log("2. status, 10k × 1M")
            o, b = status(d, a.runs, 10000, 1000000, 1.5)
            rss.append(("2. status json, 10k × 1M", o, b))
        if "big" in only:
            log("2. status, 100k × 1M")
            o, b = status(d, a.runs, 100000, 1000000, 2.0)
            rss.append(("2. status json, 100k × 1M", o, b))
        if "moves" in only:
            log("3. cursor moves")
            o, b = moves(d, a.runs, a.moves)
            rss.append(("3. TUI, 10k plan, all open, 1M entries", o, b))
        if "import" in only:
            log("4. import")
            o, b = import_csv(d, a.runs, tmp)
            rss.append(("4. import 10k rows", o, b))
        if "report" in only:
            log("5. report")
            o = report(d, a.runs, tmp)
            rss.append(("5. report, all formats", o, None))
    for name, o, b in rss:
        goal = None
        ok = None
        if "10k × 1M" in name or "10k plan" in name or "10k rows" in name \
                or "report" in name:
            goal = "< 64 MB"
            ok = max(o.samples) < 64
        ROWS.append(("6. peak RSS: " + name, "%.1f MB" % max(o.samples),
                     "%.1f MB" % max(b.samples) if b else "",
                     "", goal or "", "" if ok is None else
                     ("met" if ok else "MISSED"), ""))

    print()
    print("kehoach bench — %s, %d CPUs, load average %.2f %.2f %.2f at start,"
          " %.2f %.2f %.2f at end; %d runs each" %
          (os.uname().machine, os.cpu_count(), *load, *os.getloadavg(),
           a.runs))
    print_table()


if __name__ == "__main__":
    main()
