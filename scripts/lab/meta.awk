# Print the "# pasid-scan:" metadata of a record as "BDF KEY VALUE" lines,
# one per key=value token, in the order written, after a "BDF - -" line
# that says the function has metadata.  A function with no
# metadata line gets none; the callers compare by key, so token order and
# unknown keys do not matter.
# Usage: awk -f meta.awk RECORD...

# Lines about the host rather than a function ("host hostname=...") are
# not a function's.
$1 == "#" && $2 == "pasid-scan:" && $3 ~ /^([0-9a-f][0-9a-f][0-9a-f][0-9a-f]+:)?[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]\.[0-7]$/ {
	bdf = ($3 ~ /^[0-9a-f]+:[0-9a-f]+:/) ? $3 : "0000:" $3
	print bdf, "-", "-"
	for (i = 4; i <= NF; i++) {
		eq = index($i, "=")
		if (eq > 1)
			print bdf, substr($i, 1, eq - 1), substr($i, eq + 1)
		else
			print bdf, "?", $i
	}
}
