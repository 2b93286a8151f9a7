#!/usr/bin/env bash
# Command-line tests: the real binary, a real plan, real SQLite files in a
# temporary folder.  Prints TAP.
#   test_cli.sh KEHOACH_BINARY SOURCE_ROOT
set -u
bin=$1
root=$2
plan=$root/plan.yaml
work=$(mktemp -d "${TMPDIR:-/tmp}/kh-cli-XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
export XDG_DATA_HOME=$work/xdg HOME=$work/home LC_ALL=C.UTF-8
unset KEHOACH_DB KEHOACH_PLAN
db=$work/test.db
. "$(dirname "${BASH_SOURCE[0]}")/../lib/tap_cli.sh"
kh() { run "$bin" --plan "$plan" --db "$db" "$@"; }

# json_get EXPR: evaluate a Python expression over the JSON in $work/out
# (bound to j); prints the result.
json_get() {
	python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' \
		"$work/out" "$1"
}

status_of() { # TARGET AS_OF -> prints the status
	kh status --as-of "$2" --format json
	json_get "[t['status'] for t in j['targets'] if t['id']=='$1'][0]"
}

# --- the plan --------------------------------------------------------------
kh check
check "check accepts the bundled plan" 0 "4 sections, [0-9]+ tasks, [0-9]+ targets \(7 quantity"

run "$bin" --plan "$plan" status --format json --as-of 2024-03-01
check "status --format json runs before any database exists" 0
figures=$(json_get "sorted((t['id'], t['min'], t['max'], t['unit']) for t in j['targets'] if t['kind']=='quantity')")
want="[('II.1-che-pham-vi-sinh', 30, 30, 'tấn'), ('II.1-dao-tao-can-bo', 3, 5, 'cán bộ'), ('II.1-dn-ket-noi-cung-cau', 2, 5, 'doanh nghiệp'), ('II.2-dn-khcn', 1, 2, 'doanh nghiệp'), ('II.2-dn-mien-trung-tay-nguyen', 4, 5, 'doanh nghiệp'), ('II.2-dn-trung-bay', 4, 5, 'doanh nghiệp, tổ chức, cá nhân'), ('II.2-du-an-doi-moi-cn', 5, 6, 'dự án')]"
if [ "$figures" = "$want" ]; then ok "every seed figure with its range and unit"
else echo "# got $figures"; not_ok "every seed figure with its range and unit"; fi
keys=$(json_get "sorted(set(k for t in j['targets'] for k in ['id','section','task','kind','unit','min','max','achieved','expected','status','lead'] if k not in t))")
if [ "$keys" = "[]" ] && [ "$(json_get "j['plan']['year'], j['as_of']")" = "(2024, '2024-03-01')" ]
then ok "status JSON has the documented keys"; else echo "# missing $keys"; not_ok "status JSON has the documented keys"; fi
sections=$(json_get "sorted(set(t['section'] for t in j['targets']))")
[ "$sections" = "['II.1', 'II.2', 'II.3', 'II.4']" ] && ok "targets cover II.1-II.4" || not_ok "targets cover II.1-II.4"

# --- the 30-tonne acceptance case -------------------------------------------
T=II.1-che-pham-vi-sinh
for pair in 13:behind 14:at_risk 15:on_track; do
	v=${pair%%:*} want=${pair#*:}
	kh set $T "$v" --date 15/06/2024 --note "báo cáo lần $v"
	check "set $T $v" 0 "Recorded entry #[0-9]+: $T = $v tấn as of 2024-06-15 \(FY\)"
	got=$(status_of $T 2024-06-30)
	[ "$got" = "$want" ] && ok "$v tấn as of 30/06/2024 is $want" ||
		{ echo "# got $got"; not_ok "$v tấn as of 30/06/2024 is $want"; }
done
got=$(status_of $T 2025-01-01)
[ "$got" = overdue ] && ok "15 tấn as of 01/01/2025 is overdue" || { echo "# got $got"; not_ok "15 overdue"; }
kh set $T 30 --date 2024-12-01
got=$(status_of $T 2024-12-31)
[ "$got" = done ] && ok "30 tấn is done" || { echo "# got $got"; not_ok "30 done"; }
kh set $T 31 --date 2024-12-02
got=$(status_of $T 2024-12-31)
[ "$got" = exceeded ] && ok "31 tấn is exceeded" || { echo "# got $got"; not_ok "31 exceeded"; }

kh status --as-of 2024-12-31 --behind
check "status --behind hides what is done" 0 "need|overdue|behind|missing"
if grep -q "$T" "$work/out"; then not_ok "--behind leaves out $T"; else ok "--behind leaves out $T"; fi
kh status --as-of 2024-06-30 --unit vp --format csv
check "status --unit vp --format csv" 0 "^id,section,task,kind,text,unit,min,max,achieved,expected,status,lead$"
if cut -d, -f1 "$work/out" | grep -q '^II\.[123]-'; then not_ok "--unit vp keeps only II.4"; else ok "--unit vp keeps only II.4"; fi
kh status --as-of 2024-06-30
check "status as text" 0 "^II\.1 " 

# --- history and undo ----------------------------------------------------------
kh history $T --format json
check "history --format json" 0
got=$(json_get "[e['value'] for e in j['entries']]")
[ "$got" = "[31, 30, 15, 14, 13]" ] && ok "history is newest first" || { echo "# got $got"; not_ok "history order"; }
got=$(json_get "j['entries'][-1]['note'], j['entries'][-1]['source'], j['entries'][-1]['period']")
[ "$got" = "('báo cáo lần 13', 'cli', 'FY')" ] && ok "history keeps note, source, period" || { echo "# got $got"; not_ok "history fields"; }
kh undo $T
check "undo retracts the latest entry" 0 "Retracted entry #[0-9]+: $T = 31"
got=$(status_of $T 2024-12-31)
[ "$got" = done ] && ok "after undo the previous figure is current" || { echo "# got $got"; not_ok "after undo"; }
kh history $T
check "history marks the retracted entry" 0 "retracted by"
kh history $T --format csv
check "history --format csv" 0 "^entry,target_id,value,as_of"
M=II.3-bao-cao-so-ket-nq52
kh undo $M
check "undo with nothing to undo fails" 1 "" "nothing to undo for $M"
kh set $M done --date 2024-09-30
check "set a milestone done" 0 "= done"
got=$(status_of $M 2024-12-31); [ "$got" = done ] && ok "milestone done" || not_ok "milestone done ($got)"
kh set II.4-tiep-cong-dan "đang thực hiện" --date 2024-06-14 --unit vp
check "set an ongoing assessment in Vietnamese" 0 "= in progress"
kh undo
check "undo without a target takes the last entered" 0 "II.4-tiep-cong-dan"

# --- bad input: exit 2, one clear line -----------------------------------------
kh set $T abc;          check "letters refused" 2 "" "bad value \"abc\".*letters"
kh set $T -- -3;        check "negative refused" 2 "" "bad value"
kh set $T 1e309;        check "1e309 refused" 2 "" "bad value"
kh set II.1-dn-ket-noi-cung-cau 1.5; check "a fraction of an enterprise refused" 2 "" "whole"
kh set $T 5 --date 2024-02-30; check "a date that does not exist refused" 2 "" "not a date"
kh set $T 5 --date 2025-01-10; check "a date outside the plan refused" 2 "" "outside the plan"
kh set $T 5 --unit nobody; check "unknown unit refused" 2 "" "unknown unit \"nobody\" \(units are: "
kh set II.1-che-pham-vi-sin 5; check "unknown target suggests" 2 "" "did you mean II.1-che-pham-vi-sinh"
kh set $M maybe;         check "milestone value refused" 2 "" "bad value"
kh set $T;               check "missing value is a usage error" 2 "" "usage: kehoach set"
kh stauts;               check "unknown command suggests" 2 "" "did you mean status"
kh status --frobnicate;  check "unknown option refused" 2 "" "unknown option"
kh status --format xml;  check "unknown format refused" 2 "" "unknown format"
kh status --as-of 2024-13-01; check "bad --as-of refused" 2 "" "not a date"
kh history nothing-here; check "history of an unknown target" 2 "" "unknown target"
before=$(sqlite3 "$db" 'select count(*) from entry')
[ "$before" = 7 ] && ok "refused input wrote nothing" || { echo "# $before entries"; not_ok "refused input wrote nothing"; }
run "$bin" status --as-of=2024-06-30 --plan="$plan" --db="$db" --format=json
check "options with = and after the command" 0 '"as_of":"2024-06-30"'

# --- bad plans: FILE:LINE:COL, exit 2 --------------------------------------------
badplan() { # NAME CONTENT PATTERN
	printf '%b' "$2" >"$work/bad.yaml"
	run "$bin" --plan "$work/bad.yaml" --db "$db" check
	check "bad plan: $1" 2 "" "^kehoach: $work/bad.yaml:[0-9]+:[0-9]+: .*$3"
}
head -c 2000 "$plan" >/dev/null
sed 's/^  title:/  tittle:/' "$plan" >"$work/typo.yaml"
run "$bin" --plan "$work/typo.yaml" check
check "bad plan: a typo in a key is named" 2 "" "typo.yaml:[0-9]+:[0-9]+: .*tittle"
badplan "empty file" "" "empty|no plan"
badplan "binary" "\x00\x01\x02\xff\xfe" "."
badplan "invalid UTF-8" "plan:\n  id: a\xff\n" "UTF-8"
badplan "tabs" "plan:\n\tid: x\n" "."
badplan "alias" "a: &x [1]\nb: *x\n" "alias|anchor"
badplan "not a mapping" "- 1\n- 2\n" "."
python3 -c 'print("["*100000)' >"$work/deep.yaml"
start=$(date +%s%N)
run "$bin" --plan "$work/deep.yaml" check
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
check "bad plan: deep nesting" 2 "" "deep|nest"
[ $elapsed -lt 2000 ] && ok "deep nesting fails fast (${elapsed} ms)" || not_ok "deep nesting took ${elapsed} ms"
run "$bin" --plan "$work/missing.yaml" check
check "missing plan file" 2 "" "missing.yaml"

# --- databases that cannot be used --------------------------------------------
head -c 4096 /dev/urandom >"$work/garbage.db"
cp "$work/garbage.db" "$work/garbage.orig"
run "$bin" --plan "$plan" --db "$work/garbage.db" status
check "a garbage database is refused" 1 "" "garbage.db"
cmp -s "$work/garbage.db" "$work/garbage.orig" && ok "the garbage file is left as it was" || not_ok "garbage file changed"
run "$bin" --plan "$plan" --db "$work/garbage.db" set $T 3 --date 2024-03-01
check "writing to a garbage database is refused" 1 "" "garbage.db"
cmp -s "$work/garbage.db" "$work/garbage.orig" && ok "still unchanged after a write attempt" || not_ok "garbage file changed by set"

cp "$db" "$work/newer.db"
sqlite3 "$work/newer.db" 'PRAGMA user_version=99'
run "$bin" --plan "$plan" --db "$work/newer.db" status
check "a database from a newer kehoach is refused" 1 "" "newer"

head -c 3000 "$db" >"$work/truncated.db"
run "$bin" --plan "$plan" --db "$work/truncated.db" status
check "a truncated database is refused" 1 "" "truncated.db"

run "$bin" --plan "$plan" --db "$work/none.db" status
check "an explicit database that does not exist" 1 "" "no database at"
touch "$work/file"
run "$bin" --plan "$plan" --db "$work/file/sub/x.db" set $T 3 --date 2024-03-01
check "a database under a regular file" 1 "" "file/sub"

# Read-only: as root permissions do not bite, so run that part as nobody.
ro_dir=$work/ro
mkdir -p "$ro_dir"
cp "$db" "$ro_dir/ro.db"
chmod 755 "$work" "$ro_dir"; chmod 444 "$ro_dir/ro.db"
as_user=()
if [ "$(id -u)" -eq 0 ]; then
	as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	chmod o+rx "$work"
fi
run "${as_user[@]}" "$bin" --plan "$plan" --db "$ro_dir/ro.db" set $T 3 --date 2024-03-01
check "a read-only database refuses writes with a clear message" 1 "" "ro.db.*(read-only|readonly|cannot write|not writable)"
run "${as_user[@]}" "$bin" --plan "$plan" --db "$ro_dir/ro.db" status --as-of 2024-12-31 --format json
check "a read-only database can still be read" 0 '"status":"done"'

# --- defaults, environment, help ---------------------------------------------
cd "$root"; run "$bin" set $T 4 --date 2024-02-01
check "the default database goes under XDG_DATA_HOME" 0
[ -f "$XDG_DATA_HOME/kehoach/skhcn-quangtri-2024.db" ] && ok "default database file created" || not_ok "no default database"
KEHOACH_DB=$db run "$bin" history $T --format json
check "KEHOACH_DB is honoured" 0 '"value":15'
cd "$work"; KEHOACH_PLAN=$plan run "$bin" check
check "KEHOACH_PLAN is honoured" 0 "ok: plan skhcn-quangtri-2024"

sqlite3 "$db" "INSERT INTO entry(target_id,kind,value,as_of,note,entered_by,entered_at,source) VALUES('II.9-old','quantity',1,'2024-01-05','','x','2024-01-05T00:00:00Z','test')"
kh status --as-of 2024-06-30
check "entries for targets gone from the plan are reported" 0 "no longer has.*II.9-old"
kh history II.9-old
check "and their history is still reachable" 0 "not in the plan any more"

run "$bin" --version; check "--version" 0 "^kehoach [0-9]+\.[0-9]+"
run "$bin" --help; check "--help lists the commands" 0 "status"
for c in check status set history undo; do
	run "$bin" $c --help; check "$c --help" 0 "^Usage: kehoach $c"
done
run "$bin" --plan "$plan" --db "$db" </dev/null
check "the full-screen view refuses without a terminal" 2 "" "needs a terminal"

kh set $T 5 --note "$(printf 'evil \033]52;c;aGk=\007 \033[2J')" --date 2024-03-02
kh history $T
if grep -q $'\033' "$work/out"; then not_ok "escape sequences from notes never reach the terminal"
else ok "escape sequences from notes never reach the terminal"; fi
LC_ALL=C kh history $T
if LC_ALL=C grep -q '[^[:print:][:space:]]' "$work/out"; then not_ok "LANG=C output is ASCII"
else ok "LANG=C output is ASCII"; fi

# --- backup while another clerk writes ------------------------------------------
bdb=$work/busy.db
for i in $(seq 1 5); do "$bin" --plan "$plan" --db "$bdb" set $T $i --date 2024-02-0$i >/dev/null; done
( for i in $(seq 10 60); do
	"$bin" --plan "$plan" --db "$bdb" set II.2-du-an-doi-moi-cn 1 --date 2024-03-01 --note "w$i" >/dev/null 2>&1
  done ) &
writer=$!
backups_ok=0
for k in 1 2 3; do
	before=$(sqlite3 -cmd '.timeout 5000' "$bdb" 'select count(*) from entry')
	run "$bin" --plan "$plan" --db "$bdb" backup "$work/copy$k.db"
	if [ "$rc" = 0 ] && [ "$(sqlite3 -cmd '.timeout 5000' "$work/copy$k.db" 'PRAGMA integrity_check')" = ok ] &&
	   [ "$(sqlite3 "$work/copy$k.db" 'select count(*) from entry')" -ge "$before" ]; then
		backups_ok=$((backups_ok + 1))
	fi
done
wait $writer
[ $backups_ok = 3 ] && ok "backups taken while another process writes are consistent" || not_ok "backup while writing ($backups_ok/3)"
run "$bin" --plan "$plan" --db "$bdb" backup "$work/copy1.db"
check "backup never overwrites a file" 2 "" "exists"
mode=$(umask 027; "$bin" --plan "$plan" --db "$bdb" backup "$work/copy-umask.db" >/dev/null && stat -c %a "$work/copy-umask.db")
[ "$mode" = 640 ] && ok "the backup file honours the umask (027 -> 640)" || not_ok "backup mode $mode"
mode=$(umask 002; "$bin" --plan "$plan" --db "$work/shared/office.db" set $T 1 --date 2024-01-05 >/dev/null && stat -c %a "$work/shared/office.db")
[ "$mode" = 664 ] && ok "a new database honours the umask (002 -> 664, for a group)" || not_ok "db mode $mode"

echo "1..$n"
[ $failed -eq 0 ]
