#!/bin/bash
# Run each libFuzzer harness for SECONDS, JOBS at a time, and print one
# line per harness: executions, coverage (edges) and features, corpus
# size, peak memory, and whether it found anything.
#
# Seeds come from the project's own fixtures (tests/fixtures), the
# offset map in quirks/, a read-probed recording of the bundled sysfs
# tree and the regression inputs in tests/fixtures/fuzz/NAME; with
# ../shared beside the clone, its pciutils and lab dumps too.  What a
# run learns stays in BUILD/corpus/NAME for the next run.  An input that
# crashes, leaks, hangs (-timeout) or breaks an invariant is written to
# BUILD/crashes/NAME/: copy it into tests/fixtures/fuzz/NAME/ once fixed,
# and make check replays it from then on.
#
# Usage: fuzz.sh BUILD SECONDS JOBS NAME...
set -u
build=${1:?usage: fuzz.sh BUILD SECONDS JOBS NAME...}
secs=${2:?} jobs=${3:?}
shift 3
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 1
shared=$here/../shared/corpus

. tests/fuzz/seeds.sh

# The fixtures' seeds, and what else there is: the modeled devices, a
# probed recording, ../shared's dumps, the inputs kept in the tree.
make_seeds() {
	local name=$1 d=$build/seeds/$1
	rm -rf "$d"
	mkdir -p "$build/corpus/$name" "$build/crashes/$name"
	fuzz_seeds "$name" "$d"
	case $name in
	fuzz_dump_text)
		find "$SYNTH" -name '*.txt' -exec cp {} "$d/" \; 2>/dev/null
		[ -d "$shared" ] && find "$shared" -type f ! -name '*.md' |
			while read -r f; do cp "$f" "$d/$(echo "$f" | tr / _)"; done
		;;
	fuzz_record) cp "$build/probed.rec" "$d/" ;;
	esac
	if [ -d "tests/fixtures/fuzz/$name" ]; then
		cp tests/fixtures/fuzz/"$name"/* "$d/" 2>/dev/null
	fi
	return 0
}

dict_of() {
	case $1 in
	fuzz_dump_text|fuzz_record) echo "-dict=tests/fuzz/dump.dict" ;;
	fuzz_map) echo "-dict=tests/fuzz/map.dict" ;;
	esac
}

run_one() {
	local name=$1 log=$build/logs/$1.log
	# -close_fd_mask=3: the readers' one-line errors stay quiet; libFuzzer
	# still gives the sanitizers its own copy of stderr for reports.
	"$build/fuzz/$name" -max_total_time="$secs" -timeout=10 \
		-rss_limit_mb=2048 -max_len=65536 -close_fd_mask=3 \
		-print_final_stats=1 -artifact_prefix="$build/crashes/$name/" \
		$(dict_of "$name") "$build/corpus/$name" "$build/seeds/$name" \
		>"$log" 2>&1
	echo $? >"$build/logs/$name.rc"
}

summary() {
	local name=$1 log=$build/logs/$1.log rc execs cov ft corp rss found
	rc=$(cat "$build/logs/$name.rc" 2>/dev/null || echo 1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
	ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
	corp=$(grep -o 'corp: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
	found=$(find "$build/crashes/$name" -type f | wc -l)
	printf '%-17s %6ss %12s %7s %7s %7s %6s MB  %s\n' "$name" "$secs" \
		"${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "${rss:-?}" \
		"$([ "$rc" = 0 ] && [ "$found" = 0 ] && echo ok || echo "FAILED (rc $rc, $found inputs kept)")"
	[ "$rc" = 0 ] && [ "$found" = 0 ]
}

SYNTH=${SYNTH:-build/fixtures/synthetic}
mkdir -p "$build/logs" "$build/seeds"
# a recording with probe lines: the bundled tree, read-probed
./pasid-scan scan -q --sysfs tests/fixtures/sysfs/lab --probe=read \
	--record "$build/probed.rec" >/dev/null || exit 1
for n in "$@"; do
	make_seeds "$n"
done

echo "fuzz: $# harnesses, ${secs}s each, $jobs at a time (logs in $build/logs)"
printf '%s\n' "$@" | xargs -P "$jobs" -I{} bash -c "$(declare -f run_one dict_of); build=$build secs=$secs run_one {}"

printf '%-17s %7s %12s %7s %7s %7s %9s  %s\n' harness time executions edges features corpus "peak rss" result
fail=0
for n in "$@"; do
	summary "$n" || fail=1
done
if [ $fail = 1 ]; then
	echo "fuzz: failing inputs are in $build/crashes; the log of each harness is in $build/logs"
	exit 1
fi
