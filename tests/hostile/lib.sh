# Shared by the hostile-input tests (sourced, not run): running the binary
# and checking what it wrote, and driving it in a private tmux server.  The
# sourcing script sets bin, root, work and sock_base (tmux socket names
# start with it) first; "tmux_cleanup" at exit stops the last server.

wait_seconds=10 # how long a poll waits before it gives up
# TAP (ok, not_ok, skip, is, finish), tm, keys, type_text, capture,
# wait_for, wait_gone, wait_file, run_in_tmux, quit_ok:
. "$(dirname "${BASH_SOURCE[0]}")/../lib/tmux.sh"
# What a failed test prints: the start of the command's stdout and stderr.
tap_diag() {
	head -8 "$work/out" 2>/dev/null | cut -c1-160 | sed "s/^/# out: /"
	head -8 "$work/err" 2>/dev/null | cut -c1-160 | sed "s/^/# err: /"
}

# run CMD...: stdout -> $work/out, stderr -> $work/err, status -> $rc
run() { "$@" >"$work/out" 2>"$work/err"; rc=$?; }

# expect NAME RC [stdout ERE] [stderr ERE]
expect() {
	local name=$1 want=$2 out_pat=${3:-} err_pat=${4:-}
	if [ "$rc" != "$want" ]; then
		echo "# exit status $rc, wanted $want"; not_ok "$name"; return 1
	fi
	if [ -n "$out_pat" ] && ! grep -qE -- "$out_pat" "$work/out"; then
		echo "# stdout lacks /$out_pat/"; not_ok "$name"; return 1
	fi
	if [ -n "$err_pat" ] && ! grep -qE -- "$err_pat" "$work/err"; then
		echo "# stderr lacks /$err_pat/"; not_ok "$name"; return 1
	fi
	ok "$name"
}

# clean MODE FILE...: no byte that could drive a terminal or a spreadsheet
# (see scan.py); findings are printed as TAP comments.
clean() { python3 "$here/scan.py" "$@" | sed 's/^/# /'; return "${PIPESTATUS[0]}"; }

# one_line FILE: exactly one line, starting "kehoach: ".
one_line() { [ "$(wc -l <"$1")" = 1 ] && grep -q '^kehoach: ' "$1"; }

# --- tmux ---------------------------------------------------------------------
# tui W H SHELL-COMMAND: run a command in a fresh tmux server whose pane
# title is known ("kh-clean-title") and which accepts OSC 52 into its
# buffers (set-clipboard on), so a program that sets either is caught.
# The command starts only once both are set.  When it ends, its status
# goes to $work/rc.kh and the terminal settings to $work/stty.kh.
tui() {
	local w=$1 h=$2 cmd=$3
	rm -f "$work/go"
	run_in_tmux "$w" "$h" "while [ ! -e '$work/go' ]; do sleep 0.02; done; $cmd"
	tm set-option -s set-clipboard on >/dev/null
	tm select-pane -t kh -T kh-clean-title
	touch "$work/go"
}
title() { tm display-message -p -t kh '#{pane_title}'; }
buffers() { tm list-buffers 2>/dev/null | wc -l; }
untouched() { # the pane title as tui() set it, no buffer
	[ "$(title)" = kh-clean-title ] && [ "$(buffers)" = 0 ]
}
# The program has ended with status WANT and left the terminal sane
# (canonical mode, echo, not in the alternate screen).
ended() {
	quit_ok "${1:-0}" &&
		[ "$(tm display-message -p -t kh '#{alternate_on}')" = 0 ]
}
