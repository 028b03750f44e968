#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""study.py - what the real record says about QEMU's default vPASID offset.

Stores each part of the record ../shared holds, and the project's own lab
recordings, in a fresh store of its own and in one together, runs
'pasid-scan gen --yaml' on each, and prints the figures docs/study.md
gives, as the Markdown between its study markers:

  - functions and observations read, whole and partial;
  - device keys by verdict, and by the reason for each verdict that places
    nothing;
  - for the keys QEMU would extend: how close to 0xff8 the highest byte in
    use comes, and how many have hidden registers at all.

Usage: study.py PASID_SCAN [SHARED_CORPUS_DIR]
SHARED_CORPUS_DIR defaults to ../shared/corpus beside the source tree.
"""
import os
import subprocess
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VERDICTS = ["default-safe", "other-offset", "no-safe-offset", "no-vpasid",
            "not-assignable", "not-known"]
PLACED = VERDICTS[:3]


def dumps(corpus):
    """The parts of the record: (label, [paths])."""
    def files(d, skip=("MANIFEST.tsv", "README.md", "sysfs.txt")):
        out = []
        for root, _, names in os.walk(d):
            out += [os.path.join(root, n) for n in names
                    if n not in skip and not n.startswith(".")]
        return sorted(out)
    lab = [os.path.join(HERE, "tests/fixtures/lab/root.rec")]
    lab += files(os.path.join(HERE, "tests/fixtures/qemu-lab"))
    lab += files(os.path.join(corpus, "qemu-lab"))
    return [("public dumps", files(os.path.join(corpus, "public-dumps"))),
            ("pciutils tests", files(os.path.join(corpus, "pciutils-tests"))),
            ("lab recordings", lab)]


def gen(ps, tmp, name, paths):
    db, mp = os.path.join(tmp, name + ".db"), os.path.join(tmp, name + ".yaml")
    subprocess.run([ps, "replay", "-q", "--db", db] + paths, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run([ps, "gen", "--db", db, "--yaml", mp], check=True,
                   stderr=subprocess.DEVNULL)
    return yaml.safe_load(open(mp))


def fates(m):
    t = {"not-known": 0, "not-assignable": 0, "no-vpasid": 0, "extended": 0}
    for d in m["devices"]:
        for k, v in d["observations-by-fate"].items():
            t[k] += v
    return t


def top_in_use(d):
    """The highest byte some observation uses, from the free windows."""
    top = [w["offset"] for w in d["free-windows"]
           if w["offset"] + w["size"] == 0x1000]
    return (top[0] if top else 0x1000) - 1


def row(cells):
    return "| " + " | ".join(str(c) for c in cells) + " |"


def table(parts):
    names = [n for n, _ in parts]
    out = [row(["", *names]), row(["---"] * (len(names) + 1))]
    maps = [m for _, m in parts]
    out.append(row(["observations (functions read)", *[m["observations"] for m in maps]]))
    for f, label in (("extended", "whole reads QEMU would extend"),
                     ("no-vpasid", "whole reads QEMU would not extend"),
                     ("not-assignable", "reads of functions not assignable"),
                     ("not-known", "partial reads, nothing else known")):
        out.append(row([label, *[fates(m)[f] for m in maps]]))
    out.append(row(["**device keys**", *["**%d**" % len(m["devices"]) for m in maps]]))
    for v in VERDICTS:
        out.append(row(["`%s`" % v, *[m["verdicts"][v] for m in maps]]))
    return out


def whys(m):
    out = {}
    for d in m["devices"]:
        if d["verdict"] not in PLACED:
            out.setdefault((d["verdict"], d["why"]), 0)
            out[(d["verdict"], d["why"])] += 1
    return out


def extended(m):
    ext = [d for d in m["devices"] if d["verdict"] in PLACED]
    tops = sorted(top_in_use(d) for d in ext)
    near = [d for d in ext if top_in_use(d) >= 0xf00]
    hidden = [d for d in ext if d["hidden-regions"]]
    return ext, tops, near, hidden


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: study.py PASID_SCAN [SHARED_CORPUS_DIR]")
    ps = os.path.abspath(sys.argv[1])
    corpus = sys.argv[2] if len(sys.argv) == 3 else os.path.join(HERE, "../shared/corpus")
    with tempfile.TemporaryDirectory() as tmp:
        parts = [(n, gen(ps, tmp, "p%d" % i, p)) for i, (n, p) in enumerate(dumps(corpus))]
        everything = gen(ps, tmp, "all", [f for _, p in dumps(corpus) for f in p])
    parts.append(("together", everything))
    print("\n".join(table(parts)))
    print()
    print(row(["verdict", "why", "device keys"]))
    print(row(["---"] * 3))
    for (v, w), n in sorted(whys(everything).items()):
        print(row(["`%s`" % v, "`%s`" % w, n]))
    ext, tops, near, hidden = extended(everything)
    print()
    print("Of the %d keys QEMU would extend (all of the record together):" % len(ext))
    print()
    print("- the highest byte in use is at 0x%03x at most, %d bytes below 0xff8 "
          "on the closest key (%s);" % (tops[-1], 0xff8 - tops[-1] - 1,
                                       ", ".join("%04x:%04x:%s" % (d["vendor"], d["device"], d["kind"])
                                                 for d in ext if top_in_use(d) == tops[-1])))
    print("- %d use a byte in the last 256 (0xf00 and up): %s;" % (
        len(near), ", ".join("%04x:%04x:%s at 0x%03x" % (d["vendor"], d["device"], d["kind"], top_in_use(d))
                             for d in sorted(near, key=top_in_use, reverse=True)) or "none"))
    print("- half of them use nothing above 0x%03x;" % tops[len(tops) // 2])
    print("- %d have hidden registers (gap bytes that read non-zero), none of them "
          "at 0xff8..0xfff." % len(hidden) if all(top_in_use(d) < 0xff8 for d in hidden)
          else "- %d have hidden registers." % len(hidden))


if __name__ == "__main__":
    main()
