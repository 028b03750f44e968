// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * guest.c - Linux vfio-pci and QEMU 11, as far as they decide where a
 * virtual PASID capability goes.  Read from upstream (facts only):
 *
 *   Linux drivers/vfio/pci/vfio_pci_core.c  vfio_pci_core_register_device()
 *         drivers/vfio/pci/vfio_pci_config.c pci_ext_cap_length[],
 *                                            vfio_ext_cap_len(), vfio_ecap_init()
 *   QEMU  hw/vfio/pci.c  vfio_setup_pcie_cap(), vfio_add_ext_cap(),
 *                        vfio_pci_synthesize_pasid_cap()
 *         hw/pci/pcie.c  pcie_insert_capability()
 *
 * The model assumes what a guest with a PASID-capable vIOMMU has: QEMU
 * with iommufd and a vIOMMU that offers PASID, the function behind a
 * PCI Express bus of the guest (q35, virt), the kernel's vfio-pci (or a
 * variant driver built on vfio-pci-core).  Without iommufd and such a
 * vIOMMU QEMU synthesizes nothing, and none of this matters.
 *
 * src/model/: one function's config space and what is made of it: the
 * snapshot, its capabilities, who owns each byte, what vfio-pci and
 * QEMU make of it, the verdict.
 */
#include <string.h>

#include "guest.h"

/*
 * The extended capabilities vfio-pci shows: those with a length in
 * pci_ext_cap_length[] (drivers/vfio/pci/vfio_pci_config.c).  Every
 * other ID, including any above the kernel's PCI_EXT_CAP_ID_MAX, has
 * length 0 there, which vfio_ecap_init() reads as "hide it".  PASID is
 * hidden ("not yet"), which is why a VMM synthesizes one.  DVSEC is
 * shown since Linux 6.4.
 */
static const bool vfio_shows[PCI_EXT_CAP_ID_MAX + 1] = {
	[PCI_EXT_CAP_ID_AER]	= true,
	[PCI_EXT_CAP_ID_VC]	= true,
	[PCI_EXT_CAP_ID_DSN]	= true,
	[PCI_EXT_CAP_ID_PB]	= true,
	[PCI_EXT_CAP_ID_MFVC]	= true,
	[PCI_EXT_CAP_ID_VC9]	= true,
	[PCI_EXT_CAP_ID_VNDR]	= true,
	[PCI_EXT_CAP_ID_ACS]	= true,
	[PCI_EXT_CAP_ID_ARI]	= true,
	[PCI_EXT_CAP_ID_ATS]	= true,
	[PCI_EXT_CAP_ID_SRIOV]	= true,
	[PCI_EXT_CAP_ID_MCAST]	= true,
	[PCI_EXT_CAP_ID_PRI]	= true,
	[PCI_EXT_CAP_ID_REBAR]	= true,
	[PCI_EXT_CAP_ID_DPA]	= true,
	[PCI_EXT_CAP_ID_TPH]	= true,
	[PCI_EXT_CAP_ID_LTR]	= true,
	[PCI_EXT_CAP_ID_DVSEC]	= true,
};

/* VSEC and DVSEC length: bits 31:20 of the dword at +4 (PCIe r6.0 sec
 * 7.9.5, 7.9.6), which vfio_ext_cap_len() returns as it is. */
#define VSEC_LEN(dw)	((dw) >> 20)

bool vfio_hides_ecap(const struct cfg_snapshot *s, unsigned int id,
		     unsigned int off)
{
	if (id > PCI_EXT_CAP_ID_MAX || !vfio_shows[id])
		return true;
	/* A length of 0 from vfio_ext_cap_len() hides it as well. */
	if (id == PCI_EXT_CAP_ID_VNDR || id == PCI_EXT_CAP_ID_DVSEC)
		return !VSEC_LEN(cfg_le32(s, off + 4));
	return false;
}

/*
 * The standard capabilities vfio-pci shows: those with a length in
 * pci_cap_length[] (vfio_pci_config.c); vfio_cap_init() links past the
 * others.  A vendor-specific one whose length byte (+2) reads 0 gets
 * length 0 from vfio_cap_len() and is hidden too.
 */
static const bool vfio_shows_std[PCI_CAP_ID_MAX + 1] = {
	[PCI_CAP_ID_PM]		= true,
	[PCI_CAP_ID_AGP]	= true,
	[PCI_CAP_ID_VPD]	= true,
	[PCI_CAP_ID_MSI]	= true,
	[PCI_CAP_ID_PCIX]	= true,
	[PCI_CAP_ID_HT]		= true,
	[PCI_CAP_ID_VNDR]	= true,
	[PCI_CAP_ID_EXP]	= true,
	[PCI_CAP_ID_MSIX]	= true,
	[PCI_CAP_ID_SATA]	= true,
	[PCI_CAP_ID_AF]		= true,
};

bool vfio_hides_cap(const struct cfg_snapshot *s, unsigned int id,
		    unsigned int off)
{
	if (id > PCI_CAP_ID_MAX || !vfio_shows_std[id])
		return true;
	return id == PCI_CAP_ID_VNDR && !cfg_u8(s, off + 2);
}

/*
 * vfio_ecap_init(): a hidden capability is linked past (its bytes are
 * then nobody's, so vfio-pci passes them through raw like any gap); at
 * the head of the chain, where nothing points to it, it stays with its
 * ID and version masked to 0 and its next pointer kept.
 */
void vfio_present(const struct cfg_snapshot *s, const struct cap_list *cl,
		  struct guest_view *g)
{
	unsigned int i;

	g->n_ecap = 0;
	for (i = cl->n_std; i < cl->n; i++) {
		const struct cap *c = &cl->caps[i];
		struct guest_ecap *e = &g->ecap[g->n_ecap++];

		e->off = c->off;
		e->id = c->id;
		if (!vfio_hides_ecap(s, c->id, c->off))
			e->fate = ECAP_KEPT;
		else
			e->fate = c->off == PCI_EXT_CAP_START ? ECAP_MASKED :
								ECAP_SKIPPED;
	}
}

/* vfio_add_ext_cap(): "case 0: kernel masked capability", SR-IOV
 * ("Read-only VF BARoffsets/strides") and ARI ("Needs next function
 * virtualization") are left out of the guest's chain. */
static bool qemu_drops(unsigned int id)
{
	return id == PCI_EXT_CAP_ID_NULL || id == PCI_EXT_CAP_ID_SRIOV ||
	       id == PCI_EXT_CAP_ID_ARI;
}

static void set_fate(struct guest_view *g, enum guest_fate f,
		     enum guest_why w)
{
	g->fate = f;
	g->why = w;
}

/*
 * vfio_add_ext_cap() adds nothing, and so synthesizes no vPASID, when
 * the first extended dword reads 0, which vfio_ecap_init() makes it
 * when it shows no capability.  Otherwise QEMU seeds 0x100 (a
 * placeholder header when the head is dropped), appends each capability
 * it keeps in the order of the walk, and calls
 * vfio_pci_synthesize_pasid_cap() unless the chain had a PASID
 * capability of its own.
 */
void qemu_build(struct guest_view *g)
{
	unsigned int i, shown = 0;
	bool pasid = false;

	g->n_walk = 0;
	g->walk[g->n_walk++] = PCI_EXT_CAP_START;
	for (i = 0; i < g->n_ecap; i++) {
		struct guest_ecap *e = &g->ecap[i];

		if (e->fate == ECAP_MASKED || e->fate == ECAP_SKIPPED)
			continue;
		shown++;
		pasid |= e->id == PCI_EXT_CAP_ID_PASID;
		if (qemu_drops(e->id)) {
			e->fate = ECAP_DROPPED;
			continue;
		}
		e->fate = ECAP_KEPT;
		if (e->off != PCI_EXT_CAP_START)
			g->walk[g->n_walk++] = e->off;
	}
	if (!shown)
		set_fate(g, GUEST_NO_VPASID, WHY_NO_ECAP_SHOWN);
	else if (pasid)
		set_fate(g, GUEST_NO_VPASID, WHY_PASID_SHOWN);
	else
		set_fate(g, GUEST_EXTENDED, WHY_NONE);
}

/*
 * vfio_pci_synthesize_pasid_cap() takes x-vpasid-cap-offset when it is
 * 4-aligned and the capability fits in 0x100..0xfff (else 0xff8).
 * pcie_insert_capability() then follows the chain from 0x100 while the
 * offset is at or past the header it is on, and refuses an offset
 * inside one of those headers.  It looks at nothing else: not the body
 * of the capability before, not a header past the first one above the
 * offset, not hidden registers.  Those are pasid-scan's checks.
 */
bool qemu_accepts(const uint16_t *walk, unsigned int n_walk, unsigned int off,
		  unsigned int size)
{
	unsigned int i;

	if (off & 3 || off < PCI_EXT_CAP_START || off + size > CFG_SPACE_SIZE)
		return false;
	for (i = 0; i < n_walk && off >= walk[i]; i++)
		if (off < walk[i] + 4u)
			return false;
	return true;
}

/* vfio_setup_pcie_cap(): "assignment of PCIe type 0x%x devices is not
 * currently supported" for any type but these three. */
static bool qemu_assigns_type(unsigned int type)
{
	return type == PCI_EXP_TYPE_ENDPOINT || type == PCI_EXP_TYPE_LEG_END ||
	       type == PCI_EXP_TYPE_RC_END;
}

/* Extended space as vfio-pci will have it: the kernel's config size.
 * A partial read of a PCIe function leaves it unknown, unless the read
 * is all the host's kernel gives (sysfs config size 256). */
static enum guest_why ext_space_why(const struct cfg_snapshot *s,
				    enum ext_space ext)
{
	switch (ext) {
	case EXT_SPACE_UNKNOWN:
		if ((s->facts.have & FACT_CFG_SIZE) &&
		    s->facts.cfg_size == CFG_LEGACY_SIZE &&
		    s->valid_len >= CFG_LEGACY_SIZE)
			return WHY_HOST_256;
		return WHY_PARTIAL;
	case EXT_SPACE_NONE:
	case EXT_SPACE_ALIASED:
		return WHY_NO_EXT_SPACE;
	case EXT_SPACE_EMPTY:
		return WHY_NO_ECAP_SHOWN;
	default:
		return WHY_NONE;
	}
}

/* The fate the header and the PCIe capability decide, before any look
 * at the extended chain; GUEST_EXTENDED where they leave it open. */
static enum guest_fate fate_before_chain(const struct cfg_snapshot *s,
					 const struct cap_list *cl,
					 enum guest_why *why)
{
	/* vfio_pci_core_register_device(): header type 0 only, so no
	 * bridge, root port or switch port is ever assigned. */
	*why = WHY_BRIDGE;
	if (cfg_header_type(s) != PCI_HEADER_TYPE_NORMAL)
		return GUEST_NOT_ASSIGNABLE;
	/* The capability list lies beyond a 64-byte read. */
	*why = WHY_PARTIAL;
	if (s->valid_len < CFG_LEGACY_SIZE)
		return GUEST_NOT_KNOWN;
	/* A guest reads extended space only behind a PCIe capability
	 * (pci_cfg_space_size() in drivers/pci/probe.c), and
	 * vfio_add_ext_cap() is for PCI Express functions. */
	*why = WHY_NOT_EXPRESS;
	if (!cl->pcie.present)
		return GUEST_NO_VPASID;
	*why = WHY_PORT_TYPE;
	if (!qemu_assigns_type(cl->pcie.type))
		return GUEST_NOT_ASSIGNABLE;
	*why = ext_space_why(s, cl->ext);
	if (*why == WHY_PARTIAL)
		return GUEST_NOT_KNOWN;
	return *why == WHY_NONE ? GUEST_EXTENDED : GUEST_NO_VPASID;
}

void guest_view_build(const struct cfg_snapshot *s, const struct cap_list *cl,
		      struct guest_view *g)
{
	enum guest_why why;
	enum guest_fate f = fate_before_chain(s, cl, &why);

	g->n_ecap = 0;
	g->n_walk = 0;
	g->header_type = cfg_header_type(s);
	g->pcie_type = cl->pcie.type;
	if (f != GUEST_EXTENDED) {
		set_fate(g, f, why);
		return;
	}
	vfio_present(s, cl, g);
	qemu_build(g);
}

static bool cap_hidden(const struct cfg_snapshot *s, const struct cap *c)
{
	return c->ext ? vfio_hides_ecap(s, c->id, c->off) :
			vfio_hides_cap(s, c->id, c->off);
}

void guest_raw_bytes(const struct cfg_snapshot *s, const struct layout *l,
		     bool raw[CFG_SPACE_SIZE])
{
	unsigned int b, end;

	for (b = 0; b < CFG_SPACE_SIZE; b++) {
		switch (l->owner[b]) {
		case OWN_FREE:
		case OWN_HIDDEN:
		case OWN_ORPHAN:
			raw[b] = true;
			break;
		case OWN_CAP:
			raw[b] = cap_hidden(s, &l->caps.caps[l->index[b]]);
			break;
		default:
			raw[b] = false;
		}
	}
	/* A hidden head of the extended chain keeps its header dword,
	 * virtualized with ID 0 (vfio_ecap_init()). */
	end = PCI_EXT_CAP_START + 4;
	if (l->owner[PCI_EXT_CAP_START] == OWN_CAP)
		for (b = PCI_EXT_CAP_START; b < end; b++)
			raw[b] = false;
}

unsigned int qemu_insert_at(const struct guest_view *g, unsigned int off)
{
	unsigned int i;

	for (i = 0; i < g->n_walk && off >= g->walk[i]; i++)
		;
	return i;
}

const char *guest_fate_name(enum guest_fate f)
{
	static const char *const names[] = {
		[GUEST_NOT_KNOWN] = "not-known",
		[GUEST_NOT_ASSIGNABLE] = "not-assignable",
		[GUEST_NO_VPASID] = "no-vpasid",
		[GUEST_EXTENDED] = "extended",
	};

	return names[f];
}

static const struct name_text whys[WHY_N] = {
	[WHY_NONE] = { "-", "-" },
	[WHY_PARTIAL] = { "partial-read",
		"seen only in partial reads (64 bytes without root, or 256 of a PCIe function)" },
	[WHY_BRIDGE] = { "bridge",
		"a bridge (header type 1 or 2); vfio-pci binds header type 0 only" },
	[WHY_PORT_TYPE] = { "port-type",
		"a PCIe port type QEMU does not assign (it takes endpoints and integrated endpoints)" },
	[WHY_NOT_EXPRESS] = { "not-express",
		"no PCI Express capability, so QEMU adds no extended capability" },
	[WHY_NO_EXT_SPACE] = { "no-ext-space",
		"no extended config space" },
	[WHY_HOST_256] = { "host-256",
		"its host's kernel gives it 256 bytes of config space" },
	[WHY_NO_ECAP_SHOWN] = { "no-ext-cap",
		"vfio-pci shows it no extended capability, so QEMU adds none" },
	[WHY_PASID_SHOWN] = { "pasid-shown",
		"vfio-pci shows its own PASID capability, so QEMU adds none" },
};

const char *guest_why_name(enum guest_why w)
{
	return whys[w].name;
}

const char *guest_why_text(enum guest_why w)
{
	return whys[w].text;
}

int guest_why_parse(const char *name, enum guest_why *w)
{
	int i = name_index(whys, WHY_N, sizeof(whys[0]), name);

	if (i <= WHY_NONE)
		return -1;
	*w = (enum guest_why)i;
	return 0;
}

static const struct name_text ecap_fates[] = {
	[ECAP_KEPT] = { "kept", "kept" },
	[ECAP_DROPPED] = { "dropped", "dropped by QEMU" },
	[ECAP_MASKED] = { "masked", "hidden by vfio-pci (ID masked to 0, then dropped by QEMU)" },
	[ECAP_SKIPPED] = { "skipped", "hidden by vfio-pci (linked past; its bytes pass raw)" },
};

const char *ecap_fate_name(enum ecap_fate f)
{
	return ecap_fates[f].name;
}

const char *ecap_fate_text(enum ecap_fate f)
{
	return ecap_fates[f].text;
}
