// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_qemu_args.c - "pasid-scan qemu-args": the vfio-pci option and the
 * libvirt override that give one function of this host the vPASID
 * offset the store's consensus gives its key, or why there is none.
 *
 * The key comes from the function's sysfs directory, as the kernel sees
 * it: vendor and device (a VF's real IDs) and whether it is a VF.
 *
 * src/cli/: the commands, a cmd_*.c each, and main's table that
 * dispatches them.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "consensus_load.h"
#include "err.h"
#include "names.h"
#include "store.h"
#include "sysfs_facts.h"

struct qa_opts {
	const char *db;
	const char *sysfs;
	struct pci_addr addr;
};

static void qa_usage(FILE *out)
{
	fprintf(out,
		"Usage: pasid-scan qemu-args [--db STORE] [--sysfs DIR] BDF\n\n"
		"Print, for the function BDF of this host (or of the sysfs tree DIR,\n"
		"default %s), the QEMU option that places its virtual PASID\n"
		"capability where the consensus of STORE puts it for the function's\n"
		"key, and the same as a libvirt <qemu:override>.  QEMU 11 adds a\n"
		"vPASID only with iommufd and a vIOMMU that offers PASID.  Exit\n"
		"status 4 when there is no offset to give (STORE has no observation\n"
		"of the key, no offset is safe, QEMU adds no vPASID to it or will not\n"
		"assign it), 6 when the key is not known (seen only in partial\n"
		"reads).\n",
		SYSFS_PCI_DEFAULT);
}

static int parse_qa_opts(int argc, char **argv, struct qa_opts *o)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "sysfs", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->sysfs = SYSFS_PCI_DEFAULT;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'D': o->db = optarg; break;
		case 'S': o->sysfs = optarg; break;
		case 'h':
			qa_usage(stdout);
			exit(0);
		default:
			return usage_opt("qemu-args", c, argv);
		}
	}
	if (argc - optind != 1)
		return usage_err("qemu-args", argc == optind ? "no BDF given" :
				 "one BDF, not %d", argc - optind);
	if (pci_addr_parse(argv[optind], &o->addr) != strlen(argv[optind])) {
		usage_err("qemu-args", "'%s' is not a function address "
			"([domain:]bus:dev.fn)", argv[optind]);
		return -1;
	}
	if (!o->db)
		o->db = store_default_path();
	return 0;
}

/* The key of the function at o->addr, from its sysfs directory; 0 or
 * an exit status, said. */
static int read_key(const struct qa_opts *o, struct snap_meta *m)
{
	struct vf_links links = { NULL, 0 };
	char path[CFG_PATH_MAX], bdf[PCI_ADDR_STRLEN];

	memset(m, 0, sizeof(*m));
	m->addr = o->addr;
	sysfs_fn_path(path, sizeof(path), o->sysfs, &o->addr, "");
	if (access(path, F_OK)) {
		pci_addr_format(&o->addr, bdf);
		return no_function("qemu-args", bdf, o->sysfs);
	}
	sysfs_read_facts(o->sysfs, m, &links);
	free(links.v);
	if ((m->fields & (META_VENDOR | META_DEVICE)) !=
	    (META_VENDOR | META_DEVICE)) {
		err_at(path, 0, "cannot read vendor and device");
		return EXIT_BADINPUT;
	}
	return 0;
}

/*
 * QEMU's host= takes a domain up to 0xffff and no more (hw/core/
 * qdev-properties-system.c, set_pci_host_devaddr()); a function in a
 * wider domain (VMD: 10000 and up) is named by its sysfs directory,
 * vfio-pci's sysfsdev= (hw/vfio/pci.c), on the host QEMU runs on.
 */
#define QEMU_HOST_DOMAIN_MAX 0xffff

static void print_args(const struct pci_addr *a, const char *bdf,
		       unsigned int off)
{
	char alias[PCI_ADDR_STRLEN + 8];
	char *p;

	/* libvirt takes user aliases that start with "ua-" */
	snprintf(alias, sizeof(alias), "ua-%s", bdf);
	for (p = alias; *p; p++)
		if (*p == ':' || *p == '.')
			*p = '-';
	printf("# QEMU 11 adds a vPASID only with iommufd and a vIOMMU that offers\n"
	       "# PASID: -object iommufd,id=iommufd0 and such a vIOMMU device.\n");
	if (a->domain > QEMU_HOST_DOMAIN_MAX)
		printf("-device vfio-pci,sysfsdev=%s/devices/%s,", SYSFS_PCI_DEFAULT,
		       bdf);
	else
		printf("-device vfio-pci,host=%s,", bdf);
	printf("iommufd=iommufd0,x-vpasid-cap-offset=0x%x\n\n", off);
	printf("<!-- libvirt: the <domain> needs "
	       "xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'\n"
	       "     and the <hostdev> of %s needs <alias name='%s'/> -->\n",
	       bdf, alias);
	printf("<qemu:override>\n"
	       "  <qemu:device alias='%s'>\n"
	       "    <qemu:frontend>\n"
	       "      <qemu:property name='x-vpasid-cap-offset' type='unsigned' "
	       "value='%u'/>\n"
	       "    </qemu:frontend>\n"
	       "  </qemu:device>\n"
	       "</qemu:override>\n", alias, off);
}

static int answer(const struct qa_opts *o, const struct snap_meta *m,
		  const struct key_set *ks)
{
	bool vf = m->kind == FN_KIND_VF;
	const struct dev_key *k = key_set_find(ks, m->vendor, m->device, vf);
	char bdf[PCI_ADDR_STRLEN], key[KEY_STRLEN], text[320];

	pci_addr_format(&o->addr, bdf);
	key_format(m->vendor, m->device, vf, key);
	if (!k) {
		err_msg("%s: no observation of %s (%s); scan it first", o->db,
			key, bdf);
		return EXIT_NOKEY;
	}
	verdict_text(&k->verdict, &k->place[VCAP_PASID], text, sizeof(text));
	switch (k->verdict.verdict) {
	case VERDICT_DEFAULT_SAFE:
	case VERDICT_OTHER_OFFSET:
		print_args(&o->addr, bdf, (unsigned int)k->place[VCAP_PASID].offset);
		return 0;
	case VERDICT_NOT_KNOWN:
		err_msg("%s: %s (%s) is not known: %s", o->db, key, bdf, text);
		return EXIT_NOTKNOWN;
	default:
		err_msg("%s: no vPASID offset for %s (%s), %s: %s", o->db, key,
			bdf, verdict_name(k->verdict.verdict), text);
		return EXIT_NOKEY;
	}
}

int cmd_qemu_args(int argc, char **argv)
{
	struct qa_opts o;
	struct snap_meta m;
	struct key_set ks;
	int ret;

	if (parse_qa_opts(argc, argv, &o))
		return EXIT_USAGE;
	ret = read_key(&o, &m);
	if (ret)
		return ret;
	key_set_init(&ks);
	ret = consensus_load(o.db, &ks) ? EXIT_BADINPUT : answer(&o, &m, &ks);
	key_set_free(&ks);
	names_cleanup();
	if (ret)
		return ret;
	return fflush(stdout) ? EXIT_FAILURE : 0;
}
