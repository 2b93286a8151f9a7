# Shared by the hostile-input tests (sourced, not run): TAP output, running
# the binary, and driving it in a private tmux server.  The sourcing script
# sets bin, root, work and sock_base (tmux socket names start with it)
# first; "tm kill-server" at exit stops the last server.

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	head -8 "$work/out" 2>/dev/null | cut -c1-160 | sed "s/^/# out: /"
	head -8 "$work/err" 2>/dev/null | cut -c1-160 | sed "s/^/# err: /"
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
finish() { echo "1..$n"; [ $failed -eq 0 ]; }

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

# is NAME CMD...: ok when CMD succeeds.
is() { local name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name"; fi; }

# clean MODE FILE...: no byte that could drive a terminal or a spreadsheet
# (see scan.py); findings are printed as TAP comments.
clean() { python3 "$here/scan.py" "$@" | sed 's/^/# /'; return "${PIPESTATUS[0]}"; }

# one_line FILE: exactly one line, starting "kehoach: ".
one_line() { [ "$(wc -l <"$1")" = 1 ] && grep -q '^kehoach: ' "$1"; }

# --- tmux ---------------------------------------------------------------------
tm() { tmux -L "$sock" "$@"; }
capture() { tm capture-pane -p -t kh "$@" >"$work/screen" 2>/dev/null; }
wait_for() { # TEXT [SECONDS]
	local tries=$(( ${2:-10} * 20 ))
	for _ in $(seq "$tries"); do
		capture
		grep -qF -- "$1" "$work/screen" && return 0
		sleep 0.05
	done
	return 1
}
wait_gone() {
	for _ in $(seq 200); do
		capture
		grep -qF -- "$1" "$work/screen" || return 0
		sleep 0.05
	done
	return 1
}
wait_file() { # FILE [SECONDS]
	for _ in $(seq $(( ${2:-10} * 20 ))); do
		[ -s "$1" ] && return 0
		sleep 0.05
	done
	return 1
}
keys() { tm send-keys -t kh "$@"; }
type_text() { tm send-keys -t kh -l "$1"; }

# tui W H SHELL-COMMAND: run a command in a fresh tmux server whose pane
# title is known ("kh-clean-title") and which accepts OSC 52 into its
# buffers (set-clipboard on), so a program that sets either is caught.
# The command starts only once both are set.  When it ends, its status
# goes to $work/rc and the terminal settings to $work/stty.
tui() {
	local w=$1 h=$2 cmd=$3
	tm kill-server 2>/dev/null
	# A new server each time: a new session on a server still shutting
	# down fails now and then.
	tui_runs=$(( ${tui_runs:-0} + 1 ))
	sock=$sock_base-$tui_runs
	rm -f "$work/rc" "$work/stty" "$work/go"
	tm -f /dev/null new-session -d -s kh -x "$w" -y "$h" \
		"while [ ! -e '$work/go' ]; do sleep 0.02; done; $cmd; echo \$? >'$work/rc'; stty -a >'$work/stty'; sleep 60"
	tm set-option -t kh status off >/dev/null
	tm set-option -s set-clipboard on >/dev/null
	tm select-pane -t kh -T kh-clean-title
	touch "$work/go"
}
# tmux leaves the socket file of each server behind: remove ours.
tm_cleanup() {
	tm kill-server 2>/dev/null
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock_base"-*
}
title() { tm display-message -p -t kh '#{pane_title}'; }
buffers() { tm list-buffers 2>/dev/null | wc -l; }
untouched() { # the pane title as tui() set it, no buffer
	[ "$(title)" = kh-clean-title ] && [ "$(buffers)" = 0 ]
}
# The program has ended with status WANT and left the terminal sane
# (canonical mode, echo, not in the alternate screen).
ended() {
	wait_file "$work/rc" && wait_file "$work/stty" &&
		[ "$(cat "$work/rc")" = "${1:-0}" ] &&
		grep -q -- ' icanon' "$work/stty" &&
		grep -q -- ' echo ' "$work/stty" &&
		[ "$(tm display-message -p -t kh '#{alternate_on}')" = 0 ]
}
