#!/usr/bin/env bash
# Memory: a representative run of the commands and a short screen session
# under valgrind (no error, no leak), and a long screen session (thousands
# of keys: moves, searches, views opened and closed, figures saved,
# resizes) whose resident memory stays flat once warmed up.  Valgrind
# cannot run a sanitizer build and ASan's quarantine makes memory grow by
# design: in that build these are skipped.  Prints TAP.
#   memory.sh KEHOACH_BINARY SOURCE_ROOT B_SANITIZE
set -u
bin=$1
root=$2
sanitize=${3:-none}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/kh-hostile-mem-XXXXXX")
sock_base=kh-hostile-mem-$$
trap 'tmux_cleanup; rm -rf "$work"' EXIT
# TAP, run/expect/clean, tmux (tui, keys, wait_for, ended): lib.sh
. "$here/lib.sh"
export LC_ALL=C.UTF-8 XDG_DATA_HOME=$work/xdg HOME=$work/home
unset KEHOACH_DB KEHOACH_PLAN

plan=$root/plan.yaml
db=$work/mem.db
T=II.1-che-pham-vi-sinh
# The same TAP directive for every test of a build that cannot run them.
if [ "$sanitize" != none ]; then
	why="a sanitizer build ($sanitize): valgrind cannot run it, and ASan holds freed memory on purpose"
	for t in "commands under valgrind" "a screen session under valgrind" \
		"a long screen session keeps its memory flat"; do
		skip "$t" "$why"
	done
	finish
	exit
fi
if ! command -v valgrind >/dev/null; then
	skip "commands under valgrind" "valgrind is not installed"
	skip "a screen session under valgrind" "valgrind is not installed"
	have_valgrind=
else
	have_valgrind=1
fi

# 99: valgrind found an error or a definite leak (kehoach itself uses 0-2).
vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite --suppressions=$here/valgrind.supp"

# --- the commands under valgrind ---------------------------------------------------
if [ -n "$have_valgrind" ]; then
	printf 'target_id;value;as_of;note\n%s;14;14/06/2024;Trung tâm báo cáo\nII.2-dn-khcn;1;10/06/2024;\n' "$T" >"$work/unit.csv"
	bad=0
	while IFS= read -r line; do
		eval "set -- $line"
		run $vg --log-file="$work/vg.log" "$bin" --plan "$plan" --db "$db" --as-of 2024-06-30 "$@" </dev/null
		if [ "$rc" != 0 ] || [ -s "$work/vg.log" ]; then
			bad=$((bad + 1))
			echo "# kehoach $line: exit $rc"
			sed 's/^/#   /' "$work/vg.log" | head -30
		fi
	done <<-EOF
	check
	set $T 12 --date 2024-05-01 --note 'ghi chú'
	set II.4-tiep-cong-dan 'đang thực hiện' --date 2024-06-14 --unit vp
	history $T --format json
	undo
	status --format json
	status --missing --period H1
	template --unit qlcn --period H1 -o $work/t.csv
	import $work/unit.csv --apply
	report --period H1 --format txt
	report --period H1 -o $work/r.xlsx
	close H1
	backup $work/copy.db
	EOF
	[ $bad = 0 ] && ok "commands under valgrind: no error, no leak" ||
		not_ok "commands under valgrind: $bad with errors or leaks"

	tui 80 24 "cd '$work' && env TERM=tmux-256color LANG=C.UTF-8 $vg --log-file='$work/vg-tui.log' '$bin' --plan '$plan' --db '$db' --as-of 2024-06-30"
	wait_for "II.2 " 30 >/dev/null
	keys /
	type_text "$T"
	keys Enter e
	wait_for "Esc discard" 10 >/dev/null
	keys C-u
	type_text "15"
	keys Enter
	wait_for "Saved entry" 10 >/dev/null
	keys '?'
	wait_for "next target that needs attention" 10 >/dev/null
	keys Escape w
	wait_for "H1 (due" 10 >/dev/null
	keys Escape r
	wait_for "PLAN IMPLEMENTATION REPORT" 10 >/dev/null
	keys Escape
	tm resize-window -t kh -x 130 -y 40
	wait_for "│" 10 >/dev/null
	tm resize-window -t kh -x 80 -y 24
	keys q
	if rc_is 0 60 && [ ! -s "$work/vg-tui.log" ]; then
		ok "a screen session under valgrind: no error, no leak"
	else
		not_ok "a screen session under valgrind: exit $(cat "$work/rc.kh" 2>/dev/null)"
		sed 's/^/#   /' "$work/vg-tui.log" | head -40
	fi
fi

# --- a long screen session: memory stays flat ---------------------------------------
tui 80 24 "cd '$work' && env TERM=tmux-256color LANG=C.UTF-8 '$bin' --plan '$plan' --db '$db' --as-of 2024-06-30"
wait_for "II.2 " >/dev/null
pid=$(pgrep -P "$(tm display-message -p -t kh '#{pane_pid}')" -x kehoach)
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"; }
pressed=0
press() { keys "$@"; pressed=$((pressed + $#)); }
# synced: every key sent so far has been handled (the help, opened after
# them, shows; then it is closed again).
synced() {
	press '?'
	wait_for "next target that needs attention" || return 1
	press Escape
	wait_gone "next target that needs attention"
}
sizes=(80x24 120x40 200x60 100x30 60x20 80x24)
value=15
cycle() { # one round of everything, about 150 keys
	local k=$1 i
	for i in 1 2 3; do press j j j j j k k l l h G g PgDn PgDn PgUp Down Up '*' End Home; done
	press Tab j j PgDn End Home k Tab
	press /; type_text "che pham"; press Enter n N n Escape
	press /; type_text "cai cach hanh chinh"; press Enter n n N Escape
	press b ']' ']' '[' b Escape
	synced || return 1
	press w; wait_for "H1 (due" || return 1; press j j k Escape
	press r; wait_for "PLAN IMPLEMENTATION REPORT" || return 1; press PgDn PgDn End Escape
	synced || return 1
	press /; type_text "$T"; press Enter e
	wait_for "Esc discard" || return 1
	value=$((value + 1))
	press C-u; type_text "$value"; pressed=$((pressed + ${#value})); press Enter
	wait_for "Saved entry" || return 1
	press Escape
	if [ $((k % 3)) = 0 ]; then
		press u; wait_for "Retract entry" || return 1; press y
		wait_for "Retracted entry" || return 1
	fi
	local s=${sizes[$((k % ${#sizes[@]}))]}
	tm resize-window -t kh -x "${s%x*}" -y "${s#*x}"
	synced
}
rounds=24
warm=0 after=0 broke=
for k in $(seq 1 $rounds); do
	cycle "$k" || { broke=$k; break; }
	[ "$k" = $((rounds / 2)) ] && warm=$(rss) && warm_keys=$pressed
done
after=$(rss)
tm resize-window -t kh -x 80 -y 24
if [ -n "$broke" ]; then
	not_ok "a long screen session keeps its memory flat (round $broke did not finish)"
	sed 's/^/# /' "$work/screen"
else
	grew=$((after - warm))
	echo "# $pressed keys in $rounds rounds; VmRSS $warm kB after $warm_keys keys, $after kB at the end (+$grew kB)"
	[ "$pressed" -ge 2000 ] && [ "$grew" -lt 2048 ] &&
		ok "a long screen session keeps its memory flat (+$grew kB over the second half)" ||
		not_ok "a long screen session keeps its memory flat (+$grew kB over the second half)"
fi
keys q
is "  and quits cleanly after it" ended 0

finish
