package org.corridor.api.audit;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * commit together. Reads are acknowledged in a journal file and loaded into the database in batches,
 * reads alike as one row with their count (see {@link #recordRead}). Details are ids and counts only,
 * never coordinates or route contents.
 * Thread-safe.
 */
@Repository
public class AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final String INSERT = "INSERT INTO audit_event (at, username, organisation, role, action, object_type, object_id, detail, repeats, last_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Reads per journal write: enough for every Tomcat worker thread at once. */
    private static final int BATCH = 256;
    /** How long a read waits for its journal record before it is refused (the journal's disk is then unhealthy). */
    private static final long READ_WAIT_SECONDS = 10;
    /**
     * Journaled reads the database may fall behind by (100 s at 2,000 reads/s; each is also held in memory until loaded)
     * before reads are refused: a database that stays away must not make the journal and the heap grow without bound.
     */
    private static final long MAX_UNLOADED = 200_000;
    /** Longest time between the first and the last of the repeated reads one row stands for (see {@link #rows}). */
    static final Duration MAX_REPEAT_SPAN = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final TransactionTemplate transactions;
    private final BlockingQueue<PendingRead> reads = new ArrayBlockingQueue<>(4 * BATCH);
    private final ReadJournal journal;
    private final long loadIntervalNanos;
    private final int loadRows;
    /** Segments rolled from the journal and not yet loaded (a failed load keeps them for the next); guarded by itself. */
    private final List<ReadJournal.Segment> toLoad = new ArrayList<>();
    private final Thread journalWriter;
    private volatile boolean stopping;
    private final Thread loader;

    /**
     * Opens the read journal in {@code dataDir} and, before the service answers anything, loads into the
     * database every read a previous process journaled and did not load.
     *
     * @param dataDir      the service's data folder ({@code corridor.data-dir}); the journal lives in its {@code audit-reads} folder
     * @param loadInterval longest time a journaled read waits to be loaded ({@code corridor.audit.load-interval})
     * @param loadRows     journaled reads that trigger a load before that ({@code corridor.audit.load-rows})
     * @throws IllegalStateException when another service holds the journal, or the left-over reads cannot be loaded
     */
    public AuditLog(JdbcClient jdbc, JdbcTemplate batches, TransactionTemplate transactions,
                    @Value("${corridor.data-dir}") Path dataDir,
                    @Value("${corridor.audit.load-interval}") Duration loadInterval,
                    @Value("${corridor.audit.load-rows}") int loadRows) throws IOException {
        if (loadInterval.isNegative() || loadInterval.isZero() || loadInterval.compareTo(Duration.ofMinutes(1)) > 0)
            throw new IllegalArgumentException("corridor.audit.load-interval must be above 0 and at most 1 minute, e.g. 1s");
        if (loadRows < 1 || loadRows > 100_000) throw new IllegalArgumentException("corridor.audit.load-rows must be 1 to 100000, e.g. 4096");
        this.jdbc = jdbc;
        this.batches = batches;
        this.transactions = transactions;
        this.loadIntervalNanos = loadInterval.toNanos();
        this.loadRows = loadRows;
        this.journal = new ReadJournal(dataDir.resolve("audit-reads"));
        try {
            List<ReadJournal.Segment> leftOver = journal.leftOver();
            long loadedThrough = load(leftOver.stream().flatMap(s -> s.entries().stream()).toList());
            journal.delete(leftOver);
            journal.start(loadedThrough + 1);
        } catch (IOException | RuntimeException e) {
            journal.close();
            throw e;
        }
        this.loader = new Thread(this::loadPeriodically, "audit-journal-loader");
        loader.setDaemon(true);
        loader.start();
        this.journalWriter = new Thread(this::writeReads, "audit-journal-writer");
        journalWriter.setDaemon(true);
        journalWriter.start();
    }

    public void record(Caller who, String action, String objectType, String objectId, String detail) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql(INSERT).params(now, who.username(), who.organisation(), who.role().name(), action,
                objectType, cut(objectId, 160), cut(detail, 500), 1, now).update();
    }

    /**
     * Records a read and returns once its record is in the read journal, so no answered read is missing
     * from the trail, even if the process is killed right after. Field teams poll their dispatch: a commit
     * per read made 200 concurrent pollers queue for the connection pool, and one writer thread
     * group-committing rows into H2 every 2 ms (each commit appends a chunk of about 10 KB to H2's file)
     * made reads wait in its queue (README: p50 2.5 against 0.5 ms, p99 30 against 17 ms at 2,000 reads/s).
     * So one writer thread appends the records of all waiting readers to the journal in one write and
     * releases them, as soon as its previous write has ended; a loader thread moves journaled reads into
     * {@code audit_event} in large transactions (see {@link #loadJournal}), repeated reads as one row with
     * their count (see {@link #rows}).
     *
     * @throws ApiException (503) when the journal could not take the record in time: an unaudited read is refused
     */
    public void recordRead(Caller who, String action, String objectType, String objectId, String detail) {
        PendingRead pending = new PendingRead(new ReadJournal.Read(Instant.now(), who.username(), who.organisation(),
                who.role().name(), action, objectType, cut(objectId, 160), cut(detail, 500)), new CompletableFuture<>());
        try {
            if (reads.offer(pending, READ_WAIT_SECONDS, TimeUnit.SECONDS)) {
                pending.journaled().get(READ_WAIT_SECONDS, TimeUnit.SECONDS);
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
        // not stopped by an interrupt: one inside a write would close the journal's file channel
        while (!stopping || !reads.isEmpty()) {
            try {
                PendingRead first = reads.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
            } catch (InterruptedException e) {
                return;
            }
            reads.drainTo(batch, BATCH - 1);
            try {
                journal.append(batch.stream().map(PendingRead::read).toList(), MAX_UNLOADED);
                batch.forEach(r -> r.journaled().complete(null));
                if (journal.rowsInCurrent() >= loadRows) LockSupport.unpark(loader);
            } catch (IOException | RuntimeException e) {
                // the readers get the failure (and fail their request); the reason stays in the log, no row contents
                LOG.error("audit: {} reads not journaled: {}", batch.size(), e.getClass().getSimpleName());
                batch.forEach(r -> r.journaled().completeExceptionally(e));
            }
            batch.clear();
        }
    }

    private void loadPeriodically() {
        // woken early by the writer when loadRows reads wait, and by stop(); never interrupted (H2 closes its file on an interrupt)
        for (LockSupport.parkNanos(loadIntervalNanos); !stopping; LockSupport.parkNanos(loadIntervalNanos)) {
            try {
                loadJournal();
            } catch (IOException | RuntimeException e) {
                // kept in the journal and retried at the next interval; reads are refused only once MAX_UNLOADED wait
                LOG.error("audit: journaled reads not loaded: {}", e.getClass().getSimpleName());
            }
        }
    }

    /**
     * Moves every read journaled so far into {@code audit_event}: closes the journal's current segment,
     * loads the rows of all closed segments in one transaction, then deletes their files.
     */
    void loadJournal() throws IOException {
        synchronized (toLoad) {
            toLoad.addAll(journal.roll());
            if (toLoad.isEmpty()) return;
            load(toLoad.stream().flatMap(s -> s.entries().stream()).toList());
            journal.delete(toLoad);
            toLoad.clear();
        }
    }

    /**
     * Inserts the entries the database does not hold yet (sequence numbers above its last loaded one) and
     * records the new last one, in one transaction, so each journaled read is counted exactly once even
     * when a process died between this commit and deleting the segment files.
     *
     * @return the last loaded sequence number afterwards
     */
    private long load(List<ReadJournal.Entry> entries) {
        Long last = transactions.execute(status -> {
            long through = jdbc.sql("SELECT loaded_through FROM audit_read_journal WHERE id = 1 FOR UPDATE").query(Long.class).single();
            List<ReadJournal.Read> fresh = new ArrayList<>();
            long newest = through;
            for (ReadJournal.Entry e : entries) {
                if (e.sequence() <= through) continue;
                fresh.add(e.read());
                newest = Math.max(newest, e.sequence());
            }
            if (fresh.isEmpty()) return through;
            batches.batchUpdate(INSERT, rows(fresh));
            jdbc.sql("UPDATE audit_read_journal SET loaded_through = ? WHERE id = 1").param(newest).update();
            return newest;
        });
        return last;
    }

    @PreDestroy
    void stop() throws InterruptedException, IOException {
        // reads already queued are still journaled (their readers are waiting), then the rest is loaded
        stopping = true;
        journalWriter.join(TimeUnit.SECONDS.toMillis(READ_WAIT_SECONDS));
        LockSupport.unpark(loader);
        loader.join(TimeUnit.SECONDS.toMillis(READ_WAIT_SECONDS));
        try {
            loadJournal();
        } finally {
            // what could not be loaded stays in the journal for the next start
            journal.close();
        }
    }

    /**
     * The rows of reads loaded together: the reads of one object by one caller with the same detail
     * (everything but the time) are one row, with their count, the first one's time and the last one's,
     * as long as the last came at most {@link #MAX_REPEAT_SPAN} after the first (a later one opens a new
     * row). Rows are in the order of their first reads. A team polling its dispatch every few seconds is
     * thus a row per load (a second by default) and per version, not a row per read: the trail still
     * says who read which version of which dispatch, when and how often.
     */
    private static List<Object[]> rows(List<ReadJournal.Read> reads) {
        Map<List<String>, Repeats> open = new HashMap<>();
        List<Repeats> rows = new ArrayList<>();
        for (ReadJournal.Read r : reads) {
            List<String> what = List.of(r.texts());
            Repeats row = open.get(what);
            if (row == null || Duration.between(row.first, r.at()).compareTo(MAX_REPEAT_SPAN) > 0) {
                row = new Repeats(r);
                open.put(what, row);
                rows.add(row);
            } else {
                row.add(r.at());
            }
        }
        return rows.stream().map(Repeats::row).toList();
    }

    /** A row of {@link #rows} being gathered. */
    private static final class Repeats {
        private final ReadJournal.Read read;
        private Instant first;
        private Instant last;
        private int count = 1;

        Repeats(ReadJournal.Read read) {
            this.read = read;
            this.first = read.at();
            this.last = read.at();
        }

        void add(Instant at) {
            // readers stamp their reads before they queue for the journal, so times may be slightly out of order
            if (at.isBefore(first)) first = at;
            if (at.isAfter(last)) last = at;
            count++;
        }

        Object[] row() {
            return new Object[] {OffsetDateTime.ofInstant(first, ZoneOffset.UTC), read.username(), read.organisation(), read.role(),
                    read.action(), read.objectType(), read.objectId(), read.detail(), count, OffsetDateTime.ofInstant(last, ZoneOffset.UTC)};
        }
    }

    private record PendingRead(ReadJournal.Read read, CompletableFuture<Void> journaled) {}

    /**
     * Events newest first, at most {@code limit}, with ids below {@code beforeId} (null = from the newest);
     * only {@code organisation}'s when it is non-null. Journaled reads are loaded first, so the trail
     * includes every read answered so far.
     */
    public List<Event> read(String organisation, Long beforeId, int limit) {
        try {
            loadJournal();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // rows from before the V5 migration have no last_at: a single event's last time is its time
        StringBuilder sql = new StringBuilder("SELECT id, at, username, organisation, role, action, object_type, object_id, detail, repeats,"
                + " COALESCE(last_at, at) FROM audit_event WHERE 1 = 1");
        List<Object> params = new java.util.ArrayList<>();
        if (organisation != null) { sql.append(" AND organisation = ?"); params.add(organisation); }
        if (beforeId != null) { sql.append(" AND id < ?"); params.add(beforeId); }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new Event(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getInt(10),
                        rs.getObject(11, OffsetDateTime.class)))
                .list();
    }

    private static String cut(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max);
    }

    /** One audited action, or {@code repeats} reads alike from {@code at} to {@code lastAt} (see {@link #rows}). */
    public record Event(long id, OffsetDateTime at, String username, String organisation, String role, String action,
                        String objectType, String objectId, String detail, int repeats, OffsetDateTime lastAt) {}
}
