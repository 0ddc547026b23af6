# bash completion for svc(1)
#
# The commands come from `svc --list-commands`, so new commands complete
# without a change here.  The --COLUMN options of add and set, the
# columns of list and the names of config come from the store (the one
# named with -D on the line, else the usual one), when there is one.

# _svc_run ARG...: runs the svc being completed, with the line's -D
_svc_run()
{
	"${_svc_prog:-svc}" ${_svc_db:+-D "$_svc_db"} "$@" 2>/dev/null
}

# _svc_columns NOUN: the column names of NOUN's table, from its header
_svc_columns()
{
	_svc_run "$1" export | {
		IFS=, read -r line
		printf '%s\n' "${line//,/ }"
	}
}

_svc()
{
	local cur prev noun verb word i commands nouns verbs opts
	local _svc_prog _svc_db

	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	# --format=json comes as three words when = breaks words
	if [[ $cur == = ]]; then
		cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi
	_svc_prog=${COMP_WORDS[0]}
	[[ $_svc_prog == */* && ! -x $_svc_prog ]] && _svc_prog=svc
	command -v "$_svc_prog" >/dev/null 2>&1 || _svc_prog=svc

	# the global options, then the noun and the verb
	noun= verb=
	for ((i = 1; i < COMP_CWORD; i++)); do
		word=${COMP_WORDS[i]}
		if [[ -z $noun ]]; then
			case $word in
			-D | --db)
				((i++))
				[[ ${COMP_WORDS[i]} == = ]] && ((i++))
				_svc_db=${COMP_WORDS[i]}
				;;
			--db=*) _svc_db=${word#--db=} ;;
			-D?*) _svc_db=${word#-D} ;;
			--format)
				((i++))
				[[ ${COMP_WORDS[i]} == = ]] && ((i++))
				;;
			-*) ;;
			*) noun=$word ;;
			esac
		elif [[ -z $verb && $word != -* ]]; then
			verb=$word
			break
		fi
	done
	# a ~ in the store's name, as the shell would expand it
	[[ $_svc_db == '~'* ]] && _svc_db=$HOME${_svc_db#'~'}

	case $prev in
	-D | --db)
		[[ -z $noun ]] && {
			compopt -o filenames 2>/dev/null
			COMPREPLY=($(compgen -d -- "$cur"))
			return
		}
		;;
	--format)
		COMPREPLY=($(compgen -W 'csv tsv table json' -- "$cur"))
		return
		;;
	esac

	commands=$(_svc_run --list-commands)

	if [[ -z $noun ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W '-D --db -t --tsv --format
			    --list-commands --version -h --help' -- "$cur"))
		else
			nouns=$(printf '%s\n' "$commands" | cut -d' ' -f1 | uniq)
			COMPREPLY=($(compgen -W "$nouns" -- "$cur"))
		fi
		return
	fi

	verbs=$(printf '%s\n' "$commands" |
	    awk -v n="$noun" '$1 == n && NF > 1 { print $2 }')
	if [[ -n $verbs && -z $verb ]]; then
		COMPREPLY=($(compgen -W "$verbs" -- "$cur"))
		return
	fi

	# the arguments of one command
	case $noun${verb:+ $verb} in
	'config get' | 'config set' | 'config unset')
		if [[ $prev == "$verb" ]]; then
			COMPREPLY=($(compgen -W "$(_svc_run config list |
			    sed 1d | cut -d, -f1)" -- "$cur"))
		fi
		return
		;;
	'config list')
		opts='-t --tsv --format'
		;;
	*' add' | *' set')
		if [[ $cur == -* ]]; then
			opts=$(_svc_columns "$noun" | tr ' ' '\n' | sed -n 's/^./--&/p')
		elif [[ $prev == --* ]]; then
			return		# the value of a column
		fi
		;;
	*' show' | *' delete')
		opts='-t --tsv --format -'
		;;
	*' list')
		case $prev in
		-w | --where | -c | --columns)
			compopt -o nospace 2>/dev/null
			COMPREPLY=($(compgen -W "$(_svc_columns "$noun")" -- "$cur"))
			return
			;;
		esac
		opts='-w --where -c --columns -t --tsv --format'
		;;
	*' import')
		[[ $prev == -r || $prev == --rejects ]] || opts='-u --update
		    -n --dry-run -r --rejects -v --verbose -t --tsv'
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		;;
	*' export')
		opts='-t --tsv --format'
		;;
	help)
		nouns=$(printf '%s\n' "$commands" | cut -d' ' -f1 | uniq)
		COMPREPLY=($(compgen -W "$nouns" -- "$cur"))
		return
		;;
	dump | load)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -d -- "$cur"))
		return
		;;
	backup)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		return
		;;
	log)
		case $prev in
		--since | --user) return ;;
		esac
		opts='--since --user -t --tsv --format'
		;;
	check)
		opts='-t --tsv --format'
		;;
	esac
	if [[ $cur == -* && -n $opts ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	fi
}

complete -F _svc svc
