#!/usr/bin/env bash
# The manual pages against the program: every command, option and key the
# program knows is documented, in English and in Vietnamese; every plan key
# is in kehoach-plan(5); the pages render without warnings.  TAP.
#   test_man.sh BINARY SOURCE_ROOT
set -u

bin=$1
src=$2
export KEHOACH_LANG=en

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1))
	echo "not ok $n - $1"
	[ $# -gt 1 ] && printf '# %s\n' "$2"
}
skip() { n=$((n + 1)); echo "ok $n # skip $1"; }
check() { # DESCRIPTION MISSING-LIST
	if [ -z "$2" ]; then ok "$1"; else not_ok "$1" "missing: $2"; fi
}

pages_1=("$src/doc/kehoach.1" "$src/doc/vi/kehoach.1")
pages_5=("$src/doc/kehoach-plan.5" "$src/doc/vi/kehoach-plan.5")

# The page's source as plain words: "\-" is "-", no font changes.
plain() {
	sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\&//g' "$1"
}

# The words of the page's tags (the line after .TP or .TQ) and of its bold
# lines (.B, .BR), one a line: what a key or an option is listed as.
tag_words() {
	plain "$1" | awk '
		/^\.(TP|TQ)/ { tag = 1; next }
		tag || /^\.BR? / {
			tag = 0
			sub(/^\.[A-Z]+ /, "")
			gsub(/"/, " "); gsub(/, /, " ")
			for (i = 1; i <= NF; i++) print $i
		}'
}

# The lines between the comment markers NAME-begin and NAME-end.
region() { # FILE NAME
	awk -v b=".\\\\\" $2-begin" -v e=".\\\\\" $2-end" '
		index($0, b) == 1 { on = 1; next }
		index($0, e) == 1 { on = 0 }
		on' "$1"
}

# --- what the program says it has -------------------------------------

main_help=$("$bin" --help 2>&1)
commands=$(printf '%s\n' "$main_help" |
	awk '/^Commands:/ { on = 1; next } on && /^$/ { on = 0 }
	     on { print $1 }')
if [ -n "$commands" ] && [ "$(echo "$commands" | wc -l)" -ge 10 ]; then
	ok "kehoach --help lists $(echo "$commands" | wc -l) commands"
else
	not_ok "kehoach --help lists the commands" "$main_help"
fi

all_help=$main_help
for c in $commands; do
	all_help+=$'\n'$("$bin" "$c" --help 2>&1)
done
options=$(printf '%s\n' "$all_help" | grep -oE -- '--[a-z][a-z-]*[a-z]' |
	sort -u)
short_options=$(printf '%s\n' "$all_help" |
	grep -oE -- '(^|[ [])-[a-z]([ ,]|$)' | tr -d ' ,[' | sort -u)
if [ "$(echo "$options" | wc -l)" -ge 15 ]; then
	ok "the help texts name $(echo "$options" | wc -l) options"
else
	not_ok "the help texts name the options" "$options"
fi

# A binding of ui/keys.c ("CH('k'", "CODE(KEY_UP") named as keys_name()
# names it.
key_name() {
	local b=$1 v
	case $b in
	"CH('\\n'") echo Enter ;;
	"CH('\\r'") echo Ctrl-M ;;
	"CH('\\t'") echo Tab ;;
	"CH(' '") echo Space ;;
	"CH(27") echo Esc ;;
	"CH(0x"*)
		v=${b#"CH("}
		v=$((v + 64))
		printf 'Ctrl-%b\n' "\\x$(printf '%x' "$v")" ;;
	"CH('"*) v=${b#"CH('"}; echo "${v%"'"}" ;;
	"CODE(KEY_UP") echo Up ;;
	"CODE(KEY_DOWN") echo Down ;;
	"CODE(KEY_LEFT") echo Left ;;
	"CODE(KEY_RIGHT") echo Right ;;
	"CODE(KEY_PPAGE") echo PgUp ;;
	"CODE(KEY_NPAGE") echo PgDn ;;
	"CODE(KEY_HOME") echo Home ;;
	"CODE(KEY_END") echo End ;;
	"CODE(KEY_ENTER") echo Enter ;;
	"CODE(KEY_F("*) v=${b#"CODE(KEY_F("}; echo "F${v%")"}" ;;
	*) echo "UNKNOWN:$b" ;;
	esac
}

# The TUI's default keys: the binding table of ui/keys.c.
keys_c=$src/ui/keys.c
keys=$(awk '/^static const binding [a-z_]+\[\] = \{/ { on = 1; next }
	    on && /^\};/ { on = 0 }
	    on' "$keys_c" |
	grep -oE "(CH|CODE)\(('[^']*'|'\\\\''|0x[0-9a-fA-F]+|[0-9]+|KEY_[A-Z]+(\([0-9]+\))?)," |
	sed -E 's/,$//' | while IFS= read -r b; do key_name "$b"; done |
	sort -u)
actions=$(grep -oE '^\s*\[ACT_[A-Z_]+\] = \{"[a-z_-]+"' "$keys_c" |
	grep -oE '"[a-z_-]+"' | tr -d '"' | grep -vx none)
if [ "$(echo "$keys" | wc -l)" -ge 25 ] && ! echo "$keys" | grep -q UNKNOWN &&
	[ "$(echo "$actions" | wc -l)" -ge 25 ]; then
	ok "ui/keys.c binds $(echo "$keys" | wc -l) keys to $(echo "$actions" | wc -l) actions"
else
	not_ok "ui/keys.c's tables are read" "keys: $(printf "%s " "$keys" | tr "\n" " "); actions: $(echo $actions)"
fi

# Environment variables the program reads.
envs=$(cat "$src"/src/*.c "$src"/ui/*.c | grep -oE 'getenv\("[A-Z_]+"\)' |
	grep -oE '[A-Z_]{2,}' | grep -vx getenv | sort -u)
envs=$(printf '%s\n' $envs KEHOACH_PLAN KEHOACH_DB KEHOACH_LANG \
	KEHOACH_BUSY_MS KEHOACH_THEME XDG_CONFIG_HOME XDG_DATA_HOME HOME \
	NO_COLOR LANG | sort -u)

# --- kehoach(1), English and Vietnamese --------------------------------

for page in "${pages_1[@]}"; do
	name=${page#"$src"/}
	if [ ! -f "$page" ]; then
		not_ok "$name exists"
		continue
	fi
	tags=$(tag_words "$page")
	text=$(plain "$page")

	missing=""
	for c in $commands; do
		grep -Fxq -- "$c" <<<"$tags" || missing+=" $c"
	done
	check "$name: every command has its entry" "$missing"

	missing=""
	for o in $options $short_options; do
		grep -qE -- "(^|[^a-z-])$o([^a-z-]|\$)" <<<"$text" ||
			missing+=" $o"
	done
	check "$name: every option of every help text appears" "$missing"

	keys_text=$(region "$page" keys)
	keys_tags=$(tag_words <(printf '%s\n' "$keys_text"))
	missing=""
	while IFS= read -r k; do
		grep -Fxq -- "$k" <<<"$keys_tags" || missing+=" $k"
	done <<<"$keys"
	keys_plain=$(plain <(printf '%s\n' "$keys_text"))
	for a in $actions; do
		grep -qE -- "(^|[^a-z_-])$a([^a-z_-]|\$)" <<<"$keys_plain" ||
			missing+=" ($a)"
	done
	check "$name: every key and action of ui/keys.c is in the keys section" \
		"$missing"

	missing=""
	for e in $envs; do
		grep -qw -- "$e" <<<"$text" || missing+=" $e"
	done
	check "$name: every environment variable appears" "$missing"
done

# --- kehoach-plan(5): every key of the loader and of the bundled plan --

loader_keys=$(awk '/static const char \*const [a-z]+_keys\[\]/ { on = 1 }
		   on { print } on && /;/ { on = 0 }' "$src/src/loader.c" |
	grep -oE '"[a-z_]+"' | tr -d '"' | sort -u)
# Keys of plan.yaml: "key:" at the start of a line (after "- "), skipping
# the content of block scalars (> and |) and comments.
plan_keys=$(awk '
	{
		match($0, /^ */); ind = RLENGTH
		if (block >= 0) {
			if ($0 ~ /^ *$/ || ind > block) next
			block = -1
		}
		if ($0 ~ /^ *#/) next
		line = $0; sub(/^ *(- )?/, "", line)
		if (match(line, /^[a-z_]+:( |$)/)) {
			k = substr(line, 1, RLENGTH); sub(/: ?$/, "", k)
			print k
			if (line ~ /: *[>|][-+]?( *#.*)?$/) block = ind
		}
	}
	BEGIN { block = -1 }' "$src/plan.yaml" | sort -u)
if [ "$(echo "$loader_keys" | wc -l)" -ge 30 ] &&
	[ "$(echo "$plan_keys" | wc -l)" -ge 25 ]; then
	ok "read $(echo "$loader_keys" | wc -l) loader keys, $(echo "$plan_keys" | wc -l) plan.yaml keys"
else
	not_ok "read the plan keys" "loader: $(echo $loader_keys); plan.yaml: $(echo $plan_keys)"
fi
for page in "${pages_5[@]}"; do
	name=${page#"$src"/}
	if [ ! -f "$page" ]; then
		not_ok "$name exists"
		continue
	fi
	tags=$(tag_words "$page")
	missing=""
	for k in $(printf '%s\n' $loader_keys $plan_keys abbreviations units \
		periods sections plan | sort -u); do
		grep -Fxq -- "$k" <<<"$tags" || missing+=" $k"
	done
	check "$name: every plan key has its entry" "$missing"
	missing=""
	for k in quantity milestone ongoing; do
		grep -Fxq -- "$k" <<<"$tags" || missing+=" $k"
	done
	check "$name: every kind of target has its entry" "$missing"
done

# --- rendering --------------------------------------------------------

have_man=false have_groff=false
command -v man >/dev/null 2>&1 && have_man=true
command -v groff >/dev/null 2>&1 && have_groff=true
for page in "${pages_1[@]}" "${pages_5[@]}"; do
	name=${page#"$src"/}
	if ! $have_man && ! $have_groff; then
		skip "$name renders without warnings (no man, no groff)"
		continue
	fi
	[ -f "$page" ] || { not_ok "$name renders"; continue; }
	warnings=""
	if $have_man; then
		warnings+=$(LC_ALL=C.UTF-8 MANWIDTH=80 MAN_DISABLE_SECCOMP=1 \
			man --warnings -E UTF-8 -l "$page" 2>&1 >/dev/null)
	fi
	if $have_groff; then
		warnings+=$(LC_ALL=C.UTF-8 groff -man -ww -z -K utf8 -Tutf8 \
			"$page" 2>&1)
	fi
	if [ -z "$warnings" ]; then
		ok "$name renders without warnings"
	else
		not_ok "$name renders without warnings" \
			"$(printf '%s' "$warnings" | head -5 | tr '\n' '|')"
	fi
done

echo "1..$n"
[ "$failed" -eq 0 ]
