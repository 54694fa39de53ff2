-- Audited reads are first appended to a journal file and loaded into audit_event in batches (AuditLog).
-- loaded_through is the sequence number of the last journaled read loaded; it is updated in the same
-- transaction as the rows, so a journal segment loaded again after a crash adds no row twice.
CREATE TABLE audit_read_journal (
    id              INT PRIMARY KEY,
    loaded_through  BIGINT NOT NULL
);
INSERT INTO audit_read_journal (id, loaded_through) VALUES (1, 0);
