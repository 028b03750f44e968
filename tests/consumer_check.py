#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""consumer_check.py - a second reading of what gen writes, from the
stored bytes, with the consumer's rules written again here rather than
taken from pasid-scan's code:

  Linux vfio-pci (drivers/vfio/pci/vfio_pci_core.c, vfio_pci_config.c):
    binds header type 0 only; hides extended capabilities whose length
    pci_ext_cap_length[] does not give (PASID among them), and a head
    capability it hides keeps its header with ID 0; shows nothing, and so
    a first extended dword of 0, when it hides them all.
  QEMU 11 (hw/vfio/pci.c, hw/pci/pcie.c):
    assigns PCIe endpoints, legacy endpoints and integrated endpoints;
    adds extended capabilities, a vPASID among them, only when the first
    extended dword vfio-pci shows is not 0 and no PASID is shown; drops
    SR-IOV, ARI and ID 0 from the guest's chain; pcie_insert_capability()
    refuses an offset inside a header on its walk from 0x100.

Checks, over a store and the files gen wrote from it:
  - every row of the QEMU table (and as many in the kernel header) is a
    key of which some stored function is one QEMU extends, and its
    offset, if any, is one QEMU takes in every such function and lies in
    a free window of each of their analyses;
  - every key's verdict in the map is what these rules give its stored
    functions: not-known with no whole read, not-assignable or no-vpasid
    where no function is extended, a placed verdict where one is.

Usage: consumer_check.py STORE MAP KERNEL.h QEMU.h
Prints one summary line; exits 1 with the first disagreements.
"""
import re
import sqlite3
import sys

import yaml

# drivers/vfio/pci/vfio_pci_config.c pci_ext_cap_length[] (Linux 6.4+):
# the extended capability IDs with a length, which vfio-pci shows.
VFIO_SHOWN = {0x01, 0x02, 0x03, 0x04, 0x08, 0x09, 0x0b, 0x0d, 0x0e, 0x0f,
              0x10, 0x12, 0x13, 0x15, 0x16, 0x17, 0x18, 0x23}
VSEC, DVSEC, SRIOV, ARI, PASID = 0x0b, 0x23, 0x10, 0x0e, 0x1b
PCIE_CAP = 0x10
ENDPOINTS = {0x0, 0x1, 0x9}     # endpoint, legacy endpoint, RC integrated


def le16(b, o):
    return b[o] | b[o + 1] << 8


def le32(b, o):
    return le16(b, o) | le16(b, o + 2) << 16


def pcie_type(b):
    """The PCIe capability's port type, or None without one."""
    if len(b) < 256 or not le16(b, 0x06) & 0x10:
        return None
    pos, seen = b[0x34] & 0xfc, set()
    while pos >= 0x40 and pos not in seen:
        seen.add(pos)
        if b[pos] == PCIE_CAP:
            return (le16(b, pos + 2) >> 4) & 0xf
        pos = b[pos + 1] & 0xfc
    return None


def ext_chain(b):
    """(offset, id) of the extended chain, or None for no extended space."""
    if len(b) < 4096:
        return None
    first = le32(b, 0x100)
    if first == 0xffffffff or all(le32(b, o) == le32(b, 0)
                                  for o in range(0x100, 0x1000, 0x100)):
        return None
    chain, pos, seen = [], 0x100, set()
    while pos >= 0x100 and pos not in seen:
        h = le32(b, pos)
        if h in (0, 0xffffffff):
            break
        seen.add(pos)
        chain.append((pos, h & 0xffff))
        pos = (h >> 20) & 0xffc
    return chain


def shown(b, off, cid):
    if cid not in VFIO_SHOWN:
        return False
    return cid not in (VSEC, DVSEC) or le32(b, off + 4) >> 20 != 0


def fate(b, cfg_size):
    """('extended', walk) or (fate, None) for one function's bytes; cfg_size
    is the size the host's kernel gave its config (None: not known)."""
    if len(b) >= 16 and b[0x0e] & 0x7f != 0:
        return "not-assignable", None
    if len(b) < 256:
        return "not-known", None
    t = pcie_type(b)
    if t is None:
        return "no-vpasid", None
    if t not in ENDPOINTS:
        return "not-assignable", None
    if len(b) < 4096:
        # vfio_config_init(): no extended space past a 256-byte config
        return ("no-vpasid" if cfg_size == 256 else "not-known"), None
    chain = ext_chain(b)
    if not chain:
        return "no-vpasid", None
    vis = [(o, i) for o, i in chain if shown(b, o, i)]
    if not vis or any(i == PASID for _, i in vis):
        return "no-vpasid", None
    walk = [0x100] + [o for o, i in vis if i not in (SRIOV, ARI, 0) and o != 0x100]
    return "extended", walk


def qemu_takes(walk, off):
    if off % 4 or off < 0x100 or off + 8 > 0x1000:
        return False
    for h in walk:
        if off < h:
            break
        if off < h + 4:
            return False
    return True


def functions(db):
    q = ("SELECT f.vendor, f.device, f.kind = 'vf', s.bytes, a.id, f.cfg_size "
         "FROM functions f JOIN analyses a ON a.id = f.analysis_id "
         "JOIN snapshots s ON s.id = a.snapshot_id")
    keys = {}
    for v, d, vf, b, aid, cfg_size in db.execute(q):
        f, walk = fate(bytes(b), cfg_size)
        keys.setdefault((v, d, bool(vf)), []).append((f, walk, aid))
    return keys


def free(db, aid, off):
    return db.execute("SELECT count(*) FROM free_windows WHERE analysis_id = ? "
                      "AND off <= ? AND off + size >= ?",
                      (aid, off, off + 8)).fetchone()[0] == 1


def key_verdict(obs):
    fates = {f for f, _, _ in obs}
    for f in ("extended", "no-vpasid", "not-assignable"):
        if f in fates:
            return f
    return "not-known"


def main():
    db = sqlite3.connect(sys.argv[1])
    m = yaml.safe_load(open(sys.argv[2]))
    krows = len(re.findall(r"^\t\{ PCI_V?DEVICE\(", open(sys.argv[3]).read(), re.M))
    qrows = re.findall(r"^    \{ 0x([0-9a-f]{4}), 0x([0-9a-f]{4}), (true|false), 0x([0-9a-f]+) \},",
                       open(sys.argv[4]).read(), re.M)
    keys = functions(db)
    bad = []
    if krows != len(qrows):
        bad.append("kernel header %d rows, QEMU table %d" % (krows, len(qrows)))
    for v, d, vf, off in qrows:
        k = (int(v, 16), int(d, 16), vf == "true")
        ext = [(w, aid) for f, w, aid in keys.get(k, []) if f == "extended"]
        if not ext:
            bad.append("%s:%s row, but QEMU extends no stored function of it" % (v, d))
            continue
        off = int(off, 16)
        if off and not all(qemu_takes(w, off) and free(db, aid, off) for w, aid in ext):
            bad.append("%s:%s row offset %#x: QEMU refuses it or it is not free" % (v, d, off))
    placed = {"default-safe", "other-offset", "no-safe-offset"}
    for dev in m["devices"]:
        k = (dev["vendor"], dev["device"], dev["kind"] == "vf")
        want = key_verdict(keys.get(k, []))
        got = dev["verdict"]
        if (got in placed) != (want == "extended") or \
           (got not in placed and got != want):
            bad.append("%04x:%04x:%s: map %s, rules %s" % (k[0], k[1], dev["kind"], got, want))
    if bad:
        print("; ".join(bad[:5]) + ("; ... %d in all" % len(bad) if len(bad) > 5 else ""))
        return 1
    print("%d C rows, %d keys' verdicts agree with the rules read again from %d functions"
          % (len(qrows), len(m["devices"]), sum(len(o) for o in keys.values())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
