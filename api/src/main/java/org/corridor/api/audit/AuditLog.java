package org.corridor.api.audit;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.corridor.api.problem.ApiException;
import org.corridor.api.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail: who changed what (uploads, solves, cancellations) and who read which dispatch.
 * Changes are written in the caller's transaction where there is one, so a change and its record
 * commit together. Reads are group-committed (see {@link #recordRead}). Details are ids and counts
 * only, never coordinates or route contents.
 */
@Repository
public class AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final String INSERT =
            "INSERT INTO audit_event (at, username, organisation, role, action, object_type, object_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    /** Rows per commit of the read writer: enough for every Tomcat worker thread at once. */
    private static final int BATCH = 256;
    /** How long a read waits for its audit row before it is refused (the database is then unhealthy). */
    private static final long READ_WAIT_SECONDS = 10;

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final TransactionTemplate transactions;
    private final BlockingQueue<PendingRead> reads = new ArrayBlockingQueue<>(4 * BATCH);
    private final long commitGapNanos;
    private final Thread readWriter;

    /**
     * @param readCommitGap least time from the start of one commit of read rows to the start of the next
     *                      ({@code corridor.audit.read-commit-gap}); zero commits whatever is queued as soon as the last commit ends
     */
    public AuditLog(JdbcClient jdbc, JdbcTemplate batches, TransactionTemplate transactions,
                    @Value("${corridor.audit.read-commit-gap}") Duration readCommitGap) {
        if (readCommitGap.isNegative() || readCommitGap.compareTo(Duration.ofSeconds(1)) > 0)
            throw new IllegalArgumentException("corridor.audit.read-commit-gap must be 0 to 1s, e.g. 2ms");
        this.jdbc = jdbc;
        this.batches = batches;
        this.transactions = transactions;
        this.commitGapNanos = readCommitGap.toNanos();
        this.readWriter = new Thread(this::writeReads, "audit-read-writer");
        readWriter.setDaemon(true);
        readWriter.start();
    }

    public void record(Caller who, String action, String objectType, String objectId, String detail) {
        insert(new Object[] {OffsetDateTime.now(ZoneOffset.UTC), who.username(), who.organisation(), who.role().name(), action,
                objectType, cut(objectId, 160), cut(detail, 500)});
    }

    /**
     * Records a read and returns once the row is committed, so no answered read is missing from the
     * trail. Field teams poll their dispatch: one pooled connection and one commit per read made
     * 200 concurrent pollers queue for the connection pool (p99 in seconds), so one writer thread
     * commits the rows of all waiting readers together (group commit) and releases them. Under a stream of
     * reads it commits at most once per read-commit gap: on the embedded H2, which writes every commit to
     * its file before returning, each commit appends a chunk of about 10 KB whatever its row count, and
     * committing as soon as the previous commit ended gave 1,100 commits of 1.7 rows per second at 2,000
     * reads/s (a quarter of a core and the database file growing by 1 GB in 90 s); a read after a quiet
     * spell is committed at once.
     *
     * @throws ApiException (503) when the row could not be committed in time: an unaudited read is refused
     */
    public void recordRead(Caller who, String action, String objectType, String objectId, String detail) {
        PendingRead pending = new PendingRead(new Object[] {OffsetDateTime.now(ZoneOffset.UTC), who.username(), who.organisation(),
                who.role().name(), action, objectType, cut(objectId, 160), cut(detail, 500)}, new CompletableFuture<>());
        try {
            if (reads.offer(pending, READ_WAIT_SECONDS, TimeUnit.SECONDS)) {
                pending.committed().get(READ_WAIT_SECONDS, TimeUnit.SECONDS);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // falls through to the refusal below
        }
        throw ApiException.unavailable("the audit trail cannot record this read now; try again later", (int) READ_WAIT_SECONDS);
    }

    private void writeReads() {
        List<PendingRead> batch = new ArrayList<>(BATCH);
        long nextCommit = System.nanoTime();
        while (true) {
            try {
                batch.add(reads.take());
            } catch (InterruptedException e) {
                return;
            }
            // the rows that arrive until the gap since the last commit's start has passed join this commit
            // (parkNanos may return early; an interrupt, from stopReadWriter, ends the wait and this commit still happens)
            long early;
            while ((early = nextCommit - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) LockSupport.parkNanos(early);
            reads.drainTo(batch, BATCH - 1);
            nextCommit = System.nanoTime() + commitGapNanos;
            try {
                List<Object[]> rows = batch.stream().map(PendingRead::row).toList();
                transactions.executeWithoutResult(status -> batches.batchUpdate(INSERT, rows));
                batch.forEach(r -> r.committed().complete(null));
            } catch (RuntimeException e) {
                // the readers get the failure (and fail their request); the reason stays in the log, no row contents
                LOG.error("audit: {} read rows not committed: {}", batch.size(), e.getClass().getSimpleName());
                batch.forEach(r -> r.committed().completeExceptionally(e));
            }
            batch.clear();
        }
    }

    @PreDestroy
    void stopReadWriter() throws InterruptedException {
        // rows already queued are still committed: their readers are waiting for them
        while (!reads.isEmpty() && readWriter.isAlive()) Thread.sleep(10);
        readWriter.interrupt();
        readWriter.join(TimeUnit.SECONDS.toMillis(READ_WAIT_SECONDS));
    }

    private void insert(Object[] row) {
        jdbc.sql(INSERT).params(row).update();
    }

    private record PendingRead(Object[] row, CompletableFuture<Void> committed) {}

    /**
     * Events newest first, at most {@code limit}, with ids below {@code beforeId} (null = from the newest);
     * only {@code organisation}'s when it is non-null.
     */
    public List<Event> read(String organisation, Long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, at, username, organisation, role, action, object_type, object_id, detail FROM audit_event WHERE 1 = 1");
        List<Object> params = new java.util.ArrayList<>();
        if (organisation != null) { sql.append(" AND organisation = ?"); params.add(organisation); }
        if (beforeId != null) { sql.append(" AND id < ?"); params.add(beforeId); }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new Event(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)))
                .list();
    }

    private static String cut(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max);
    }

    /** One audited action. */
    public record Event(long id, OffsetDateTime at, String username, String organisation, String role, String action,
                        String objectType, String objectId, String detail) {}
}
