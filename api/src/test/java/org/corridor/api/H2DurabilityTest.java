package org.corridor.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/**
 * Nothing acknowledged is lost on the embedded default: a row committed on the service's own H2 URL is there
 * after the process that wrote it is killed at once (halted: no shutdown hook, no close). H2 otherwise writes
 * committed changes in the background up to its write delay later, so a kill right after a commit lost them.
 */
class H2DurabilityTest {

    @Test
    void aCommittedRowSurvivesTheWriterBeingKilledRightAfterTheCommit(@TempDir Path dir) throws Exception {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        String url = yaml.getObject().getProperty("spring.datasource.url").replace("${corridor.data-dir}", dir.toString());
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Writer.class.getName(), url)
                .redirectErrorStream(true).start();
        String said;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            said = out.readLine();
        }
        assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(said).isEqualTo("committed");
        assertThat(writer.exitValue()).isEqualTo(9);
        try (Connection c = DriverManager.getConnection(url, "corridor", ""); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select count(*) from acknowledged")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getInt(1)).isEqualTo(100);
        }
    }

    /** Commits 100 rows in 100 transactions on the URL it is given, says so, and halts at once. */
    public static final class Writer {
        public static void main(String[] args) throws Exception {
            Connection c = DriverManager.getConnection(args[0], "corridor", "");
            try (Statement s = c.createStatement()) {
                s.execute("create table acknowledged (id int primary key)");
            }
            c.setAutoCommit(false);
            for (int i = 0; i < 100; i++) {
                try (Statement s = c.createStatement()) {
                    s.execute("insert into acknowledged values (" + i + ")");
                }
                c.commit();
            }
            System.out.println("committed");
            System.out.flush();
            Runtime.getRuntime().halt(9);
        }
    }
}
