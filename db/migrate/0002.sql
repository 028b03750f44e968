-- SPDX-License-Identifier: GPL-2.0-or-later
--
-- Schema version 1 -> 2: the write-probe journal.

-- Write probing's journal (src/probe_journal.c).  A function's row is
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

PRAGMA user_version = 2;
