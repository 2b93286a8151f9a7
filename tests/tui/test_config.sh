#!/usr/bin/env bash
# The config file in a real terminal: a clean environment (env -i, only
# C.UTF-8) with XDG_CONFIG_HOME pointing at a config.yaml written here.
# Remapped keys, the help and footer showing them, the three themes (read
# from tmux's escape sequences), the language, the plan and database the
# file names, what overrides the file, and a broken file stopping before
# the screen is taken.  Every wait polls; nothing sleeps and hopes.
# Prints TAP.
#   test_config.sh KEHOACH_BINARY SOURCE_ROOT
set -u
bin=$1
root=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/kh-tuicfg-XXXXXX")
sock_base=kh-tuicfg-$$
wait_match=-E # wait_for and wait_gone take extended regular expressions
# TAP, run_in_tmux, keys, wait_for, quit_ok, rc_is, sanitizer_vars/_env:
. "$(dirname "${BASH_SOURCE[0]}")/../lib/tmux.sh"
trap 'tmux_cleanup; rm -rf "$work"' EXIT
cfgdir=$work/xdg/kehoach
cfg=$cfgdir/config.yaml
mkdir -p "$cfgdir" "$work/home" "$work/run"
# The plan the file names: the bundled one under a title of its own.
sed '0,/^    Thực hiện Cam kết/s//    CFGPLAN Cam kết/' "$root/plan.yaml" \
	>"$cfgdir/plan.yaml"
T=II.1-che-pham-vi-sinh
# What a failed test prints: the screen and kehoach's stderr.
tap_diag() {
	sed 's/^/# /' "$work/screen" 2>/dev/null
	sed 's/^/# stderr: /' "$work/err" 2>/dev/null
}

# A clean environment: the locale, the terminal, a home, the config
# folder, and the sanitizers' settings of the ASan build (suppressions).
clean_env() {
	env -i LANG=C.UTF-8 TERM=tmux-256color HOME="$work/home" \
		XDG_CONFIG_HOME="$work/xdg" "${sanitizer_vars[@]}" "$@"
}

# start ENV... -- ARGS...: run kehoach at 80x24 in a fresh tmux server,
# in the same clean environment; its stderr goes to $work/err.
start() {
	local envs=() args=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do envs+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	args=("$@")
	rm -f "$work/err"
	run_in_tmux 80 24 \
		"cd '$work/run' && env -i LANG=C.UTF-8 TERM=tmux-256color HOME='$work/home' XDG_CONFIG_HOME='$work/xdg' $sanitizer_env ${envs[*]} '$bin' --as-of 2024-06-30 ${args[*]} 2>'$work/err'"
}
quit() { keys q; quit_ok 0; }
err_has() { grep -qF -- "$1" "$work/err"; }
screen_lacks() { ! grep -qE -- "$1" "$work/screen"; }
esc=$(printf '\033')
# Any colour: 8-colour SGR (30-37, 40-47) or 256-colour (38;5 / 48;5).
no_colour() { screen_lacks "$esc\[([0-9;]*;)?(3[0-7]|4[0-7]|38;5|48;5)[;m]"; }

# --- remapped keys, the footer and the help -------------------------------
cat >"$cfg" <<'EOF'
# kehoach settings for the test
plan: plan.yaml          # beside this file
database: kh.db
language: en
theme: dark
keys:
  edit: E
  next_behind: J
  help: H
  period: P
  behind_only: B
EOF
start --
name="the config's plan is used"; check wait_for "CFGPLAN"
name="the config's database is created beside the file"
check test -f "$cfgdir/kh.db"
name="the footer shows the remapped help key"; check grep -q "H help" "$work/screen"
name="the footer shows the remapped next key"; check grep -q "J next" "$work/screen"
name="the old help key no longer shows"; check screen_lacks '\? help'
keys J
name="the remapped J goes to a target that needs attention"; check wait_for "E edit"
keys e H
name="the old e does nothing (H then opens the help)"; check wait_for "any other key closes"
name="the help shows E for edit"; check grep -qE "│ *E +record a figure for the target" "$work/screen"
name="the help shows J for next_behind"; check grep -qE "│ *J +next target that needs attention" "$work/screen"
keys j j j j j j j j j j
name="the help scrolls down to H for help, F1 kept"; check wait_for "│ *H/F1 +this help"
keys Escape
wait_gone "any other key closes"
keys '?' E
name="the old ? does nothing (E then opens the form)"; check wait_for "Esc discard"
keys Escape
name="Esc leaves the form"; check wait_gone "Esc discard"
name="the dark theme: black on white selection"
capture -e; check grep -qF "$esc[30m$esc[47m" "$work/screen"
name="the dark theme has no deep greens"; check screen_lacks '38;5;28'
keys P
name="messages name the key as bound (P: next period)"; check wait_for "(P: next period)"
name="q quits and the terminal is restored"; check quit
start -- --as-of 2024-01-01
wait_for "CFGPLAN" >/dev/null
keys B
name="an empty filter names its key as bound"; check wait_for "Press B to show everything"
keys q

# --- themes ----------------------------------------------------------------
sed -i 's/^theme: dark/theme: light/' "$cfg"
start --
wait_for "CFGPLAN" >/dev/null
capture -e
name="the light theme: white on black selection"
check grep -qF "$esc[37m$esc[40m" "$work/screen"
name="the light theme: deep green for on track (256 colours)"
check grep -qF "38;5;28" "$work/screen"
name="the light theme: no white background, no yellow"
check screen_lacks "$esc\[(47|33|43)m"
quit >/dev/null

sed -i 's/^theme: light/theme: dark/' "$cfg"
start KEHOACH_THEME=light --
wait_for "CFGPLAN" >/dev/null
capture -e
name="KEHOACH_THEME=light wins over the file's dark"
check grep -qF "$esc[37m$esc[40m" "$work/screen"
quit >/dev/null

sed -i 's/^theme: dark/theme: mono/' "$cfg"
start --
wait_for "CFGPLAN" >/dev/null
capture -e
name="the mono theme shows no colour"; check no_colour
name="the mono theme keeps the selection reversed"
check grep -qE "$esc\[([0-9;]*;)?7m" "$work/screen"
name="the mono theme keeps the status marks"
check grep -qE "^! +[^ ]" "$work/screen"
quit >/dev/null

sed -i 's/^theme: mono/theme: light/' "$cfg"
start NO_COLOR=1 --
wait_for "CFGPLAN" >/dev/null
capture -e
name="NO_COLOR turns the light theme into mono"; check no_colour
quit >/dev/null

# --- language ----------------------------------------------------------------
sed -i 's/^language: en/language: vi/' "$cfg"
start --
name="language: vi in the file speaks Vietnamese"; check wait_for "H trợ giúp"
quit >/dev/null
start KEHOACH_LANG=en --
name="KEHOACH_LANG=en wins over the file's vi"; check wait_for "H help"
quit >/dev/null
start -- --lang en
name="--lang en wins over the file's vi"; check wait_for "H help"
quit >/dev/null
sed -i 's/^language: vi/language: en/' "$cfg"

# --- what overrides the file's plan and database ----------------------------
start -- --db "$work/other.db"
wait_for "CFGPLAN" >/dev/null
name="--db wins over the file's database"; check test -f "$work/other.db"
quit >/dev/null
rm -f "$cfgdir"/kh.db*
clean_env "$bin" set "$T" 5 --date 2024-06-01 >/dev/null 2>"$work/err"
name="set writes to the file's database"; check test -f "$cfgdir/kh.db"
clean_env "$bin" --db "$work/cli.db" set "$T" 6 --date 2024-06-02 >/dev/null 2>"$work/err"
name="set --db writes elsewhere"; check test -f "$work/cli.db"
out=$(clean_env KEHOACH_DB="$work/cli.db" "$bin" history "$T" --format csv 2>&1)
name="KEHOACH_DB wins over the file's database"
check grep -q "2024-06-02" <<<"$out"
out=$(clean_env "$bin" check 2>&1)
name="check reads the file's plan"; check grep -q "xdg/kehoach/plan.yaml: ok" <<<"$out"
out=$(clean_env "$bin" --plan "$root/plan.yaml" check 2>&1)
name="--plan wins over the file's plan"; check grep -q "^$root/plan.yaml: ok" <<<"$out"
out=$(clean_env KEHOACH_PLAN="$root/plan.yaml" "$bin" check 2>&1)
name="KEHOACH_PLAN wins over the file's plan"; check grep -q "^$root/plan.yaml: ok" <<<"$out"

# --- a broken config stops before the screen is taken -------------------------
cp "$cfg" "$work/good.yaml"
printf 'theme: dark\nthem: light\n' >"$cfg"
start --
name="an unknown key in the file: exit 2, terminal restored"; check quit_ok 2
name="... with FILE:LINE:COL and a suggestion on stderr"
check err_has "$cfg:2:1: unknown key \"them\" in the config file; did you mean \"theme\"?"
printf 'plan: plan.yaml\nlanguage: en\nkeys:\n  edit: n\n' >"$cfg"
start --
name="a key two actions want: exit 2, terminal restored"; check quit_ok 2
name="... with FILE:LINE:COL naming both actions"
check err_has "$cfg:4:9: key n for edit is already the key of search_next"
printf 'plan: plan.yaml\nlanguage: en\nkeys:\n  edt: E\n' >"$cfg"
start --
name="an unknown action: exit 2 with FILE:LINE:COL"
check eval 'rc_is 2 && err_has "$cfg:4:3: unknown action \"edt\" under keys; did you mean \"edit\"?"'
printf 'plan: plan.yaml\nlanguage: en\nkeys:\n  edit: é\n' >"$cfg"
start --
name="an accented key: exit 2 with FILE:LINE:COL"
check eval 'rc_is 2 && err_has "$cfg:4:9: \"é\" is not a key kehoach can bind"'
printf 'language: fr\n' >"$cfg"
start --
name="a bad language: exit 2 with FILE:LINE:COL"
check eval 'rc_is 2 && err_has "$cfg:1:11: \"language\" is \"fr\""'
cp "$work/good.yaml" "$cfg"
start KEHOACH_THEME=pink --
name="a bad KEHOACH_THEME: exit 2, terminal restored"; check quit_ok 2
name="... saying what to use"
check err_has 'KEHOACH_THEME="pink" is not a theme: use dark, light or mono'
out=$(clean_env KEHOACH_CONFIG="$work/nowhere.yaml" "$bin" check 2>&1)
rc=$?
name="a missing KEHOACH_CONFIG file is an error (exit 2)"
check eval '[ $rc = 2 ] && grep -q "nowhere.yaml: cannot open the config file KEHOACH_CONFIG names" <<<"$out"'
rm -f "$cfg"
out=$(clean_env "$bin" --plan "$root/plan.yaml" check 2>&1)
rc=$?
name="a missing default config file is no error"; check test "$rc" = 0

finish
