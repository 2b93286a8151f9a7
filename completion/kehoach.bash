# bash completion for kehoach                              -*- shell-script -*-
#
# The words come from the program itself (kehoach __complete WHAT): the
# commands and options of this version, the ids of the plan in use (the
# --plan typed on the line, else the usual default).  Works in plain bash;
# uses bash-completion's _filedir for file names when it is loaded.

# kehoach __complete WHAT [ARG], one word a line; never a message.
_kehoach_words()
{
	local -a plan=()
	[[ -n ${_kehoach_plan-} ]] && plan=(--plan "$_kehoach_plan")
	"$_kehoach_prog" "${plan[@]}" __complete "$@" 2>/dev/null </dev/null
}

# Add to COMPREPLY the words of kehoach __complete that start with $cur,
# quoted for the line: an id may hold "&" ("kh&cn"), which bash would
# otherwise insert bare and the shell then run as "background, next
# command".
_kehoach_add()
{
	local w q typed
	local -a list
	typed=$(_kehoach_dequote "$cur")
	mapfile -t list < <(_kehoach_words "$@")
	for w in "${list[@]}"; do
		[[ -n $w && $w == "$typed"* ]] || continue
		printf -v q '%q' "$w"
		COMPREPLY+=("$q")
	done
}

_kehoach_files()
{
	if declare -F _filedir >/dev/null; then
		_filedir
	else
		compopt -o filenames 2>/dev/null
		# One name a line, never globbed: "[a].csv" stays itself.
		mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY \
			< <(compgen -f -- "$cur")
	fi
}

# A word as the shell will pass it: outer quotes and backslashes gone,
# a leading ~ expanded (good enough for a file name typed on the line).
_kehoach_dequote()
{
	local v=$1
	case $v in
	\"*\" | \'*\') v=${v:1:${#v}-2} ;;
	*) v=${v//\\/} ;;
	esac
	[[ $v == "~/"* ]] && v=$HOME/${v:2}
	printf '%s' "$v"
}

_kehoach()
{
	COMPREPLY=()
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	local _kehoach_prog=${COMP_WORDS[0]} _kehoach_plan=
	[[ $_kehoach_prog == "~/"* ]] && _kehoach_prog=$HOME/${_kehoach_prog:2}

	# "--opt=value": COMP_WORDBREAKS splits it into --opt, =, value.
	local opt= pfx=
	if [[ $cur == --*=* ]]; then # "=" not in COMP_WORDBREAKS
		opt=${cur%%=*}
		pfx=$opt=
		cur=${cur#*=}
	elif [[ $cur == "=" ]]; then
		opt=$prev
		cur=
	elif [[ $prev == "=" ]] && ((COMP_CWORD > 1)); then
		opt=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $prev == -* ]]; then
		opt=$prev
	fi

	local -a value_opts
	mapfile -t value_opts < <(_kehoach_words value-options)
	local vo=" ${value_opts[*]} "

	# The command word, the positional arguments before the cursor, and
	# the --plan already typed.
	local cmd= i w nargs=0 dashdash=
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ -z $dashdash && $w == "--" ]]; then
			dashdash=1
		elif [[ -z $dashdash && $w == --plan=?* ]]; then
			_kehoach_plan=$(_kehoach_dequote "${w#--plan=}")
		elif [[ -z $dashdash && $w == -?* ]]; then
			[[ $vo == *" $w "* ]] || continue
			local value=${COMP_WORDS[i + 1]-}
			if [[ $value == "=" ]]; then
				((i++))
				value=${COMP_WORDS[i + 1]-}
			fi
			((i + 1 < COMP_CWORD)) || continue
			((i++))
			[[ $w == --plan ]] &&
				_kehoach_plan=$(_kehoach_dequote "$value")
		elif [[ -z $cmd ]]; then
			cmd=$w
		else
			((nargs++))
		fi
	done

	if [[ -n $opt && $vo == *" $opt "* ]]; then
		case $opt in
		--plan | --db | --output | -o) _kehoach_files ;;
		--unit) _kehoach_add units ;;
		--period) _kehoach_add periods ;;
		--format) _kehoach_add formats "$cmd" ;;
		--lang) _kehoach_add languages ;;
		esac
		# Dates and free text: nothing to offer.
		[[ -n $pfx ]] && COMPREPLY=("${COMPREPLY[@]/#/$pfx}")
		return 0
	fi
	if [[ $cur == -* && -z $dashdash ]]; then
		_kehoach_add options "$cmd"
		return 0
	fi
	if [[ -z $cmd ]]; then
		_kehoach_add commands
		return 0
	fi
	((nargs == 0)) || return 0
	case $cmd in
	set | history | undo) _kehoach_add targets ;;
	close | reopen) _kehoach_add periods ;;
	import | backup) _kehoach_files ;;
	esac
	return 0
}

complete -F _kehoach kehoach
