# Shared by the shell tests that drive the full-screen view in tmux (sourced,
# not run): TAP counters and checks, a private tmux server per run, keys
# sent as a user types them, and polls of the screen and of files.  Every
# wait polls for what the new state shows; nothing sleeps and hopes.
#
# The sourcing script sets first:
#   work       its private folder (screens, exit statuses)
#   sock_base  a tmux socket name unique to the run (servers are named
#              after it; tmux_cleanup at exit stops the last one)
# and may set, before or while using the helpers:
#   session       the tmux session they act on (default kh)
#   screen        the file capture writes (default $work/screen)
#   wait_match    how wait_for and wait_gone match: -F fixed text (default)
#                 or -E an extended regular expression
#   wait_seconds  how long wait_for, wait_gone and wait_file poll when not
#                 told (default 5)
# It may redefine tap_diag, which not_ok calls to print why (default: the
# last screen captured).

# --- TAP ------------------------------------------------------------------
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	tap_diag
}
tap_diag() { sed 's/^/# /' "${screen:-$work/screen}" 2>/dev/null; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
# check CMD...: the test named $name passes when CMD succeeds.
check() { if "$@"; then ok "$name"; else not_ok "$name"; fi; }
# is NAME CMD...: the same, the name given first.
is() { local name=$1; shift; check "$@"; }
# finish: the plan line; fails when a test did.
finish() { echo "1..$n"; [ "$failed" -eq 0 ]; }

# --- tmux -----------------------------------------------------------------
sock=$sock_base
tm() { tmux -L "$sock" "$@"; }
capture() { # [capture-pane OPTIONS, e.g. -e for the colours]
	tm capture-pane -p -t "${session:-kh}" "$@" >"${screen:-$work/screen}" 2>/dev/null
}
keys() { tm send-keys -t "${session:-kh}" "$@"; }
type_text() { tm send-keys -t "${session:-kh}" -l "$1"; }
# The widest line of the last screen captured, in characters.
widest() {
	python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")))' \
		"${screen:-$work/screen}"
}
ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((10#$t / 1000)); }

# wait_for TEXT [SECONDS]: capture the screen until it shows TEXT.
wait_for() {
	local end=$(( $(ms) + ${2:-${wait_seconds:-5}} * 1000 ))
	while :; do
		capture
		grep -q "${wait_match:--F}" -- "$1" "${screen:-$work/screen}" && return 0
		[ "$(ms)" -ge "$end" ] && return 1
		sleep 0.05
	done
}
# wait_gone TEXT [SECONDS]: capture the screen until TEXT is gone.
wait_gone() {
	local end=$(( $(ms) + ${2:-${wait_seconds:-5}} * 1000 ))
	while :; do
		capture
		grep -q "${wait_match:--F}" -- "$1" "${screen:-$work/screen}" || return 0
		[ "$(ms)" -ge "$end" ] && return 1
		sleep 0.05
	done
}
# wait_file FILE [SECONDS]: until FILE exists and is not empty.
wait_file() {
	local end=$(( $(ms) + ${2:-${wait_seconds:-5}} * 1000 ))
	until [ -s "$1" ]; do
		[ "$(ms)" -ge "$end" ] && return 1
		sleep 0.05
	done
}

# run_in_tmux W H COMMAND: the shell command line COMMAND in session
# $session of a new tmux server, W x H, without a status line.  When it
# ends, its exit status goes to $work/rc.$session and the terminal's
# settings (stty -a) to $work/stty.$session; the pane stays open.
run_in_tmux() {
	tm kill-server 2>/dev/null
	# A fresh socket each time: a new session on a server still shutting
	# down fails now and then.
	tmux_servers=$(( ${tmux_servers:-0} + 1 ))
	sock=$sock_base-$tmux_servers
	open_session "$@"
}
# open_session W H COMMAND: the same in one more session of this server.
open_session() {
	local s=${session:-kh}
	rm -f "$work/rc.$s" "$work/stty.$s"
	tm -f /dev/null new-session -d -s "$s" -x "$1" -y "$2" \
		"$3; echo \$? >'$work/rc.$s'; stty -a >'$work/stty.$s'; sleep 60"
	tm set-option -t "$s" status off >/dev/null
}
# rc_is WANT [SECONDS]: the command has ended with exit status WANT.
rc_is() {
	local s=${session:-kh}
	wait_file "$work/rc.$s" "${2:-}" && [ "$(cat "$work/rc.$s")" = "$1" ]
}
# quit_ok [WANT]: the command has ended with exit status WANT (default 0)
# and left the terminal sane: canonical mode, echo.
quit_ok() {
	local s=${session:-kh}
	rc_is "${1:-0}" && wait_file "$work/stty.$s" &&
		grep -q -- ' icanon' "$work/stty.$s" && grep -q -- ' echo ' "$work/stty.$s"
}
# tmux_cleanup: stop the server, and remove the socket files tmux leaves
# behind of every server of the run.
tmux_cleanup() {
	tm kill-server 2>/dev/null
	local dir=${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)
	rm -f "$dir/$sock_base" "$dir/$sock_base"-*
}

# The sanitizers' settings of a sanitized build: all that a command run
# under env -i must keep of this environment.  As words for a command
# ("${sanitizer_vars[@]}") and, quoted, for a shell command line
# ($sanitizer_env).
sanitizer_vars=()
for tmux_v in ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS; do
	[ -n "${!tmux_v:-}" ] && sanitizer_vars+=("$tmux_v=${!tmux_v}")
done
unset tmux_v
sanitizer_env=${sanitizer_vars[*]@Q}
