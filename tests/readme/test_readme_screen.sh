#!/usr/bin/env bash
# The screen in README.md is a real capture: this test runs the binary in
# tmux at 80x24 exactly as the README says, and compares what it shows with
# the block between "<!-- screen -->" and "<!-- /screen -->".  Prints TAP.
#   test_readme_screen.sh KEHOACH_BINARY SOURCE_ROOT [--update]
# With --update it writes the capture into README.md instead.
set -u
bin=$(realpath "$1")
root=$(realpath "$2")
update=${3:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/kh-readme-XXXXXX")
sock_base=kh-readme-$$
# run_in_tmux, keys, type_text, capture, wait_for (and TAP, unused here):
. "$(dirname "${BASH_SOURCE[0]}")/../lib/tmux.sh"
trap 'tmux_cleanup; rm -rf "$work"' EXIT
readme=$root/README.md

echo "1..2"
# What the README says was run: a fresh database with one figure, then the
# full-screen view as of 30/06/2024, searching for that target.
run_env=(env -i PATH=/usr/bin:/bin HOME="$work" XDG_CONFIG_HOME="$work/cfg"
	XDG_DATA_HOME="$work/data" LANG=C.UTF-8 TERM=tmux-256color)
"${run_env[@]}" "$bin" --plan "$root/plan.yaml" --db "$work/t.db" \
	set II.1-che-pham-vi-sinh 13 --date 2024-06-30 >/dev/null 2>&1

run_in_tmux 80 24 \
	"cd '$work' && ${run_env[*]} '$bin' --plan '$root/plan.yaml' --db '$work/t.db' --as-of 2024-06-30"
if wait_for "II.2"; then
	echo "ok 1 - the view opens"
else
	echo "not ok 1 - the view opens"
	sed 's/^/# /' "$work/screen"
	exit 1
fi
keys / && sleep 0.2
type_text "che-pham-vi" && sleep 0.2
keys Enter
wait_for "II.1-che-pham-vi-sinh ·" >/dev/null
sleep 0.3
capture
# Trailing blanks are the terminal's, not the screen's.
sed -e 's/[[:space:]]*$//' "$work/screen" >"$work/shown"

if [ "$update" = --update ]; then
	python3 - "$readme" "$work/shown" <<'PY'
import sys
readme, shown = sys.argv[1], open(sys.argv[2], encoding="utf-8").read().rstrip("\n")
text = open(readme, encoding="utf-8").read()
start = text.index("<!-- screen -->")
end = text.index("<!-- /screen -->")
block = "<!-- screen -->\n```\n" + shown + "\n```\n"
open(readme, "w", encoding="utf-8").write(text[:start] + block + text[end:])
PY
	echo "ok 2 - README.md updated"
	exit 0
fi

python3 - "$readme" >"$work/readme" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
block = text[text.index("<!-- screen -->"):text.index("<!-- /screen -->")]
lines = block.split("\n")[2:]            # after the marker and the fence
print("\n".join(lines[:lines.index("```")]))
PY
if diff -u "$work/readme" "$work/shown" >"$work/diff"; then
	echo "ok 2 - README.md shows the screen as it is"
else
	echo "not ok 2 - README.md shows the screen as it is"
	echo "# the README's screen differs from a real capture; run"
	echo "#   tests/readme/test_readme_screen.sh build/kehoach . --update"
	sed 's/^/# /' "$work/diff"
	exit 1
fi
