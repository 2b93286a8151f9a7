#!/usr/bin/env bash
# The Vietnamese catalogue is complete: every string the sources mark for
# translation has a Vietnamese translation that is neither missing nor
# fuzzy, every source file that marks strings is listed in po/POTFILES,
# and the formats agree (msgfmt --check).  Prints TAP.
#   test_catalogue.sh SOURCE_ROOT
set -u
root=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/kh-po-XXXXXX")
trap 'rm -rf "$work"' EXIT
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
cd "$root" || exit 1

missing=$(grep -lE '\b(N_|_|ngettext)\(' src/*.c ui/*.c | while read -r f; do
	grep -qxF "$f" po/POTFILES || echo "$f"; done)
if [ -z "$missing" ]; then ok "po/POTFILES lists every file with marked strings"
else not_ok "po/POTFILES lists every file with marked strings"
	echo "$missing" | sed 's/^/# missing: /'; fi

xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=ngettext:1,2 \
	-f po/POTFILES -o "$work/kehoach.pot" 2>"$work/xgettext.err"
total=$(grep -c '^msgid ' "$work/kehoach.pot")
if [ "$total" -gt 500 ]; then ok "xgettext finds the marked strings ($total)"
else not_ok "xgettext finds the marked strings ($total)"
	sed 's/^/# /' "$work/xgettext.err"; fi

msgmerge -q --no-fuzzy-matching -o "$work/vi.po" po/vi.po "$work/kehoach.pot"
msgattrib --untranslated --no-obsolete "$work/vi.po" | grep '^msgid ' |
	grep -v '^msgid ""$' >"$work/untranslated"
if [ ! -s "$work/untranslated" ]; then ok "every marked string has Vietnamese"
else not_ok "every marked string has Vietnamese"
	sed 's/^/# /' "$work/untranslated" | head -40; fi

msgattrib --only-fuzzy "$work/vi.po" | grep '^msgid ' >"$work/fuzzy"
if [ ! -s "$work/fuzzy" ]; then ok "no fuzzy translation"
else not_ok "no fuzzy translation"; sed 's/^/# /' "$work/fuzzy"; fi

if msgfmt --check -o /dev/null po/vi.po 2>"$work/check"; then
	ok "msgfmt --check: formats and header agree"
else not_ok "msgfmt --check: formats and header agree"
	sed 's/^/# /' "$work/check"; fi

# The words the brief names, as an office writes them.
for pair in "behind=Chậm tiến độ" "on track=Đúng tiến độ" \
	"at risk=Có nguy cơ chậm" "overdue=Quá hạn" "done=Hoàn thành" \
	"exceeded=Vượt kế hoạch" "missing report=Chưa báo cáo"; do
	id=${pair%%=*} vi=${pair#*=}
	got=$(msgattrib --no-obsolete "$work/vi.po" |
		msggrep -K -e "^$id\$" | sed -n 's/^msgstr "\(..*\)"$/\1/p')
	if [ "$got" = "$vi" ]; then ok "\"$id\" is \"$vi\""
	else not_ok "\"$id\" is \"$vi\" (got \"$got\")"; fi
done
echo "1..$n"
[ "$failed" -eq 0 ]
