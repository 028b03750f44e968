#!/bin/bash
# src/ is a folder per stage, and the arrows run one way: a file may
# include headers of its own folder and of the folders below it, never
# above.  From the top: cli, view, gen, source, probe, store, model, lib
# (docs/design.md, "Modules").  Also: every file says in its first
# comment which folder it is in and what that folder is for, no folder
# is left out of the order, and no header is included that src/ lacks.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

LAYERS="lib model store probe source gen view cli"
rank() {
	local i=0 l
	for l in $LAYERS; do
		[ "$l" = "$1" ] && { echo $i; return; }
		i=$((i + 1))
	done
	echo -1
}

# every folder has a rank
bad=""
for d in src/*/; do
	d=${d%/}; d=${d#src/}
	[ "$(rank "$d")" -ge 0 ] || bad="$bad $d"
done
[ -z "$bad" ] && ok "every folder of src/ has its place in the order: $LAYERS" ||
	ko "folders" "not in the order:$bad"

# upward TREE: "file->folder/header" for each include that goes up, and
# "file:header?" for one TREE/src lacks; the number of includes read
# goes to TREE/n.
upward() {
	local tree=$1 f b d r h hd n=0
	for f in "$tree"/src/*/*.h; do
		b=${f##*/}; d=${f%/*}; d=${d##*/}
		echo "$b $d"
	done >"$tree/headers"
	for f in "$tree"/src/*/*.c "$tree"/src/*/*.h; do
		[ -e "$f" ] || continue
		d=${f%/*}; d=${d##*/}
		r=$(rank "$d")
		while read -r h; do
			n=$((n + 1))
			hd=$(awk -v h="$h" '$1 == h { print $2 }' "$tree/headers")
			if [ -z "$hd" ]; then
				echo "${f#"$tree"/}:$h?"
			elif [ "$(rank "$hd")" -gt "$r" ]; then
				echo "${f#"$tree"/}->$hd/$h"
			fi
		done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f")
	done
	echo "$n" >"$tree/n"
}

mkdir -p "$T/tree"
cp -r src "$T/tree/src"
bad=$(upward "$T/tree")
if [ -z "$bad" ] && [ "$(cat "$T/tree/n")" -gt 0 ]; then
	ok "no include goes up: $(cat "$T/tree/n") includes in $(ls src/*/*.[ch] | wc -l) files"
else
	ko "includes" "$(echo $bad)"
fi

# the first comment says the folder and what it is for
bad=""
for f in src/*/*.c src/*/*.h; do
	d=${f%/*}
	awk 'NR > 1 && /\*\// { exit } { print }' "$f" | grep -q " \* $d/: " || bad="$bad $f"
done
[ -z "$bad" ] && ok "every file's first comment says what its folder is for" ||
	ko "first comments" "no 'src/FOLDER/: ...' line in:$bad"

# the check can fail: model including cli.h is found
echo '#include "cli.h"' >>"$T/tree/src/model/cfg.c"
bad=$(upward "$T/tree")
[ "$bad" = "src/model/cfg.c->cli/cli.h" ] &&
	ok "an upward include (model/cfg.c including cli.h) is found" ||
	ko "upward include caught" "found: ${bad:-nothing}"

finish layers
