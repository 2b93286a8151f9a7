# Shared by the command-line suites in tests/cli (sourced, not run): TAP
# counters and the checks on one run's exit status, stdout and stderr.
#
# The sourcing script sets first:
#   work      its private folder: run leaves stdout in $work/out, stderr in
#             $work/err and the exit status in $rc
# and may set:
#   diag_out, diag_err  how many lines of each not_ok shows (default 20)
# A suite whose runs need more (a clean environment, fixed options) defines
# its own run after sourcing this; check only reads $rc and the two files.

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	sed 's/^/# out: /' "$work/out" | head -"${diag_out:-20}"
	sed 's/^/# err: /' "$work/err" | head -"${diag_err:-20}"
}

# run CMD...: stdout -> $work/out, stderr -> $work/err, status -> $rc
run() { "$@" >"$work/out" 2>"$work/err"; rc=$?; }

# check NAME EXPECTED_RC [grep -E pattern for stdout] [... for stderr]
check() {
	local name=$1 want=$2 out_pat=${3:-} err_pat=${4:-}
	if [ "$rc" != "$want" ]; then
		echo "# exit status $rc, wanted $want"; not_ok "$name"; return
	fi
	if [ -n "$out_pat" ] && ! grep -qE -- "$out_pat" "$work/out"; then
		echo "# stdout lacks /$out_pat/"; not_ok "$name"; return
	fi
	if [ -n "$err_pat" ] && ! grep -qE -- "$err_pat" "$work/err"; then
		echo "# stderr lacks /$err_pat/"; not_ok "$name"; return
	fi
	ok "$name"
}
