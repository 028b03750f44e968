// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * emit_gen.c - what the kernel, QEMU and YAML emitters agree on: which
 * keys a table lists, how a kind is named, what stands for "nowhere".
 */
#include "emit_gen.h"

bool gen_row(const struct dev_key *k, bool all)
{
	return all || k->needs_quirk;
}

const char *kind_name(bool vf)
{
	return vf ? "vf" : "pf";
}

unsigned int gen_vpasid(const struct dev_key *k)
{
	return k->place[VCAP_PASID].offset < 0 ? 0 :
	       (unsigned int)k->place[VCAP_PASID].offset;
}

const char *plural(unsigned long n)
{
	return n == 1 ? "" : "s";
}
