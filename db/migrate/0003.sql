-- SPDX-License-Identifier: GPL-2.0-or-later
--
-- Schema version 2 -> 3: functions found by address within their scan.
-- A VF's PF is looked up by (scan, address) for every VF as a scan is
-- stored and as the consensus reads it; without this index each lookup
-- walks the whole scan, which is quadratic in a fleet of thousands of VFs.
CREATE INDEX functions_by_bdf ON functions (scan_id, bdf);

PRAGMA user_version = 3;
