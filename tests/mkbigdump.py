#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""mkbigdump.py REC BDF MIB OUT

A large dump for the streaming tests: the block of function BDF in the
recording REC (its header line through the blank line after its hex
lines), written again and again under new addresses until OUT holds MIB
MiB.  Every copy is the same real function at another address, so the
file is as large as asked while every function in it is genuine bytes."""
import sys

rec, bdf, mib, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
lines, on = [], False
for line in open(rec):
    if line.startswith(bdf + " "):
        on = True
    if on:
        if not line.strip():
            break
        lines.append(line)
if not lines:
    sys.exit("mkbigdump: %s: no device %s" % (rec, bdf))
body = "".join(lines[1:]) + "\n"
title = lines[0][len(bdf):]
limit, size, n = mib << 20, 0, 0
with open(out, "w") as f:
    while size < limit:
        # domain, bus, device, function from the copy's number
        addr = "%04x:%02x:%02x.%x" % (n >> 16, (n >> 8) & 0xff, (n >> 3) & 0x1f, n & 7)
        block = addr + title + body
        f.write(block)
        size += len(block)
        n += 1
print(n)
