#!/usr/bin/env bash
# The language people read: --lang, KEHOACH_LANG, the plan's language, on a
# machine whose only locale is C.UTF-8 (or none at all).  Prints TAP.
#   test_lang.sh KEHOACH_BINARY SOURCE_ROOT
set -u
bin=$1
root=$2
plan=$root/plan.yaml
work=$(mktemp -d "${TMPDIR:-/tmp}/kh-lang-XXXXXX")
trap 'rm -rf "$work"' EXIT
db=$work/test.db
. "$(dirname "${BASH_SOURCE[0]}")/../lib/tap_cli.sh"

# Nothing from the caller's environment: only what each run names.
clean() { env -i PATH=/usr/bin:/bin HOME="$work/home" "$@"; }
# run [VAR=VALUE...] ARGS...: kehoach with the bundled plan and the test
# database, in C.UTF-8; stdout -> $work/out, stderr -> $work/err.
run() {
	local vars=()
	while [ $# -gt 0 ] && [[ $1 == *=* && $1 != -* ]]; do vars+=("$1"); shift; done
	clean LANG=C.UTF-8 "${vars[@]}" "$bin" --plan "$plan" --db "$db" "$@" \
		>"$work/out" 2>"$work/err"
	rc=$?
}

# lacks NAME PATTERN: stdout and stderr hold no match.
lacks() {
	if grep -qE -- "$2" "$work/out" "$work/err"; then
		echo "# found /$2/"; not_ok "$1"
	else
		ok "$1"
	fi
}

T=II.1-che-pham-vi-sinh
run --lang en set $T 13 --date 2024-06-15
check "a figure to judge" 0

# --- the language of status ---------------------------------------------------
run --lang vi status --as-of 2024-06-30
check "--lang vi: Vietnamese status words" 0 "Chậm tiến độ +$T"
check "--lang vi: a decimal comma in the gap" 0 "cần đạt 14,88 đến 30/06/2024, còn thiếu 1,88"
check "--lang vi: Vietnamese counts" 0 "^Tính đến 30/06/2024: 36 chỉ tiêu: Chậm tiến độ: "
lacks "--lang vi: no English status words" "behind|on track|missing report"

run --lang en status --as-of 2024-06-30
check "--lang en: English status words" 0 "behind +$T"
check "--lang en: a decimal point" 0 "expected 14\.88 by 2024-06-30, short 1\.88"
lacks "--lang en: no Vietnamese status words" "Chậm tiến độ|Chưa báo cáo"

run KEHOACH_LANG=vi status --as-of 2024-06-30
check "KEHOACH_LANG=vi" 0 "Chậm tiến độ"
run KEHOACH_LANG=vi --lang en status --as-of 2024-06-30
check "--lang en overrides KEHOACH_LANG=vi" 0 "behind +$T"
lacks "--lang en overrides KEHOACH_LANG=vi: no Vietnamese" "Chậm tiến độ"
run KEHOACH_LANG=en --lang vi status --as-of 2024-06-30
check "--lang vi overrides KEHOACH_LANG=en" 0 "Chậm tiến độ"

run status --as-of 2024-06-30
check "the bundled plan says vi: Vietnamese by default" 0 "Chậm tiến độ"
sed 's/^  language: vi$/  language: en/' "$plan" >"$work/plan-en.yaml"
if grep -q '^  language: en$' "$work/plan-en.yaml"; then ok "a plan copy in English"
else not_ok "a plan copy in English"; fi
clean LANG=C.UTF-8 "$bin" --plan "$work/plan-en.yaml" --db "$db" status \
	--as-of 2024-06-30 >"$work/out" 2>"$work/err"; rc=$?
check "a plan with language: en gives English" 0 "behind +$T"
lacks "a plan with language: en: no Vietnamese" "Chậm tiến độ"

# Not even C.UTF-8 asked for: Vietnamese still, folded to ASCII.
clean "$bin" --plan "$plan" --db "$db" --lang vi status --as-of 2024-06-30 \
	>"$work/out" 2>"$work/err"; rc=$?
check "no LANG at all, --lang vi: Vietnamese" 0 "Cham tien do +$T"
check "no LANG at all: the decimal comma" 0 "can dat 14,88"
if LC_ALL=C grep -q '[^[:print:][:space:]]' "$work/out"; then not_ok "no LANG at all: ASCII only"
else ok "no LANG at all: ASCII only"; fi

# --- a language kehoach does not speak ------------------------------------------
run --lang fr status
check "--lang fr is refused" 2 "" "--lang \"fr\" is not a language kehoach speaks \(use vi or en\)"
run KEHOACH_LANG=klingon status
check "KEHOACH_LANG=klingon is refused" 2 "" "KEHOACH_LANG \"klingon\" .*use vi or en"

# --- help -------------------------------------------------------------------------
run --lang vi --help
check "--lang vi --help" 0 "^Cách dùng: kehoach \[TÙY_CHỌN\]"
check "--lang vi --help: the commands in Vietnamese" 0 "^  set +nhập số liệu cho một chỉ tiêu"
run --lang vi set --help
check "--lang vi set --help" 0 "^Cách dùng: kehoach set CHỈ_TIÊU GIÁ_TRỊ"
check "--lang vi set --help: options aligned" 0 "^  --date NGÀY        ngày mà số liệu tính đến"
run --lang en set --help
check "--lang en set --help" 0 "^Usage: kehoach set TARGET VALUE"
run --lang en set $T 14 --date 2024-06-16 --note --lang=fr
check "a note that reads --lang=fr is a note, not a language" 0 "^Recorded entry"
run --help
check "--help with no --lang speaks the plan's language" 0 "^Cách dùng: kehoach"
clean LANG=C.UTF-8 "$bin" --plan "$work/no-such-plan.yaml" --help >"$work/out" 2>"$work/err"
rc=$?
check "--help works without a plan (the locale's language)" 0 "^Usage: kehoach"
lacks "--help without a plan says nothing about it" "no-such-plan"

# --- errors that say what to do, in both languages ------------------------------------
run --lang vi stauts
check "vi: unknown command suggests" 2 "" "không có lệnh \"stauts\" \(.*ý bạn là status\?\)"
run --lang en stauts
check "en: unknown command suggests" 2 "" "unknown command \"stauts\" \(did you mean status\?\)"
run --lang vi set II.2-dn-khc 1
check "vi: unknown target suggests" 2 "" "không có chỉ tiêu \"II.2-dn-khc\" \(.*ý bạn là II.2-dn-khcn\?\)"
run --lang en set II.2-dn-khc 1
check "en: unknown target suggests" 2 "" "unknown target \"II.2-dn-khc\" \(did you mean II.2-dn-khcn\?\)"
run --lang vi status --unit nobody
check "vi: unknown unit lists the units" 2 "" "không có đơn vị \"nobody\" \(các đơn vị: vp, qlcn"
run --lang en status --unit qlcm
check "en: unknown unit suggests" 2 "" "unknown unit \"qlcm\" \(did you mean qlcn\?\)"
run --lang vi --period H3 status
check "vi: unknown period suggests" 2 "" "không có kỳ báo cáo \"H3\" \(.*ý bạn là H1\?\)"
run --lang vi --period Q9 status
check "vi: unknown period lists the periods" 2 "" "không có kỳ báo cáo \"Q9\" \(các kỳ báo cáo của kế hoạch: H1, FY\)"
run --lang en --period h1 status
check "en: unknown period suggests" 2 "" "unknown period \"h1\" \(did you mean H1\?\)"
run --lang en report --period X9
check "en: unknown period (report)" 2 "" "unknown period \"X9\" \(the plan's periods are: H1, FY\)"
run --lang vi status --format jsn
check "vi: unknown format suggests" 2 "" "không có định dạng \"jsn\" \(.*ý bạn là json\?\)"
run --lang en status --behnd
check "en: unknown option suggests" 2 "" "unknown option \"--behnd\" for status \(did you mean --behind\?\)"
run --lang vi set $T abc
check "vi: a bad value" 2 "" "giá trị \"abc\" không hợp lệ"
# A long option of Vietnamese letters is quoted cut at a whole character:
# 60 bytes of "a" + "ừ" (3 bytes) x 30 would end inside one.
run --lang en set --aừừừừừừừừừừừừừừừừừừừừừừừừừừừừừừ
check "a long unknown option is cut at a character" 2 "" "unknown option \"--aừ{19}\" for set"
lacks "a long unknown option: no broken character (U+FFFD)" "�"

# --- machine formats never change ---------------------------------------------------------
for f in json csv; do
	run --lang vi status --as-of 2024-06-30 --format $f; cp "$work/out" "$work/vi.$f"
	run --lang en status --as-of 2024-06-30 --format $f
	if [ -s "$work/out" ] && cmp -s "$work/out" "$work/vi.$f"; then ok "status --format $f is the same in vi and en"
	else not_ok "status --format $f is the same in vi and en"; fi
done
run --lang vi history $T --format json; cp "$work/out" "$work/vi.hist"
run --lang en history $T --format json
if [ -s "$work/out" ] && cmp -s "$work/out" "$work/vi.hist"; then ok "history --format json is the same in vi and en"
else not_ok "history --format json is the same in vi and en"; fi
grep -q '"value":13' "$work/out" && ok "JSON keeps a decimal point" || not_ok "JSON value"

echo "1..$n"
[ $failed -eq 0 ]
