#!/usr/bin/env bash
# A clerk's period, end to end through the real binary: templates for each
# unit, two filled in the ways spreadsheets save them, imported (diff, then
# apply), who still owes a report, a figure by hand, closing the period,
# and the report in every format with every figure checked, in Vietnamese
# and in English.  Prints TAP.
#   test_consolidate.sh KEHOACH_BINARY SOURCE_ROOT
set -u
bin=$1
root=$2
plan=$root/plan.yaml
work=$(mktemp -d "${TMPDIR:-/tmp}/kh-period-XXXXXX")
trap 'rm -rf "$work"' EXIT
export LC_ALL=C.UTF-8 HOME=$work XDG_DATA_HOME=$work/xdg
unset KEHOACH_DB KEHOACH_PLAN
db=$work/office.db
diag_out=30 diag_err=10
. "$(dirname "${BASH_SOURCE[0]}")/../lib/tap_cli.sh"
kh() { run "$bin" --plan "$plan" --db "$db" "$@"; }
count() { sqlite3 "$db" "SELECT count(*) FROM entry" 2>/dev/null || echo 0; }

# fill TEMPLATE OUT SEP BOM CRLF ID=VALUE[:ASSESSMENT[:NOTE]]...: fill a
# template the way a spreadsheet saves it.
fill() {
	python3 - "$@" <<'PY'
import csv, io, sys
src, dst, sep, bom, crlf = sys.argv[1:6]
wanted = {}
for arg in sys.argv[6:]:
    tid, rest = arg.split("=", 1)
    parts = rest.split(":")
    wanted[tid] = parts + [""] * (3 - len(parts))
rows = list(csv.reader(io.open(src, encoding="utf-8-sig", newline=""), delimiter=";"))
out = io.StringIO()
w = csv.writer(out, delimiter=sep, lineterminator="\r\n" if crlf == "1" else "\n")
w.writerow(rows[0])
for r in rows[1:]:
    if r and r[0] in wanted:
        value, assessment, note = wanted[r[0]]
        r[1], r[4], r[5] = value, assessment, note
    w.writerow(r)
io.open(dst, "w", encoding="utf-8-sig" if bom == "1" else "utf-8", newline="").write(out.getvalue())
PY
}

# --- templates ---------------------------------------------------------------
for u in vp qlcn ttnc khac; do
	kh template --unit $u --period H1 -o "$work/$u.csv"
	check "template for $u" 0
done
head -c 3 "$work/qlcn.csv" | od -An -tx1 | grep -q "ef bb bf" && ok "the template starts with a BOM" || not_ok "template BOM"
head -1 "$work/qlcn.csv" | grep -q "^.*target_id;value;as_of;unit;assessment;note;" && ok "the template's header" || not_ok "template header"
grep -q "II.1-che-pham-vi-sinh;;14/06/2024;qlcn;" "$work/qlcn.csv" && ok "rows prefilled with the cut-off and the unit" || not_ok "template rows"
if grep -q "II.4-" "$work/qlcn.csv"; then not_ok "a unit's template holds only its targets"; else ok "a unit's template holds only its targets"; fi

# qlcn: semicolons, decimal comma, BOM, CRLF — as Excel saves it.
fill "$work/qlcn.csv" "$work/qlcn-filled.csv" ";" 1 1 \
	"II.1-che-pham-vi-sinh=12,5::Trung tâm báo cáo" \
	"II.1-dn-ket-noi-cung-cau=1" \
	"II.1-tuyen-truyen-cnsh=:Đang thực hiện"
# vp: commas, no BOM, LF — as LibreOffice saves it.
fill "$work/vp.csv" "$work/vp-filled.csv" "," 0 0 \
	"II.4-tiep-cong-dan=:hoàn thành:Đủ 12 buổi"

# --- import: the diff, then apply ------------------------------------------------
kh import "$work/qlcn-filled.csv"
check "import without --apply shows the diff" 0 "qlcn-filled.csv:[0-9]+ +II.1-che-pham-vi-sinh"
check "the dry run says nothing was written" 0 "nothing was written"
[ "$(count)" = 0 ] && ok "a dry run writes nothing" || not_ok "dry run wrote"
kh import "$work/qlcn-filled.csv" --apply
check "import --apply writes everything" 0 "Written: 3 entries"
kh import "$work/vp-filled.csv" --apply
check "a comma-separated file without BOM imports too" 0 "Written: 1 entry"
kh import "$work/qlcn-filled.csv" --apply
check "importing the same file again changes nothing" 0 "Nothing to write"
[ "$(count)" = 4 ] && ok "four entries in the database" || { echo "# $(count)"; not_ok "entry count"; }
kh history II.1-che-pham-vi-sinh --format json
check "the entry keeps its source file and row" 0 '"value":12.5,"as_of":"2024-06-14","period":"H1".*"source":"import:qlcn-filled.csv:[0-9]+"'

# A bad row in the middle stops it all.
python3 - "$work/qlcn-filled.csv" "$work/bad.csv" <<'PY'
import io, sys
lines = io.open(sys.argv[1], encoding="utf-8-sig", newline="").read().split("\r\n")
lines.insert(3, "II.1-no-such-target;5;14/06/2024;qlcn;;")
lines[1] = lines[1].replace(";;14/06/2024", ";9;14/06/2024", 1)
io.open(sys.argv[2], "w", encoding="utf-8-sig", newline="").write("\r\n".join(lines))
PY
kh import "$work/bad.csv" --apply
check "a bad row stops the import with FILE:ROW" 2 "" "bad.csv:4: .*II.1-no-such-target"
[ "$(count)" = 4 ] && ok "and nothing of the file is written" || not_ok "bad import wrote"
printf 'target_id;value;as_of\nII.1-che-pham-vi-sinh;10;14/06/2024\n' >"$work/lower.csv"
kh import "$work/lower.csv" --apply
check "a figure lower than the last one needs a note" 2 "" "lower.csv:2: .*lower"
printf 'target_id;value;as_of;note\nII.1-che-pham-vi-sinh;10;14/06/2024;Đếm lại: trùng 2,5 tấn\n' >"$work/lower.csv"
kh import "$work/lower.csv" --apply
check "with a note saying why it is accepted" 0 "Written: 1 entry"
kh set II.2-dn-khcn 100 --date 2024-06-01
check "set refuses a figure far above the plan" 2 "" "force"
kh set II.2-dn-khcn 1 --date 2024-06-01
check "a figure entered by hand" 0 "Recorded entry"

# --- who has reported -------------------------------------------------------------
kh status --period H1 --missing --as-of 2024-06-25
check "status --missing lists what each unit owes" 0 "Văn phòng Sở \(vp\): 1 of [0-9]+ reported"
check "with the targets still missing" 0 "missing +II.4-"
kh status --period H1 --missing --as-of 2024-06-18 --format json
check "before the deadline nothing is missing yet" 0 '"missing":0'
vp_owed=$(python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print([u["targets"] for u in j["units"] if u["id"]=="vp"][0])' "$work/out")
vp_targets=$(grep -c "^II.4-" <(tail -n +2 "$work/vp.csv" | cut -d';' -f1))
[ "$vp_owed" = "$vp_targets" ] && ok "the unit owes one report per target it leads ($vp_owed)" || not_ok "vp owes $vp_owed, template has $vp_targets"

# --- close H1 ----------------------------------------------------------------------
kh close H1
check "close H1" 0 "Closed H1"
kh set II.1-dn-ket-noi-cung-cau 2 --date 2024-05-01
check "a figure dated inside a closed period is refused" 2 "" "closed.*reopen H1"
printf 'target_id;value;as_of\nII.2-dn-khcn;2;10/06/2024\n' >"$work/late.csv"
kh import "$work/late.csv" --apply
check "so is an import into it" 2 "" "late.csv:2: .*reopen H1"
kh close H1
check "closing twice says it is closed" 2 "" "already closed"
kh reopen H1 --reason "Sửa số liệu Trung tâm"
check "reopen H1" 0 "Reopened H1"
kh set II.1-dn-ket-noi-cung-cau 2 --date 2024-06-14 --note "bổ sung"
check "a correction after reopening" 0 "Recorded entry"
kh close H1
check "close it again" 0 "Closed H1"
kh report --period H1 --as-closed
check "the report as closed is kept, in the language it was closed in" 0 "PLAN IMPLEMENTATION REPORT"
if [ -w /dev/full ]; then
	kh report --period H1 --as-closed -o /dev/full
	check "the kept report onto a full disk fails and says so" 1 "" "could not write /dev/full"
	grep -q "^Wrote" "$work/err" && not_ok "  and never says it wrote it" || ok "  and never says it wrote it"
	kh template --unit vp --period H1 -o /dev/full
	check "a template onto a full disk fails" 1 "" "could not write"
	[ "$(wc -l <"$work/err")" = 1 ] && ok "  in one line" || not_ok "  in one line"
fi

# --- the report, every format, in Vietnamese -------------------------------------------
kh report --lang vi --period H1 --format md --as-of 2024-06-25 -o "$work/h1.md"
check "report md" 0
md=$work/h1.md
grep -q "Lũy kế" "$md" && ok "md: the report's columns" || not_ok "md columns"
grep -E "Sản xuất chế phẩm vi sinh.*\| *tấn *\| *30 *\| *10 *\| *10 *\| *33" "$md" >/dev/null &&
	ok "md: 30-tonne row: in period 10, cumulative 10, 33 %" || { grep "vi sinh" "$md" | sed 's/^/# /'; not_ok "md 30-tonne row"; }
grep -E "xúc tiến phát triển thị trường.*\| *doanh nghiệp *\| *2–5 *\| *2 *\| *2 *\| *100" "$md" >/dev/null &&
	ok "md: 2–5 enterprises row: 2, 2, 100 %" || { grep "tham gia các hoạt động xúc tiến" "$md" | sed 's/^/# /'; not_ok "md enterprises row"; }
grep -q "Đang thực hiện" "$md" && ok "md: the assessment in words" || not_ok "md assessment"
grep -qi "mở lại" "$md" && grep -q "Sửa số liệu Trung tâm" "$md" && ok "md: the reopening is listed" || not_ok "md reopening"
grep -qi "chưa báo cáo" "$md" && ok "md: the units that have not reported" || not_ok "md missing units"
grep -q "thấp hơn" "$md" && ok "md: the lower figure is flagged" || not_ok "md flagged"
grep -q "kế hoạch đến 14/06/2024 là 13,56 tấn, thiếu 3,56 tấn" "$md" &&
	ok "md: behind by how much, with a decimal comma" || { grep "vi-sinh (" "$md" | sed 's/^/# /'; not_ok "md decimal comma"; }
kh report --lang vi --period H1 --format txt --as-of 2024-06-25
check "report txt" 0 "BÁO CÁO"
kh report --lang vi --period H1 --format csv --as-of 2024-06-25 -o "$work/h1.csv"
check "report csv" 0
head -c 3 "$work/h1.csv" | od -An -tx1 | grep -q "ef bb bf" && ok "csv: BOM for Excel" || not_ok "csv BOM"
python3 - "$work/h1.csv" <<'PY' && ok "csv: the 30-tonne row reads back 10;10;33" || not_ok "csv figures"
import csv, io, sys
rows = list(csv.reader(io.open(sys.argv[1], encoding="utf-8-sig", newline=""), delimiter=";"))
header = rows[0]
i = {name: k for k, name in enumerate(header)}
row = [r for r in rows if len(r) > 5 and "chế phẩm vi sinh vật các loại" in r[1]][0]
assert row[i["Thực hiện kỳ"]] == "10" and row[i["Lũy kế"]] == "10", row
assert row[i["Tỷ lệ %"]].startswith("33"), row
row = [r for r in rows if len(r) > 5 and "xúc tiến phát triển thị trường" in r[1]][0]
assert row[i["Lũy kế"]] == "2" and row[i["Tỷ lệ %"]] == "100", row
assert any(len(r) == 1 and "13,56 tấn" in r[0] for r in rows)
PY
xlsx=no
"$bin" --version | grep -q "XLSX reports: yes" && xlsx=yes
if [ $xlsx = yes ]; then
	kh report --lang vi --period H1 --format xlsx --as-of 2024-06-25 -o "$work/h1.xlsx"
	check "report xlsx" 0
	unzip -p "$work/h1.xlsx" xl/sharedStrings.xml 2>/dev/null | grep -q "Lũy kế" &&
		ok "xlsx: the shared strings hold the Vietnamese headings" || not_ok "xlsx strings"
fi

# --- the same report in English: the same figures, a decimal point, ',' in CSV ---------
kh report --lang en --period H1 --format md --as-of 2024-06-25 -o "$work/h1-en.md"
check "report md in English" 0
md=$work/h1-en.md
grep -q "^# PLAN IMPLEMENTATION REPORT$" "$md" && grep -q "| Cumulative |" "$md" &&
	ok "en md: English title and columns" || { head -15 "$md" | sed 's/^/# /'; not_ok "en md headings"; }
grep -E "Sản xuất chế phẩm vi sinh.*\| *tấn *\| *30 *\| *10 *\| *10 *\| *33" "$md" >/dev/null &&
	ok "en md: 30-tonne row: in period 10, cumulative 10, 33 %" || { grep "vi sinh" "$md" | sed 's/^/# /'; not_ok "en md 30-tonne row"; }
grep -E "xúc tiến phát triển thị trường.*\| *doanh nghiệp *\| *2–5 *\| *2 *\| *2 *\| *100" "$md" >/dev/null &&
	ok "en md: 2–5 enterprises row: 2, 2, 100 %" || { grep "tham gia các hoạt động xúc tiến" "$md" | sed 's/^/# /'; not_ok "en md enterprises row"; }
grep -q "planned by 14/06/2024: 13.56 tấn, short by 3.56 tấn" "$md" && ! grep -q "13,56" "$md" &&
	ok "en md: behind by how much, with a decimal point; dates dd/mm/yyyy" || { grep "vi-sinh (" "$md" | sed 's/^/# /'; not_ok "en md decimal point"; }
grep -q "Sửa số liệu Trung tâm" "$md" && grep -q "lower than the previous figure" "$md" &&
	ok "en md: the reopening and the flagged figure" || not_ok "en md summary"
if grep -qE "Lũy kế|BÁO CÁO|Không có|chưa báo cáo|thấp hơn" "$md"; then not_ok "en md: no Vietnamese of the report's own"; else ok "en md: no Vietnamese of the report's own"; fi
kh report --lang en --period H1 --format txt --as-of 2024-06-25
check "report txt in English" 0 "Cumulative: 10 tấn; Progress: 33 %"
kh report --lang en --period H1 --format csv --as-of 2024-06-25 -o "$work/h1-en.csv"
check "report csv in English" 0
head -c 3 "$work/h1-en.csv" | od -An -tx1 | grep -q "ef bb bf" && ! grep -qv $'\r$' "$work/h1-en.csv" &&
	ok "en csv: BOM and CRLF" || not_ok "en csv BOM/CRLF"
python3 - "$work/h1-en.csv" <<'PY' && ok "en csv: ',' separated, the same figures, decimal point" || not_ok "en csv figures"
import csv, io, sys
rows = list(csv.reader(io.open(sys.argv[1], encoding="utf-8-sig", newline=""), delimiter=","))
header = rows[0]
assert header[:3] == ["No.", "Task / target", "Measure"], header
i = {name: k for k, name in enumerate(header)}
row = [r for r in rows if len(r) > 5 and "chế phẩm vi sinh vật các loại" in r[1]][0]
assert row[i["In period"]] == "10" and row[i["Cumulative"]] == "10", row
assert row[i["Progress %"]].startswith("33"), row
row = [r for r in rows if len(r) > 5 and "xúc tiến phát triển thị trường" in r[1]][0]
assert row[i["Cumulative"]] == "2" and row[i["Progress %"]] == "100", row
assert any(len(r) == 1 and "13.56 tấn" in r[0] for r in rows)
PY
if [ $xlsx = yes ]; then
	kh report --lang en --period H1 --format xlsx --as-of 2024-06-25 -o "$work/h1-en.xlsx"
	check "report xlsx in English" 0
	unzip -p "$work/h1-en.xlsx" xl/sharedStrings.xml 2>/dev/null | grep -q "Cumulative" &&
		ok "en xlsx: the shared strings hold the English headings" || not_ok "en xlsx strings"
fi
kh report --period Q3
check "an unknown period is refused" 2 "" "unknown period"

echo "1..$n"
[ $failed -eq 0 ]
