#!/usr/bin/env bash
# Broken databases and hostile surroundings: folders that do not exist or
# cannot be written, files that are not databases, a database locked by
# another process, a plan whose targets changed under an existing database,
# and a full disk (a file size limit; as root also a small tmpfs).  Each
# time: a clear one-line message, the right exit status, the terminal
# restored, and nothing lost of what was there before.  Prints TAP.
#   db.sh KEHOACH_BINARY SOURCE_ROOT
set -u
bin=$1
root=$2
here=$(cd "$(dirname "$0")" && pwd)

# As root, run in a private mount namespace: a small tmpfs mounted there
# stands for a full disk and vanishes with the namespace.
if [ "$(id -u)" = 0 ] && [ -z "${KH_HOSTILE_NS:-}" ] &&
	unshare -m --propagation private true 2>/dev/null; then
	KH_HOSTILE_NS=1 exec unshare -m --propagation private bash "$0" "$@"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kh-hostile-db-XXXXXX")
chmod 755 "$work" # the unprivileged user below must reach its files
sock_base=kh-hostile-db-$$
lock_pid=
cleanup() {
	[ -n "$lock_pid" ] && kill "$lock_pid" 2>/dev/null
	tmux_cleanup
	sleep 0.2 # the program in it lets go of the tmpfs
	umount "$work/mnt" 2>/dev/null
	chmod -R u+w "$work" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
# TAP, run/expect/clean, tmux (tui, keys, wait_for, ended): lib.sh
. "$here/lib.sh"
export LC_ALL=C.UTF-8 XDG_DATA_HOME=$work/xdg HOME=$work/home
unset KEHOACH_DB KEHOACH_PLAN
# A short wait for a busy database, where kehoach lets a test shorten it.
export KEHOACH_BUSY_MS=300

plan=$root/plan.yaml
T=II.1-che-pham-vi-sinh
kh() { run "$bin" --plan "$plan" --db "$db" --as-of 2024-06-30 "$@"; }
count() { sqlite3 "$1" 'select count(*) from entry'; }
intact() { [ "$(sqlite3 "$1" 'PRAGMA integrity_check')" = ok ]; }
# tui_db DB [PREFIX]: the full-screen view on DB (PREFIX: a command to run
# it under, such as setpriv).
tui_db() {
	tui 80 24 "cd '$work' && env TERM=tmux-256color LANG=C.UTF-8 ${2:-} '$bin' --plan '$plan' --db '$1' --as-of 2024-06-30 2>'$work/tui.err'"
}

# form_kept VALUE: after "Not saved", the form is still open with VALUE.
# Tab closes the message if it is a dialog, or moves to the next field.
form_kept() {
	form_value=$1
	keys Tab
	wait_gone "Press any key" >/dev/null
	is "  and the form stays open with the figure" \
		eval 'grep -q "Esc discard" "$work/screen" && grep -qE "Value +$form_value " "$work/screen"'
}

# Run as an unprivileged user when root (root writes anywhere).
if [ "$(id -u)" = 0 ]; then
	nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
else
	nobody=
fi

# --- folders --------------------------------------------------------------------
db=$work/new/folders/inside/k.db
kh set $T 3 --date 2024-03-01
expect "a database in folders that do not exist: they are created" 0 "Recorded entry #1"
is "  and the file holds the entry" [ "$(count "$db")" = 1 ]
db=$work/nodir/k.db
kh status
expect "reading a database that does not exist says so" 1 "" "^kehoach: no database at $db"
is "  without creating anything" [ ! -e "$work/nodir" ]

mkdir -p "$work/ro"
cp "$work/new/folders/inside/k.db" "$work/ro/k.db"
chmod 555 "$work/ro"
chmod 444 "$work/ro/k.db"
run $nobody "$bin" --plan "$plan" --db "$work/ro/new.db" set $T 3 --date 2024-03-01
expect "a new database in a folder that cannot be written: exit 1" 1 "" \
	"^kehoach: cannot write $work/ro/new.db: Permission denied"
is "  one line" one_line "$work/err"
is "  and no file left behind" [ ! -e "$work/ro/new.db" ]
run $nobody "$bin" --plan "$plan" --db "$work/ro/sub/new.db" set $T 3 --date 2024-03-01
expect "a folder that cannot be created: exit 1" 1 "" \
	"^kehoach: cannot create the folder $work/ro/sub "
run $nobody "$bin" --plan "$plan" --db "$work/ro/k.db" --as-of 2024-06-30 status --format json
expect "a database in a read-only folder can still be read" 0 '"achieved":3'
run $nobody "$bin" --plan "$plan" --db "$work/ro/k.db" set $T 4 --date 2024-03-02
expect "but writing to it fails: exit 1" 1 "" "^kehoach: cannot write $work/ro/k.db: "
is "  one line" one_line "$work/err"
is "  and it still holds its entry, intact" eval '[ "$(count "$work/ro/k.db")" = 1 ] && intact "$work/ro/k.db"'
mkdir -p "$work/adir"
db=$work/adir
kh status
expect "a folder given as the database: exit 1, says so" 1 "" "^kehoach: $work/adir is a folder"

# --- files that are not (our) databases, in the full-screen view too ----------------
good=$work/good.db
db=$good
for i in $(seq 1 12); do kh set $T $i --date 2024-03-01 --note "n$i" >/dev/null; done
head -c 4096 /dev/urandom >"$work/garbage.db"
head -c 8192 "$good" >"$work/truncated.db"
cp "$good" "$work/newer.db" && sqlite3 "$work/newer.db" 'PRAGMA user_version = 99'
sqlite3 "$work/foreign.db" 'CREATE TABLE customer(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customer VALUES (1, "x")'
cp "$plan" "$work/text.db"
for c in "garbage:not a kehoach database or is damaged" \
	"truncated:not a kehoach database or is damaged" \
	"text:not a kehoach database or is damaged" \
	"newer:written by a newer kehoach" \
	"foreign:an SQLite database but not a kehoach one"; do
	f=$work/${c%%:*}.db msg=${c#*:}
	sum=$(md5sum <"$f")
	db=$f
	kh set $T 20 --date 2024-06-01
	expect "set into a ${c%%:*} database: exit 1, says what is wrong" 1 "" "^kehoach: $f .*$msg"
	is "  one line" one_line "$work/err"
	tui_db "$f"
	is "the screen on a ${c%%:*} database: exit 1, the terminal restored" ended 1
	is "  one line on stderr saying what is wrong" eval 'one_line "$work/tui.err" && grep -q "$msg" "$work/tui.err"'
	is "  and the file is untouched" [ "$(md5sum <"$f")" = "$sum" ]
done
tui_db "$work/ro/k.db" "$nobody"
is "the screen on a database it cannot write: exit 1, the terminal restored" ended 1
is "  one line saying so" eval 'one_line "$work/tui.err" && grep -q "cannot write $work/ro/k.db" "$work/tui.err"'
tui_db "$work/adir"
is "the screen on a folder: exit 1, the terminal restored" ended 1
is "  one line saying so" eval 'one_line "$work/tui.err" && grep -q "is a folder" "$work/tui.err"'

# --- locked by another process ---------------------------------------------------------
db=$work/locked.db
cp "$good" "$db"
coproc LOCK { exec sqlite3 "$db" 2>&1; }
lock_pid=$LOCK_PID
echo "BEGIN EXCLUSIVE; SELECT 'locked';" >&"${LOCK[1]}"
read -r -t 10 -u "${LOCK[0]}" line
is "another process holds the database (sqlite3, BEGIN EXCLUSIVE)" [ "${line:-}" = locked ]
start=$(date +%s%N)
kh set $T 30 --date 2024-06-01
took=$(( ($(date +%s%N) - start) / 1000000 ))
expect "set while it is locked: exit 1, busy" 1 "" "^kehoach: $db is busy.*try again"
is "  one line" one_line "$work/err"
is "  after waiting at most the busy timeout (${took} ms)" [ "$took" -lt 8000 ]
kh status --format json
expect "reading works while another process writes" 0 '"achieved":12'
tui_db "$db"
wait_for "II.2 " >/dev/null
keys /
type_text "$T"
keys Enter e
wait_for "Esc discard" >/dev/null
keys C-u
type_text "31"
keys Enter
is "the screen: saving while locked says it is busy" wait_for "Not saved:" 12
form_kept 31
echo "ROLLBACK;" >&"${LOCK[1]}"
echo ".quit" >&"${LOCK[1]}"
wait "$lock_pid" 2>/dev/null
lock_pid=
keys Enter
is "  once the lock is gone, Enter saves it" wait_for "Saved entry #13"
keys q
is "  and quits cleanly" ended 0
is "nothing was lost or doubled" eval '[ "$(count "$db")" = 13 ] && intact "$db"'

# --- the plan changed under an existing database -----------------------------------------
db=$work/changed.db
A=II.1-dn-ket-noi-cung-cau B=II.2-dn-khcn C=II.2-du-an-doi-moi-cn C2=II.2-du-an-doi-moi-cong-nghe
kh set $A 2 --date 2024-03-01 >/dev/null
kh set $B 1 --date 2024-04-01 --note "chứng nhận" >/dev/null
kh set $B 2 --date 2024-05-01 >/dev/null
kh set $C 3 --date 2024-05-15 >/dev/null
is "entries for three targets" [ "$(count "$db")" = 4 ]
# The new plan: B removed, C renamed.
python3 - "$plan" "$work/plan2.yaml" "$B" "$C" "$C2" <<'PY'
import sys
src, dst, gone, old, new = sys.argv[1:]
out, skip = [], None
for line in open(src, encoding='utf-8'):
    ind = len(line) - len(line.lstrip(' '))
    if skip is not None and line.strip() and ind <= skip:
        skip = None
    if skip is not None:
        continue
    if line.strip() == '- id: ' + gone:
        skip = ind
        continue
    out.append(line.replace('id: ' + old, 'id: ' + new))
open(dst, 'w', encoding='utf-8').write(''.join(out))
PY
plan_kept=$plan
plan=$work/plan2.yaml
kh check
expect "the changed plan loads (one target removed, one renamed)" 0
kh status
expect "status on the changed plan" 0 "entries for 2 targets the plan no longer has"
is "  names both" eval 'grep "no longer has" "$work/out" | grep -q "$B" && grep "no longer has" "$work/out" | grep -q "$C"'
kh status --format json
is "  status JSON lists them as orphans" eval '[ "$(python3 -c "import json,sys; print(sorted(json.load(open(sys.argv[1]))[\"orphans\"]))" "$work/out")" = "['"'$B'"', '"'$C'"']" ]'
kh history $B
expect "history still shows the removed target's entries" 0 "not in the plan any more"
is "  all of them, with their notes" eval 'grep -q "chứng nhận" "$work/out" && [ "$(grep -c "as of" "$work/out")" = 2 ]'
kh history $C --format json
expect "history of the renamed target's old id" 0 '"value":3'
kh set $B 3 --date 2024-06-01
expect "a new figure for the removed target is refused" 2 "" "unknown target"
kh set $C2 4 --date 2024-06-01
expect "the renamed target starts afresh under its new id" 0 "Recorded"
for f in md txt csv; do
	kh report --lang vi --period H1 --format $f
	expect "the $f report lists figures of targets no longer in the plan" 0 \
		"Số liệu của chỉ tiêu không còn trong kế hoạch"
	is "  both of them" eval 'grep -q "$B" "$work/out" && grep -q "$C\\b" "$work/out"'
done
kh report --lang vi --period H1 -o "$work/changed.xlsx"
is "  the XLSX report too" python3 -c 'import sys, zipfile; s = zipfile.ZipFile(sys.argv[1]).read("xl/sharedStrings.xml").decode(); sys.exit("không còn trong kế hoạch" not in s or sys.argv[2] not in s)' "$work/changed.xlsx" "$B"
tui_db "$db"
is "the screen opens on the changed plan" wait_for "II.2 "
keys q
is "  and quits cleanly" ended 0
is "nothing was deleted (4 entries, and the new one)" [ "$(count "$db")" = 5 ]
plan=$plan_kept
kh status --format json
is "back on the old plan, the figures are as before" eval '[ "$(python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print([t[\"achieved\"] for t in j[\"targets\"] if t[\"id\"] in sys.argv[2:]], j[\"orphans\"])" "$work/out" "$B" "$C")" = "[3, 2] ['"'$C2'"']" ]'

# --- a full disk --------------------------------------------------------------------------
# A file size limit makes writes fail with EFBIG; SIGXFSZ is ignored (and
# stays ignored across exec) so the write fails instead of killing.
trap '' XFSZ
limited() { # BLOCKS CMD...: run CMD with a file size limit
	local blocks=$1; shift
	run bash -c 'ulimit -f "$0"; exec "$@"' "$blocks" "$@"
}
db=$work/full.db
note=$(printf 'x%.0s' $(seq 1500))
for i in $(seq 1 40); do kh set $T $i --date 2024-03-01 --note "$i $note" >/dev/null; done
is "a database of 40 entries (over 100 KiB)" eval '[ "$(count "$db")" = 40 ] && [ "$(stat -c %s "$db")" -gt 102400 ]'
written=40
failed_at=
for i in $(seq 41 80); do
	limited 64 "$bin" --plan "$plan" --db "$db" --as-of 2024-06-30 set $T $i --date 2024-03-02 --note "$i $note"
	[ "$rc" = 0 ] || { failed_at=$i; break; }
	written=$((written + 1))
done
is "under ulimit -f 64, set fails once the database must grow" [ -n "$failed_at" ]
expect "  with exit 1 (not killed by SIGXFSZ) and 'disk full writing PATH'" 1 "" "^kehoach: disk full writing $db"
is "  one line" one_line "$work/err"
is "  every earlier entry is still there ($written), the database intact" \
	eval '[ "$(count "$db")" = "$written" ] && intact "$db"'
kh set $T "$failed_at" --date 2024-03-03
expect "  and with room again, the next figure is recorded" 0 "Recorded entry #$((written + 1))"

# A large import in one transaction: all or nothing.
db=$work/import.db
kh set $T 1 --date 2024-01-02 >/dev/null
{
	echo "target_id;value;as_of;note"
	for i in $(seq 1 150); do
		printf '%s;%d;%02d/02/2024;%s\n' $T $((i + 1)) $(( (i % 28) + 1 )) "$i $note"
	done
} >"$work/big.csv"
limited 64 "$bin" --plan "$plan" --db "$db" --as-of 2024-06-30 import "$work/big.csv" --apply --force
expect "import --apply of a large file under ulimit -f 64: exit 1, disk full" 1 "" "^kehoach: disk full writing $db"
is "  nothing half-written" eval '[ "$(count "$db")" = 1 ] && intact "$db"'
kh import "$work/big.csv" --apply --force
expect "  with room again it imports all of it" 0 "Written: 150 entries"

if [ -n "${KH_HOSTILE_NS:-}" ] && mkdir -p "$work/mnt" &&
	mount -t tmpfs -o size=512k kh-hostile "$work/mnt" 2>/dev/null; then
	db=$work/mnt/k.db
	for i in $(seq 1 40); do kh set $T $i --date 2024-03-01 --note "$i $note" >/dev/null; done
	avail() { df -k --output=avail "$work/mnt" | tail -1 | tr -d ' '; }
	fill() { # leave about $1 KiB free
		dd if=/dev/zero of="$work/mnt/filler" bs=4k count=$(( ($(avail) - $1) / 4 )) 2>/dev/null
	}
	fill 40
	kh set $T 41 --date 2024-03-02 --note "41 $note"
	expect "a 512 KiB tmpfs with 40 KiB left: set fails with 'disk full writing PATH'" 1 "" \
		"^kehoach: disk full writing $db"
	is "  one line" one_line "$work/err"
	tui_db "$db"
	wait_for "II.2 " >/dev/null
	keys /
	type_text "$T"
	keys Enter e
	wait_for "Esc discard" >/dev/null
	keys C-u
	type_text "42"
	keys Enter
	is "  the screen says so" wait_for "disk full writing"
	form_kept 42
	rm -f "$work/mnt/filler"
	fill 0
	kh set $T 41 --date 2024-03-02
	expect "the tmpfs quite full: set fails with 'disk full writing PATH'" 1 "" \
		"^kehoach: disk full writing $db"
	rm -f "$work/mnt/filler"
	is "  every earlier entry is still there, the database intact" \
		eval '[ "$(count "$db")" = 40 ] && intact "$db"'
	keys Enter
	is "  with room again, the screen saves what was typed" wait_for "Saved entry #41"
	keys q
	is "  and quits cleanly" ended 0
	kh set $T 43 --date 2024-03-03
	expect "  and the command line records the next" 0 "Recorded entry #42"
	tm kill-server 2>/dev/null
	umount "$work/mnt"
else
	skip "a full tmpfs" "needs root and a private mount namespace"
fi

finish
