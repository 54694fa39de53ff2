-- Reads of one object by one user with the same detail (a field team polling its dispatch) that are loaded
-- together from the read journal become one row: repeats counts them, at is the first one's time and
-- last_at the last one's (AuditLog.load). One row per read grew the table by about 226 bytes per read
-- (some 39 GB a day at 2,000 reads/s) and kept the embedded database's page cache churning in the
-- service's heap. A change, or a single read, is one row with repeats 1 and last_at = at.
ALTER TABLE audit_event ADD COLUMN repeats INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit_event ADD COLUMN last_at TIMESTAMP WITH TIME ZONE;
UPDATE audit_event SET last_at = at;
ALTER TABLE audit_event ALTER COLUMN last_at SET NOT NULL;
