package org.corridor.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.corridor.api.security.Caller;
import org.corridor.api.security.Role;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/** The group commit of dispatch reads: every acknowledged read is committed, and reads arriving together share a commit. */
class AuditLogTest {
    private static final Caller TEAM = new Caller("team-unfood-kabul", Role.FIELD_TEAM, "UN_FOOD", "AF01");

    /** A transaction template that counts the transactions it runs (each ends in one commit). */
    private static final class CountingTransactions extends TransactionTemplate {
        final AtomicInteger commits = new AtomicInteger();

        CountingTransactions(DataSourceTransactionManager manager) {
            super(manager);
        }

        @Override
        public <T> T execute(TransactionCallback<T> action) throws TransactionException {
            T result = super.execute(action);
            commits.incrementAndGet();
            return result;
        }
    }

    private static JdbcTemplate database(String name) {
        SimpleDriverDataSource data = new SimpleDriverDataSource(new org.h2.Driver(),
                "jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "corridor", "");
        Flyway.configure().dataSource(data).locations("classpath:db/migration").load().migrate();
        return new JdbcTemplate(data);
    }

    private static AuditLog audit(JdbcTemplate jdbc, CountingTransactions transactions, Duration gap) {
        return new AuditLog(JdbcClient.create(jdbc), jdbc, transactions, gap);
    }

    @Test
    void readsArrivingWithinTheCommitGapShareOneCommitAndAllAreInTheTrailWhenAcknowledged() throws Exception {
        JdbcTemplate jdbc = database("gap");
        CountingTransactions transactions = new CountingTransactions(new DataSourceTransactionManager(jdbc.getDataSource()));
        AuditLog audit = audit(jdbc, transactions, Duration.ofSeconds(1));
        // the first read after a quiet spell is committed at once, in its own commit
        audit.recordRead(TEAM, "dispatch.read", "dispatch", "UN_FOOD/AF01", "read 0");
        assertThat(transactions.commits).hasValue(1);
        // the next 20 arrive well within the 1 s gap that follows that commit's start: they wait for it and share the next commit
        ExecutorService readers = Executors.newFixedThreadPool(20);
        try {
            List<Future<?>> reads = IntStream.rangeClosed(1, 20)
                    .<Future<?>>mapToObj(i -> readers.submit(() -> audit.recordRead(TEAM, "dispatch.read", "dispatch", "UN_FOOD/AF01", "read " + i)))
                    .toList();
            for (Future<?> read : reads) read.get();
        } finally {
            readers.shutdown();
        }
        assertThat(transactions.commits).hasValue(2);
        assertThat(jdbc.queryForList("SELECT detail FROM audit_event WHERE action = 'dispatch.read'", String.class))
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(0, 20).mapToObj(i -> "read " + i).toList());
        audit.stopReadWriter();
    }

    @Test
    void withoutAGapEachReadIsAcknowledgedOnlyAfterItsRowIsCommitted() throws Exception {
        JdbcTemplate jdbc = database("nogap");
        CountingTransactions transactions = new CountingTransactions(new DataSourceTransactionManager(jdbc.getDataSource()));
        AuditLog audit = audit(jdbc, transactions, Duration.ZERO);
        for (int i = 0; i < 5; i++) {
            audit.recordRead(TEAM, "dispatch.read", "dispatch", "UN_FOOD/AF01", "read " + i);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event", Integer.class)).isEqualTo(i + 1);
        }
        // one read at a time: nothing to group, one commit each
        assertThat(transactions.commits).hasValue(5);
        audit.stopReadWriter();
    }

    @Test
    void aGapOutsideZeroToOneSecondIsRefusedWithTheSettingsName() {
        JdbcTemplate jdbc = database("refused");
        CountingTransactions transactions = new CountingTransactions(new DataSourceTransactionManager(jdbc.getDataSource()));
        assertThatThrownBy(() -> audit(jdbc, transactions, Duration.ofMillis(-1))).hasMessageContaining("corridor.audit.read-commit-gap");
        assertThatThrownBy(() -> audit(jdbc, transactions, Duration.ofSeconds(2))).hasMessageContaining("corridor.audit.read-commit-gap");
    }
}
