/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz.h - what the fuzz harnesses share.  Each harness is one
 * LLVMFuzzerTestOneInput(); built with -fsanitize=fuzzer it is a
 * libFuzzer target (make fuzz), linked with replay_main.c it runs the
 * files it is given once each (the regression inputs in make check).
 */
#ifndef PASID_SCAN_FUZZ_H
#define PASID_SCAN_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "analysis.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken invariant is a crash, so the fuzzer keeps the input. */
#define FUZZ_ASSERT(cond)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: invariant failed: %s\n",\
				__FILE__, __LINE__, #cond);		\
			abort();					\
		}							\
	} while (0)

/* What must hold of any analysis, whatever the bytes. */
void fuzz_check_report(const struct cfg_snapshot *s, struct fn_report *r);

#endif
