#!/usr/bin/env bash
# The full-screen view in each language: tmux runs the real binary under
# `env -i` with only LANG=C.UTF-8 (the one locale every machine has) or
# LANG=C, on a copy of the bundled plan and a fresh database; the screen
# is read back.  Vietnamese words expected from other parts of the program
# are looked up in the built catalogue, so the test checks that the screen
# shows them, not what they say.  Prints TAP.
#   test_tui_lang.sh KEHOACH_BINARY SOURCE_ROOT
set -u
bin=$1
root=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/kh-tui-lang-XXXXXX")
sock_base=kh-tui-lang-$$
wait_seconds=10 # how long a poll waits before it gives up
# TAP, run_in_tmux, keys, wait_for, rc_is, widest, sanitizer_env:
. "$(dirname "${BASH_SOURCE[0]}")/../lib/tmux.sh"
trap 'tmux_cleanup; rm -rf "$work"' EXIT
cp "$root/plan.yaml" "$work/plan.yaml"
db=$work/t.db
T=II.1-che-pham-vi-sinh

# The Vietnamese of an English message, from the catalogue built beside
# the binary (the English itself when it has none).
vi() {
	env -i LC_ALL=C.UTF-8 LANGUAGE=vi TEXTDOMAINDIR="$(dirname "$bin")/po" \
		gettext -d kehoach -- "$1"
}
# translated MSGID: the catalogue has Vietnamese for it.
translated() { [ "$(vi "$1")" != "$1" ]; }

# start WIDTH HEIGHT LANG ARGS...: kehoach in a fresh tmux server, with
# nothing from this environment but the locale named (and the sanitizers').
start() {
	local w=$1 h=$2 lang=$3; shift 3
	run_in_tmux "$w" "$h" \
		"cd '$work' && env -i PATH='$PATH' HOME='$work' TERM=tmux-256color LANG=$lang $sanitizer_env '$bin' --plan '$work/plan.yaml' --db '$db' --as-of 2024-06-30 $*"
}
quit() { keys q; rc_is 0; }
# The footer is drawn last: once it shows, the whole first screen is there.
drawn() { wait_for "$1" >/dev/null; }
footer() { tail -n 1 "$work/screen"; }

# A fractional figure, so that a decimal separator shows.
env -i LANG=C.UTF-8 "$bin" --plan "$work/plan.yaml" --db "$db" --lang en \
	set $T 12.5 --date 2024-06-20 --note "Trung tâm báo cáo" >/dev/null

# --- Vietnamese at 80x24 --------------------------------------------------------
start 80 24 C.UTF-8 --lang vi
drawn "q $(vi quit)"
name="vi: the header says the as-of date in Vietnamese"; check wait_for "tính đến 30/06/2024"
name="vi: the header counts by status in Vietnamese"; check grep -qE "! [0-9]+ Chậm tiến độ" "$work/screen"
name="vi: the tree's roll-ups are Vietnamese"; check grep -q "cần chú ý" "$work/screen"
name="vi: the detail pane is Vietnamese"; check grep -q "Mục II.1" "$work/screen"
name="vi: no line is wider than 80 columns"; check [ "$(widest)" -le 80 ]
footer_has() { footer | grep -qF -- "$1"; }
footer_whole() { [ "$(footer | wc -L)" -le "${1:-80}" ] && ! footer | grep -q '…'; }
name="vi: the catalogue has the footer's words"; check translated quit
name="vi: the footer's hints are Vietnamese"; check footer_has "q $(vi quit)"
name="vi: the footer is not cut mid-word"; check footer_whole
keys /
name="vi: the search prompt is Vietnamese"; check wait_for "Tìm kiếm:"
type_text "$T"
keys Enter
wait_gone "Tìm kiếm:" >/dev/null
name="vi: the target's status is Vietnamese"; check wait_for "Tình trạng: ! Chậm tiến độ"
name="vi: a fractional figure has a decimal comma (row)"; check grep -q "12,5 / 30 tấn" "$work/screen"
name="vi: and in the detail pane"; check grep -q "Đạt 12,5 ·" "$work/screen"
name="vi: the footer on a target is not cut mid-word"; check footer_whole
keys e
name="vi: the edit form is Vietnamese"; check wait_for "Esc hủy"
name="vi: the form shows the current figure with a decimal comma"
check grep -q "Hiện tại: 12,5 tấn" "$work/screen"
type_text "abc"
keys Enter
name="vi: a refused value says why, in Vietnamese"; check wait_for "Số liệu: "
name="vi: the reason is not English"; check sh -c "! grep -q 'letters' '$work/screen'"
name="vi: the form stays within 80 columns"; check [ "$(widest)" -le 80 ]
keys Escape
name="vi: Esc discards, in Vietnamese"; check wait_for "$(vi "Discarded: nothing was saved.")"
keys '?'
name="vi: the catalogue has the help's words"
check translated "next target that needs attention"
name="vi: the help lists the keys in Vietnamese"
check wait_for "$(vi "next target that needs attention")"
keys Escape
wait_gone "$(vi "next target that needs attention")" >/dev/null
name="vi: quits cleanly"; check quit

# --- English ------------------------------------------------------------------
start 80 24 C.UTF-8 --lang en
drawn "q quit"
name="en: the header is English"; check wait_for "as of 30/06/2024"
name="en: the counts are English"; check grep -qE "! [0-9]+ behind" "$work/screen"
name="en: the footer is English"; check grep -q "q quit" "$work/screen"
keys /
name="en: the search prompt is English"; check wait_for "Search:"
type_text "$T"
keys Enter
wait_gone "Search:" >/dev/null
name="en: the status is English"; check wait_for "Status: ! behind"
name="en: a fractional figure has a decimal point"; check grep -q "12.5 / 30 tấn" "$work/screen"
name="en: quits cleanly"; check quit

# --- no --lang: the plan's language (the bundled plan says vi) -------------------
start 80 24 C.UTF-8
name="no --lang: the bundled plan's language, Vietnamese"; check wait_for "tính đến 30/06/2024"
name="no --lang: quits cleanly"; check quit

# --- LANG=C: Vietnamese folded to ASCII -----------------------------------------
start 80 24 C --lang vi
drawn "q thoat"
name="LANG=C vi: the header is Vietnamese without diacritics"; check wait_for "tinh den 30/06/2024"
name="LANG=C vi: the counts too"; check grep -qE "! [0-9]+ Cham tien do" "$work/screen"
name="LANG=C vi: only ASCII on the screen (no mojibake)"
check sh -c "! LC_ALL=C grep -q '[^ -~]' '$work/screen'"
name="LANG=C vi: no line is wider than 80 columns"; check [ "$(widest)" -le 80 ]
keys /
name="LANG=C vi: the search prompt is folded too"; check wait_for "Tim kiem:"
type_text "$T"
keys Enter
wait_gone "Tim kiem:" >/dev/null
name="LANG=C vi: the status line is folded"; check wait_for "Tinh trang: ! Cham tien do"
name="LANG=C vi: a decimal comma"; check grep -q "12,5 / 30 tan" "$work/screen"
keys e
wait_for "Esc huy" >/dev/null
type_text "abc"
keys Enter
name="LANG=C vi: the form's refusal is folded"; check wait_for "So lieu: "
name="LANG=C vi: still only ASCII"; check sh -c "! LC_ALL=C grep -q '[^ -~]' '$work/screen'"
keys Escape
wait_gone "Esc huy" >/dev/null
name="LANG=C vi: quits cleanly"; check quit

# --- small and large screens ------------------------------------------------------
start 60 16 C.UTF-8 --lang vi
name="vi 60x16: opens"; check wait_for "tính đến"
name="vi 60x16: no line is wider than 60 columns"; check [ "$(widest)" -le 60 ]
tm resize-window -t kh -x 50 -y 14
name="vi: below the minimum size it says so in Vietnamese"
check wait_for "$(vi "Terminal too small: %dx%d.
kehoach needs at least %dx%d;
enlarge the window (%s quits)." | head -n 1 | sed 's/%dx%d.*//')"
tm resize-window -t kh -x 200 -y 60
name="vi 200x60: tree and detail side by side"; check wait_for "│ Mục II.1"
name="vi 200x60: quits cleanly"; check quit

finish
