/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * key_picture.h - the picture of a device key in a store: its
 * consensus, with the values of one stored observation (the most common
 * form of the key), and for a VF the PF that observation was seen with.
 *
 * src/view/: what people see of a function or a key: show's text, JSON
 * and guest view, the maps, the report.
 */
#ifndef PASID_SCAN_KEY_PICTURE_H
#define PASID_SCAN_KEY_PICTURE_H

#include "cell_map.h"
#include "store.h"

struct key_sample {
	uint16_t vendor, device;
	bool vf;
	long long analysis;	/* the stored form most functions had */
	long long pf_analysis;	/* its PF's, for a VF; 0 if none */
	unsigned int n;		/* functions of one scan in that form */
};

struct key_samples {
	struct key_sample *v;
	size_t n, alloc;
};

/* One sample for every key of the store; 0, or -1 after a message. */
int key_samples_load(struct store *st, struct key_samples *smp);
void key_samples_free(struct key_samples *smp);

/* Key k of keys (the store's consensus) into m, and its PF's key into
 * pf when there is one: 1 if pf was filled, 0 if not, -1 after a
 * message. */
int key_picture(struct store *st, const struct key_set *keys,
		const struct key_samples *smp, const struct dev_key *k,
		struct cell_map *m, struct cell_map *pf);

#endif
