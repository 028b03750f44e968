/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * consensus.h - every observation of a device key folded into one view
 * of its config space, and the placements that view allows.
 *
 * A key is VENDOR:DEVICE:KIND, KIND "fn" for any function that is not
 * a VF (an SR-IOV PF included) and "vf" for a VF: how the kernel
 * (pci_dev->is_virtfn) and QEMU (is_vf) tell them apart.  A byte is
 * taken for the key if any observation shows it taken, or if no
 * observation read it: a partial read adds what it read and takes
 * nothing away, so a placement is safe for every observation at once
 * and rests on whole reads.  The verdict is the consumer's (guest.h)
 * over all observations: where QEMU would add a vPASID in any of
 * them, the offset must suit every one of those.
 *
 * src/gen/: a device key's consensus over the store, and the tables
 * made from it: kernel header, QEMU table, offset map.
 */
#ifndef PASID_SCAN_CONSENSUS_H
#define PASID_SCAN_CONSENSUS_H

#include "placement.h"
#include "snapset.h"

#define KEY_NAME_MAX	128
/* Runs of at least one byte with a byte between: at most half. */
#define KEY_MAX_REGIONS	(CFG_SPACE_SIZE / 2)

/* A capability as the observations of a key saw it. */
struct key_cap {
	uint16_t off;
	uint16_t id;
	bool ext;
	bool orphan;
	uint8_t version;
	uint16_t size;
	unsigned int n_obs;
};

struct pf_off {
	uint16_t off;
	unsigned int n_obs;
};

/* The physical PASID, PRI or ATS capability on the PFs of a VF key. */
struct pf_phys {
	unsigned int n_obs;	/* VF observations whose PF has it */
	struct pf_off *offs;	/* distinct offsets; after consensus_finish()
				 * the most observed first, then the higher */
	size_t n_off, alloc_off;
	/* The least any of those PFs offers (PCIe r6.0 sec 7.8.8.2 and
	 * 10.5.2.4), so a synthesized capability never claims more. */
	uint8_t max_pasid_width;
	bool exec, priv;
	uint32_t pri_outstanding;
};

struct dev_key {
	uint16_t vendor, device;
	bool vf;
	char name[KEY_NAME_MAX];	/* pci.ids, made safe; "" if unknown */
	char dev_name[KEY_NAME_MAX];	/* the device's part of it alone */
	unsigned int n_obs, n_probed;
	unsigned int n_unnamed;		/* scans (dumps) that name no host */
	unsigned int n_pf_seen;		/* VF observations with their PF */
	/* Observations by what the consumer makes of them, and the
	 * reasons seen (1 << enum guest_why) for each. */
	unsigned int n_fate[GUEST_FATE_N];
	uint32_t why_seen[GUEST_FATE_N];
	enum ext_space ext;		/* the most any observation shows */
	bool absent_seen;		/* an observation without ext space */
	uint8_t occ[CFG_SPACE_SIZE];	/* OCC_* */
	bool read[CFG_SPACE_SIZE];	/* some observation read the byte */
	struct key_cap *caps;
	size_t n_caps, alloc_caps;
	/* Distinct chains among the reads that saw them whole: standard
	 * (256 bytes read) and extended (extended space read). */
	uint64_t *chains[2];
	size_t n_chains[2], alloc_chains[2];
	/* Distinct walks QEMU takes of the guest's chain (guest.h), over
	 * the observations it would extend. */
	struct qemu_walk *walks;
	size_t n_walks, alloc_walks;
	struct pf_phys pf[VCAP_N];
	/* The named hosts seen, "hostname\nproduct", sorted. */
	char **host_ids;
	unsigned int n_hosts;
	long long last_scan;		/* a hostless scan counts once */
	/* consensus_finish() fills these */
	struct region hidden[KEY_MAX_REGIONS];
	unsigned int n_hidden;
	struct region free[KEY_MAX_REGIONS];
	unsigned int n_free;
	enum guest_fate fate;		/* over all observations */
	struct vpasid_verdict verdict;
	struct vcap_verdict place[VCAP_N];
};

struct key_set {
	struct dev_key **v;
	size_t n, alloc;
	unsigned int n_scans;
};

void key_set_init(struct key_set *ks);
/* Observations folded in: the sum over the keys. */
unsigned int key_set_observations(const struct key_set *ks);
void key_set_free(struct key_set *ks);
/* Fold in the functions of one scan (scan_seq: any number unique to
 * the scan).  A VF's PF is found by address in the same scan. */
void consensus_add_scan(struct key_set *ks, const struct snapset *scan,
			long long scan_seq);
/* Fold in n functions of one scan that are alike: the key, bytes,
 * masks, class and config size of s, and pf, the VF's PF in the scan
 * (NULL if none or not a VF).  The caller counts the scan in n_scans. */
void consensus_add(struct key_set *ks, const struct cfg_snapshot *s,
		   const struct cfg_snapshot *pf, unsigned int n,
		   long long scan_seq);
/* Sort the keys and work out regions, windows and placements. */
void consensus_finish(struct key_set *ks);
struct dev_key *key_set_find(const struct key_set *ks, uint16_t vendor,
			     uint16_t device, bool vf);
/* The number of distinct standard (ext false) or extended chains
 * among whole reads; more than one is worth a note. */
size_t key_chain_variants(const struct dev_key *k, bool ext);
/* How many keys have each verdict. */
void key_set_verdicts(const struct key_set *ks, unsigned int n[VERDICT_N]);
/* Copy s into buf so it is safe in a C comment, a C string and YAML:
 * printable ASCII only, no comment delimiters, no backslash. */
void safe_text(const char *s, char *buf, size_t len);

#endif
