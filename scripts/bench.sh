#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench.sh BUILD [RUNS]: pasid-scan against lspci on synthetic fleets
# (tests/mkfleet.c), each row timed in the same run as its peer.
#
# A command compared with lspci runs once untimed with its peer (to warm
# the page cache), then RUNS times (default 5) alternating with it; the
# growth rows run RUNS times on a fleet just written.  The median is
# shown.  Wall time is read from bash's EPOCHREALTIME around GNU time,
# which gives the peak resident set (%M).  Stores are removed before
# each run, outside the timing: every replay and scan writes a new one.
#
# The fleets are built from the bundled recordings that
# tests/fleet_templates.sh names; nothing from ../shared is used, so
# every clone measures the same bytes.  They go to BENCH_DIR (default
# BUILD/bench) and stay there for the next run, which makes them again
# only if mkfleet or its templates changed.
set -eu
start=$EPOCHREALTIME

BUILD=${1:?usage: bench.sh BUILD [RUNS]}
RUNS=${2:-5}
PS=$BUILD/pasid-scan
MKFLEET=$BUILD/tests/mkfleet
SYNTH=$BUILD/fixtures/synthetic
W=${BENCH_DIR:-$BUILD/bench}
TIME=/usr/bin/time
. tests/fleet_templates.sh
TEMPLATES=$FLEET_TEMPLATES
HOSTS=1000

for t in "$PS" "$MKFLEET" "$TIME" "$(command -v lspci || echo lspci)" "$(command -v sqlite3 || echo sqlite3)"; do
	[ -x "$t" ] || { echo "bench: $t: missing (make all; scripts/install-deps.sh)" >&2; exit 1; }
done
[ "$RUNS" -ge 1 ] 2>/dev/null || { echo "bench: RUNS must be a number >= 1" >&2; exit 2; }

# --- the fleets ------------------------------------------------------
# What they are made from: the generator and every template file.
# shellcheck disable=SC2086
stamp=$( (cat "$MKFLEET"; find $TEMPLATES -type f | sort | xargs cat; echo "$HOSTS") | sha256sum)
F=$W/fleets
if [ "$(cat "$F/stamp" 2>/dev/null)" != "$stamp" ]; then
	rm -rf "$W"
	mkdir -p "$F"
	echo "bench: building fleets in $F"
	for n in 1000 2048 10000 100000; do
		# shellcheck disable=SC2086
		"$MKFLEET" --dump "$F/d$n.txt" --sysfs "$F/t$n" "$n" $TEMPLATES \
			2>"$W/mkfleet.log" || { cat "$W/mkfleet.log" >&2; exit 1; }
	done
	# A fleet of hosts, each its own store as a scan there gives it:
	# 300 functions (the chipset and endpoints, two SR-IOV PFs with 64
	# to 256 VFs by the host's seed), a quarter of them on another
	# firmware of the PFs and VFs (mkfleet --firmware).
	mkdir -p "$F/hosts"
	for ((h = 1; h <= HOSTS; h++)); do
		# shellcheck disable=SC2086
		"$MKFLEET" --seed $h --pfs 2 --host "host$h" --firmware $((h % 4 == 0)) \
			--dump "$F/hosts/h$h.txt" 300 $TEMPLATES 2>>"$W/mkfleet.hosts.log" &&
			"$PS" replay -q --db "$F/hosts/h$h.db" "$F/hosts/h$h.txt" ||
			{ cat "$W/mkfleet.hosts.log" >&2; exit 1; }
		rm "$F/hosts/h$h.txt"
	done
	cp "$W/mkfleet.log" "$F/composition"
	echo "$stamp" >"$F/stamp"
else
	echo "bench: fleets in $F are current"
fi
# The runs' own files, removed at the end; the fleets stay.
R=$W/runs
rm -rf "$R"
mkdir -p "$R"
trap 'rm -rf "$R"' EXIT

# --- timing ----------------------------------------------------------
# run NAME CMD...: one timed run; appends "seconds kib" to $R/NAME.
run() {
	local name=$1 t0 t1
	shift
	t0=$EPOCHREALTIME
	"$TIME" -f %M -o "$R/rss" "$@" >/dev/null 2>"$R/err" ||
		{ echo "bench: '$*' failed:" >&2; cat "$R/err" >&2; exit 1; }
	t1=$EPOCHREALTIME
	echo "$t0 $t1 $(tail -n 1 "$R/rss")" |
		awk '{ printf "%.6f %d\n", $2 - $1, $3 }' >>"$R/$name"
}

# median of column COL (1: seconds, 2: KiB) of $R/NAME
median() {
	sort -g -k"$2,$2" "$R/$1" | awk -v c="$2" '{ v[NR] = $c }
		END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# pair NAME PREP -- OURS... -- PEER...: RUNS alternating runs of ours
# (PREP before each, untimed) and the peer, after one warm-up of each
# when there is a peer (the fleet was just written, so it is in the
# page cache for pasid-scan's own growth rows).
pair() {
	local name=$1 prep=$2 ours=() peer=() i
	shift 3
	while [ "$1" != -- ]; do ours+=("$1"); shift; done
	shift
	peer=("$@")
	if [ ${#peer[@]} -gt 0 ]; then
		$prep
		"${ours[@]}" >/dev/null 2>&1 || true
		"${peer[@]}" >/dev/null 2>&1
	fi
	for ((i = 0; i < RUNS; i++)); do
		$prep
		run "$name" "${ours[@]}"
		[ ${#peer[@]} -gt 0 ] && run "$name.peer" "${peer[@]}"
	done
	return 0
}

fresh_db() { rm -f "$R/db" "$R/db-wal" "$R/db-shm" "$R/db-journal"; }
nothing() { :; }

mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
secs() { awk -v s="$1" 'BEGIN { printf(s < 10 ? "%.3f s" : "%.2f s", s) }'; }

# --- the runs ----------------------------------------------------------
for n in 1000 10000 100000; do
	# lspci's peers only where the table compares them; the growth
	# rows are pasid-scan's own.
	peer=()
	[ $n = 10000 ] && peer=(lspci -F "$F/d$n.txt" -xxxx)
	pair replay$n fresh_db -- "$PS" replay --db "$R/db" "$F/d$n.txt" -- "${peer[@]}"
	# the last replay's store is the one gen reads
	mv "$R/db" "$R/db$n"
	echo "bench: replay of $n functions measured"
done
for n in 1000 10000 100000; do
	pair gen$n nothing -- "$PS" gen --db "$R/db$n" --all --kernel "$R/k.h" \
		--qemu "$R/q.h" --yaml "$R/m.yaml" --
	echo "bench: gen from $n functions measured"
done
for n in 1000 2048 10000 100000; do
	peer=()
	[ $n = 2048 ] && peer=(lspci -A linux-sysfs -O sysfs.path="$F/t$n" -xxxx)
	pair scan$n fresh_db -- "$PS" scan --sysfs "$F/t$n" --db "$R/db" -q -- "${peer[@]}"
	[ $n = 2048 ] && pair scan_noprobe$n fresh_db -- "$PS" scan --sysfs "$F/t$n" \
		--probe=none --db "$R/db" -q -- "${peer[@]}"
	echo "bench: scan of $n functions measured"
done

# The fleet's stores merged into one, and gen over it.
pair merge$HOSTS fresh_db -- "$PS" merge --db "$R/db" "$F"/hosts/h*.db --
mv "$R/db" "$R/fleet.db"
pair genfleet nothing -- "$PS" gen --db "$R/fleet.db" --all --kernel "$R/k.h" \
	--qemu "$R/q.h" --yaml "$R/m.yaml" --
fleet_counts=$(sqlite3 "$R/fleet.db" "SELECT (SELECT count(*) FROM hosts) || ' hosts, ' ||
	(SELECT count(*) FROM functions) || ' functions, ' ||
	(SELECT count(*) FROM snapshots) || ' snapshots'")
fleet_size=$(stat -c %s "$R/fleet.db")
echo "bench: merge of $HOSTS hosts measured"

# --- the table ---------------------------------------------------------
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
row() {	# row WHAT N NAME TARGET
	local what=$1 n=$2 name=$3 target=$4 t r pt pr ratio verdict
	t=$(median "$name" 1)
	r=$(median "$name" 2)
	if [ -s "$R/$name.peer" ]; then
		pt=$(median "$name.peer" 1)
		pr=$(median "$name.peer" 2)
		ratio=$(awk -v a="$t" -v b="$pt" 'BEGIN { printf "%.2f", a / b }')
		verdict=$(awk -v r="$ratio" -v m="$target" 'BEGIN { print (r <= m) ? "met" : "MISSED" }')
		printf '%-44s %8s %9s %10s %9s %10s %6s  <=%-4s %s\n' "$what" "$n" \
			"$(secs "$t")" "$(mib "$r")" "$(secs "$pt")" "$(mib "$pr")" \
			"$ratio" "$target" "$verdict"
	else
		verdict=$(awk -v s="$t" -v m="$target" 'BEGIN { print (s < m) ? "met" : "MISSED" }')
		printf '%-44s %8s %9s %10s %9s %10s %6s  <%-5s %s\n' "$what" "$n" \
			"$(secs "$t")" "$(mib "$r")" - - - "${target}s" "$verdict"
	fi
}

echo
echo "pasid-scan $("$PS" --version | awk '{ print $NF }') against lspci $(lspci --version | awk '{ print $NF }'), median of $RUNS runs"
echo "fleets: $(sed 's/^mkfleet: [0-9]* functions: //' "$F/composition")"
echo "machine: $cpu, $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), kernel $(uname -r)"
echo
printf '%-44s %8s %9s %10s %9s %10s %6s  %-6s %s\n' "" functions pasid-scan "peak RSS" lspci "peak RSS" ratio target ""
row "replay --db (lspci -F FILE -xxxx)" 10000 replay10000 0.1
row "scan --sysfs --db (lspci -A linux-sysfs -xxxx)" 2048 scan2048 1.0
row "scan --probe=none --sysfs --db (the same)" 2048 scan_noprobe2048 1.0
row "gen --all: kernel header, QEMU table, map" 100000 gen100000 1

row "merge: $HOSTS hosts' stores into one" $((HOSTS * 300)) merge$HOSTS 60
row "gen --all over the merged fleet" $((HOSTS * 300)) genfleet 10
echo "the merged fleet: $fleet_counts; $(awk -v b="$fleet_size" 'BEGIN { printf "%.1f MiB", b / 1048576 }') on disk"

echo
echo "growth: median seconds (peak RSS), and the time per function against 1,000"
printf '%-8s %22s %22s %22s %9s %9s\n' "" 1,000 10,000 100,000 "10k/1k" "100k/1k"
for what in replay scan gen; do
	line=$(printf '%-8s' "$what")
	for n in 1000 10000 100000; do
		cell=-
		[ -s "$R/$what$n" ] && cell="$(secs "$(median $what$n 1)") ($(mib "$(median $what$n 2)"))"
		line="$line $(printf '%22s' "$cell")"
	done
	for n in 10000 100000; do
		cell=-
		[ -s "$R/$what$n" ] && cell=$(awk -v a="$(median $what$n 1)" -v b="$(median ${what}1000 1)" \
			-v n=$n 'BEGIN { printf "%.2f", (a / n) / (b / 1000) }')
		line="$line $(printf '%9s' "$cell")"
	done
	echo "$line"
done

peak=$(for f in "$R"/replay[0-9]* "$R"/scan[0-9]* "$R"/scan_noprobe[0-9]* "$R"/gen[0-9]* \
	"$R"/merge[0-9]* "$R"/genfleet; do
	case $f in *.peer) ;; *) cat "$f" ;; esac
done | awk '{ if ($2 > m) m = $2 } END { print m }')
echo
echo "largest peak RSS of any pasid-scan run: $(mib "$peak") (target < 64 MiB: $(awk -v k="$peak" 'BEGIN { print (k < 65536) ? "met" : "MISSED" }'))"
echo "bench: $(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }') s in all"
