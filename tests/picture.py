#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Check pasid-scan's pictures against what the tool says in other forms.

  picture.py cells SVG JSON        every cell of a function's map against
                                   show --format=json of the same function
  picture.py key SVG YAML V D KIND a key's map against its entry in the
                                   offset map gen writes
  picture.py size SVG              "W,H", the window a browser renders it in
  picture.py png PNG SVG JSON      pixels of the map rendered by a browser:
                                   header, a capability, the vPASID outline
                                   and any hidden register in their colours

The expected owner of each byte is worked out here from the JSON or YAML
alone, independently of the C code that drew the SVG: header bytes, then
capabilities in chain order (the first claim wins), orphans, hidden
regions by their strongest evidence, bytes past the config size; what is
left must be exactly the free windows.  Prints one line per problem and
exits 1 if there was any.
"""
import json
import re
import struct
import sys
import xml.etree.ElementTree as ET
import zlib

NS = "{http://www.w3.org/2000/svg}"
CELL = 10
HEADER = 64     # type 0 and type 1 headers (PCI r3.0 sec 6.1)
EXT_NONE = ("none", "aliased")


class Picture:
    """The cells, outlines, class colours and panels of one SVG."""

    def __init__(self, path):
        root = ET.parse(path).getroot()
        self.width = int(root.get("width"))
        self.height = int(root.get("height"))
        style = root.find(NS + "style").text
        self.fill = {m.group(1): m.group(2)
                     for m in re.finditer(r"\.(\w+)\{fill:(#[0-9a-f]{6})\}", style)}
        self.owner_of = {}
        for r in root.iter(NS + "rect"):
            if r.get("data-owner"):
                cls = r.get("class")
                self.owner_of[cls.rstrip("0123456789")] = r.get("data-owner")
        # The first panel's grid: the first translated group.
        g = next(g for g in root.iter(NS + "g")
                 if (g.get("transform") or "").startswith("translate"))
        self.origin = tuple(int(v) for v in
                            re.match(r"translate\((\d+),(\d+)\)", g.get("transform")).groups())
        self.cells = {}
        self.places = {}
        for r in g.findall(NS + "rect"):
            title = r.find(NS + "title").text
            if r.get("data-place"):
                self.places.setdefault(r.get("data-place"), []).append(
                    (int(r.get("x")), int(r.get("y")), int(r.get("width")),
                     int(r.get("height")), r.get("stroke")))
                continue
            off = int(r.get("y")) // CELL * 64 + int(r.get("x")) // CELL
            self.cells[off] = (r.get("class"), title)

    def owner(self, off):
        cls = self.cells[off][0]
        return self.owner_of[cls.rstrip("0123456789")]

    def place_offset(self, name):
        segs = self.places.get(name)
        if not segs:
            return None
        x, y = segs[0][0] + 1, segs[0][1] + 1
        return y // CELL * 64 + x // CELL


def strongest(evidence):
    for e in ("writable", "volatile", "nonzero"):
        if e in evidence:
            return e
    raise ValueError("hidden region without evidence")


def expected_function(fn):
    """owner and label offset of each byte, from show --format=json."""
    size = fn["config_size"]
    no_ext = fn["ext_space"] in EXT_NONE
    own = [None] * 4096
    label = [None] * 4096
    for b in range(4096):
        if b >= size:
            own[b] = "unknown"
        elif b >= 256 and no_ext:
            own[b] = "absent"
        elif b < HEADER:
            own[b] = "header"
    for kind, caps in (("cap", fn["caps"]), ("orphan", fn["orphans"])):
        for c in caps:
            for b in range(c["offset"], min(c["offset"] + c["size"], 4096)):
                if own[b] is None:
                    own[b], label[b] = kind, c
    for h in fn["hidden"]:
        for b in range(h["offset"], h["offset"] + h["size"]):
            if own[b] is None:
                own[b] = strongest(h["evidence"])
    free = set()
    for f in fn["free"]:
        free.update(range(f["offset"], f["offset"] + f["size"]))
    return own, label, free


def check_cells(svg, js):
    pic = Picture(svg)
    fns = json.load(open(js))["functions"]
    if len(fns) != 1:
        return ["%s: %d functions, wanted one" % (js, len(fns))]
    fn = fns[0]
    own, label, free = expected_function(fn)
    bad = []
    for b in range(4096):
        want = own[b] or "free"
        if own[b] is None and b not in free:
            bad.append("0x%03x: no owner in the JSON and not in a free window" % b)
        if own[b] is not None and b in free:
            bad.append("0x%03x: %s in the JSON, yet in a free window" % (b, own[b]))
        got = pic.owner(b)
        if got != want:
            bad.append("0x%03x: the SVG says %s, the JSON %s" % (b, got, want))
        title = pic.cells[b][1]
        if not title.startswith("0x%03x " % b):
            bad.append("0x%03x: tooltip '%s' names another offset" % (b, title))
        if (want == "unknown") != ("not read" in title.split(":")[0]):
            bad.append("0x%03x: tooltip '%s' and the config size disagree" % (b, title))
        if label[b] and ("%s at 0x%03x" % (label[b]["name"], label[b]["offset"])) not in title:
            bad.append("0x%03x: tooltip '%s' does not name %s at 0x%03x"
                       % (b, title, label[b]["name"], label[b]["offset"]))
    raw = fn["raw_vendor"] | fn["raw_device"] << 16
    for b in range(4):
        want = "= %02x:" % (raw >> (8 * b) & 0xff)
        if want not in pic.cells[b][1]:
            bad.append("0x%03x: tooltip '%s' lacks the ID byte '%s'" % (b, pic.cells[b][1], want))
    vp = fn["vpasid"]["offset"]
    if pic.place_offset("vpasid") != vp:
        bad.append("vPASID outlined at %s, the JSON says %s" % (pic.place_offset("vpasid"), vp))
    return bad


def check_key(svg, yml, vendor, device, kind):
    import yaml
    pic = Picture(svg)
    doc = yaml.safe_load(open(yml))
    dev = [d for d in doc["devices"] if d["vendor"] == int(vendor, 16)
           and d["device"] == int(device, 16) and d["kind"] == kind]
    if len(dev) != 1:
        return ["%s: %d entries for %s:%s %s" % (yml, len(dev), vendor, device, kind)]
    dev = dev[0]
    bad = []
    free = set()
    for f in dev["free-windows"]:
        free.update(range(f["offset"], f["offset"] + f["size"]))
    for h in dev["hidden-regions"]:
        want = strongest(h["evidence"])
        for b in range(h["offset"], h["offset"] + h["size"]):
            if pic.owner(b) not in ("header", "cap", "orphan", want):
                bad.append("0x%03x: hidden (%s) in the map, %s in the SVG"
                           % (b, want, pic.owner(b)))
    for b in range(4096):
        if (b in free) != (pic.owner(b) == "free") and b >= 0x100:
            bad.append("0x%03x: free window %s, SVG %s" % (b, b in free, pic.owner(b)))
    for name, p in dev["placements"].items():
        got = pic.place_offset(name)
        want = p["offset"]
        if got != want:
            bad.append("%s outlined at %s, the map says %s" % (name, got, want))
    return bad


def png_pixels(path):
    """(width, height, rows of RGB tuples) of an 8-bit RGB or RGBA PNG."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("%s: not a PNG" % path)
    pos, idat = 8, b""
    while pos < len(data):
        n, typ = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if typ == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise ValueError("%s: depth %d type %d interlace %d not read here"
                                 % (path, depth, ctype, interlace))
            bpp = 3 if ctype == 2 else 4
        elif typ == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(h):
        ft, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if ft == 1:
                line[x] = (line[x] + a) & 0xff
            elif ft == 2:
                line[x] = (line[x] + b) & 0xff
            elif ft == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xff
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[x] = (line[x] + pr) & 0xff
        rows.append([tuple(line[x:x + 3]) for x in range(0, stride, bpp)])
        prev = line
    return w, h, rows


def rgb(hexcolour):
    return tuple(int(hexcolour[i:i + 2], 16) for i in (1, 3, 5))


def close(a, b):
    return all(abs(x - y) <= 2 for x, y in zip(a, b))


def check_png(png, svg, js):
    pic = Picture(svg)
    fn = json.load(open(js))["functions"][0]
    w, h, px = png_pixels(png)
    bad = []
    if (w, h) != (pic.width, pic.height):
        bad.append("PNG is %dx%d, the SVG %dx%d" % (w, h, pic.width, pic.height))
        return bad
    ox, oy = pic.origin

    def cell_pixel(off):
        return px[oy + off // 64 * CELL + 4][ox + off % 64 * CELL + 4]

    def want_cell(what, off):
        cls = pic.cells[off][0]
        want = rgb(pic.fill[cls])
        got = cell_pixel(off)
        if not close(got, want):
            bad.append("%s at 0x%03x: pixel %s, wanted %s (class %s)"
                       % (what, off, got, want, cls))
        return want

    head = want_cell("header", 0)
    if rgb(pic.fill["h"]) != head:
        bad.append("the cell at 0x000 is not drawn as header")
    if fn["caps"]:
        c = fn["caps"][0]
        capc = want_cell("capability %s" % c["name"], c["offset"])
        if capc in (head, rgb(pic.fill["f"])):
            bad.append("the capability at 0x%03x is drawn like header or free" % c["offset"])
    for hr in fn["hidden"][:1]:
        want_cell("hidden register", hr["offset"])
    segs = pic.places.get("vpasid", [])
    if fn["vpasid"]["offset"] is not None and not segs:
        bad.append("no vPASID outline")
    for x, y, sw, _, stroke in segs[:1]:
        # The outline's top edge, half way along: the gap row above the
        # cells, which only the stroke paints.
        got = px[oy + y][ox + x + sw // 2]
        if not close(got, rgb(stroke)):
            bad.append("vPASID outline at 0x%03x: pixel %s, wanted %s"
                       % (fn["vpasid"]["offset"], got, rgb(stroke)))
        want_cell("the cell inside the vPASID outline", fn["vpasid"]["offset"])
    return bad


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "size":
        pic = Picture(args[0])
        print("%d,%d" % (pic.width, pic.height))
        return
    bad = {"cells": check_cells, "key": check_key, "png": check_png}[cmd](*args)
    for line in bad[:20]:
        print(line)
    if len(bad) > 20:
        print("... and %d more" % (len(bad) - 20))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
