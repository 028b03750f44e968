-- SPDX-License-Identifier: GPL-2.0-or-later
--
-- pasid-scan store, schema version 2.
--
-- Every observation of every function from every host: which host and
-- when (scans), what the function said it was (functions), the bytes
-- its config space held (snapshots) and what the analysis found in
-- them (analyses and the tables below it).  Placement decisions are
-- made later from all of it; nothing here is a verdict for a device.
--
-- The build compiles this file into pasid-scan, which applies it to an
-- empty database.  A database with an older user_version is brought
-- forward by db/migrate/NNNN.sql (NNNN is the version it produces); one
-- with a newer user_version is refused.  application_id marks the file
-- as a pasid-scan store, so another program's SQLite file is refused
-- too.  Foreign keys are enforced (PRAGMA foreign_keys at every open).
--
-- Identity: a scan's digest and a snapshot's sha256 are SHA-256 of
-- their content, so storing the same dump, recording or database twice
-- adds nothing.  Addresses are "dddd:bb:dd.f"; IDs are integers.

PRAGMA application_id = 1347635524;	-- 0x50534944, "PSID"

-- A machine the scans ran on.  The kernel is per scan: it changes.
CREATE TABLE hosts (
	id		INTEGER PRIMARY KEY,
	hostname	TEXT NOT NULL,
	product		TEXT NOT NULL,	-- DMI product name; '' if unreadable
	UNIQUE (hostname, product)
) STRICT;

-- One reading of one host's functions: a live scan, or one dump file
-- (an lspci -xxxx dump or a 'scan --record' recording) replayed.
CREATE TABLE scans (
	id		INTEGER PRIMARY KEY,
	digest		TEXT NOT NULL UNIQUE,	-- SHA-256 of host, time, tool and
						-- every function (store_ingest.c)
	host_id		INTEGER REFERENCES hosts(id),	-- NULL: the dump names none
	kernel		TEXT,		-- uname -r of the scanning host
	time		TEXT,		-- when it was read, UTC ISO 8601
	tool		TEXT,		-- pasid-scan version that read it
	source		TEXT NOT NULL CHECK (source IN ('live', 'replay')),
	origin		TEXT NOT NULL,	-- sysfs root, or the dump's path
	n_functions	INTEGER NOT NULL CHECK (n_functions > 0),
	CHECK ((host_id IS NULL) = (kernel IS NULL))
) STRICT;

-- Config space contents, each distinct content once.
CREATE TABLE snapshots (
	id		INTEGER PRIMARY KEY,
	sha256		TEXT NOT NULL UNIQUE,	-- of valid_len, bytes and masks
	valid_len	INTEGER NOT NULL CHECK (valid_len BETWEEN 1 AND 4096),
	bytes		BLOB NOT NULL CHECK (length(bytes) = valid_len),
	-- Bits that took a written value and bits that changed between
	-- reads, from write-probing; NULL where the function was not probed.
	rw_mask		BLOB CHECK (rw_mask IS NULL OR length(rw_mask) = valid_len),
	volatile_mask	BLOB CHECK (volatile_mask IS NULL OR
				    length(volatile_mask) = valid_len)
) STRICT;

-- What the analysis found in a snapshot.  It reads the bytes and one
-- fact from outside them, the class code (a host bridge's extended
-- space is judged differently, src/model/caps.c), hence the key.
CREATE TABLE analyses (
	id		INTEGER PRIMARY KEY,
	snapshot_id	INTEGER NOT NULL REFERENCES snapshots(id),
	class		INTEGER NOT NULL,
	analyzer	TEXT NOT NULL,	-- pasid-scan version that analysed it
	ext_space	TEXT NOT NULL CHECK (ext_space IN
			('none', 'unknown', 'aliased', 'empty', 'caps')),
	vpasid_offset	INTEGER,	-- where one function alone allows it;
					-- NULL: nowhere
	vpasid_reason	TEXT NOT NULL,	-- placement.c's reason name
	qemu_default_ok	INTEGER NOT NULL CHECK (qemu_default_ok IN (0, 1)),
	UNIQUE (snapshot_id, class)
) STRICT;

-- One function as one scan saw it.
CREATE TABLE functions (
	id		INTEGER PRIMARY KEY,
	scan_id		INTEGER NOT NULL REFERENCES scans(id),
	seq		INTEGER NOT NULL,	-- order within the scan
	bdf		TEXT,		-- NULL: a raw config with no address
	vendor		INTEGER NOT NULL,	-- real IDs, also for a VF
	device		INTEGER NOT NULL,	-- whose config reads ffff
	class		INTEGER NOT NULL,
	revision	INTEGER NOT NULL,
	subvendor	INTEGER NOT NULL,
	subdevice	INTEGER NOT NULL,
	ids_from	TEXT NOT NULL CHECK (ids_from IN ('config', 'sysfs', 'pf')),
	kind		TEXT NOT NULL CHECK (kind IN ('fn', 'pf', 'vf')),
	kind_from_sysfs	INTEGER NOT NULL CHECK (kind_from_sysfs IN (0, 1)),
	physfn		TEXT,		-- a VF's PF address
	pf_id		INTEGER REFERENCES functions(id),	-- that PF, when
								-- in this scan
	-- the analysis of its bytes, and through it the snapshot
	analysis_id	INTEGER NOT NULL REFERENCES analyses(id),
	origin		TEXT NOT NULL,	-- file the bytes came from
	line		INTEGER NOT NULL,	-- its header line; 0: binary/live
	-- sysfs facts (pasid-scan(8), RECORD FORMAT); NULL: not known
	cfg_size	INTEGER,
	driver		TEXT,		-- '' when no driver is bound
	iommu_group	INTEGER,
	numa_node	INTEGER,
	vfindex		INTEGER,	-- this VF is its PF's virtfnN
	sriov_totalvfs	INTEGER,	-- a PF's sriov_* attributes, all or none
	sriov_numvfs	INTEGER,
	sriov_offset	INTEGER,
	sriov_stride	INTEGER,
	sriov_vf_device	INTEGER,
	UNIQUE (scan_id, seq),
	CHECK ((sriov_totalvfs IS NULL) = (sriov_vf_device IS NULL))
) STRICT;

CREATE INDEX functions_by_key ON functions (vendor, device, kind);
-- A VF's PF by address within its scan (db/migrate/0003.sql).
CREATE INDEX functions_by_bdf ON functions (scan_id, bdf);

-- The capability chains in walk order: standard first, then extended.
CREATE TABLE capabilities (
	analysis_id	INTEGER NOT NULL REFERENCES analyses(id),
	seq		INTEGER NOT NULL,
	off		INTEGER NOT NULL,
	cap_id		INTEGER NOT NULL,
	ext		INTEGER NOT NULL CHECK (ext IN (0, 1)),
	version		INTEGER NOT NULL,
	size		INTEGER NOT NULL,	-- bytes owned from off
	size_known	INTEGER NOT NULL CHECK (size_known IN (0, 1)),
	PRIMARY KEY (analysis_id, seq)
) STRICT, WITHOUT ROWID;

-- Capability structures no chain links to (still occupied space).
CREATE TABLE orphans (
	analysis_id	INTEGER NOT NULL REFERENCES analyses(id),
	off		INTEGER NOT NULL,
	cap_id		INTEGER NOT NULL,
	ext		INTEGER NOT NULL CHECK (ext IN (0, 1)),
	version		INTEGER NOT NULL,
	size		INTEGER NOT NULL,
	size_known	INTEGER NOT NULL CHECK (size_known IN (0, 1)),
	PRIMARY KEY (analysis_id, off)
) STRICT, WITHOUT ROWID;

-- Registers in the gaps between capabilities with evidence of use.
CREATE TABLE hidden_regions (
	analysis_id	INTEGER NOT NULL REFERENCES analyses(id),
	off		INTEGER NOT NULL,
	size		INTEGER NOT NULL,
	nonzero		INTEGER NOT NULL CHECK (nonzero IN (0, 1)),
	volatile	INTEGER NOT NULL CHECK (volatile IN (0, 1)),
	writable	INTEGER NOT NULL CHECK (writable IN (0, 1)),
	PRIMARY KEY (analysis_id, off)
) STRICT, WITHOUT ROWID;

-- Gap windows known to read zero: candidates for a virtual capability.
CREATE TABLE free_windows (
	analysis_id	INTEGER NOT NULL REFERENCES analyses(id),
	off		INTEGER NOT NULL,
	size		INTEGER NOT NULL,
	PRIMARY KEY (analysis_id, off)
) STRICT, WITHOUT ROWID;

-- What the chain walk had to guard against (loops, bad pointers...).
CREATE TABLE chain_notes (
	analysis_id	INTEGER NOT NULL REFERENCES analyses(id),
	seq		INTEGER NOT NULL,
	note		TEXT NOT NULL,	-- caps.c's text for it
	PRIMARY KEY (analysis_id, seq)
) STRICT, WITHOUT ROWID;

-- Write probing's journal (src/probe/probe_journal.c).  A function's row is
-- committed before the first write to it, with what it read then; each
-- dword's row before that dword is written.  A probe that finishes
-- leaves nothing here; whatever a crash or power loss left is what
-- 'pasid-scan restore' writes back.  'scan --probe=write' refuses to
-- start while anything is here.
CREATE TABLE probe_functions (
	id		INTEGER PRIMARY KEY,
	sysfs		TEXT NOT NULL,	-- the tree written through
	bdf		TEXT NOT NULL,
	valid_len	INTEGER NOT NULL CHECK (valid_len IN (64, 256, 4096)),
	baseline	BLOB NOT NULL CHECK (length(baseline) = valid_len),
	volatile_mask	BLOB NOT NULL CHECK (length(volatile_mask) = valid_len),
	plan		BLOB NOT NULL CHECK (length(plan) = valid_len / 4),
					-- a byte per dword: 1 = may be written
	started		TEXT NOT NULL,	-- UTC ISO 8601
	UNIQUE (sysfs, bdf)
) STRICT;

-- A dword about to be written, with the value it read just before.
CREATE TABLE probe_writes (
	function_id	INTEGER NOT NULL
			REFERENCES probe_functions(id) ON DELETE CASCADE,
	off		INTEGER NOT NULL CHECK (off BETWEEN 0 AND 4092 AND off % 4 = 0),
	original	INTEGER NOT NULL CHECK (original BETWEEN 0 AND 4294967295),
	pattern		INTEGER NOT NULL CHECK (pattern BETWEEN 0 AND 4294967295),
	PRIMARY KEY (function_id, off)
) STRICT, WITHOUT ROWID;

PRAGMA user_version = 3;
