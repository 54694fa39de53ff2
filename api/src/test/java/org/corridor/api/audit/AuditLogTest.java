package org.corridor.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.corridor.api.problem.ApiException;
import org.corridor.api.security.Caller;
import org.corridor.api.security.Role;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Audited reads through the read journal: every acknowledged read reaches audit_event exactly once,
 * including reads journaled by a process that was killed before loading them.
 */
class AuditLogTest {
    private static final Caller TEAM = new Caller("team-unfood-kabul", Role.FIELD_TEAM, "UN_FOOD", "AF01");

    @TempDir
    Path dataDir;

    private static JdbcTemplate database(String name) {
        SimpleDriverDataSource data = new SimpleDriverDataSource(new org.h2.Driver(),
                "jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "corridor", "");
        Flyway.configure().dataSource(data).locations("classpath:db/migration").load().migrate();
        return new JdbcTemplate(data);
    }

    private AuditLog audit(JdbcTemplate jdbc, Duration loadInterval, int loadRows) throws IOException {
        return new AuditLog(JdbcClient.create(jdbc), jdbc, new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource())),
                dataDir, loadInterval, loadRows);
    }

    private static List<String> readDetails(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT detail FROM audit_event WHERE action = 'dispatch.read' ORDER BY id", String.class);
    }

    private static ReadJournal.Read read(int i) {
        return new ReadJournal.Read(Instant.parse("2026-11-29T08:00:00Z").plusMillis(i), "team-unfood-kabul", "UN_FOOD", "FIELD_TEAM",
                "dispatch.read", "dispatch", "UN_FOOD/AF01", "read " + i);
    }

    private static ReadJournal.Read at(ReadJournal.Read r, Instant at) {
        return new ReadJournal.Read(at, r.username(), r.organisation(), r.role(), r.action(), r.objectType(), r.objectId(), r.detail());
    }

    private static List<String> details(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "read " + i).toList();
    }

    @Test
    void everyAcknowledgedReadIsInTheTrailThatTheAuditEndpointReads() throws Exception {
        JdbcTemplate jdbc = database("acknowledged");
        // a loader that would not run for a minute: the trail's reader loads what is journaled itself
        AuditLog audit = audit(jdbc, Duration.ofMinutes(1), 100_000);
        ExecutorService readers = Executors.newFixedThreadPool(20);
        try {
            List<Future<?>> reads = IntStream.rangeClosed(1, 40)
                    .<Future<?>>mapToObj(i -> readers.submit(() -> audit.recordRead(TEAM, "dispatch.read", "dispatch", "UN_FOOD/AF01", "read " + i)))
                    .toList();
            for (Future<?> r : reads) r.get();
        } finally {
            readers.shutdown();
        }
        assertThat(audit.read("UN_FOOD", null, 1000)).extracting(AuditLog.Event::detail).containsExactlyInAnyOrderElementsOf(details(1, 40));
        assertThat(audit.read("UN_CHILD", null, 1000)).isEmpty();
        audit.stop();
        assertThat(readDetails(jdbc)).hasSize(40);
    }

    @Test
    void theLoaderMovesJournaledReadsOnceLoadRowsWait() throws Exception {
        JdbcTemplate jdbc = database("rows");
        AuditLog audit = audit(jdbc, Duration.ofMinutes(1), 5);
        for (int i = 1; i <= 5; i++) audit.recordRead(TEAM, "dispatch.read", "dispatch", "UN_FOOD/AF01", "read " + i);
        // the writer wakes the loader at 5 rows; the minute's interval is not waited for
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (readDetails(jdbc).size() < 5 && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(readDetails(jdbc)).containsExactlyElementsOf(details(1, 5));
        audit.stop();
    }

    @Test
    void readsJournaledByAKilledProcessAreLoadedExactlyOnceBeforeTheNextStartAnswers() throws Exception {
        JdbcTemplate jdbc = database("killed");
        Path folder = dataDir.resolve("audit-reads");
        // a process journals 10 reads and is killed inside its next write: no loader ran, the last record is torn
        try (ReadJournal journal = new ReadJournal(folder)) {
            journal.start(1);
            journal.append(IntStream.rangeClosed(1, 4).mapToObj(AuditLogTest::read).toList(), Long.MAX_VALUE);
            journal.append(IntStream.rangeClosed(5, 10).mapToObj(AuditLogTest::read).toList(), Long.MAX_VALUE);
        }
        Path segment = onlySegment(folder);
        Files.write(segment, new byte[] {0, 0, 0, 90, 0, 0, 0}, StandardOpenOption.APPEND);
        byte[] killedState = Files.readAllBytes(segment);

        AuditLog restarted = audit(jdbc, Duration.ofMinutes(1), 100_000);
        assertThat(readDetails(jdbc)).containsExactlyElementsOf(details(1, 10));
        assertThat(jdbc.queryForList("SELECT at FROM audit_event WHERE detail = 'read 7'", java.time.OffsetDateTime.class))
                .singleElement().extracting(java.time.OffsetDateTime::toInstant).isEqualTo(read(7).at());
        restarted.recordRead(TEAM, "dispatch.read", "dispatch", "UN_FOOD/AF01", "read 11");
        restarted.stop();
        assertThat(readDetails(jdbc)).containsExactlyElementsOf(details(1, 11));

        // killed again, after a load committed but before its segment was deleted: nothing is loaded twice
        Files.write(segment, killedState);
        AuditLog again = audit(jdbc, Duration.ofMinutes(1), 100_000);
        assertThat(readDetails(jdbc)).containsExactlyElementsOf(details(1, 11));
        assertThat(onlySegmentOrNone(folder)).isNull();
        again.recordRead(TEAM, "dispatch.read", "dispatch", "UN_FOOD/AF01", "read 12");
        again.stop();
        assertThat(readDetails(jdbc)).containsExactlyElementsOf(details(1, 12));
        assertThat(jdbc.queryForObject("SELECT loaded_through FROM audit_read_journal", Long.class)).isEqualTo(12L);
    }

    @Test
    void readsAcknowledgedByAProcessKilledAtOnceAreAllInTheTrailAfterTheNextStart() throws Exception {
        // the service's own H2 URL (WRITE_DELAY=0) in this test's data folder, as the service would use it
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        String url = yaml.getObject().getProperty("spring.datasource.url").replace("${corridor.data-dir}", dataDir.toString());
        Process reader = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledReader.class.getName(), url, dataDir.toString())
                .redirectErrorStream(true).start();
        List<String> said;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(reader.getInputStream(), StandardCharsets.UTF_8))) {
            said = out.lines().toList();
        }
        assertThat(reader.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(said).last().isEqualTo("acknowledged");
        assertThat(reader.exitValue()).isEqualTo(9);

        JdbcTemplate jdbc = new JdbcTemplate(new SimpleDriverDataSource(new org.h2.Driver(), url, "corridor", ""));
        assertThat(readDetails(jdbc)).as("no loader ran in the killed process").isEmpty();
        AuditLog restarted = audit(jdbc, Duration.ofMinutes(1), 100_000);
        assertThat(readDetails(jdbc)).containsExactlyElementsOf(details(1, 100));
        restarted.stop();
    }

    /** Acknowledges 100 reads one after another on the H2 URL and data folder it is given (no load: a minute's interval), says so, and halts at once. */
    public static final class KilledReader {
        public static void main(String[] args) throws Exception {
            SimpleDriverDataSource data = new SimpleDriverDataSource(new org.h2.Driver(), args[0], "corridor", "");
            Flyway.configure().dataSource(data).locations("classpath:db/migration").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(data);
            AuditLog audit = new AuditLog(JdbcClient.create(jdbc), jdbc, new TransactionTemplate(new DataSourceTransactionManager(data)),
                    Path.of(args[1]), Duration.ofMinutes(1), 100_000);
            for (int i = 1; i <= 100; i++) audit.recordRead(TEAM, "dispatch.read", "dispatch", "UN_FOOD/AF01", "read " + i);
            System.out.println("acknowledged");
            System.out.flush();
            Runtime.getRuntime().halt(9);
        }
    }

    @Test
    void readsAlikeLoadedTogetherAreOneRowWithTheirCountAndTheirFirstAndLastTimes() throws Exception {
        JdbcTemplate jdbc = database("repeats");
        Instant t = Instant.parse("2026-11-29T08:00:00Z");
        ReadJournal.Read polled = new ReadJournal.Read(t, "team-unfood-kabul", "UN_FOOD", "FIELD_TEAM", "dispatch.read", "dispatch",
                "UN_FOOD/AF01", "plan=p version=1 not-modified");
        List<ReadJournal.Read> reads = List.of(
                polled,
                at(polled, t.plusMillis(900)),
                // the same team reads the dispatch in full once: another detail, another row
                new ReadJournal.Read(t.plusMillis(300), "team-unfood-kabul", "UN_FOOD", "FIELD_TEAM", "dispatch.read", "dispatch",
                        "UN_FOOD/AF01", "plan=p version=1"),
                // another user's read of the same dispatch and detail is not folded into the team's
                new ReadJournal.Read(t.plusMillis(400), "coordinator", "UN_OCHA", "COORDINATOR", "dispatch.read", "dispatch",
                        "UN_FOOD/AF01", "plan=p version=1 not-modified"),
                // stamped before the first, queued after it
                at(polled, t.minusMillis(50)),
                // exactly the span after the first: still the same row; past it: a row of its own
                at(polled, t.minusMillis(50).plus(AuditLog.MAX_REPEAT_SPAN)),
                at(polled, t.plus(AuditLog.MAX_REPEAT_SPAN)));
        Path folder = dataDir.resolve("audit-reads");
        try (ReadJournal journal = new ReadJournal(folder)) {
            journal.start(1);
            journal.append(reads, Long.MAX_VALUE);
        }
        AuditLog audit = audit(jdbc, Duration.ofMinutes(1), 100_000);
        List<AuditLog.Event> events = new ArrayList<>(audit.read(null, null, 100));
        Collections.reverse(events);
        assertThat(events).extracting(e -> e.username() + " " + e.detail() + " x" + e.repeats()).containsExactly(
                "team-unfood-kabul plan=p version=1 not-modified x4",
                "team-unfood-kabul plan=p version=1 x1",
                "coordinator plan=p version=1 not-modified x1",
                "team-unfood-kabul plan=p version=1 not-modified x1");
        assertThat(events.get(0).at().toInstant()).isEqualTo(t.minusMillis(50));
        assertThat(events.get(0).lastAt().toInstant()).isEqualTo(t.minusMillis(50).plus(AuditLog.MAX_REPEAT_SPAN));
        assertThat(events.get(1).lastAt()).isEqualTo(events.get(1).at());
        assertThat(events.get(3).at().toInstant()).isEqualTo(t.plus(AuditLog.MAX_REPEAT_SPAN));
        assertThat(events.stream().mapToInt(AuditLog.Event::repeats).sum()).isEqualTo(reads.size());
        assertThat(jdbc.queryForObject("SELECT loaded_through FROM audit_read_journal", Long.class)).isEqualTo(7L);

        // reads acknowledged at once by a live service: every one counted, in fewer rows than reads
        ExecutorService readers = Executors.newFixedThreadPool(20);
        try {
            List<Future<?>> answered = IntStream.range(0, 200)
                    .<Future<?>>mapToObj(i -> readers.submit(() -> audit.recordRead(TEAM, "dispatch.read", "dispatch", "UN_FOOD/AF01", "live")))
                    .toList();
            for (Future<?> r : answered) r.get();
        } finally {
            readers.shutdown();
        }
        List<AuditLog.Event> live = audit.read("UN_FOOD", null, 1000).stream().filter(e -> e.detail().equals("live")).toList();
        assertThat(live.stream().mapToInt(AuditLog.Event::repeats).sum()).isEqualTo(200);
        assertThat(live).hasSizeLessThan(200);
        audit.stop();
    }

    @Test
    void anEventWrittenBeforeRepeatsWereCountedReadsAsOneWithItsOwnTimeAsTheLast() throws Exception {
        JdbcTemplate jdbc = database("before-repeats");
        // as a row of a service from before the V5 migration: no repeats or last_at given
        jdbc.update("INSERT INTO audit_event (at, username, organisation, role, action, object_type, object_id, detail)"
                + " VALUES (TIMESTAMP WITH TIME ZONE '2026-11-28 08:00:00+00', 'coordinator', 'COORDINATION', 'COORDINATOR', 'job.cancel', 'job', 'j-1', '')");
        AuditLog audit = audit(jdbc, Duration.ofMinutes(1), 100_000);
        AuditLog.Event old = audit.read(null, null, 10).get(0);
        assertThat(old.repeats()).isEqualTo(1);
        assertThat(old.lastAt()).isEqualTo(old.at());
        assertThat(old.at().toInstant()).isEqualTo(Instant.parse("2026-11-28T08:00:00Z"));
        audit.stop();
    }

    @Test
    void aReadIsRefusedWhenTheJournalCannotBeWritten() throws Exception {
        JdbcTemplate jdbc = database("unwritable");
        AuditLog audit = audit(jdbc, Duration.ofMinutes(1), 100_000);
        // the first segment's file name is taken by a folder: the journal cannot create it
        Files.createDirectories(dataDir.resolve("audit-reads").resolve("audit-reads-0000000000000000001.journal"));
        assertThatThrownBy(() -> audit.recordRead(TEAM, "dispatch.read", "dispatch", "UN_FOOD/AF01", "read 1"))
                .isInstanceOf(ApiException.class).hasMessageContaining("cannot record this read");
        audit.stop();
        assertThat(readDetails(jdbc)).isEmpty();
    }

    @Test
    void aSecondServiceOnTheSameDataFolderIsRefused() throws Exception {
        JdbcTemplate jdbc = database("shared");
        AuditLog first = audit(jdbc, Duration.ofMinutes(1), 100_000);
        assertThatThrownBy(() -> audit(jdbc, Duration.ofMinutes(1), 100_000)).hasMessageContaining("corridor.data-dir");
        first.stop();
    }

    @Test
    void settingsOutOfRangeAreRefusedWithTheirNames() {
        JdbcTemplate jdbc = database("refused");
        assertThatThrownBy(() -> audit(jdbc, Duration.ZERO, 10)).hasMessageContaining("corridor.audit.load-interval");
        assertThatThrownBy(() -> audit(jdbc, Duration.ofMinutes(2), 10)).hasMessageContaining("corridor.audit.load-interval");
        assertThatThrownBy(() -> audit(jdbc, Duration.ofSeconds(1), 0)).hasMessageContaining("corridor.audit.load-rows");
    }

    private static Path onlySegment(Path folder) throws IOException {
        Path s = onlySegmentOrNone(folder);
        assertThat(s).isNotNull();
        return s;
    }

    private static Path onlySegmentOrNone(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> segments = files.filter(f -> f.getFileName().toString().endsWith(".journal")).toList();
            assertThat(segments).hasSizeLessThanOrEqualTo(1);
            return segments.isEmpty() ? null : segments.get(0);
        }
    }
}
