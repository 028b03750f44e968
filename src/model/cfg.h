/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cfg.h - one PCI function's config space as a snapshot.
 *
 * Every source (a live scan, an lspci dump, a raw sysfs "config" copy)
 * produces this structure and nothing else, so everything after it can
 * not tell where the bytes came from.  Bytes at or past valid_len are
 * unknown: readers go through cfg_known() first, never assume zero.
 *
 * src/model/: one function's config space and what is made of it: the
 * snapshot, its capabilities, who owns each byte, what vfio-pci and
 * QEMU make of it, the verdict.
 */
#ifndef PASID_SCAN_CFG_H
#define PASID_SCAN_CFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hex16.h"

#define CFG_SPACE_SIZE		4096	/* PCIe r6.0 sec 7.2.2: 4 KiB per function */
#define CFG_LEGACY_SIZE		256	/* conventional PCI config space */
#define CFG_UNPRIV_SIZE		64	/* sysfs "config" read by a non-root user */
#define CFG_PATH_MAX		512

/* Type 0/1 header registers (PCI Local Bus 3.0 sec 6.1) */
#define PCI_VENDOR_ID		0x00
#define PCI_DEVICE_ID		0x02
#define PCI_STATUS		0x06
#define  PCI_STATUS_CAP_LIST	0x10
#define PCI_REVISION_ID		0x08
#define PCI_CLASS_PROG		0x09	/* 24-bit class code starts here */
#define PCI_HEADER_TYPE		0x0e
#define  PCI_HEADER_TYPE_MASK	0x7f
#define  PCI_HEADER_TYPE_NORMAL	0
#define  PCI_HEADER_TYPE_BRIDGE	1
#define  PCI_HEADER_TYPE_CARDBUS 2
#define PCI_SUBSYSTEM_VENDOR_ID	0x2c
#define PCI_SUBSYSTEM_ID	0x2e
#define PCI_CAPABILITY_LIST	0x34
#define PCI_CB_CAPABILITY_LIST	0x14	/* CardBus bridges keep it here */
#define PCI_BRIDGE_SUBSYS_NONE	0xffff

#define PCI_STD_HEADER_SIZEOF	0x40
#define PCI_CB_HEADER_SIZEOF	0x48	/* up to the 16-bit legacy mode base */

#define PCI_CLASS_BRIDGE_HOST	0x0600

enum fn_kind {
	FN_KIND_FN,	/* an ordinary function */
	FN_KIND_PF,	/* carries an SR-IOV capability */
	FN_KIND_VF,	/* an SR-IOV virtual function */
};

/*
 * A domain is 32 bits, as in Linux: pci_domain_nr() is an int, and Intel
 * VMD numbers its domains from 0x10000 up (drivers/pci/controller/vmd.c,
 * vmd_find_free_domain()), which lspci prints with five digits.
 */
struct pci_addr {
	uint32_t domain;
	uint8_t bus;
	uint8_t dev;	/* 0..31 */
	uint8_t fn;	/* 0..7 */
};

struct cfg_ident {
	struct pci_addr addr;
	bool has_addr;		/* false for a raw config with no BDF in its path */
	uint16_t vendor;	/* real IDs: from metadata or the PF for a VF */
	uint16_t device;
	uint32_t class;		/* 24-bit class code, base:sub:prog-if */
	uint8_t revision;
	uint16_t subvendor;
	uint16_t subdevice;
	bool ids_from_meta;	/* vendor/device came from sysfs metadata */
	bool ids_from_pf;	/* vendor/device derived from the PF's SR-IOV cap */
	bool has_physfn;
	struct pci_addr physfn;
	enum fn_kind kind;
	bool kind_from_meta;
};

/*
 * What sysfs says about a function beyond its config bytes: read by a
 * live scan, carried by a recording.  Each field counts only when its
 * FACT_* bit is set in "have".
 */
#define FACT_CFG_SIZE	0x01	/* size of the sysfs config file */
#define FACT_DRIVER	0x02
#define FACT_IOMMU	0x04
#define FACT_NUMA	0x08
#define FACT_VFINDEX	0x10	/* this VF is its PF's virtfnN */
#define FACT_SRIOV	0x20	/* the PF's sriov_* attributes */

#define FACT_DRIVER_MAX	64

struct cfg_sriov_facts {
	uint16_t totalvfs;
	uint16_t numvfs;
	uint16_t offset;
	uint16_t stride;
	uint16_t vf_device;
};

struct cfg_facts {
	unsigned int have;
	unsigned int cfg_size;
	char driver[FACT_DRIVER_MAX];
	int iommu_group;
	int numa_node;
	unsigned int vfindex;
	struct cfg_sriov_facts sriov;
};

/* The machine and time a live scan ran on; shared by its snapshots. */
#define HOST_FIELD_MAX	128
struct scan_host {
	char hostname[HOST_FIELD_MAX];
	char kernel[HOST_FIELD_MAX];
	char product[HOST_FIELD_MAX];	/* DMI product name, "" if unreadable */
	char time[32];			/* UTC, ISO 8601 */
	char tool[32];			/* pasid-scan version that scanned */
};

struct cfg_origin {
	char path[CFG_PATH_MAX];
	unsigned int line;	/* header line of a text dump; 0 for binary */
};

/*
 * How far a function was probed beyond one read of its bytes, and so
 * which of its masks are known (src/probe/probe.c).
 */
enum probe_level {
	PROBE_NONE,
	PROBE_READ,	/* read again, spaced out: vol[] is known */
	PROBE_WRITE,	/* gap dwords written and restored: rw[] too */
};

struct cfg_snapshot {
	struct cfg_ident id;
	struct cfg_origin origin;
	struct cfg_facts facts;
	const struct scan_host *host;	/* NULL for a dump without one */
	enum probe_level probe;
	unsigned int valid_len;	/* 64, 256 or 4096; bytes past it are unknown */
	uint8_t bytes[CFG_SPACE_SIZE];
	/* Bytes that changed between reads: every bit of such a byte is set.
	 * Known from PROBE_READ on, zero past valid_len. */
	uint8_t vol[CFG_SPACE_SIZE];
	/* Bits a probe write changed: in the dword written, or elsewhere in
	 * the gaps as its side effect.  Known for PROBE_WRITE only; only gap
	 * dwords are ever written. */
	uint8_t rw[CFG_SPACE_SIZE];
};

void cfg_init(struct cfg_snapshot *s);
bool cfg_known(const struct cfg_snapshot *s, unsigned int off, unsigned int len);
uint8_t cfg_u8(const struct cfg_snapshot *s, unsigned int off);
uint16_t cfg_le16(const struct cfg_snapshot *s, unsigned int off);
uint32_t cfg_le32(const struct cfg_snapshot *s, unsigned int off);

/*
 * A partial snapshot holds less than the function has: the 64 bytes a
 * non-root sysfs read gives, or a read that stopped short of the size
 * sysfs reported.
 */
bool cfg_partial(const struct cfg_snapshot *s);
/* The same judged by facts f, before they are s's own (a live read
 * and the metadata sysfs gave it). */
bool cfg_partial_with(const struct cfg_snapshot *s, const struct cfg_facts *f);

/* Fill vendor/device/class/revision/subsystem from the header bytes. */
void cfg_ident_from_bytes(struct cfg_snapshot *s);
uint16_t cfg_raw_vendor(const struct cfg_snapshot *s);
uint8_t cfg_header_type(const struct cfg_snapshot *s);

/*
 * "dddd:bb:dd.f": the domain in at least 4 hex digits, more when it needs
 * them ("%04x", as lspci and the kernel's sysfs names print it), so up to
 * "ffffffff:ff:1f.7"; buf needs PCI_ADDR_STRLEN bytes.
 */
#define PCI_ADDR_STRLEN 17
#define PCI_DOMAIN_DIGITS 8
void pci_addr_format(const struct pci_addr *a, char *buf);
/* Accepts "bb:dd.f" (domain 0) and "d:bb:dd.f" with a domain of 1 to 8
 * hex digits; returns chars used or 0. */
size_t pci_addr_parse(const char *s, struct pci_addr *a);
/* "vendor:device", each up to 4 hex digits (scanf's %x); returns the
 * chars used, or 0. */
size_t pci_id_parse(const char *s, uint16_t *vendor, uint16_t *device);
/* Value of one hex digit, or -1 (hex16.h's table). */
static inline int hex_digit(int c)
{
	return c >= 0 && c <= 255 ? hex_value1[c] - 1 : -1;
}
int pci_addr_cmp(const struct pci_addr *a, const struct pci_addr *b);

/*
 * A device key, VENDOR:DEVICE:KIND: KIND is "vf" for an SR-IOV VF and
 * "fn" for every other function, an SR-IOV PF included, as the kernel
 * (pci_dev->is_virtfn) and QEMU (is_vf) split them.
 */
#define KEY_KIND_ANY	-1
#define KEY_STRLEN	13	/* "1b36:0010:vf" and a NUL */
const char *key_kind_name(bool vf);
void key_format(uint16_t vendor, uint16_t device, bool vf, char *buf);
/* VENDOR:DEVICE[:KIND], each ID 1 to 4 hex digits; "pf" is read as
 * "fn".  *kind is 0 (fn), 1 (vf) or KEY_KIND_ANY.  0, or -1. */
int key_parse(const char *s, uint16_t *vendor, uint16_t *device, int *kind);
uint16_t pci_addr_rid(const struct pci_addr *a);

/* A name for machines and words for people: what the tables of enums
 * (the reasons for a verdict, the fates of a capability) hold. */
struct name_text {
	const char *name;
	const char *text;
};

/* The index of name in a table of n entries stride bytes apart whose
 * first member is a name (a const char *), or -1: the tables that map
 * names to enums (verdicts, reasons, probe levels) look a name up so. */
int name_index(const void *table, size_t n, size_t stride, const char *name);

const char *fn_kind_name(enum fn_kind k);
const char *probe_level_name(enum probe_level p);
/* "none", "read" or "write"; 0, or -1 if it is none of them. */
int probe_level_parse(const char *name, enum probe_level *p);

#endif
