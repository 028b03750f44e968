# Turn config-space dumps into one "BDF OFFSET BYTE" line per byte
# (OFFSET in decimal, BYTE two hex digits) for comparing two reads.
# Input: a header line whose first word is the function's address
# ([DDDD:]BB:DD.F, no domain meaning 0000), then lines of 16 bytes
# "OFF: xx xx ...", until a blank line.  "#" lines are skipped.
# Usage: awk [-v record=1] -f hexbytes.awk FILE...
# record=1 also holds the dump to what lspci prints: the offset has two
# digits below 0x100 and three from 0x100 on.  Every hex line must start
# where the previous one ended.  Exit status 1 on anything malformed.

function hex(s,    i, n) {
	n = 0
	for (i = 1; i <= length(s); i++)
		n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return n
}

function err(msg) {
	printf "hexbytes: %s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
	bad = 1
}

BEGIN { HEX = "[0-9a-f]" }

FNR == 1 { bdf = "" }

/^#/ { next }

/^[ \t]*$/ { bdf = ""; next }

$1 ~ ("^(" HEX HEX HEX HEX "+:)?" HEX HEX ":" HEX HEX "\\." "[0-7]$") {
	bdf = ($1 ~ /^[0-9a-f]+:[0-9a-f]+:/) ? $1 : "0000:" $1
	if (bdf in seen)
		err(bdf " appears twice")
	seen[bdf] = 1
	next_off = 0
	next
}

$1 ~ ("^" HEX HEX HEX "?:$") && bdf != "" {
	off = hex(substr($1, 1, length($1) - 1))
	if (off != next_off)
		err(sprintf("offset %x after %x bytes", off, next_off))
	if (record && (length($1) == 3) != (off < 256))
		err("offset " $1 " has the wrong number of digits")
	if (NF != 17)
		err(NF - 1 " bytes on a line, not 16")
	for (i = 2; i <= NF; i++) {
		if ($i !~ ("^" HEX HEX "$"))
			err("not a byte: " $i)
		print bdf, off + i - 2, $i
	}
	next_off = off + 16
	next
}

{ err("unexpected line: " $0) }

END { exit bad }
