#!/usr/bin/env bash
# The installed tree: meson install of this build into a DESTDIR, checked
# there, then moved somewhere else and run with a clean environment (only
# the installed bin on PATH, an empty home, a folder without plan.yaml): the
# binary must find its plan and translations beside itself.  Prints TAP.
#   test_install.sh SOURCE_ROOT BUILD_ROOT
set -u
src=$1
build=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/kh-install-XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	[ -f "$work/out" ] && sed 's/^/# out: /' "$work/out" | head -15
	[ -f "$work/err" ] && sed 's/^/# err: /' "$work/err" | head -15
}
skip() { n=$((n + 1)); echo "ok $n # skip $1"; }
check() { # NAME COMMAND...: ok when COMMAND succeeds
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}
bail() { echo "Bail out! $1"; exit 1; }

# The build's install directories (prefix absolute, the others relative).
read -r prefix bindir datadir mandir localedir < <(
	meson introspect "$build" --buildoptions | python3 -c '
import json, sys
o = {x["name"]: x["value"] for x in json.load(sys.stdin)}
print(*(o[k] for k in ("prefix", "bindir", "datadir", "mandir", "localedir")))'
) || bail "meson introspect $build failed"
[ -n "$localedir" ] || bail "no install directories from meson introspect"
case $prefix in /*) ;; *) bail "prefix $prefix is not absolute" ;; esac

# --- meson install into a DESTDIR -------------------------------------------
# What is built, as it is: rebuilding here would relink the binary under
# the tests running beside this one (./dev test builds everything first).
dest=$work/destdir
if meson install -C "$build" --no-rebuild --destdir "$dest" \
	>"$work/install.log" 2>&1; then
	ok "meson install --destdir"
else
	sed 's/^/# /' "$work/install.log" | tail -20
	not_ok "meson install --destdir"
	bail "nothing installed"
fi
tree=$dest$prefix
check "everything lands under DESTDIR/PREFIX" \
	test -z "$(find "$dest" ! -type d ! -path "$tree/*")"

want_files=(
	"$bindir/kehoach"
	"$datadir/kehoach/plan.yaml"
	"$localedir/vi/LC_MESSAGES/kehoach.mo"
	"$mandir/man1/kehoach.1"
	"$mandir/man5/kehoach-plan.5"
	"$mandir/vi/man1/kehoach.1"
	"$mandir/vi/man5/kehoach-plan.5"
	"$datadir/bash-completion/completions/kehoach"
	"$datadir/zsh/site-functions/_kehoach"
)
for f in "${want_files[@]}"; do
	# Man pages may be installed compressed.
	if compgen -G "$tree/$f*" >/dev/null; then
		ok "installed: PREFIX/$f"
	else
		not_ok "installed: PREFIX/$f"
	fi
done

bad=$(find "$dest" ! -type l -perm -o+w)
check "no installed file or folder is world-writable" test -z "$bad"
[ -n "$bad" ] && echo "# $bad"
bad=$(find "$tree" -type f ! -perm -a+r)
check "every installed file is readable by all" test -z "$bad"
bad=$(find "$tree" -type f -perm /111 ! -path "$tree/$bindir/*")
check "only the binary is executable" test -z "$bad"
[ -n "$bad" ] && echo "# $bad"
check "the binary is executable by all" test -x "$tree/$bindir/kehoach" -a \
	-n "$(find "$tree/$bindir/kehoach" -perm -a+x)"

# The binary names no folder of the source or build tree (debug
# information aside, which strip removes).  Sanitizer runtimes keep source
# file names for their reports, so those builds are not checked.
if ! command -v strip >/dev/null; then
	skip "strip is not installed"
elif grep -qa __asan_init "$tree/$bindir/kehoach" ||
	grep -qa __ubsan_handle "$tree/$bindir/kehoach"; then
	skip "a sanitizer build names its source files"
else
	strip -o "$work/stripped" "$tree/$bindir/kehoach"
	src_abs=$(cd "$src" && pwd -P)
	build_abs=$(cd "$build" && pwd -P)
	check "the binary names neither the source nor the build folder" \
		test -z "$(grep -aoF -e "$src_abs" -e "$build_abs" -e "$src" \
			-e "$build" "$work/stripped" | head -3)"
fi

# --- the tree moved elsewhere, the DESTDIR gone -------------------------------
moved=$work/elsewhere/kehoach-$$
mkdir -p "$work/elsewhere"
mv "$tree" "$moved" && rm -rf "$dest"
bin=$moved/$bindir/kehoach
home=$work/home
cwd=$work/cwd
mkdir -p "$home" "$cwd"

# kh ARGS...: the moved binary with a clean environment (only its own bin
# on PATH; the sanitizers' settings pass through), from an empty folder.
kh() {
	(cd "$cwd" && env -i HOME="$home" LANG=C.UTF-8 PATH="$moved/$bindir" \
		${ASAN_OPTIONS:+ASAN_OPTIONS="$ASAN_OPTIONS"} \
		${UBSAN_OPTIONS:+UBSAN_OPTIONS="$UBSAN_OPTIONS"} \
		${LSAN_OPTIONS:+LSAN_OPTIONS="$LSAN_OPTIONS"} \
		kehoach "$@" >"$work/out" 2>"$work/err")
}

version=$(meson introspect "$build" --projectinfo |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])')
check "kehoach --version from the moved tree" \
	eval 'kh --version && grep -qx "kehoach $version" "$work/out"'
check "kehoach check finds the installed default plan" \
	eval 'kh --lang en check && grep -q "plan.yaml: ok: plan" "$work/out"'
check "kehoach status uses the installed default plan" \
	eval 'kh --lang en status && grep -q "36 targets" "$work/out"'
created=$(find "$home" "$cwd" -mindepth 1)
check "kehoach status creates no file (no database, no config)" \
	test -z "$created"
[ -n "$created" ] && echo "# $created"

# Which plan: the one beside the binary, and no other.
sed -i 's/^\(  id: \).*/\1moved-plan-marker/' "$moved/$datadir/kehoach/plan.yaml"
check "the plan read is the one beside the moved binary" \
	eval 'kh --lang en check && grep -q "plan moved-plan-marker" "$work/out"'

# Translations: Vietnamese from the catalogue beside the binary.
kh --lang en status && cp "$work/out" "$work/en"
kh --lang vi status && cp "$work/out" "$work/vi"
check "kehoach --lang vi status is in Vietnamese" \
	eval '[ -s "$work/vi" ] && ! cmp -s "$work/en" "$work/vi" &&
		grep -q "Chậm tiến độ" "$work/vi"'
kh --lang vi nonsense
check "a Vietnamese error message, not an English one" \
	eval '! grep -q "unknown command" "$work/err" && grep -q nonsense "$work/err"'
mo=$moved/$localedir/vi/LC_MESSAGES/kehoach.mo
if [ -e "$prefix/$localedir/vi/LC_MESSAGES/kehoach.mo" ]; then
	skip "kehoach is installed in $prefix: its catalogue would answer"
else
	mv "$mo" "$mo.away"
	kh --lang vi status
	check "without the catalogue beside the binary, English" \
		eval 'grep -q behind "$work/out" && ! grep -q "Chậm tiến độ" "$work/out"'
	mv "$mo.away" "$mo"
fi

# --- man pages ------------------------------------------------------------------
# man -M does not look in the locale folders (man-db); MANPATH does.
man_page() { # OUT ARGS...: render a page from the moved tree
	local out=$1
	shift
	env -i PATH=/usr/bin:/bin LANG=C.UTF-8 MANWIDTH=80 MANPAGER=cat \
		PAGER=cat MANPATH="$moved/$mandir" man "$@" >"$out" 2>"$work/err"
}
if ! command -v man >/dev/null; then
	for i in 1 2 3 4; do skip "man is not installed"; done
else
	check "man -M PREFIX/$mandir kehoach renders" \
		eval 'man_page "$work/man1" -M "$moved/$mandir" kehoach &&
			grep -q "^NAME" "$work/man1" && grep -q kehoach "$work/man1" &&
			[ "$(wc -l <"$work/man1")" -gt 20 ]'
	check "man -M PREFIX/$mandir 5 kehoach-plan renders" \
		eval 'man_page "$work/man5" -M "$moved/$mandir" 5 kehoach-plan &&
			grep -q "^NAME" "$work/man5" && grep -q plan "$work/man5"'
	check "man -L vi kehoach renders the Vietnamese page" \
		eval 'man_page "$work/man1vi" -L vi kehoach &&
			! cmp -s "$work/man1" "$work/man1vi" &&
			grep -q "kế hoạch" "$work/man1vi"'
	check "man -L vi 5 kehoach-plan renders the Vietnamese page" \
		eval 'man_page "$work/man5vi" -L vi 5 kehoach-plan &&
			! cmp -s "$work/man5" "$work/man5vi" &&
			grep -q "kế hoạch" "$work/man5vi"'
fi

# --- shell completion from the installed tree -----------------------------------
bash_comp=$moved/$datadir/bash-completion/completions/kehoach
(cd "$cwd" && env -i HOME="$home" LANG=C.UTF-8 PATH="$moved/$bindir:/usr/bin:/bin" \
	${ASAN_OPTIONS:+ASAN_OPTIONS="$ASAN_OPTIONS"} \
	${LSAN_OPTIONS:+LSAN_OPTIONS="$LSAN_OPTIONS"} \
	bash --norc --noprofile -c 'source "$1" || exit 1
		COMP_WORDS=(kehoach close "")
		COMP_CWORD=2 COMP_LINE="kehoach close " COMP_POINT=14
		_kehoach kehoach "" close
		printf "%s\n" "${COMPREPLY[@]}"' bash "$bash_comp" \
	>"$work/out" 2>"$work/err")
check "the installed bash completion offers the installed plan's periods" \
	eval '[ "$(sort "$work/out" | tr "\n" " ")" = "FY H1 " ] && [ ! -s "$work/err" ]'
if command -v zsh >/dev/null; then
	out=$(env -i HOME="$home" PATH=/usr/bin:/bin zsh -f -c '
		fpath=("$1" $fpath)
		autoload -Uz compinit && compinit -u -d "$2/zcompdump"
		print -r -- "$_comps[kehoach]"' zsh \
		"$moved/$datadir/zsh/site-functions" "$work" 2>&1)
	check "zsh finds _kehoach in the installed site-functions" \
		test "$out" = _kehoach
else
	skip "zsh is not installed"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
