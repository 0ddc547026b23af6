# bash completion for svc(1)
#
# svc answers itself: `svc --complete WORD...` prints what may stand
# where the last word is typed, from its command table and the store
# (the one named with -D on the line, else the usual one).  Its first
# line says whether the rest are words, or whether file or directory
# names are wanted.

_svc()
{
	local cur prog kind out i line
	local -a words

	COMPREPLY=()
	# the words up to the cursor, split at blanks (bash itself also
	# breaks words at '=' and ':')
	if [[ -n ${COMP_LINE+set} ]]; then
		line=${COMP_LINE:0:COMP_POINT}
		read -r -a words <<<"$line"
		[[ -z $line || $line == *[[:blank:]] ]] && words+=("")
		i=$((${#words[@]} - 1))
	else
		words=("${COMP_WORDS[@]:0:COMP_CWORD + 1}")
		i=$COMP_CWORD
	fi
	cur=${words[i]}
	prog=${words[0]}
	[[ $prog == */* && ! -x $prog ]] && prog=svc
	command -v "$prog" >/dev/null 2>&1 || prog=svc
	# an option joined to its value (--format=js): the value is the
	# word bash completes
	if [[ $cur == --*=* ]]; then
		words=("${words[@]:0:i}" "${cur%%=*}" "${cur#*=}")
		i=$((i + 1))
		cur=${cur#*=}
	fi
	out=$("$prog" --complete "${words[@]:1:i}" 2>/dev/null) || return
	kind=${out%%$'\n'*}
	[[ $out == *$'\n'* ]] && out=${out#*$'\n'} || out=
	case $kind in
	files)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		;;
	dirs)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -d -- "$cur"))
		;;
	*)
		local IFS=$'\n'
		COMPREPLY=($out)
		# a column and '=', or columns before ',': more to type
		if ((${#COMPREPLY[@]} == 1)) &&
		    [[ ${COMPREPLY[0]} == *= || ${COMPREPLY[0]} == *, ]]; then
			compopt -o nospace 2>/dev/null
		fi
		;;
	esac
}

complete -F _svc svc
