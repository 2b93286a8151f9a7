#!/usr/bin/env bash
# Two clerks and a script on one database: two full-screen kehoach in two
# tmux sessions (one private server) and the command line, all writing to
# the same file.  Each save must reach the other screens within two
# seconds without a key; a figure saved under an open edit form must be
# shown before anything is written; a write lock held by someone else
# must end in "busy", never a crash or a lost figure.  Every wait polls
# the screen for text only the new state shows.  Prints TAP.
#   test_concurrency.sh KEHOACH_BINARY SOURCE_ROOT
set -u
bin=$1
root=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/kh-conc-XXXXXX")
sock_base=kh-conc-$$
wait_seconds=10 # how long a poll waits before it gives up
# TAP, keys, type_text, capture, wait_for, open_session, rc_is, ms:
. "$(dirname "${BASH_SOURCE[0]}")/../lib/tmux.sh"
holder=
cleanup() {
	[ -n "$holder" ] && kill "$holder" 2>/dev/null
	tmux_cleanup
	rm -rf "$work"
}
trap cleanup EXIT
db=$work/t.db
T1=II.1-che-pham-vi-sinh  # 30 tấn
T2=II.1-dao-tao-can-bo    # 3–5 cán bộ
T3=II.2-du-an-doi-moi-cn  # 5–6 dự án

# on SESSION HELPER ARGS...: run a helper (keys, wait_for, capture...) on
# one clerk's session, A or B; its screen is read into $work/screen.SESSION.
on() { local session=$1 screen=$work/screen.$1; shift; "$@"; }
# What a failed test prints: both screens.
tap_diag() {
	for s in A B; do
		on $s capture
		echo "# --- screen $s"
		sed 's/^/# /' "$work/screen.$s"
	done
}

# seen_by TEXT SINCE SESSION...: every session shows TEXT within two
# seconds of SINCE (ms); says how long each took.
seen_by() {
	local text=$1 since=$2; shift 2
	local s all=0
	for s in "$@"; do
		if on "$s" wait_for "$text" $(( (since + 2000 - $(ms) + 999) / 1000 )) &&
			[ $(( $(ms) - since )) -le 2000 ]; then
			echo "# $s showed \"$text\" after $(( $(ms) - since )) ms"
		else
			echo "# $s did not show \"$text\" within 2 s"
			all=1
		fi
	done
	return $all
}

# dialog_text TITLE: the text inside the dialog titled TITLE on the
# session's screen (run with "on"), its wrapped lines joined (the screen
# around it left out).
dialog_text() {
	capture
	python3 - "$screen" "$1" <<'EOF'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
for i, line in enumerate(lines):
    at = line.find(sys.argv[2])
    if at < 0:
        continue
    left = line.rfind("┌", 0, at)
    right = line.find("┐", at)
    if left < 0 or right < 0:
        continue
    words = []
    for body in lines[i + 1:]:
        if body[left:left + 1] == "└":
            break
        words.append(body[left + 1:right].strip())
    print(" ".join(" ".join(words).split()))
    break
EOF
}
dialog_says() { dialog_text "$1" | grep -qF -- "$2"; } # TITLE TEXT
wait_dialog() { # TITLE TEXT [SECONDS]
	local end=$(( $(ms) + ${3:-5} * 1000 ))
	until dialog_says "$1" "$2"; do
		[ "$(ms)" -ge $end ] && return 1
		sleep 0.05
	done
}

kh() { "$bin" --plan "$root/plan.yaml" --db "$db" "$@"; }
# entries TARGET: its history as "value,source" lines, oldest first
# (retracted ones marked "retracted").
entries() {
	kh history "$1" --format json | python3 -c '
import json, sys
for e in reversed(json.load(sys.stdin)["entries"]):
    print("%s,%s%s" % (e["value"], e["source"], ",retracted" if e["retracted"] else ""))'
}
count() { kh history "$1" --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["entries"]))'; }

# open: kehoach as of 30/06/2024 at 80x24 in the session (run with "on",
# both in one server); its exit status is written to rc.SESSION when it ends.
open() {
	open_session 80 24 \
		"cd '$root' && env TERM=tmux-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 '$bin' --db '$db' --as-of 2024-06-30"
}
# go TARGET: search for the target; the cursor lands on it.
go() {
	keys /
	wait_for "Search:" >/dev/null
	type_text "$1"
	keys Enter
	wait_for "$1 · quantity"
}
# edit VALUE: open the form, type the value over the prefill.
edit() {
	keys e
	wait_for "Esc discard" && type_text "$1"
}

on A open
name="clerk A opens the plan"; check on A wait_for "II.2 " 10
on B open
name="clerk B opens the same database"; check on B wait_for "II.2 " 10
on A go $T1 >/dev/null
name="both clerks look at $T1"; check on B go $T1

# --- A saves; B sees it without a key ----------------------------------------
on A edit 13
since=$(ms)
on A keys Enter
name="A saves 13 tấn in the edit form"; check on A wait_for "Saved entry #1: $T1 = 13"
name="B's screen shows A's figure within 2 s, without a key"
check seen_by "13 / 30 tấn" "$since" B

# --- B saves another target; A sees it -----------------------------------------
on A go $T2 >/dev/null
on B go $T2 >/dev/null
on B edit 2
since=$(ms)
on B keys Enter
name="B saves 2 cán bộ"; check on B wait_for "Saved entry #2: $T2 = 2"
name="A's screen shows B's figure within 2 s"
check seen_by "2 / 3–5 cán bộ" "$since" A

# --- the command line writes a third; both see it ----------------------------------
on A go $T3 >/dev/null
on B go $T3 >/dev/null
since=$(ms)
kh set $T3 4 --date 2024-06-30 >/dev/null
name="both screens show the command line's figure within 2 s"
check seen_by "4 / 5–6 dự án" "$since" A B
all_three() {
	[ "$(entries $T1)" = "13,tui" ] && [ "$(entries $T2)" = "2,tui" ] &&
		[ "$(entries $T3)" = "4,cli" ]
}
name="the database keeps all three saves, each with where it was made"
check all_three

# --- a figure saved under an open edit form ------------------------------------------
on A go $T1 >/dev/null
on A edit 16
name="the form shows the figure as it was when opened"
check on A wait_for "Now: 13 tấn (as of 30/06/2024"
on A capture
header=$(sed -n 2p "$work/screen.A")
kh set $T1 15 --date 2024-06-30 >/dev/null
# The screen below the open form takes the new snapshot (the header's
# counts change): the form must not rely on the old one.
changed() { on A capture; [ "$(sed -n 2p "$work/screen.A")" != "$header" ]; }
for _ in $(seq 60); do changed && break; sleep 0.05; done
name="the screen below the open form takes the other save"; check changed
on A keys Enter
name="Enter says a newer figure was saved meanwhile, with its value"
check on A wait_dialog "Changed meanwhile" \
	"Since you opened this form, 15 tấn (as of 30/06/2024) was saved by"
name="and asks about the user's own figure"
check on A dialog_says "Changed meanwhile" "Save yours (16 tấn) anyway?"
name="nothing is written while it asks"; check [ "$(count $T1)" = 2 ]
on A keys n
name="n goes back to the form, which now shows the newer figure"
check on A wait_for "Now: 15 tấn (as of 30/06/2024"
name="and says nothing was saved"; check on A wait_for "Not saved. Now shows the newer figure"
name="n writes nothing"; check [ "$(entries $T1)" = "$(printf '13,tui\n15,cli')" ]
name="the user's figure is still in the form"; check grep -q "Value *16 " "$work/screen.A"
on A keys Enter
name="Enter then saves: the newer figure has been seen"
check on A wait_for "Saved entry #5: $T1 = 16"
name="the database holds it after the other"
check [ "$(entries $T1)" = "$(printf '13,tui\n15,cli\n16,tui')" ]

on A edit 18
kh set $T1 17 --date 2024-06-30 >/dev/null
on A keys Enter
name="a second save under the form is shown too"
check on A wait_dialog "Changed meanwhile" "17 tấn (as of 30/06/2024) was saved"
on A keys y
name="y saves the user's figure anyway"; check on A wait_for "Saved entry #7: $T1 = 18"
name="both figures are kept"
check [ "$(entries $T1 | tail -2)" = "$(printf '17,cli\n18,tui')" ]

on A edit 19
kh undo $T1 >/dev/null
on A keys Enter
name="an undo under the form is shown with the figure now current"
check on A wait_dialog "Changed meanwhile" \
	"the latest figure was retracted; the latest is now 17 tấn"
on A keys n
on A wait_for "Not saved. Now shows" >/dev/null
on A keys Escape
name="Esc then discards"; check on A wait_for "Discarded: nothing was saved."
name="and nothing is written"; check [ "$(count $T1)" = 5 ]

# --- a write lock held past the busy timeout ---------------------------------------
on A go $T3 >/dev/null
on A edit 5
# The sqlite3 shell takes the write lock and keeps it until both waiters
# have given up (past the 5 s busy timeout), at most 20 s.
{ echo ".timeout 5000"; echo "BEGIN IMMEDIATE;"; echo "SELECT 'locked';"
  for _ in $(seq 400); do [ -e "$work/release" ] && break; sleep 0.05; done
  echo "COMMIT;"; } | sqlite3 "$db" >"$work/lock.out" 2>&1 &
holder=$!
name="another process holds the write lock"; check wait_file "$work/lock.out"
locked=$(ms)
on A keys Enter
(kh set $T2 3 --date 2024-06-30 >"$work/cli.out" 2>"$work/cli.err"; echo $? >"$work/cli.rc") &
cli=$!
name="while it waits, the form says it is saving"
check on A wait_for "Saving" 2
name="then A's screen says the database is busy"
check on A wait_dialog "Not saved" "is busy (another kehoach is writing); try again" 8
echo "# A gave up after $(( $(ms) - locked )) ms"
name="and that what was typed is still in the form"
check on A dialog_says "Not saved" "What you typed is still in the form"
wait $cli
name="a command-line set during the lock exits 1"; check [ "$(cat "$work/cli.rc")" = 1 ]
name="saying the database is busy"
check grep -q "is busy (another kehoach is writing); try again" "$work/cli.err"
untouched() { [ "$(count $T3)" = 1 ] && [ "$(count $T2)" = 1 ]; }
name="nothing was written during the lock"; check untouched
name="B is still running"; check [ ! -e "$work/rc.B" ]
touch "$work/release"
wait $holder
holder=
echo "# the lock was held $(( $(ms) - locked )) ms"
on A keys Enter
name="after the message the form is back with the figure"
check on A wait_for "Not saved: "
name="the typed value is kept"; check grep -q "Value *5 " "$work/screen.A"
since=$(ms)
on A keys Enter
name="once the lock is gone, Enter saves"; check on A wait_for "Saved entry #8: $T3 = 5"
name="the figure is stored"; check [ "$(entries $T3)" = "$(printf '4,cli\n5,tui')" ]
name="and B shows it within 2 s"; check seen_by "5 / 5–6 dự án" "$since" B
quiet_set() { kh set "$@" >/dev/null; }
name="the command line can write again"; check quiet_set $T2 3 --date 2024-06-30

# --- both quit cleanly -----------------------------------------------------------
on A keys q
on B keys q
name="A quits with status 0 (no crash, no sanitizer report)"; check on A rc_is 0
name="B quits with status 0"; check on B rc_is 0

finish
