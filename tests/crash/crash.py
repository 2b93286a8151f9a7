#!/usr/bin/env python3
"""Crash safety: nothing acknowledged is lost, no import is half applied,
and what a crash or a power cut leaves behind opens cleanly.  Prints TAP.

    crash.py KEHOACH SOURCE_ROOT [CRASHPOINT_SO]

1. Rounds.  Several writers (`set`, `import --apply`, `backup`) work on one
   database at once and are killed with SIGKILL at random moments; a round
   ends by killing whatever still runs, which leaves the WAL behind.  Then
   kehoach opens the database first (status, history), and sqlite3 checks
   it: integrity_check is "ok", every write whose command exited 0 is there
   exactly once (each carries a unique note), every import file has all of
   its rows or none, and there is no note that no command wrote.
2. Power cut.  Mid-round the writers are frozen with SIGSTOP and the files
   copied (db + -wal + -shm, and db + -wal alone): an image of one instant,
   which is what a power cut leaves when the disk kept what it was told to.
   Each image, and the same image with its WAL past the last commit (what
   was not yet synced) cut at a random byte or turned to garbage, must
   open cleanly and hold every write acknowledged before the freeze.
   Copies taken with a plain cp while writers run are checked the same
   way when no checkpoint rewrote the database file during the copy (when
   one did, SQLite promises nothing: those are only counted).  Backups
   (`kehoach backup`) made meanwhile must hold every write acknowledged
   before they started; a killed one leaves nothing under its name, or
   a whole copy.
3. Crash points (with CRASHPOINT_SO preloaded): `set` and `import --apply`
   are killed at their 1st, 2nd, 3rd... write, sync or truncation of the
   WAL and of the database file (the checkpoint when the last connection
   closes), `backup` at each of its copy's, and `set` while creating a
   database or upgrading a version-1 one, until a run gets through; every
   stop is checked as above.
4. Durability (the same helper, auditing): with another process holding
   the database open, `set`, `import --apply` and `backup` must not exit 0
   with a write to the database files still unsynced; a control writer
   with synchronous=NORMAL must be caught.

Knobs: KH_CRASH_ROUNDS (default: 20 or more, until 220 kills),
KH_CRASH_WRITERS (default 4),
KH_CRASH_SEED (printed; replays the same choices, not the same timing);
KH_CRASH_INJECT=phantom|half|stranger|corrupt plants a fault the checks
must catch (the test must then fail).
"""
import json
import os
import random
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

KH, ROOT = sys.argv[1], sys.argv[2]
PRELOAD = sys.argv[3] if len(sys.argv) > 3 else None
PLAN = os.path.join(ROOT, 'plan.yaml')
# Rounds: KH_CRASH_ROUNDS exactly, or by default from 20 until 220 kills
# (at most 40).
ROUNDS = int(os.environ.get('KH_CRASH_ROUNDS', '0'))
KILLS_WANTED = 220
WRITERS = int(os.environ.get('KH_CRASH_WRITERS', '4'))
SEED = int(os.environ.get('KH_CRASH_SEED', str(random.randrange(1 << 30))))
INJECT = os.environ.get('KH_CRASH_INJECT', '')
HIST_TARGET = 'II.1-che-pham-vi-sinh'

rng = random.Random(SEED)
work = tempfile.mkdtemp(prefix='kh-crash-',
                        dir=os.environ.get('TMPDIR') or '/tmp')
env = dict(os.environ, LC_ALL='C.UTF-8', HOME=os.path.join(work, 'home'),
           XDG_DATA_HOME=os.path.join(work, 'xdg'))
for k in ('KEHOACH_DB', 'KEHOACH_PLAN', 'KEHOACH_BUSY_MS', 'LD_PRELOAD',
          'KH_CRASH_FILE', 'KH_CRASH_AT', 'KH_CRASH_AUDIT'):
    env.pop(k, None)
DB = os.path.join(work, 'main', 'kh.db')
for d in ('main', 'csv', 'backup', 'copy', 'err', 'create'):
    os.makedirs(os.path.join(work, d))

# TAP points, in the order they are printed; each gathers its problems.
POINTS = [
    ('commands', 'every writer exited 0 or was killed, nothing else'),
    ('open', 'after every round kehoach opens the database (status, '
             'history), WAL left behind or not'),
    ('integrity', 'integrity_check is ok after every round'),
    ('acked', 'every acknowledged write is there, exactly once'),
    ('imports', 'no import is half applied'),
    ('strangers', 'no entry that no command wrote'),
    ('frozen', 'frozen copies (db+wal+shm, db+wal) open cleanly and hold '
               'every write acknowledged before'),
    ('torn', 'frozen or crashed copies with the WAL torn or garbled past '
             'its last commit open cleanly and hold every write '
             'acknowledged before'),
    ('live', 'cp copies taken while writers run open cleanly and hold '
             'every write acknowledged before'),
    ('backups', 'backups are complete and consistent; one killed midway '
                'leaves nothing under the name asked for'),
    ('points', 'killed at every write/sync of a commit and of the '
               'checkpoint: each stop opens cleanly, all or nothing'),
    ('create', 'killed at every write while creating a database or '
               'upgrading a version-1 one: the next set works, nothing lost'),
    ('durable', 'a command that exits 0 has synced all it wrote (a power '
                'cut then loses nothing acknowledged)'),
]
problems = {name: [] for name, _ in POINTS}
crossed_bad = []    # what the damaged cp-across-a-checkpoint copies showed
fig = dict(rounds=0, kills=0, acked=0, found=0, imports=0,
           imports_landed=0, wal_left=0, frozen=0, torn=0, live=0,
           live_crossed=0, live_crossed_bad=0, backups=0, points=0,
           create=0, commands=0, backups_killed=0, torn_midway=0)


def problem(point, text, sink=None):
    (problems if sink is None else sink)[point].append(text)


class Ledger:
    """Every write attempted, and which were acknowledged (exit 0)."""

    def __init__(self):
        self.sets = {}      # note -> 'acked' | 'unknown'
        self.imports = {}   # file token -> [rows, 'acked' | 'unknown']
        self.acked = []     # ('S', note) or ('I', file token), in order

    def ack(self, kind, token):
        if kind == 'S':
            self.sets[token] = 'acked'
        else:
            self.imports[token][1] = 'acked'
        self.acked.append((kind, token))

    def rows_acked(self, upto=None):
        n = 0
        for kind, tok in self.acked[:upto]:
            n += 1 if kind == 'S' else self.imports[tok][0]
        return n


ledger = Ledger()
counter = {'set': 0, 'import': 0, 'backup': 0}
# Kills come every 5-50 ms and rounds last 150-300 ms where a set takes
# PACE_SET (the median of those that got through, four writers at once);
# slower builds (sanitizers) or a busy machine stretch both.
PACE_SET = 0.030
pace = {'scale': 1.0}
set_times = []
targets = []


def kh(db, *args):
    return [KH, '--plan', PLAN, '--db', db] + list(args)


def run(cmd, extra_env=None, timeout=60):
    """Run to the end; (exit status, stderr)."""
    e = env if extra_env is None else dict(env, **extra_env)
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       env=e, timeout=timeout)
    return p.returncode, p.stderr.decode('utf-8', 'replace').strip()


def random_date():
    return '2024-%02d-%02d' % (rng.randint(1, 12), rng.randint(1, 28))


def new_set(tag, book=ledger):
    counter['set'] += 1
    note = 'S%s.%d' % (tag, counter['set'])
    book.sets[note] = 'unknown'
    cmd = ['set', rng.choice(targets), str(rng.randint(0, 300)),
           '--date', random_date(), '--note', note, '--force']
    return 'S', note, cmd


def new_import(tag, rows=None, book=ledger):
    counter['import'] += 1
    ftok = 'I%s.%d' % (tag, counter['import'])
    n = rows or rng.randint(5, 60)
    path = os.path.join(work, 'csv', ftok + '.csv')
    with open(path, 'w', encoding='utf-8') as f:
        f.write('target_id;value;as_of;unit;assessment;note\n')
        for j in range(n):
            # A note on every row: a lower figure with a note is accepted.
            f.write('%s;%d;%s;;;%s.r%d\n' % (rng.choice(targets),
                                              rng.randint(0, 300),
                                              random_date(), ftok, j))
    book.imports[ftok] = [n, 'unknown']
    fig['imports'] += book is ledger
    return 'I', ftok, ['import', path, '--apply', '--force']


def new_backup():
    counter['backup'] += 1
    path = os.path.join(work, 'backup', 'B%d.db' % counter['backup'])
    return 'B', path, ['backup', path]


def read_db(db, readonly=True):
    """integrity_check lines and {note: count}; None if sqlite3 failed."""
    sql = ("PRAGMA integrity_check;"
           "SELECT 'N|' || note || '|' || count(*) FROM entry GROUP BY note;")
    cmd = ['sqlite3', '-batch'] + (['-readonly'] if readonly else []) + \
        [db, sql]
    p = subprocess.run(cmd, capture_output=True, env=env, timeout=60)
    out = p.stdout.decode('utf-8', 'replace').splitlines()
    err = p.stderr.decode('utf-8', 'replace').strip()
    integrity = [l for l in out if not l.startswith('N|')]
    notes = {}
    for l in out:
        if l.startswith('N|'):
            note = l[2:l.rindex('|')]
            notes[note] = int(l[l.rindex('|') + 1:])
    if p.returncode != 0 and 'no such table: entry' not in err:
        return integrity, None, err
    return integrity, notes, err


def check_notes(notes, book, upto, label, where, sink=None):
    """Compare what is stored with the ledger; problems go to points."""
    per_file = {}
    for note, c in notes.items():
        ftok, sep, j = note.rpartition('.r')
        if note in book.sets:
            if c != 1:
                problem(where['acked'], '%s: %s stored %d times'
                        % (label, note, c), sink)
        elif sep and ftok in book.imports and j.isdigit() and \
                int(j) < book.imports[ftok][0]:
            if c != 1:
                problem(where['acked'], '%s: %s stored %d times'
                        % (label, note, c), sink)
            per_file[ftok] = per_file.get(ftok, 0) + 1
        else:
            problem(where['strangers'], '%s: an entry no command wrote '
                    '(note %r)' % (label, note), sink)
    for ftok, (n, _) in book.imports.items():
        got = per_file.get(ftok, 0)
        if got not in (0, n):
            problem(where['imports'], '%s: import %s has %d of its %d rows'
                    % (label, ftok, got, n), sink)
    found = 0
    missing = []
    for kind, tok in book.acked[:upto]:
        if kind == 'S':
            if notes.get(tok) == 1:
                found += 1
            else:
                missing.append('set %s' % tok)
        else:
            n = book.imports[tok][0]
            got = per_file.get(tok, 0)
            found += got
            if got != n:
                missing.append('import %s (%d of %d rows)' % (tok, got, n))
    if missing:
        problem(where['acked'], '%s: %d acknowledged writes missing: %s%s'
                % (label, len(missing), ', '.join(missing[:4]),
                   ', ...' if len(missing) > 4 else ''), sink)
    return found


def verify(db, label, upto=None, point=None, history=False, book=None,
           readonly=True, sink=None, status=True):
    """kehoach opens it first, then sqlite3 checks it.  point: one TAP
    point for every kind of problem (copies), or None for the per-kind
    points (the live database); sink: where problems go (default: the TAP
    points); status=False when the next command to open it is kehoach
    anyway.  Returns the rows found acknowledged."""
    book = book or ledger
    where = {k: point or k for k in ('open', 'integrity', 'acked', 'imports',
                                     'strangers')}
    rc, err = run(kh(db, 'status')) if status else (0, '')
    if rc != 0:
        problem(where['open'], '%s: status exited %d: %s' % (label, rc, err),
                sink)
    if history:
        rc, err = run(kh(db, 'history', HIST_TARGET))
        if rc != 0:
            problem(where['open'], '%s: history exited %d: %s'
                    % (label, rc, err), sink)
    integrity, notes, err = read_db(db, readonly)
    if integrity != ['ok']:
        problem(where['integrity'], '%s: integrity_check says %s %s'
                % (label, ' / '.join(integrity[:3]), err), sink)
    if notes is None:
        problem(where['integrity'], '%s: sqlite3 cannot read it: %s'
                % (label, err), sink)
        return 0
    return check_notes(notes, book, upto, label, where, sink)


# ---- 1 and 2: rounds of writers killed at random -------------------------

class Slot:
    def __init__(self):
        self.proc = None


running = set()     # writers started and not yet reaped


def start(slot, rnd, w):
    r = rng.random()
    if r < 0.62:
        kind, tok, args = new_set('%d.%d' % (rnd, w))
    elif r < 0.92 or not ledger.acked:  # a backup needs a database
        kind, tok, args = new_import('%d.%d' % (rnd, w))
    else:
        kind, tok, args = new_backup()
    slot.kind, slot.tok = kind, tok
    slot.mark = len(ledger.acked)   # for a backup: what it must hold
    slot.errpath = os.path.join(work, 'err', 'w%d' % w)
    with open(slot.errpath, 'wb') as errf:
        slot.proc = subprocess.Popen(kh(DB, *args), stdout=subprocess.DEVNULL,
                                     stderr=errf, env=env)
    running.add(slot.proc)
    slot.t0 = time.monotonic()
    fig['commands'] += 1


killed_backups = []     # (path, mark) of backups killed midway


def finish(slot, rnd, backups):
    rc = slot.proc.returncode
    running.discard(slot.proc)
    slot.proc = None
    if rc == 0:
        if slot.kind == 'S':
            set_times.append(time.monotonic() - slot.t0)
        if slot.kind == 'B':
            backups.append((slot.tok, slot.mark))
        else:
            ledger.ack(slot.kind, slot.tok)
    elif rc == -signal.SIGKILL:
        fig['kills'] += 1
        if slot.kind == 'B':
            killed_backups.append((slot.tok, slot.mark))
    else:
        with open(slot.errpath, 'rb') as f:
            err = f.read().decode('utf-8', 'replace').strip()
        problem('commands', 'round %d: %s %s exited %d: %s'
                % (rnd, slot.kind, slot.tok, rc, err[:300]))


def reap(slots, rnd, backups):
    for s in slots:
        if s.proc is not None and s.proc.poll() is not None:
            finish(s, rnd, backups)


def stopped(pid):
    try:
        with open('/proc/%d/stat' % pid) as f:
            state = f.read().rsplit(')', 1)[1].split()[0]
    except OSError:
        return True
    return state in ('T', 't', 'Z', 'X')


def copy_files(dest, names):
    os.makedirs(dest)
    for suffix in names:
        src = DB + suffix
        if os.path.exists(src):
            shutil.copyfile(src, os.path.join(dest, 'kh.db' + suffix))
    return os.path.join(dest, 'kh.db')


def freeze_and_copy(slots, rnd, backups, copies):
    """SIGSTOP every writer, copy the files, SIGCONT: one instant."""
    frozen = [s.proc for s in slots if s.proc is not None]
    for p in frozen:
        os.kill(p.pid, signal.SIGSTOP)
    deadline = time.monotonic() + 5
    while not all(stopped(p.pid) for p in frozen):
        if time.monotonic() > deadline:
            problem('frozen', 'round %d: writers would not stop' % rnd)
            break
        time.sleep(0.0005)
    # Whatever exited before the freeze is in the files.
    reap(slots, rnd, backups)
    mark = len(ledger.acked)
    if os.path.exists(DB):
        base = os.path.join(work, 'copy', 'r%d' % rnd)
        copies.append((copy_files(base + 'a', ('', '-wal', '-shm')), mark,
                       'round %d: frozen db+wal+shm' % rnd))
        copies.append((copy_files(base + 'b', ('', '-wal')), mark,
                       'round %d: frozen db+wal' % rnd))
    for p in frozen:
        if p.returncode is None:    # not reaped: the pid is still its own
            os.kill(p.pid, signal.SIGCONT)


def read_all(path):
    try:
        with open(path, 'rb') as f:
            return f.read()
    except FileNotFoundError:
        return None


def live_copy(rnd, live):
    """cp of the three files while writers run."""
    if not os.path.exists(DB):
        return
    mark = len(ledger.acked)
    data = {s: read_all(DB + s) for s in ('', '-wal', '-shm')}
    again = read_all(DB)
    dest = os.path.join(work, 'copy', 'r%dlive' % rnd)
    os.makedirs(dest)
    for s, d in data.items():
        if d is not None:
            with open(os.path.join(dest, 'kh.db' + s), 'wb') as f:
                f.write(d)
    # The database file only changes in a checkpoint.
    live.append((os.path.join(dest, 'kh.db'), mark, data[''] == again, rnd))


def wal_commit_end(data):
    """Where the last valid commit frame of a WAL ends (0: no valid header,
    32: no commit).  The checksums are SQLite's: pairs of 32-bit words,
    little-endian when the magic number is even."""
    if len(data) < 32:
        return 0
    magic, _, page, _, salt1, salt2, c1, c2 = struct.unpack('>8I', data[:32])
    if magic not in (0x377f0682, 0x377f0683):
        return 0
    order = '>' if magic & 1 else '<'

    def cksum(buf, s0, s1):
        w = struct.unpack('%s%dI' % (order, len(buf) // 4), buf)
        for i in range(0, len(w), 2):
            s0 = (s0 + w[i] + s1) & 0xffffffff
            s1 = (s1 + w[i + 1] + s0) & 0xffffffff
        return s0, s1

    s = cksum(data[:24], 0, 0)
    if s != (c1, c2):
        return 0
    end = off = 32
    size = 24 + page
    while off + size <= len(data):
        pgno, commit, f1, f2, k1, k2 = struct.unpack('>6I',
                                                     data[off:off + 24])
        if pgno == 0 or (f1, f2) != (salt1, salt2):
            break
        s = cksum(data[off + 24:off + size], *cksum(data[off:off + 8], *s))
        if s != (k1, k2):
            break
        off += size
        if commit:
            end = off
    return end


def torn_copies(src, tag, hows=('cut', 'garbled')):
    """From a db+wal image of one instant, what a power cut may leave: the WAL
    past its last commit (the last sync) cut at a random byte, or
    overwritten and extended with garbage.  Before that point it cannot
    tear: a commit syncs the WAL, and a checkpoint syncs it before
    copying frames into the database file (cutting there would pair old
    frames with newer pages: SQLite's promise does not cover that)."""
    wal = src + '-wal'
    if not os.path.exists(wal):
        return []
    with open(wal, 'rb') as f:
        data = bytes(f.read())
    end = wal_commit_end(data)
    if end < 32:
        return []
    fig['torn_midway'] += end < len(data)
    out = []
    for how in hows:
        dest = os.path.join(work, 'copy', '%s%s' % (tag, how))
        db = copy_files(dest, ())
        shutil.copyfile(src, db)
        if how == 'cut':
            torn = data[:rng.randint(end, len(data))]
            what = 'cut at byte %d' % len(torn)
        else:
            at = rng.randint(end, len(data))
            torn = data[:at] + rng.randbytes(rng.randint(1, 3 * 4120))
            what = 'garbage from byte %d' % at
        with open(db + '-wal', 'wb') as f:
            f.write(torn)
        out.append((db, 'WAL %s (last commit ends at %d of %d)'
                    % (what, end, len(data))))
    return out


def set_pace():
    if len(set_times) >= 5:
        t = sorted(set_times)[len(set_times) // 2]
        pace['scale'] = min(4.0, max(1.0, t / PACE_SET))
        pace['set'] = t


def one_round(rnd):
    set_pace()
    slots = [Slot() for _ in range(WRITERS)]
    backups, copies, live = [], [], []
    t0 = time.monotonic()
    length = rng.uniform(0.15, 0.30) * pace['scale']
    freeze_at = t0 + rng.uniform(0.2, 0.8) * length
    live_at = t0 + rng.uniform(0.2, 0.8) * length
    next_kill = t0 + rng.uniform(0.005, 0.05) * pace['scale']
    while True:
        now = time.monotonic()
        reap(slots, rnd, backups)
        if now >= t0 + length:
            break
        for w, s in enumerate(slots):
            if s.proc is None:
                start(s, rnd, w)
        if now >= next_kill:
            busy = [s for s in slots if s.proc is not None]
            if busy:
                os.kill(rng.choice(busy).proc.pid, signal.SIGKILL)
            next_kill = now + rng.uniform(0.005, 0.05) * pace['scale']
        if freeze_at and now >= freeze_at:
            freeze_and_copy(slots, rnd, backups, copies)
            freeze_at = None
        if live_at and now >= live_at:
            live_copy(rnd, live)
            live_at = None
        time.sleep(0.001)
    # The end of the round: whatever still runs dies mid-flight.
    for s in slots:
        if s.proc is not None:
            s.proc.kill()
            s.proc.wait()
            finish(s, rnd, backups)
    if os.path.exists(DB + '-wal') and os.path.getsize(DB + '-wal') > 0:
        fig['wal_left'] += 1

    # kehoach opens what the crash left first; sqlite3 then checks it
    # (read-only every other round, so the next round's writers find the
    # WAL the killed ones left; read-write in the others, which
    # checkpoints it).
    if os.path.exists(DB):
        verify(DB, 'round %d' % rnd, history=True, readonly=rnd % 2 == 0)
    elif ledger.acked:
        problem('acked', 'round %d: the database is gone' % rnd)
    for db, mark, label in copies:
        fig['frozen'] += 1
        verify(db, label, upto=mark, point='frozen')
        if label.endswith('db+wal') and rnd % 2 == 1:
            for tdb, tlabel in torn_copies(db, 'r%d' % rnd):
                fig['torn'] += 1
                verify(tdb, 'round %d: frozen, %s' % (rnd, tlabel),
                       upto=mark, point='torn')
    for db, mark, clean, r in live:
        if clean:
            fig['live'] += 1
            verify(db, 'round %d: cp while writing' % r, upto=mark,
                   point='live')
        else:
            # A checkpoint rewrote the file during the copy: no promise.
            fig['live_crossed'] += 1
            scratch = {k: [] for k in problems}
            verify(db, 'round %d: cp across a checkpoint' % r, upto=mark,
                   sink=scratch)
            if any(scratch.values()):
                fig['live_crossed_bad'] += 1
                crossed_bad.extend(sum(scratch.values(), [])[:2])
    for path, mark in backups:
        fig['backups'] += 1
        verify(path, 'round %d: backup %s' % (rnd, os.path.basename(path)),
               upto=mark, point='backups')
    for path, mark in killed_backups:
        # Nothing under its name, unless it was killed after giving the
        # finished copy its name: then the copy must be whole.
        fig['backups_killed'] += 1
        if os.path.exists(path):
            verify(path, 'round %d: killed backup %s'
                   % (rnd, os.path.basename(path)), upto=mark,
                   point='backups')
    del killed_backups[:]
    shutil.rmtree(os.path.join(work, 'copy'))
    os.makedirs(os.path.join(work, 'copy'))
    for name in os.listdir(os.path.join(work, 'backup')):
        os.unlink(os.path.join(work, 'backup', name))
    fig['rounds'] += 1


# ---- 3: crash points -----------------------------------------------------

def preload_env(watch, n):
    asan = env.get('ASAN_OPTIONS', '')
    return {'LD_PRELOAD': PRELOAD, 'KH_CRASH_FILE': watch,
            'KH_CRASH_AT': str(n),
            'ASAN_OPTIONS': (asan + ':' if asan else '') +
            'verify_asan_link_order=0'}


def crash_points(name, make, watch, db=DB, book=ledger, follow=False):
    """Kill `make`'s command at call 1, 2, ... on files ending in watch,
    until a run gets through.  follow: after each stop, a set with no crash
    finishes what the killed checkpoint left (otherwise its pages pile up
    in the WAL and each run has more calls than the last).  Returns the
    number of stops."""
    for n in range(1, 500):
        kind, tok, args = make()
        rc, err = run(kh(db, *args), preload_env(watch, n))
        label = '%s, killed at call %d on *%s' % (name, n, watch)
        if rc == 0:
            book.ack(kind, tok)
            verify(db, label.replace('killed at', 'done after'),
                   point='points', book=book)
            return n - 1
        if rc != -signal.SIGKILL:
            problem('points', '%s: exited %d: %s' % (label, rc, err[:300]))
            return n - 1
        fig['points'] += 1
        # The next run (or set) opens it with kehoach, and must not fail.
        verify(db, label, point='points', book=book, status=False)
        if watch == '-wal':
            # What a power cut here leaves: unsynced frames lost or junk.
            hows = ('cut',) if n % 2 else ('garbled',)
            for tdb, tlabel in torn_copies(db, 'p', hows):
                fig['torn'] += 1
                verify(tdb, '%s, %s' % (label, tlabel), point='torn',
                       book=book)
            shutil.rmtree(os.path.join(work, 'copy'))
            os.makedirs(os.path.join(work, 'copy'))
        if follow:
            kind, tok, args = new_set('cpf', book)
            rc, err = run(kh(db, *args))
            if rc != 0:
                problem('points', '%s: the next set exited %d: %s'
                        % (label, rc, err))
            else:
                book.ack(kind, tok)
    problem('points', '%s: never got through' % name)
    return 0


def backup_points(db, book):
    """`backup` killed at every write and sync of the copy (its temporary
    file and journal): the name asked for appears only once it is whole."""
    folder = os.path.join(work, 'bkp')
    os.makedirs(folder)
    for n in range(1, 500):
        path = os.path.join(folder, 'b%d.db' % n)
        rc, err = run(kh(db, 'backup', path), preload_env('*/bkp/', n))
        label = 'backup, killed at call %d' % n
        if rc == 0:
            verify(path, 'backup, done after call %d' % (n - 1),
                   point='backups', book=book)
            return n - 1
        if rc != -signal.SIGKILL:
            problem('backups', '%s: exited %d: %s' % (label, rc, err[:300]))
            return n - 1
        fig['points'] += 1
        if os.path.exists(path):
            rc, err = run(kh(path, 'status'))
            problem('backups', '%s: it left %s (%d bytes; status on it '
                    'exits %d %s)' % (label, os.path.basename(path),
                                      os.path.getsize(path), rc, err))
    problem('backups', 'backup never got through')
    return 0


def durability():
    """set, import and backup under the audit, while another process
    holds the database open (so no checkpoint at close tidies up): none
    may exit 0 with a write to the database files still unsynced.  A
    control writer with synchronous=NORMAL must be caught, or the audit
    proves nothing."""
    db = os.path.join(work, 'audit', 'kh.db')
    report = os.path.join(work, 'audit.txt')
    book = Ledger()
    kind, tok, args = new_set('au', book)
    rc, err = run(kh(db, *args))
    if rc != 0:
        problem('durable', 'set exited %d: %s' % (rc, err))
        return 0
    book.ack(kind, tok)
    holder = subprocess.Popen(['sqlite3', db], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=env)
    holder.stdin.write('SELECT count(*) FROM entry;\n')
    holder.stdin.flush()
    holder.stdout.readline()
    audit = dict(preload_env('*/audit/', 0), KH_CRASH_AUDIT=report)
    checked = 0
    for i in range(6):
        if i % 3 == 2:
            kind, tok, args = 'B', None, ['backup', os.path.join(
                work, 'audit', 'b%d.db' % i)]
        elif i % 3 == 1:
            kind, tok, args = new_import('au', 10, book)
        else:
            kind, tok, args = new_set('au', book)
        rc, err = run(kh(db, *args), audit)
        if rc != 0:
            problem('durable', '%s exited %d: %s' % (args[0], rc, err))
            continue
        if tok:
            book.ack(kind, tok)
        unsynced = read_all(report)
        if unsynced:
            problem('durable', '%s exited 0 with %s'
                    % (args[0], unsynced.decode(errors='replace')
                       .strip().replace('\n', '; ')))
            os.unlink(report)
        checked += 1
    rc, err = run(['sqlite3', db, 'PRAGMA synchronous = NORMAL;'
                   "INSERT INTO meta VALUES ('audit control', '');"], audit)
    if rc != 0 or not read_all(report):
        problem('durable', 'the audit missed a writer with synchronous = '
                'NORMAL (%d %s): it proves nothing' % (rc, err))
    holder.stdin.close()
    holder.wait()
    verify(db, 'after the audit', point='durable', book=book)
    return checked


def make_v1(path):
    """A version-1 database (as kehoach 1 left it: rollback journal, no
    flags column, no period events) holding two entries; their notes."""
    rc, err = run(kh(path, 'set', HIST_TARGET, '3', '--note', 'Sv1.a',
                     '--force'))
    rc2, err2 = run(kh(path, 'set', targets[1], '1', '--note', 'Sv1.b',
                       '--force'))
    p = subprocess.run(['sqlite3', path,
                        'PRAGMA journal_mode = DELETE;'
                        'DROP TRIGGER period_event_no_update;'
                        'DROP TRIGGER period_event_no_delete;'
                        'DROP TABLE period_event; DROP INDEX entry_period;'
                        'ALTER TABLE entry DROP COLUMN flags;'
                        'PRAGMA user_version = 1; VACUUM;'],
                       capture_output=True, env=env)
    if rc or rc2 or p.returncode:
        problem('create', 'making a version-1 database: %s %s %s'
                % (err, err2, p.stderr.decode(errors='replace')))
    return ['Sv1.a', 'Sv1.b']


def create_points(watch, template=None, notes=()):
    """Create a database (or upgrade a copy of template), killed at call
    n on it; then a set with no crash must work and nothing be lost."""
    what = 'upgrading a version-1 database' if template else \
        'creating a database'
    for n in range(1, 500):
        db = os.path.join(work, 'create', '%s%s%d' % (
            'v1' if template else 'new', watch.strip('/.-'), n), 'kh.db')
        os.makedirs(os.path.dirname(db))
        if template:
            shutil.copyfile(template, db)
        book = Ledger()
        for note in notes:
            book.sets[note] = 'unknown'
            book.ack('S', note)
        note = 'Screate.%d' % n
        book.sets[note] = 'unknown'
        args = ['set', HIST_TARGET, '7', '--date', '2024-05-05', '--note',
                note, '--force']
        rc, err = run(kh(db, *args), preload_env(watch, n))
        label = '%s, killed at call %d on *%s' % (what, n, watch)
        if rc not in (0, -signal.SIGKILL):
            problem('create', '%s: exited %d: %s' % (label, rc, err[:300]))
            return n - 1
        if rc == 0:
            book.ack('S', note)
            verify(db, label.replace('killed at', 'done after'),
                   point='create', book=book)
            return n - 1
        fig['create'] += 1
        # A reader first (it may not roll back or migrate anything), then
        # a second try with no crash, which must create or finish it.
        rc, err = run(kh(db, 'status'))
        if rc != 0:
            problem('create', '%s: status exited %d: %s' % (label, rc, err))
        book.sets[note + 'b'] = 'unknown'
        rc, err = run(kh(db, *args[:-2], note + 'b', '--force'))
        if rc != 0:
            problem('create', '%s: the next set exited %d: %s'
                    % (label, rc, err))
            continue
        book.ack('S', note + 'b')
        verify(db, label, point='create', book=book, status=False)
    problem('create', '%s never got through' % what)
    return 0


# ---- main ----------------------------------------------------------------

def main():
    started = time.monotonic()
    print('# seed %d (KH_CRASH_SEED=%d replays it), %s rounds, %d writers'
          % (SEED, SEED, ROUNDS or 'at least 20', WRITERS))
    p = subprocess.run([KH, '--plan', PLAN, 'status', '--format', 'json'],
                       capture_output=True, env=env)
    for t in json.loads(p.stdout)['targets']:
        if t['kind'] == 'quantity':
            targets.append(t['id'])
    if len(targets) < 3:
        print('Bail out! the plan has too few quantity targets')
        return 1
    # The first rounds run at the pace of a set alone; then at that of
    # the sets that got through (see set_pace).
    for i in range(3):
        t = time.monotonic()
        rc, err = run(kh(os.path.join(work, 'pace', 'kh.db'), 'set',
                         targets[0], str(i + 1), '--note', 'pace'))
        set_times.append(time.monotonic() - t)
        if rc != 0:
            print('Bail out! set exits %d: %s' % (rc, err))
            return 1
    pace['scale'] = min(4.0, max(1.0, sorted(set_times)[1] / PACE_SET * 2))
    del set_times[:]

    # The first round starts with no database: writers race to create it.
    rnd = 0
    while (rnd < ROUNDS if ROUNDS else
           rnd < 20 or (fig['kills'] < KILLS_WANTED and rnd < 40)):
        rnd += 1
        one_round(rnd)
    t_rounds = time.monotonic() - started

    stops = {}
    if PRELOAD:
        base = os.path.basename(DB)
        stops['set/wal'] = crash_points(
            'set', lambda: new_set('cp'), '-wal')
        stops['import/wal'] = crash_points(
            'import of 6 rows', lambda: new_import('cp', 6), '-wal')
        # The checkpoint runs on a small database of their own, which
        # keeps them short.
        small = os.path.join(work, 'small', 'kh.db')
        book = Ledger()
        kind, tok, args = new_import('seed', 12, book)
        rc, err = run(kh(small, *args))
        if rc != 0:
            problem('points', 'seeding the small database: %s' % err)
        book.ack(kind, tok)
        stops['import/db'] = crash_points(
            'import of 12 rows', lambda: new_import('cp', 12, book),
            '/' + base, small, book, True)
        stops['set/db'] = crash_points(
            'set', lambda: new_set('cp', book), '/' + base, small, book,
            True)
        stops['backup'] = backup_points(small, book)
        stops['new/db'] = create_points('/kh.db')
        stops['new/wal'] = create_points('/kh.db-wal')
        v1 = os.path.join(work, 'v1', 'kh.db')
        notes = make_v1(v1)
        for watch in ('-journal', '/kh.db', '-wal'):
            stops['v1/' + watch.strip('/.-').replace('kh.db', 'db')] = \
                create_points(watch, v1, notes)
        fig['audited'] = durability()
        # A preload that never fires would make all of this vacuous.
        for k, v in stops.items():
            if v < 2:
                problem('points' if k[:3] in ('set', 'imp') else
                        'backups' if k == 'backup' else 'create',
                        'only %d crash points for %s: is the preload working?'
                        % (v, k))
    else:
        print('# no crash-point helper given: crash points not run')
    t_points = time.monotonic() - started - t_rounds

    if INJECT == 'phantom':
        ledger.sets['Sphantom'] = 'unknown'
        ledger.ack('S', 'Sphantom')
    elif INJECT == 'corrupt':
        # Garble a page in the middle of the checkpointed file.
        subprocess.run(['sqlite3', DB, 'PRAGMA wal_checkpoint(TRUNCATE)'],
                       stdout=subprocess.DEVNULL, env=env, check=True)
        with open(DB, 'r+b') as f:
            f.seek(os.path.getsize(DB) // 4096 // 2 * 4096 + 100)
            f.write(rng.randbytes(2000))
    elif INJECT in ('half', 'stranger'):
        note = 'Ihalf.r0' if INJECT == 'half' else 'stranger'
        if INJECT == 'half':
            ledger.imports['Ihalf'] = [5, 'unknown']
        subprocess.run(['sqlite3', DB, "INSERT INTO entry (target_id, kind,"
                        " value, as_of, entered_by, entered_at, source, note)"
                        " VALUES ('%s', 'quantity', 1, '2024-01-02', 'x',"
                        " '2024-01-02T00:00:00Z', 'cli', '%s')"
                        % (HIST_TARGET, note)], env=env, check=True)

    fig['acked'] = ledger.rows_acked()
    fig['found'] = verify(DB, 'final', history=True, readonly=False)
    integrity, notes, _ = read_db(DB)
    per_file = {}
    for note in notes or {}:
        ftok, sep, _ = note.rpartition('.r')
        if sep:
            per_file[ftok] = per_file.get(ftok, 0) + 1
    fig['imports_landed'] = sum(1 for f, (n, _) in ledger.imports.items()
                                if per_file.get(f) == n)
    fig['entries'] = sum((notes or {}).values())

    print('# rounds %d, commands %d, kills %d (%d rounds left a WAL behind)'
          % (fig['rounds'], fig['commands'], fig['kills'], fig['wal_left']))
    print('# a set took %.0f ms (median, four at once): kills every '
          '%.0f-%.0f ms, rounds of %.0f-%.0f ms'
          % (pace.get('set', 0) * 1000, 5 * pace['scale'], 50 * pace['scale'],
             150 * pace['scale'], 300 * pace['scale']))
    print('# writes acknowledged %d, found %d; %d more from commands '
          'killed after their commit' % (fig['acked'], fig['found'],
                                          fig['entries'] - fig['found']))
    print('# imports %d: %d landed whole, %d not at all, 0 half'
          % (fig['imports'], fig['imports_landed'],
             fig['imports'] - fig['imports_landed'])
          if not problems['imports'] else '# imports %d: some half applied'
          % fig['imports'])
    print('# frozen copies %d, torn-WAL copies %d (%d of them torn in '
          'the middle of a commit), cp copies %d checked (%d more crossed a '
          'checkpoint, %d of those were damaged), backups %d (and %d '
          'killed)' % (fig['frozen'], fig['torn'], fig['torn_midway'],
                       fig['live'], fig['live_crossed'],
                       fig['live_crossed_bad'], fig['backups'],
                       fig['backups_killed']))
    if stops:
        print('# crash points: %s; %d stops checked'
              % (', '.join('%s %d' % kv for kv in stops.items()),
                 fig['points'] + fig['create']))
        print('# %d commands audited for unsynced writes at exit'
              % fig['audited'])
    for line in crossed_bad[:4]:
        print('#   (cp across a checkpoint) ' + line)
    print('# %.1f s: rounds %.1f s, crash points %.1f s'
          % (time.monotonic() - started, t_rounds, t_points))

    failed = 0
    for i, (name, text) in enumerate(POINTS, 1):
        if problems[name]:
            failed += 1
            print('not ok %d - %s' % (i, text))
            for line in problems[name][:12]:
                print('#   ' + line.replace('\n', ' '))
            if len(problems[name]) > 12:
                print('#   ... and %d more' % (len(problems[name]) - 12))
        else:
            print('ok %d - %s' % (i, text))
    print('1..%d' % len(POINTS))
    if failed:
        print('# work folder kept: %s (seed %d)' % (work, SEED))
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except Exception:
        import traceback
        for p in running:   # some may be stopped: kill, never leave them
            p.kill()
        print('Bail out! the test itself failed (work folder kept: %s)' % work)
        for line in traceback.format_exc().splitlines():
            print('# ' + line)
        sys.exit(1)
