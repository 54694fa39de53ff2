package org.corridor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.corridor.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, run the way the README runs it ({@code java -jar optimizer/target/corridor.jar}),
 * in a fresh JVM: the OR-Tools native libraries must load from inside the shaded jar, the Afghanistan
 * plan must be OPTIMAL and pass the verifier. Run by failsafe in the integration-test phase, after
 * {@code package} built the jar.
 */
class CorridorJarIT {
    private static final Path JAR = Path.of("target", "corridor.jar");

    record Result(int code, String out) {}

    private static Result java(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        command.addAll(List.of(args));
        Path log = workDir.resolve("process-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("java -jar " + String.join(" ", args) + " did not finish in 10 minutes");
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void jarPlansAfghanistanOptimallyAndVerifiesThePlan(@TempDir Path tmp) throws Exception {
        assertThat(JAR).as("run `mvn package` first").isRegularFile();
        String scenario = TestData.afghanistan().toString();
        Path plan = tmp.resolve("plan.json");

        Result planned = java(tmp, "plan", "--scenario", scenario, "--out", plan.toString());
        assertThat(planned.code()).as(planned.out()).isZero();
        assertThat(planned.out()).contains("status OPTIMAL");
        assertThat(Files.readString(plan)).contains("\"status\" : \"OPTIMAL\"", "\"ortoolsVersion\" : \"9.");

        Result verified = java(tmp, "verify", "--scenario", scenario, "--plan", plan.toString());
        assertThat(verified.code()).as(verified.out()).isZero();
        assertThat(verified.out()).contains("no violations");
    }

    @Test
    void jarReportsBadInputWithExitCodeTwoAndNoStackTrace(@TempDir Path tmp) throws Exception {
        Result r = java(tmp, "plan", "--scenario", tmp.resolve("missing").toString(), "--out", tmp.resolve("p.json").toString());
        assertThat(r.code()).isEqualTo(CorridorCli.BAD_INPUT);
        assertThat(r.out()).contains("scenario folder does not exist").doesNotContain("\tat ", "Exception");
    }
}
