# shellcheck shell=bash
# The seeds of each fuzz harness from the project's own fixtures, in one
# place for scripts/fuzz.sh (make fuzz) and tests/fuzz.sh (make check).
# Run from the top of the tree.

# fuzz_seeds NAME DIR: fill DIR with NAME's seed inputs
fuzz_seeds() {
	local name=$1 dir=$2 f i=0
	mkdir -p "$dir"
	case $name in
	fuzz_dump_text) find tests/fixtures/qemu-lab tests/fixtures/lab -type f ;;
	fuzz_record) find tests/fixtures/lab -type f ;;
	fuzz_dump_binary | fuzz_layout) find tests/fixtures/sysfs -name config ;;
	fuzz_map) echo quirks/pasid-scan-map.yaml ;;
	esac | LC_ALL=C sort | while read -r f; do
		i=$((i + 1))
		# the layout harness reads a selector byte first: 0x02 is
		# 4096 bytes, not probed (fuzz_layout.c)
		if [ "$name" = fuzz_layout ]; then
			{ printf '\002'; cat "$f"; } >"$dir/$i"
		else
			cp "$f" "$dir/$(echo "$f" | tr / _)"
		fi
	done
}
