# Split the guest's console log into the files it framed:
#	LABFILE-BEGIN name
#	...
#	LABFILE-END name
# Usage: awk -v dir=DIR -f frames.awk serial.log
# Each frame becomes DIR/name; DIR/.frames lists those that ended.  A
# frame the log cuts off (the guest died or timed out) is written but not
# listed, so the caller can tell it apart.  Exit status 1 on a malformed
# frame.

# The console turns each newline into CR LF.
{ sub(/\r$/, "") }

/^LABFILE-BEGIN / {
	if (name != "")
		close(dir "/" name)
	name = $2
	# The name becomes a path: nothing but a plain file name.
	if (NF != 2 || name !~ /^[A-Za-z0-9][A-Za-z0-9._-]*$/) {
		printf "frames: line %d: bad frame name\n", NR > "/dev/stderr"
		name = ""
		bad = 1
		next
	}
	printf "" > (dir "/" name)
	next
}

/^LABFILE-END / && name != "" {
	if (NF != 2 || $2 != name) {
		printf "frames: line %d: end of %s inside %s\n", NR, $2, name > "/dev/stderr"
		bad = 1
		next
	}
	close(dir "/" name)
	print name > (dir "/.frames")
	name = ""
	next
}

name != "" { print > (dir "/" name) }

END {
	printf "" >> (dir "/.frames")
	exit bad
}
