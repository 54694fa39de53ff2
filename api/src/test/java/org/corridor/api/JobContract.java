package org.corridor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;

/** Solves as jobs: 202 + Location, idempotent retries, bounded admission, cancellation, versions. */
public interface JobContract extends ServiceHarness {

    private MockHttpServletResponse submit(String user, String body, String key) {
        var request = post("/api/v1/solves").contentType(MediaType.APPLICATION_JSON).content(body);
        if (key != null) request.header("Idempotency-Key", key);
        return call(user, request);
    }

    private String body(String scenario, int seed) {
        return "{\"scenario\":\"" + scenario + "\",\"options\":{\"seed\":" + seed + ",\"timeLimitSeconds\":20}}";
    }

    @Test
    default void aSolveIsAcceptedWithLocationAndEndsAsAStoredPlanVersion() {
        String scenario = fixtures().tinyScenario();
        MockHttpServletResponse r = submit("planner-unfood", body(scenario, 1), null);
        assertThat(r.getStatus()).isEqualTo(202);
        String location = r.getHeader("Location");
        assertThat(location).matches("/api/v1/jobs/j-[0-9a-f]{16}");
        assertThat(json(r).get("status").asString()).isIn("QUEUED", "RUNNING");

        JsonNode job = awaitFinished("planner-unfood", location);
        assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("progress").asDouble()).isEqualTo(1.0);
        String planId = job.get("planId").asString();
        MockHttpServletResponse version = call("planner-unfood", get("/api/v1/plans/" + planId + "/versions/1"));
        assertThat(Schemas.violations("plan.schema.json", ServiceHarness.text(version))).isEmpty();
        Plan plan = Json.read(ServiceHarness.text(version), Plan.class);
        assertThat(plan.planId()).isEqualTo(planId);
        assertThat(plan.version()).isEqualTo(1);
        assertThat(plan.options().seed()).isEqualTo(1);
        assertThat(plan.options().horizonDays()).isEqualTo(10); // not given: the tiny scenario's scenario.json declares 10 days
        assertThat(plan.routes()).isNotEmpty();
    }

    @Test
    default void aSolveOnAnExistingPlanAddsTheNextVersion() {
        Fixtures f = fixtures();
        JsonNode job = solveAndWait("planner-unfood", f.tinyScenario(), f.foodPlan());
        assertThat(job.get("planId").asString()).isEqualTo(f.foodPlan());
        int version = job.get("planVersion").asInt();
        assertThat(version).isGreaterThan(1);
        JsonNode plan = json(call("planner-unfood", get("/api/v1/plans/" + f.foodPlan())));
        assertThat(plan.get("plan").get("latestVersion").asInt()).isEqualTo(version);
        assertThat(plan.get("versions")).hasSize(version);
        // another organisation may not add versions to UN_FOOD's plan, and cannot even see it
        MockHttpServletResponse other = call("planner-unchild", post("/api/v1/solves").contentType(MediaType.APPLICATION_JSON)
                .content("{\"scenario\":\"afghanistan\",\"plan\":\"" + f.foodPlan() + "\"}"));
        assertThat(other.getStatus()).isEqualTo(422);
        assertThat(json(other).get("errors").get(0).get("pointer").asString()).isEqualTo("/plan");
    }

    @Test
    default void aRetryWithTheSameIdempotencyKeyReturnsTheSameJobAndNeverASecond() throws Exception {
        String scenario = fixtures().tinyScenario();
        int before = json(call("coordinator", get("/api/v1/jobs?limit=500"))).size();
        String key = "retry-" + System.nanoTime();
        // four concurrent "retries" of one request: exactly one job is created
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Callable<MockHttpServletResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) calls.add(() -> submit("planner-unfood", body(scenario, 2), key));
        Set<String> locations = new HashSet<>();
        int replayed = 0;
        for (Future<MockHttpServletResponse> fr : clients.invokeAll(calls)) {
            MockHttpServletResponse r = fr.get();
            assertThat(r.getStatus()).as(ServiceHarness.contentOf(r)).isEqualTo(202);
            locations.add(r.getHeader("Location"));
            if ("true".equals(r.getHeader("Idempotent-Replayed"))) replayed++;
        }
        clients.shutdown();
        assertThat(locations).hasSize(1);
        assertThat(replayed).isEqualTo(3);
        awaitFinished("planner-unfood", locations.iterator().next());
        MockHttpServletResponse later = submit("planner-unfood", body(scenario, 2), key);
        assertThat(later.getHeader("Location")).isEqualTo(locations.iterator().next());
        assertThat(json(later).get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(json(call("coordinator", get("/api/v1/jobs?limit=500"))).size()).isEqualTo(before + 1);

        MockHttpServletResponse reused = submit("planner-unfood", body(scenario, 3), key);
        assertThat(reused.getStatus()).isEqualTo(422);
        assertThat(json(reused).get("errors").get(0).get("parameter").asString()).isEqualTo("Idempotency-Key");
    }

    @Test
    default void beyondWorkersAndQueueSubmitsGet503WithRetryAfterAndCancelFreesTheWorker() {
        String scenario = fixtures().tinyScenario();
        solver().close();
        List<String> admitted = new ArrayList<>();
        try {
            // the test service has 1 worker and a queue of 2
            for (int i = 0; i < 3; i++) {
                MockHttpServletResponse r = submit("planner-unfood", body(scenario, 10 + i), null);
                assertThat(r.getStatus()).as(ServiceHarness.contentOf(r)).isEqualTo(202);
                admitted.add(r.getHeader("Location"));
            }
            for (int i = 0; i < 3; i++) {
                MockHttpServletResponse full = submit("planner-unchild", body("afghanistan", 20 + i), "full-" + i + "-" + System.nanoTime());
                assertThat(full.getStatus()).isEqualTo(503);
                assertThat(full.getHeader("Retry-After")).isEqualTo("7");
                assertThat(full.getContentType()).startsWith("application/problem+json");
            }
            // reads are unaffected while the queue is full
            assertThat(call("team-unfood-kabul", get("/api/v1/teams/UN_FOOD/AF01/dispatch")).getStatus()).isEqualTo(200);

            awaitStatus("planner-unfood", admitted.get(0), "RUNNING");
            assertThat(json(call("planner-unfood", get(admitted.get(1)))).get("status").asString()).isEqualTo("QUEUED");
            // a queued job is cancelled at once; the running one stops at the solver's next check
            JsonNode queued = json(call("planner-unfood", post(admitted.get(2) + "/cancel")));
            assertThat(queued.get("status").asString()).isEqualTo("CANCELLED");
            JsonNode running = json(call("coordinator", post(admitted.get(0) + "/cancel")));
            assertThat(running.get("cancelRequested").asBoolean() || running.get("status").asString().equals("CANCELLED")).isTrue();
            assertThat(awaitFinished("planner-unfood", admitted.get(0)).get("error").asString()).isEqualTo("cancelled by coordinator");
            // the freed worker takes the next queued job
            awaitStatus("planner-unfood", admitted.get(1), "RUNNING");
            call("planner-unfood", post(admitted.get(1) + "/cancel"));
            assertThat(awaitFinished("planner-unfood", admitted.get(1)).get("status").asString()).isEqualTo("CANCELLED");
            assertThat(call("planner-unfood", post(admitted.get(1) + "/cancel")).getStatus()).isEqualTo(409);
            // capacity is back: a new solve is admitted and, with the gate open, succeeds
            solver().open();
            assertThat(solveAndWait("planner-unfood", scenario, null).get("status").asString()).isEqualTo("SUCCEEDED");
        } finally {
            solver().open();
        }
    }

    private void awaitStatus(String user, String location, String status) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!json(call(user, get(location))).get("status").asString().equals(status)) {
            if (System.nanoTime() > deadline) throw new AssertionError(location + " never reached " + status);
            ServiceHarness.sleep(10);
        }
    }
}
