#!/usr/bin/env bash
# Shell completion: completion/kehoach.bash in a plain non-interactive bash,
# driven as bash drives it (COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT);
# completion/_kehoach loads in zsh when zsh is there.  Prints TAP.
#   test_completion.sh KEHOACH_BINARY SOURCE_ROOT
set -u
bin=$1
root=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/kh-complete-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/home" "$work/cwd"
ln -s "$bin" "$work/bin/kehoach"
export PATH=$work/bin:$PATH HOME=$work/home XDG_CONFIG_HOME=$work/home/.config
export XDG_DATA_HOME=$work/home/.local/share LC_ALL=C.UTF-8
export KEHOACH_PLAN=$root/plan.yaml
unset KEHOACH_DB
cd "$work/cwd" || exit 1
cp "$root/tests/data/loader/good.yaml" OTHER.yaml
printf 'plan:\n  id: [broken\n' >broken.yaml
: >figures.csv

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	echo "# got: ${COMPREPLY[*]:-(nothing)}"
	sed 's/^/# stderr: /' "$work/err" | head -5
	# What the program says when asked directly (the script hides it).
	kehoach --plan OTHER.yaml __complete units 2>&1 | head -3 |
		sed 's/^/# kehoach --plan OTHER.yaml __complete units: /'
}

# shellcheck source=../../completion/kehoach.bash
source "$root/completion/kehoach.bash"

# complete WORD...: the words of the line, the last one being completed
# (an empty last word: the cursor after a space).  COMPREPLY, sorted, goes
# to $got (one line, spaces between), stderr to $work/err.
complete_words() {
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="${COMP_WORDS[*]}"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_kehoach kehoach "${COMP_WORDS[COMP_CWORD]}" \
		"${COMP_WORDS[COMP_CWORD - 1]}" 2>"$work/err"
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')
	got=${got% }
}

# expect NAME "EXPECTED WORDS" WORD...: COMPREPLY is exactly those words.
expect() {
	local name=$1 want
	want=$(printf '%s\n' $2 | sort | tr '\n' ' ')
	want=${want% }
	shift 2
	complete_words "$@"
	if [ "$got" = "$want" ] && [ ! -s "$work/err" ]; then
		ok "$name"
	else
		echo "# wanted: $want"
		not_ok "$name"
	fi
}

# has NAME "WORDS THAT MUST BE OFFERED" "WORDS THAT MUST NOT" WORD...
has() {
	local name=$1 yes=$2 no=$3 w bad=
	shift 3
	complete_words "$@"
	for w in $yes; do
		[[ " $got " == *" $w "* ]] || bad="$bad missing:$w"
	done
	for w in $no; do
		[[ " $got " == *" $w "* ]] && bad="$bad unwanted:$w"
	done
	[ -s "$work/err" ] && bad="$bad stderr"
	if [ -z "$bad" ]; then ok "$name"; else echo "#$bad"; not_ok "$name"; fi
}

# --- commands and options ---------------------------------------------------
has "kehoach <TAB> offers the commands" \
	"check status set history undo template import report close reopen backup" \
	"__complete --plan" kehoach ""
expect "kehoach re<TAB> offers report and reopen" "report reopen" kehoach re
has "kehoach -<TAB> offers the global options" \
	"--plan --db --as-of --period --lang --help --version" "--unit" kehoach -
has "kehoach set --<TAB> adds set's options" \
	"--plan --period --date --unit --note --force" "--format --behind" \
	kehoach set --
has "kehoach report -<TAB> offers -o and --output" "-o --output --format" "" \
	kehoach report -
run_help=$("$bin" --help 2>&1)
if [[ $run_help != *__complete* ]]; then ok "__complete is not in --help"
else not_ok "__complete is not in --help"; fi

# --- values from the plan ---------------------------------------------------
n_targets=$(grep -c '^ *- id: II\.[0-9]-' "$root/plan.yaml")
complete_words kehoach set I
bad=
for w in "${COMPREPLY[@]}"; do [[ $w == I* ]] || bad=1; done
if [ -z "$bad" ] && [ "${#COMPREPLY[@]}" -eq "$n_targets" ] &&
	[[ " $got " == *" II.1-che-pham-vi-sinh "* ]] && [ ! -s "$work/err" ]; then
	ok "kehoach set I<TAB> offers the $n_targets target ids"
else
	echo "# ${#COMPREPLY[@]} words, wanted $n_targets"
	not_ok "kehoach set I<TAB> offers the $n_targets target ids"
fi
has "kehoach history II.2-<TAB> offers only II.2 targets" \
	"II.2-co-che-chinh-sach II.2-csdl-thi-truong" "II.1-de-an-324" \
	kehoach history II.2-
has "kehoach undo <TAB> offers targets" "II.4-dan-van" "" kehoach undo ""
expect "kehoach set TARGET <TAB> (the value) offers nothing" "" \
	kehoach set II.4-dan-van ""
expect "kehoach set --unit <TAB> offers unit ids" "vp qlcn ttnc khac" \
	kehoach set --unit ""
expect "kehoach status --unit q<TAB>" "qlcn" kehoach status --unit q
expect "kehoach --period <TAB> offers H1 FY" "H1 FY" kehoach --period ""
expect "kehoach close <TAB> offers periods" "H1 FY" kehoach close ""
expect "kehoach reopen F<TAB>" "FY" kehoach reopen F
expect "kehoach --as-of <TAB> offers nothing" "" kehoach --as-of ""
expect "kehoach --lang <TAB> offers vi en" "vi en" kehoach --lang ""

# --- formats ------------------------------------------------------------------
expect "kehoach status --format <TAB>" "txt csv json" kehoach status --format ""
expect "kehoach history X --format <TAB>" "txt csv json" \
	kehoach history II.4-dan-van --format ""
report_formats="md txt csv"
"$bin" --version | grep -q 'XLSX reports: yes' &&
	report_formats="$report_formats xlsx"
expect "kehoach report --format <TAB> offers $report_formats" \
	"$report_formats" kehoach report --format ""
# COMP_WORDBREAKS has "=": bash splits --format=j into --format, =, j.
expect "kehoach status --format=j<TAB>" "json" kehoach status --format = j
expect "kehoach status --format=<TAB>" "txt csv json" \
	kehoach status --format =

# --- files ------------------------------------------------------------------
expect "kehoach import f<TAB> offers the file" "figures.csv" kehoach import f
expect "kehoach --plan O<TAB> offers the file" "OTHER.yaml" kehoach --plan O
expect "kehoach report -o f<TAB> offers the file" "figures.csv" \
	kehoach report -o f

# --- the plan typed on the line ---------------------------------------------
expect "kehoach --plan OTHER.yaml set <TAB> offers OTHER's ids" \
	"II.1-dn II.1-che-pham II.1-invitro II.4-tiep-dan" \
	kehoach --plan OTHER.yaml set ""
expect "kehoach --plan=OTHER.yaml history <TAB> too" \
	"II.1-dn II.1-che-pham II.1-invitro II.4-tiep-dan" \
	kehoach --plan = OTHER.yaml history ""
expect "kehoach set --unit <TAB> after --plan OTHER.yaml (after the command)" \
	"vp qlcn khac" kehoach set --plan OTHER.yaml --unit ""
expect "a quoted --plan \"OTHER.yaml\"" "vp qlcn khac" \
	kehoach --plan '"OTHER.yaml"' --unit ""
KEHOACH_PLAN=OTHER.yaml expect "KEHOACH_PLAN is used when no --plan is typed" \
	"vp qlcn khac" kehoach --unit ""

# --- ids the shell would misread: "&" is allowed in an id ---------------------
# Inserted bare, "kh&cn" would run "kehoach ... kh" in the background and
# then a command named "cn".
sed 's/\bkhac\b/kh\&cn/g' OTHER.yaml >AMP.yaml
expect "an id with & is offered quoted (kh\\&cn)" 'kh\&cn' \
	kehoach --plan AMP.yaml status --unit k
expect "kh\\&<TAB> (typed escaped) completes it" 'kh\&cn' \
	kehoach --plan AMP.yaml status --unit 'kh\&'
# File names are not globbed: "[f].txt" is offered, not "f.txt".
: >'[f].txt'
: >f.txt
complete_words kehoach import '['
if [ "${#COMPREPLY[@]}" -eq 1 ] && [ "${COMPREPLY[0]}" = '[f].txt' ]; then
	ok "kehoach import [<TAB> offers [f].txt as it is"
else
	not_ok "kehoach import [<TAB> offers [f].txt as it is"
fi
rm -f '[f].txt' f.txt

# --- broken or missing plans: nothing, silently -------------------------------
expect "a broken plan: no ids, nothing on stderr" "" \
	kehoach --plan broken.yaml set ""
expect "a missing plan: no ids, nothing on stderr" "" \
	kehoach --plan missing.yaml --period ""
has "a broken plan still completes the commands" "status set" "" \
	kehoach --plan broken.yaml ""
err=$("$bin" --plan broken.yaml __complete targets 2>&1 >/dev/null)
rc=$?
if [ -z "$err" ] && [ "$rc" -eq 0 ]; then
	ok "kehoach __complete targets with a broken plan: silent, status 0"
else
	echo "# status $rc, stderr: $err"
	not_ok "kehoach __complete targets with a broken plan: silent, status 0"
fi
mkdir -p "$HOME/.config/kehoach"
printf 'plan: [broken\n' >"$HOME/.config/kehoach/config.yaml"
complete_words kehoach ""
if [ ! -s "$work/err" ]; then ok "a broken config file: the shell sees no error"
else not_ok "a broken config file: the shell sees no error"; fi
rm -f "$HOME/.config/kehoach/config.yaml"

# --- with bash-completion loaded (its _filedir, its own set-up) ----------------
bc=
for f in /usr/share/bash-completion/bash_completion /etc/bash_completion; do
	[ -r "$f" ] && { bc=$f; break; }
done
if [ -n "$bc" ]; then
	set +u
	# shellcheck disable=SC1090
	source "$bc" >/dev/null 2>&1
	source "$root/completion/kehoach.bash"
	expect "bash-completion loaded: files" "OTHER.yaml" kehoach --plan O
	expect "bash-completion loaded: --plan OTHER.yaml set <TAB>" \
		"II.1-dn II.1-che-pham II.1-invitro II.4-tiep-dan" \
		kehoach --plan OTHER.yaml set ""
	expect "bash-completion loaded: --format=j<TAB>" "json" \
		kehoach status --format = j
	set -u
else
	n=$((n + 1)); echo "ok $n # skip bash-completion is not installed"
fi

# --- zsh ------------------------------------------------------------------------
if command -v zsh >/dev/null 2>&1; then
	out=$(ZDOTDIR=$work/home zsh -f -c '
		fpath=("$1" $fpath)
		autoload -Uz compinit && compinit -u -d "$2/zcompdump"
		[[ $_comps[kehoach] == _kehoach ]] || exit 1
		autoload +X _kehoach || exit 1
		print loaded' zsh "$root/completion" "$work" 2>&1)
	if [ "$out" = loaded ]; then
		ok "zsh: _kehoach loads and is the completion for kehoach"
	else
		echo "# $out"
		not_ok "zsh: _kehoach loads and is the completion for kehoach"
	fi
	# zcomplete WORD...: run _kehoach outside the line editor, with
	# compadd and _files standing in (zsh itself filters by prefix, so
	# the word completed is empty here).
	zcomplete() {
		ZDOTDIR=$work/home zsh -f -c '
			fpath=("$1" $fpath)
			autoload -Uz compinit && compinit -u -d "$2/zcompdump"
			shift 2
			reply=()
			compadd() { [[ $1 == -- ]] && shift; reply+=("$@"); }
			_files() { reply+=(FILES); }
			words=("$@")
			CURRENT=$#words
			_kehoach
			print -r -- ${(j: :)${(o)reply}}' zsh "$root/completion" "$work" \
			"$@" 2>&1
	}
	zexpect() { # NAME "WANTED WORDS" WORD...
		local name=$1 want
		want=$(printf '%s\n' $2 | LC_ALL=C sort | tr '\n' ' ')
		want=${want% }
		shift 2
		got=$(zcomplete "$@")
		if [ "$got" = "$want" ]; then ok "zsh: $name"
		else echo "# got: $got"; echo "# wanted: $want"; not_ok "zsh: $name"; fi
	}
	zexpect "kehoach <TAB>" \
		"check status set history undo template import report close reopen backup" \
		kehoach ""
	zexpect "kehoach --plan OTHER.yaml set <TAB>" \
		"II.1-dn II.1-che-pham II.1-invitro II.4-tiep-dan" \
		kehoach --plan OTHER.yaml set ""
	zexpect "kehoach status --format <TAB>" "txt csv json" \
		kehoach status --format ""
	zexpect "kehoach --period <TAB>" "H1 FY" kehoach --period ""
	zexpect "kehoach set --unit <TAB>" "vp qlcn ttnc khac" \
		kehoach set --unit ""
	zexpect "kehoach import <TAB> offers files" "FILES" kehoach import ""
	zexpect "a broken plan: nothing, silently" "" \
		kehoach --plan broken.yaml set ""
else
	n=$((n + 1)); echo "ok $n # skip zsh is not installed"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
