package org.corridor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestContextManager;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the test contracts need from a running service (one per database flavour), and the calls
 * they share: signing in as a DEMO user, uploading the tiny scenario, solving and waiting.
 */
public interface ServiceHarness {
    JsonMapper JSON = JsonMapper.builder().build();

    /** DEMO users of application.yml, with their passwords. */
    Map<String, String> PASSWORDS = Map.of(
            "coordinator", "demo-coordinator",
            "planner-unfood", "demo-planner-unfood",
            "planner-unchild", "demo-planner-unchild",
            "team-unfood-kabul", "demo-team-unfood-kabul",
            "team-unchild-kabul", "demo-team-unchild-kabul");

    MockMvc mvc();

    GatedSolver solver();

    /** The service's job service, to check what it keeps in memory (a shared harness has none). */
    default org.corridor.api.job.JobService jobs() { throw new UnsupportedOperationException("no job service on this harness"); }

    /** Properties that point a new application context at a fresh, empty database of this flavour. */
    Map<String, Object> freshDatabase();

    /** Harnesses over the Spring context (and database) of a test class, for property classes that share it. */
    Map<Class<?>, ServiceHarness> SHARED = new ConcurrentHashMap<>();

    /**
     * A harness on the MockMvc of {@code testClass}'s Spring context, made once per class; it has no
     * gated solver and no fresh database, so it suits requests that must never start work.
     */
    static ServiceHarness sharedWith(Class<?> testClass) {
        return SHARED.computeIfAbsent(testClass, c -> {
            MockMvc mvc = new TestContextManager(c).getTestContext().getApplicationContext().getBean(MockMvc.class);
            return new ServiceHarness() {
                public MockMvc mvc() { return mvc; }
                public GatedSolver solver() { throw new UnsupportedOperationException(); }
                public Map<String, Object> freshDatabase() { throw new UnsupportedOperationException(); }
            };
        });
    }

    /** HTTP Basic as {@code user}. */
    static UnaryOperator<MockHttpServletRequestBuilder> as(String user) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + PASSWORDS.get(user)).getBytes(StandardCharsets.UTF_8));
        return r -> r.header("Authorization", "Basic " + basic);
    }

    default MockHttpServletResponse call(String user, MockHttpServletRequestBuilder request) {
        try {
            return mvc().perform(user == null ? request : as(user).apply(request)).andReturn().getResponse();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    default JsonNode json(MockHttpServletResponse response) {
        try {
            return JSON.readTree(response.getContentAsByteArray());
        } catch (tools.jackson.core.JacksonException e) {
            throw new AssertionError("not JSON: " + contentOf(response), e);
        }
    }

    /** The response body as UTF-8 text. */
    static String text(MockHttpServletResponse response) {
        return new String(response.getContentAsByteArray(), StandardCharsets.UTF_8);
    }

    /** The tiny test scenario (3 provinces, 2 agencies), zipped as a client would upload it. */
    static byte[] tinyZip(UnaryOperator<String> edit, String fileToEdit) {
        Path dir = Path.of("src/test/resources/scenarios/tiny");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out); Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                zip.putNextEntry(new ZipEntry("tiny/" + f.getFileName()));
                String text = Files.readString(f);
                zip.write((f.getFileName().toString().equals(fileToEdit) ? edit.apply(text) : text).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Objects every contract can read; made once per service. */
    record Fixtures(String tinyScenario, String foodJob, String foodPlan, String cellPlan) {}

    Map<Object, Fixtures> FIXTURES = new ConcurrentHashMap<>();

    /**
     * UN_FOOD's upload of the tiny scenario, a UN_FOOD plan solved by its planner, and a plan of the
     * coordination cell on the same scenario (made last, so it is the teams' current plan).
     */
    default Fixtures fixtures() {
        return FIXTURES.computeIfAbsent(mvc(), k -> {
            MockHttpServletResponse up = call("planner-unfood", post("/api/v1/scenarios").contentType("application/zip").content(tinyZip(s -> s, "")));
            assertThat(up.getStatus()).as(contentOf(up)).isEqualTo(201);
            String scenario = json(up).get("id").asString();
            JsonNode foodJob = solveAndWait("planner-unfood", scenario, null);
            JsonNode cellJob = solveAndWait("coordinator", scenario, null);
            return new Fixtures(scenario, foodJob.get("id").asString(), foodJob.get("planId").asString(), cellJob.get("planId").asString());
        });
    }

    /** Submits a solve and polls the job until it finishes; returns the finished job. */
    default JsonNode solveAndWait(String user, String scenario, String plan) {
        String body = "{\"scenario\":\"" + scenario + "\"" + (plan == null ? "" : ",\"plan\":\"" + plan + "\"") + ",\"options\":{\"timeLimitSeconds\":20}}";
        MockHttpServletResponse r = call(user, post("/api/v1/solves").contentType(MediaType.APPLICATION_JSON).content(body));
        assertThat(r.getStatus()).as(contentOf(r)).isEqualTo(202);
        return awaitFinished(user, r.getHeader("Location"));
    }

    default JsonNode awaitFinished(String user, String location) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode job = json(call(user, get(location)));
            String status = job.get("status").asString();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) return job;
            sleep(50);
        }
        throw new AssertionError("job " + location + " did not finish within 120 s");
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String contentOf(MockHttpServletResponse r) {
        return r.getStatus() + " " + new String(r.getContentAsByteArray(), StandardCharsets.UTF_8);
    }
}
