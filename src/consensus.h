/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * consensus.h - every observation of a device key folded into one view
 * of its config space, and the placements that view allows.
 *
 * A key is (vendor, device, pf|vf).  "pf" is any function that is not a
 * VF - an SR-IOV PF or an ordinary function - which is how the kernel
 * (pci_dev->is_virtfn) and a VMM tell them apart.  A byte is taken for
 * the key if any observation shows it taken or did not read it, so a
 * placement is safe for every observation at once.
 */
#ifndef PASID_SCAN_CONSENSUS_H
#define PASID_SCAN_CONSENSUS_H

#include "placement.h"
#include "snapset.h"

/* Why a byte is taken, over all observations of a key (bits). */
#define OCC_HEADER	0x01
#define OCC_CAP		0x02
#define OCC_ORPHAN	0x04
#define OCC_NONZERO	0x08	/* hidden register: read non-zero */
#define OCC_VOLATILE	0x10	/* hidden register: changed between reads */
#define OCC_WRITABLE	0x20	/* hidden register: took a written value */
#define OCC_UNKNOWN	0x40	/* some observation did not read it */
#define OCC_ABSENT	0x80	/* some observation has no ext space */
#define OCC_HIDDEN	(OCC_NONZERO | OCC_VOLATILE | OCC_WRITABLE)

/* Each OCC_* bit, in the order the offset map and the pictures list
 * them: its name in the map and its words for people. */
struct occ_reason {
	uint8_t bit;
	const char *name;
	const char *text;
};
#define N_OCC_REASONS	8
extern const struct occ_reason occ_reasons[N_OCC_REASONS];

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
	unsigned int n_obs, n_probed;
	unsigned int n_unnamed;		/* scans (dumps) that name no host */
	unsigned int n_pf_seen;		/* VF observations with their PF */
	enum ext_space ext;		/* the most restrictive observed */
	uint8_t occ[CFG_SPACE_SIZE];	/* OCC_* */
	struct key_cap *caps;
	size_t n_caps, alloc_caps;
	uint64_t *chains;		/* distinct chains among whole reads */
	size_t n_chains, alloc_chains;
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
	struct vcap_verdict place[VCAP_N];
	bool needs_quirk;
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
bool key_chains_disagree(const struct dev_key *k);
const char *key_kind_name(bool vf);	/* "pf" or "vf" */
/* Copy s into buf so it is safe in a C comment, a C string and YAML:
 * printable ASCII only, no comment delimiters, no backslash. */
void safe_text(const char *s, char *buf, size_t len);

#endif
