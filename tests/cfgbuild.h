/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cfgbuild.h - build config spaces in memory for tests.
 *
 * What it models: a function's config space as software sees it through
 * config reads - little-endian registers, a type 0 header whose Status
 * register advertises a capability list, standard capabilities linked
 * from 0x34 and extended ones from 0x100.  Callers place structures at
 * the offsets real devices use (cited at the call site), link them in
 * any order, and may leave structures unlinked (orphans) or write
 * non-zero "hidden" registers into gaps, as real parts do.
 */
#ifndef PASID_SCAN_TESTS_CFGBUILD_H
#define PASID_SCAN_TESTS_CFGBUILD_H

#include <string.h>

#include "caps.h"
#include "cfg.h"

static inline void cb_w8(struct cfg_snapshot *s, unsigned int off, uint8_t v)
{
	s->bytes[off] = v;
}

static inline void cb_w16(struct cfg_snapshot *s, unsigned int off, uint16_t v)
{
	s->bytes[off] = (uint8_t)v;
	s->bytes[off + 1] = (uint8_t)(v >> 8);
}

static inline void cb_w32(struct cfg_snapshot *s, unsigned int off, uint32_t v)
{
	cb_w16(s, off, (uint16_t)v);
	cb_w16(s, off + 2, (uint16_t)(v >> 16));
}

/* A type 0 function with IDs and class, len bytes valid. */
static inline void cb_init(struct cfg_snapshot *s, uint16_t vendor,
			   uint16_t device, uint32_t class, unsigned int len)
{
	cfg_init(s);
	s->valid_len = len;
	cb_w16(s, PCI_VENDOR_ID, vendor);
	cb_w16(s, PCI_DEVICE_ID, device);
	cb_w32(s, PCI_REVISION_ID, class << 8 | 0x01);
	s->id.has_addr = true;
	cfg_ident_from_bytes(s);
}

/* Standard cap at off, pointing at next (0 ends the list). */
static inline void cb_std(struct cfg_snapshot *s, unsigned int off,
			  uint8_t id, uint8_t next)
{
	cb_w8(s, off, id);
	cb_w8(s, off + 1, next);
}

/* Make first the head of the standard list. */
static inline void cb_std_head(struct cfg_snapshot *s, uint8_t first)
{
	cb_w16(s, PCI_STATUS, cfg_le16(s, PCI_STATUS) | PCI_STATUS_CAP_LIST);
	cb_w8(s, PCI_CAPABILITY_LIST, first);
}

/* A PCIe capability of the given version and port type (PCIe r6.0
 * sec 7.5.3), max link width lanes. */
static inline void cb_pcie(struct cfg_snapshot *s, unsigned int off,
			   uint8_t next, unsigned int ver, unsigned int type,
			   unsigned int lanes)
{
	cb_std(s, off, PCI_CAP_ID_EXP, next);
	cb_w16(s, off + PCI_EXP_FLAGS, (uint16_t)(ver | type << 4));
	cb_w32(s, off + PCI_EXP_LNKCAP, lanes << 4);
}

/* Extended cap header: id, version 1, next. */
static inline void cb_ext(struct cfg_snapshot *s, unsigned int off,
			  uint16_t id, unsigned int next)
{
	cb_w32(s, off, PCI_EXT_CAP_HDR(id, 1, next));
}

/* The usual PCIe endpoint: PCIe v2 at 0x40 heading the list. */
static inline void cb_pcie_endpoint(struct cfg_snapshot *s, uint16_t vendor,
				    uint16_t device)
{
	cb_init(s, vendor, device, 0x020000, CFG_SPACE_SIZE);
	cb_std_head(s, 0x40);
	cb_pcie(s, 0x40, 0, 2, PCI_EXP_TYPE_ENDPOINT, 8);
}

#endif
