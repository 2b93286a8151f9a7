#!/usr/bin/env bash
# The full-screen view in a real terminal: tmux at 80x24 (and other sizes)
# runs the real binary on the bundled plan and a fresh database; keys are
# sent as a user types them and the screen is read back.  Every wait polls
# for text only the new state shows; nothing sleeps and hopes.  Prints TAP.
#   test_tui.sh KEHOACH_BINARY SOURCE_ROOT
set -u
bin=$1
root=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/kh-tui-XXXXXX")
sock_base=kh-tui-$$
# TAP, run_in_tmux, keys, capture, wait_for/wait_gone, quit_ok, widest:
. "$(dirname "${BASH_SOURCE[0]}")/../lib/tmux.sh"
trap 'tmux_cleanup; rm -rf "$work"' EXIT
db=$work/t.db
T=II.1-che-pham-vi-sinh

# start WIDTH HEIGHT ENV...: run kehoach in a fresh tmux server.
start() {
	local w=$1 h=$2; shift 2
	run_in_tmux "$w" "$h" \
		"cd '$root' && env TERM=tmux-256color $* '$bin' --db '$db' --as-of 2024-06-30"
}
kh() { "$bin" --plan "$root/plan.yaml" --db "$db" "$@"; }

# --- open, 80x24, UTF-8 -----------------------------------------------------
start 80 24 LANG=C.UTF-8 LC_ALL=C.UTF-8
name="opens on the plan tree"; check wait_for "II.2 "
keys G
name="End shows the last section, II.4"; check wait_for "II.4 "
keys g
name="the header says the as-of date and the counts"
check grep -q "as of 30/06/2024" "$work/screen"
name="the header counts what is behind"; check grep -qE "! [0-9]+ behind" "$work/screen"
name="the footer lists the keys that work here"; check grep -q "? help" "$work/screen"
name="nothing wider than 80 columns"; check [ "$(widest)" -le 80 ]

# --- search, ignoring diacritics and case ------------------------------------
keys /
wait_for "Search:"
type_text "nghi quyet 52"
name="incremental search finds text written with diacritics"
check wait_for "Section II.3"
keys Enter
keys /
type_text "$T"
keys Enter
name="search by id opens the path to a target"; check wait_for "$T · quantity"
name="the detail pane says by how much"; check wait_for "Status: ! behind — expected 14.88 by 30/06/2024, short 14.88"
name="nothing reported yet"; check grep -q "Nothing reported yet" "$work/screen"

# --- edit: refused input, then a figure ---------------------------------------
keys e
name="e opens the edit form"; check wait_for "Esc discard"
type_text "abc"
keys Enter
name="letters in the value are refused with the reason"; check wait_for "letters"
name="the form stays open after a refusal"; check grep -q "Esc discard" "$work/screen"
name="a refused value writes nothing"; check [ "$(kh history $T --format csv | wc -l)" = 1 ]
keys C-u
type_text "15"
keys Enter
name="Enter saves and says so"; check wait_for "Saved entry #1"
name="the row shows the new figure"; check wait_for "15 / 30 tấn"
name="the database holds it"
check sh -c "'$bin' --plan '$root/plan.yaml' --db '$db' history $T --format csv | grep -q '^1,$T,15,2024-06-30'"
name="the header counts changed (on track now)"; check grep -qE "\. [0-9]+ on track" "$work/screen"

# --- another clerk saves: the screen shows it without a key -------------------
kh set $T 16 --date 2024-06-30 >/dev/null
name="a save from another process shows within two seconds"; check wait_for "16 / 30 tấn" 2

# --- undo ---------------------------------------------------------------------
keys u
name="u asks before retracting"; check wait_for "Retract entry #2"
keys y
name="undo retracts the latest entry"; check wait_for "Retracted entry #2"
name="the previous figure is current again"; check wait_for "15 / 30 tấn"
keys Tab End
name="the history (detail pane, scrolled) marks the retracted entry"; check wait_for "RETRACTED"
keys Tab

# --- Esc backs out, help lists the keys ------------------------------------------
keys '?'
name="? shows every key"; check wait_for "next target that needs attention"
keys Escape
name="Esc closes the help"; check wait_gone "any other key closes"
keys b
name="b shows only what needs attention"; check wait_for "[behind only]"
keys Escape
name="Esc backs out of the search first"; check wait_gone "/$T"
keys Escape
name="then out of the filter"; check wait_gone "[behind only]"

# --- resize -------------------------------------------------------------------
tm resize-window -t kh -x 50 -y 14
name="below the minimum size it says so"; check wait_for "Terminal too small"
tm resize-window -t kh -x 200 -y 60
name="200x60 shows tree and detail side by side"; check wait_for "│ Task II.1.3"
name="and uses the width"; check [ "$(widest)" -gt 150 ]
tm resize-window -t kh -x 80 -y 24
name="back to 80x24"; check wait_for "Detail (Tab)"

keys q
name="q quits with status 0 and restores the terminal"; check quit_ok

# --- consolidating a period: who reported, import, report, close ------------------
db=$work/period.db
printf 'target_id;value;as_of;note\nII.1-che-pham-vi-sinh;12,5;14/06/2024;Trung tâm báo cáo\n' >"$work/unit.csv"
run_in_tmux 80 24 \
	"cd '$work' && env TERM=tmux-256color LANG=C.UTF-8 '$bin' --plan '$root/plan.yaml' --db '$db' --as-of 2024-06-25"
name="as of 25/06 the screen reports on H1"; check wait_for "period H1"
keys i
wait_for "Import CSV file:" >/dev/null
type_text "$work/unit.csv"
keys Enter
name="i shows what an import would change"; check wait_for "– → 12.5 tấn as of"
keys y
name="y writes it"; check wait_for "Imported 1 entry"
keys w
name="w shows who has reported, unit by period"; check wait_for "H1 (due 20/06/2024)"
name="with the reports still missing"; check grep -qE "Văn phòng +0/6 6 missing" "$work/screen"
keys G Enter
name="Enter on an owed target goes to it"; check wait_for "Status: ? missing report"
keys r
name="r previews the period's report"; check wait_for "PLAN IMPLEMENTATION REPORT"
keys s
wait_for "Save as" >/dev/null
keys C-u
type_text "bao-cao.csv"
keys Enter
name="and saves it to a file"; check wait_for "Saved the H1 report to bao-cao.csv"
# The decimal separator is the report language's (English here: a point).
name="the file holds the figure"; check grep -qE "12[.,]5" "$work/bao-cao.csv"
keys C
name="C asks before closing the period"; check wait_for "Close H1?"
keys y
name="and closes it"; check wait_for "Closed H1"
name="the database knows it is closed"
check sh -c "'$bin' --plan '$root/plan.yaml' --db '$db' close H1 2>&1 | grep -q 'already closed'"
keys q
name="quits cleanly after consolidating"; check quit_ok

# --- LANG=C: ASCII, no mojibake ----------------------------------------------------
start 80 24 LANG=C LC_ALL=C
name="LANG=C opens"; check wait_for "II.2 "
name="LANG=C shows Vietnamese without diacritics"; check grep -q "Thuc hien Cam ket" "$work/screen"
name="LANG=C shows only ASCII"; check sh -c "! LC_ALL=C grep -q '[^ -~]' '$work/screen'"
keys /
type_text "cai cach hanh chinh"
keys Enter
name="LANG=C: keys and search work"; check wait_for "Section II.4"
keys j
name="LANG=C: the next key is not swallowed"; check wait_for "Task II.4.1"
keys q
name="LANG=C quits cleanly"; check quit_ok

# --- no colour: behind rows still marked ---------------------------------------
start 80 24 LANG=C.UTF-8 NO_COLOR=1
wait_for "II.2 " >/dev/null
capture -e
# The pattern goes to sh as an argument: $'...' inside "..." is not bash's
# escape, and sh would get a pattern that matches nothing.
name="NO_COLOR: no colour sequences"
check sh -c '! grep -qE "$1" "$2"' sh $'\e\\[[0-9;]*3[0-7]m' "$work/screen"
name="NO_COLOR: behind rows carry a mark and bold"
check grep -qE $'\e\\[1m! ' "$work/screen"
keys ']'
keys e
wait_for "Esc discard" >/dev/null
keys C-c
name="Ctrl-C in the edit form quits and restores the terminal"; check quit_ok 130

# --- vt100 -------------------------------------------------------------------------
start 80 24 LANG=C.UTF-8 TERM=vt100
name="TERM=vt100 opens"; check wait_for "II.2 "
keys q
name="TERM=vt100 quits cleanly"; check quit_ok

finish
