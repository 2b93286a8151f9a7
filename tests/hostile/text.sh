#!/usr/bin/env bash
# Hostile text: a plan, notes and CSV cells holding escape sequences (colour,
# screen clearing, cursor movement, OSC 52 clipboard, OSC 0 title), BEL, CR,
# BS, C1 controls, bidi overrides, zero-width characters, invalid UTF-8 and
# spreadsheet formulas.  Every output of the command line and the screen in
# tmux must show them harmlessly.  Prints TAP.
#   text.sh KEHOACH_BINARY SOURCE_ROOT
set -u
bin=$1
root=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/kh-hostile-text-XXXXXX")
sock_base=kh-hostile-text-$$
trap 'tmux_cleanup; rm -rf "$work"' EXIT
# TAP, run/expect/clean, tmux (tui, keys, wait_for, ended): lib.sh
. "$here/lib.sh"
export LC_ALL=C.UTF-8 XDG_DATA_HOME=$work/xdg HOME=$work/home
unset KEHOACH_DB KEHOACH_PLAN

plan=$work/plan.yaml
db=$work/hostile.db
kh() { run "$bin" --plan "$plan" --db "$db" --as-of 2024-06-30 "$@"; }
count() { sqlite3 "$db" 'select count(*) from entry'; }

# --- plans the loader refuses: FILE:LINE:COL, exit 2 ----------------------------
# A minimal plan whose task text is $1, written as it is into the YAML.
plan_with() {
	printf '%s\n' 'plan: {id: p, title: t, issuer: i, year: 2024, start: 2024-01-01, end: 2024-12-31}' \
		'units: [{id: vp, name: V}]' \
		'periods: [{id: H1, label: L, from: 2024-01-01, cutoff: 2024-06-14, deadline: 2024-06-20}]' \
		'sections:' \
		'  - id: S' \
		'    title: s' \
		'    lead: vp' \
		'    tasks:' \
		'      - id: S.1' >"$work/bad.yaml"
	printf '        text: %s\n' "$1" >>"$work/bad.yaml"
	printf '%s\n' '        targets: [{id: t1, kind: milestone, text: x}]' >>"$work/bad.yaml"
}
plan_with '"fine"'
run "$bin" --plan "$work/bad.yaml" check
expect "the minimal plan loads (so the refusals below are about the text)" 0
for c in 'ESC (\e[2J):"x \e[2J"' 'OSC 0 title:"\e]0;PWNED\a"' 'BEL:"x \a"' \
	'BS:"x \b\b"' 'NUL:"x \0 y"' 'DEL:"x \x7f"' \
	"raw ESC byte:$(printf 'x \033[31m red')" \
	"raw BEL byte:\"$(printf 'x \a')\"" \
	"invalid UTF-8:$(printf 'x \377\376 y')" \
	"overlong UTF-8:$(printf 'x \300\257 y')" \
	"UTF-16 surrogate:$(printf 'x \355\240\200 y')" \
	"cut UTF-8 sequence:\"$(printf 'x \341\272')\""; do
	plan_with "${c#*:}"
	run "$bin" --plan "$work/bad.yaml" check
	expect "a plan with ${c%%:*} in a text is refused with FILE:LINE:COL" 2 "" \
		"^kehoach: $work/bad.yaml:[0-9]+:[0-9]+: "
	is "  and the message is one clean line" eval 'one_line "$work/err" && clean text "$work/err"'
done

# --- a hostile plan the loader accepts ------------------------------------------
# YAML escapes: \x9b is C1 CSI and \x9d/\x9c C1 OSC/ST (the 8-bit forms of
# ESC [ and ESC ]), \x85 NEL, \u202E/\u2066 bidi, \u200B/\u200D zero width,
# \u2028/\u2029 line/paragraph separators, \uFEFF; raw CR is allowed by YAML.
cat >"$plan" <<'EOF'
plan:
  id: hostile-2024
  number: "Số: \x9b31m1/KH\x9b0m"
  title: "Kế hoạch \x9d0;PWNED-TITLE\x9c thử \x9d52;c;aGFja2Vk\x9c nghiệm \x9b2J\x9bH xong\r"
  issuer: "Sở \u202Eoại\u202C KH&CN\u200B"
  year: 2024
  start: 2024-01-01
  end: 2024-12-31
abbreviations:
  "\u202EX": "\x9b2J"
units:
  - id: vp
    name: "Văn phòng \x9b31mĐỎ\x9b0m\x85"
    short: "VP\r\rXX"
  - id: qlcn
    name: "=HYPERLINK(\"http://x\";\"bấm\")"
    short: "@SUM(1+1)"
periods:
  - id: H1
    label: "6 tháng \x9b31m đầu\x85năm"
    from: 2023-12-15
    cutoff: 2024-06-14
    deadline: 2024-06-20
  - id: FY
    label: "Cả năm \u2066ngược\u2069"
    from: 2023-12-15
    cutoff: 2024-12-14
    deadline: 2024-12-20
sections:
  - id: II.1
    title: "Mục \x9b2J\x9bH một \u2028hai\u2029"
    basis: "\x9d52;c;aGFja2Vk\x9c"
    lead: vp
    tasks:
      - id: II.1.1
        title: "+cmd|' /C calc'!A0"
        text: "Nhiệm vụ \x9d52;c;aGFja2Vk\x9c có\r\nxuống dòng \rđè"
        targets:
          - id: T-qty
            kind: quantity
            text: "=1+2 \x9b31mđỏ\x9b0m \u202Edảo ngược\u202C \u200Bẩn\uFEFF"
            measure: "-tấn\u200D"
            min: 30
            max: 40
          - id: T-ms
            kind: milestone
            text: "@milestone \x9d0;PWNED-TITLE\x9c xong \x9bH"
            lead: qlcn
      - id: II.1.2
        text: "-2+3 \x9b1;1H\x9bKghi đè"
        targets:
          - id: T-ong
            kind: ongoing
            text: "Thường xuyên \u2066\u202Eabc\u2069 \x9b2J"
EOF
kh check
expect "check accepts a plan with C1 controls, CR, bidi and zero-width text" 0 \
	"1 sections, 2 tasks, 3 targets"
is "  and prints it harmlessly" clean text "$work/out" "$work/err"

# --- notes and values from the command line --------------------------------------
# Byte escapes so that the shell's locale does not matter.
rlo=$'\xe2\x80\xae' pdf=$'\xe2\x80\xac' lri=$'\xe2\x81\xa6' pdi=$'\xe2\x81\xa9'
zw=$'\xe2\x80\x8b' csi=$'\xc2\x9b'
hostile="ghi chú "$'\e[31mđỏ\e[0m \e[2J\e[H \e]52;c;aGFja2Vk\a \e]0;PWNED-TITLE\a bel\a cr\r bs\b\b'" $rlo""đảo$pdf $lri""x$pdi $zw""ẩn $csi""2J"
kh set T-qty 12 --date 2024-03-01 --note "=HYPERLINK(\"http://evil\";\"bấm\") $hostile"
expect "set --note with escape sequences, BEL, CR, BS, bidi, zero width, C1" 0 "Recorded entry #1"
is "  and says so harmlessly" clean text "$work/out" "$work/err"
kh set T-qty 13 --date 2024-06-10 --unit qlcn --note "+$hostile invalid "$'\xff\xfe\xc0\xaf'
expect "set --note with invalid UTF-8 too" 0 "Recorded entry #2"
kh set T-ms done --date 2024-05-01 --note "@$hostile"
expect "a milestone with a note starting with @" 0
kh set T-ong in-progress --date 2024-06-12 --note "-$hostile"
expect "an ongoing duty with a note starting with -" 0
kh set T-qty 14 --unit $'\e]0;PWNED\a'"$rlo"
expect "a hostile unit name is refused, quoted harmlessly" 2 "" "unknown unit"
is "  (clean)" clean text "$work/err"
kh set $'T-\e[2J\e]52;c;aGFja2Vk\a'"$rlo" 14
expect "a hostile target id is refused, quoted harmlessly" 2 "" "unknown target"
is "  (clean)" clean text "$work/err"
kh set T-qty $'1\e[2J4'
expect "a hostile value is refused, quoted harmlessly" 2 "" "bad value"
is "  (clean)" clean text "$work/err"
run "$bin" --plan "$plan" --db "$db" --period $'\e]0;PWNED\a' status
expect "a hostile period is refused, quoted harmlessly" 2 "" "unknown period"
is "  (clean)" clean text "$work/err"
run "$bin" --plan "$plan" --db "$db" $'stat\e[2Jus'
expect "a hostile command is refused, quoted harmlessly" 2 "" "unknown command"
is "  (clean)" clean text "$work/err"

# --- CSV cells: import ----------------------------------------------------------------
# Notes quoted as a spreadsheet writes them; ';' inside the OSC sequences.
csvq() { local s=${1//\"/\"\"}; printf '"%s"' "$s"; }
{
	printf 'target_id;value;as_of;unit;note\n'
	printf 'T-qty;15;14/06/2024;vp;%s\n' "$(csvq "=cmd|' /C calc'!A0 $hostile")"
	printf 'T-ong;completed;14/06/2024;vp;%s\n' "$(csvq "@SUM(A1) $hostile")"
} >"$work/unit.csv"
kh import "$work/unit.csv"
expect "import shows the diff of a CSV with hostile notes" 0 "2 changed"
is "  harmlessly" clean text "$work/out" "$work/err"
before=$(count)
kh import "$work/unit.csv" --apply
expect "import --apply writes it" 0 "Written: 2 entries"
[ "$(count)" = $((before + 2)) ] && ok "  both entries are in the database" || not_ok "  both entries are in the database"

printf 'target_id;value;as_of;note\nT-qty;16;14/06/2024;ok\nT-qty;17;14/06/2024;bad \377\376 byte\n' >"$work/inv.csv"
before=$(count)
kh import "$work/inv.csv" --apply
expect "a CSV with invalid UTF-8 is refused with FILE:ROW" 2 "" "^kehoach: $work/inv.csv:3: .*UTF-8"
[ "$(count)" = "$before" ] && ok "  and nothing is written" || not_ok "  and nothing is written"
for c in "target_id:"$'T-\e[2J\e]0;PWNED\a'"$rlo" "unit:"$'\e]52;c;aGFja2Vk\a' \
	"value:"$'1\b\b9'; do
	col=${c%%:*} v=${c#*:}
	case $col in
	target_id) printf 'target_id;value;as_of;unit\n%s;3;14/06/2024;vp\n' "$v" ;;
	unit) printf 'target_id;value;as_of;unit\nT-qty;3;14/06/2024;%s\n' "$v" ;;
	value) printf 'target_id;value;as_of;unit\nT-qty;%s;14/06/2024;vp\n' "$v" ;;
	esac >"$work/cell.csv"
	kh import "$work/cell.csv" --apply
	expect "a hostile $col cell is refused with FILE:ROW" 2 "" "^kehoach: $work/cell.csv:2: "
	is "  and quoted harmlessly" eval 'one_line "$work/err" && clean text "$work/err"'
done
# A note with escape sequences, not quoted: its ';' split it into cells the
# header does not name.  Losing the rest of the note silently would be
# wrong: the row is refused.
printf 'target_id;value;as_of;note\nT-qty;18;14/06/2024;a \033]0;PWNED\a b; c\n' >"$work/split.csv"
before=$(count)
kh import "$work/split.csv" --apply
expect "a row with more cells than the header names is refused" 2 "" "^kehoach: $work/split.csv:2: "
[ "$(count)" = "$before" ] && ok "  and nothing is written" || not_ok "  and nothing is written"

# --- every output --------------------------------------------------------------------
o=$work/o
mkdir -p "$o"
kh status; cp "$work/out" "$o/status.txt"
kh status --format csv; cp "$work/out" "$o/status.csv"
kh status --format json; cp "$work/out" "$o/status.json"
kh status --missing --period FY; cp "$work/out" "$o/missing.txt"
for t in T-qty T-ms T-ong; do
	for f in txt csv json; do
		kh history $t --format $f; cp "$work/out" "$o/history-$t.$f"
	done
done
kh template --period H1 -o "$o/template.csv"
for f in md txt csv xlsx; do
	kh report --period H1 -o "$o/report.$f"
	expect "report --format $f with hostile text" 0
done
kh report --period H1 --format txt; cp "$work/out" "$o/report-stdout.txt"
is "status, history, missing and report as text and JSON hold no control, C1, bidi or zero-width character" \
	clean text "$o"/*.txt "$o"/*.json "$o/report.md"
is "CSV outputs: no such character, and every cell starting with = + - @ is defused" \
	clean csv "$o"/*.csv
is "XLSX: no such character in any part, and no formula cell" clean xlsx "$o/report.xlsx"
for pat in "'=1+2" "'+cmd" "'-2+3" "'@milestone" "'-tấn" "'@SUM(1+1)" "'=cmd"; do
	is "  the report CSV holds $pat" grep -qF -- "$pat" "$o/report.csv"
done
is "  the template CSV holds the unit name as '=HYPERLINK" grep -qF "'=HYPERLINK" "$o/template.csv"
for pat in "'=HYPERLINK" "'+" "'@" "'-"; do
	is "  a history CSV holds a note as $pat…" grep -qF -- "\"$pat" "$o"/history-T-*.csv
done
is "XLSX keeps =… texts as text (shared strings)" \
	python3 -c 'import sys, zipfile; s = zipfile.ZipFile(sys.argv[1]).read("xl/sharedStrings.xml").decode(); sys.exit("=1+2" not in s or "=cmd" not in s)' "$o/report.xlsx"
# JSON escapes rather than drops: a reader gets the note back as set.
want_note="=HYPERLINK(\"http://evil\";\"bấm\") $hostile"
is "JSON keeps the hostile note exactly (escaped, not lost)" \
	env WANT="$want_note" python3 -c 'import json, os, sys; j = json.load(open(sys.argv[1])); sys.exit([e["note"] for e in j["entries"] if e["id"] == 1] != [os.environ["WANT"]])' "$o/history-T-qty.json"
is "JSON keeps the hostile plan text exactly" \
	python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); sys.exit([t["text"] for t in j["targets"] if t["id"] == "T-ong"] != ["Thường xuyên \u2066\u202eabc\u2069 \x9b2J"])' "$o/status.json"

# --- a file name with escape sequences --------------------------------------------------
evil=$work/$'r\e]0;PWNED\a\e[2J'"$rlo"
kh report --period H1 --format md -o "$evil.md"
expect "report -o to a file name with escape sequences" 0
is "  says where it wrote harmlessly" clean text "$work/out" "$work/err"
cp "$work/unit.csv" "$evil.csv"
kh import "$evil.csv"
is "import of such a file shows its name harmlessly" clean text "$work/out" "$work/err"
kh template --unit vp --period H1 -o "$evil.tpl.csv"
is "template -o to such a file says so harmlessly" clean text "$work/out" "$work/err"

# --- the screen ---------------------------------------------------------------------------
# First make sure the checks can fail: a program printing the sequences
# raw does change the title and set a buffer.
tui 80 24 "printf '\\033]0;PWNED-TITLE\\007\\033]52;c;aGFja2Vk\\007'"
wait_file "$work/rc.kh" >/dev/null
title_is() { [ "$(title)" = "$1" ]; }
buffers_are() { [ "$(buffers)" = "$1" ]; }
is "control: raw OSC 0 changes the pane title (so the title check can fail)" \
	title_is PWNED-TITLE
is "control: raw OSC 52 sets a tmux buffer (so the clipboard check can fail)" \
	buffers_are 1

harmless() { # the title and buffers untouched, the layout where it belongs
	local w=${1:-80} h=${2:-24}
	capture
	[ "$(title)" = kh-clean-title ] || { echo "# pane title: $(title)"; return 1; }
	[ "$(buffers)" = 0 ] || { echo "# buffers: $(tm list-buffers)"; return 1; }
	python3 - "$work/screen" "$w" "$h" <<-'PY' || return 1
	import sys
	lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
	w, h = int(sys.argv[2]), int(sys.argv[3])
	lines = (lines + [''] * h)[:h]
	def fail(why):
	    print('# ' + why); [print('# |' + l) for l in lines]; sys.exit(1)
	if max(len(l) for l in lines) > w: fail('a line wider than the pane')
	if not lines[0].startswith(' Kế hoạch') or 'as of 30/06/2024' not in lines[0]:
	    fail('the header is not on the first line')
	if not lines[-1].startswith((' ? help', ' Saved entry')):
	    fail('the footer is not on the last line')
	PY
	clean text "$work/screen" || return 1
	capture -e
	python3 - "$work/screen" <<-'PY'
	import re, sys
	s = open(sys.argv[1], encoding='utf-8').read()
	other = [m for m in re.findall(r'\x1b[^m]{0,20}m?', s) if not re.fullmatch(r'\x1b\[[0-9;:]*m', m)]
	if other:
	    print('# escape sequences other than colours: %r' % other[:5]); sys.exit(1)
	PY
}
tui 80 24 "cd '$work' && env TERM=tmux-256color LANG=C.UTF-8 '$bin' --plan '$plan' --db '$db' --as-of 2024-06-30"
is "the screen opens on the hostile plan" wait_for "II.1.2"
is "  title and clipboard untouched, header and footer in place, nothing but colours" harmless
keys /
wait_for "Search:" >/dev/null
type_text "T-qty"
keys Enter
is "the detail pane shows a target with hostile notes" wait_for "History, newest first"
is "  harmlessly" harmless
keys Tab End
is "  scrolled to the end of its history" wait_for "#1 12 as of 01/03/2024"
is "  harmlessly" harmless
keys Tab
keys e
is "the edit form shows hostile unit names" wait_for "Esc discard"
is "  harmlessly" untouched
keys C-u
type_text "19"
keys Down Down Down
type_text "typed $rlo""đảo$pdf $zw""ẩn"
keys Enter
is "a note typed with bidi and zero-width characters is saved" wait_for "Saved entry"
is "  and the screen is still harmless" harmless
for v in w:"H1 (due" r:"PLAN IMPLEMENTATION REPORT" '?:next target that needs attention'; do
	keys "${v%%:*}"
	is "the '${v%%:*}' view shows hostile text" wait_for "${v#*:}"
	is "  without touching the title or clipboard" untouched
	keys Escape
	wait_gone "${v#*:}" >/dev/null
done
tm resize-window -t kh -x 140 -y 40
side_by_side() { wait_for "│" && [ "$(grep -c '│' "$work/screen")" -ge 30 ]; }
is "at 140x40, tree and detail side by side" side_by_side
is "  harmlessly" harmless 140 40
tm resize-window -t kh -x 80 -y 24
wait_for "Detail (Tab)" >/dev/null
is "  and back at 80x24" harmless
keys /
type_text "T-ong"
keys Enter
wait_for "T-ong · ongoing" >/dev/null
keys Tab End
is "an ongoing duty's history with hostile notes" wait_for "#4 in"
is "  harmlessly" harmless
keys q
is "q quits cleanly" ended 0
is "  and the title and clipboard were never touched" untouched
kh history T-qty --format json
is "the note typed in the form is stored (its bidi and zero-width characters dropped)" \
	grep -qF '"note":"typed đảo ẩn"' "$work/out"

tui 80 24 "cd '$work' && env TERM=tmux-256color LANG=C LC_ALL=C '$bin' --plan '$plan' --db '$db' --as-of 2024-06-30"
is "LANG=C: the hostile plan opens" wait_for "II.1.2"
is "  in plain ASCII" sh -c "! LC_ALL=C grep -q '[^ -~]' '$work/screen'"
keys q
is "  and quits cleanly" ended 0

finish
