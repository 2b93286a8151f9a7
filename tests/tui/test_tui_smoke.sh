#!/usr/bin/env bash
# The full-screen view opens in a real terminal (tmux, 80x24), shows the
# plan's sections, and quits cleanly with q.  Prints TAP.
set -u
bin=$1
root=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/kh-tui-XXXXXX")
sock=kh-tui-$$
trap 'tmux -L $sock kill-server 2>/dev/null; rm -rf "$work"' EXIT
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }

# wait_for TEXT: poll the screen until TEXT shows (5 s at most).
wait_for() {
	for _ in $(seq 100); do
		tmux -L $sock capture-pane -p -t kh >"$work/screen" 2>/dev/null
		grep -qF -- "$1" "$work/screen" && return 0
		sleep 0.05
	done
	sed 's/^/# /' "$work/screen"
	return 1
}

start() { # LANG
	tmux -L $sock -f /dev/null new-session -d -s kh -x 80 -y 24 \
		"cd '$root' && LANG=$1 LC_ALL=$1 TERM=tmux-256color '$bin' --db '$work/t.db' --as-of 2024-07-01; echo \$? >'$work/rc'"
}

for loc in C.UTF-8 C; do
	rm -f "$work/rc"
	start $loc
	wait_for "II.4" && ok "$loc: the four sections are on screen" || not_ok "$loc: sections"
	if [ $loc = C ] && LC_ALL=C grep -q '[^[:print:][:space:]]' "$work/screen"; then
		not_ok "$loc: ASCII only"
	else
		ok "$loc: text is readable"
	fi
	tmux -L $sock send-keys -t kh q
	for _ in $(seq 100); do [ -s "$work/rc" ] && break; sleep 0.05; done
	[ "$(cat "$work/rc" 2>/dev/null)" = 0 ] && ok "$loc: q quits with status 0" || not_ok "$loc: q quits"
	tmux -L $sock kill-server 2>/dev/null
done
echo "1..$n"
[ $failed -eq 0 ]
