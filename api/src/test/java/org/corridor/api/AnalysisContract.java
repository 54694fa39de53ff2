package org.corridor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

/**
 * Explanations, value of access and the risk frontier of a plan version through the API: each
 * computed by a job and read beside the version, a frontier point adopted as the next version, who
 * may do what (every new endpoint x every role, cross-organisation), bad bodies located, the queue's
 * bound and cancel, and the audit trail. All on version 1 of UN_FOOD's plan of the tiny scenario.
 */
public interface AnalysisContract extends ServiceHarness {

    /** The three analyses of UN_FOOD's plan, version 1, each computed by one job; made once per service. */
    record Analysed(String plan, JsonNode explainJob, JsonNode valueJob, JsonNode frontierJob) {}

    Map<Object, Analysed> ANALYSED = new ConcurrentHashMap<>();

    default MockHttpServletResponse postJson(String user, String path, String body, String idempotencyKey) {
        MockHttpServletRequestBuilder r = post(path).contentType(MediaType.APPLICATION_JSON).content(body);
        if (idempotencyKey != null) r.header("Idempotency-Key", idempotencyKey);
        return call(user, r);
    }

    /** Posts {@code body} to {@code path} as {@code user}, expects 202 and waits for the job. */
    default JsonNode runJob(String user, String path, String body) {
        MockHttpServletResponse r = postJson(user, path, body, null);
        assertThat(r.getStatus()).as(ServiceHarness.contentOf(r)).isEqualTo(202);
        assertThat(r.getHeader("Location")).matches("/api/v1/jobs/j-[0-9a-f]{16}");
        return awaitFinished(user, r.getHeader("Location"));
    }

    default Analysed analysed() {
        return ANALYSED.computeIfAbsent(mvc(), k -> {
            String plan = fixtures().foodPlan();
            String v1 = "/api/v1/plans/" + plan + "/versions/1";
            return new Analysed(plan, runJob("planner-unfood", v1 + "/explanation", "{}"),
                    runJob("planner-unfood", v1 + "/value-of-access", "{\"threads\":1}"),
                    runJob("planner-unfood", v1 + "/frontier", "{\"budgets\":[0.0,0.05,1.0],\"threads\":2}"));
        });
    }

    @Test
    default void anExplanationIsComputedByAJobForTheStoredVersionAndReadBesideIt() {
        Analysed a = analysed();
        assertThat(a.explainJob().get("status").asString()).as(a.explainJob().toString()).isEqualTo("SUCCEEDED");
        // a finished job says so in its stage too, whichever inner stage the analysis reported last
        assertThat(a.explainJob().get("stage").asString()).isEqualTo("done");
        assertThat(a.explainJob().get("kind").asString()).isEqualTo("EXPLAIN");
        assertThat(a.explainJob().get("planId").asString()).isEqualTo(a.plan());
        assertThat(a.explainJob().get("planVersion").asInt()).isEqualTo(1);

        MockHttpServletResponse r = call("planner-unfood", get("/api/v1/plans/" + a.plan() + "/versions/1/explanation"));
        assertThat(r.getStatus()).as(ServiceHarness.contentOf(r)).isEqualTo(200);
        assertThat(r.getHeader("Link")).isEqualTo("</api/v1/jobs/" + a.explainJob().get("id").asString() + ">; rel=\"via\"");
        String body = ServiceHarness.text(r);
        assertThat(Schemas.violations("explain.schema.json", body)).isEmpty();
        JsonNode e = json(r);
        // it explains the stored version: same scenario version and options give the same input hash and coverage
        Plan v1 = Json.read(ServiceHarness.text(call("planner-unfood", get("/api/v1/plans/" + a.plan() + "/versions/1"))), Plan.class);
        assertThat(e.get("inputHash").asString()).isEqualTo(v1.solver().inputHash());
        assertThat(e.get("coverage").asDouble()).isEqualTo(v1.kpis().coverage());
        // every unmet need of the version is explained, one entry each
        assertThat(e.get("whyUnmet").size()).isEqualTo(v1.unmet().size());
    }

    @Test
    default void theValueOfAccessIsTheExplanationWithoutWhyUnmet() {
        Analysed a = analysed();
        assertThat(a.valueJob().get("status").asString()).as(a.valueJob().toString()).isEqualTo("SUCCEEDED");
        assertThat(a.valueJob().get("kind").asString()).isEqualTo("VALUE_OF_ACCESS");
        MockHttpServletResponse r = call("coordinator", get("/api/v1/plans/" + a.plan() + "/versions/1/value-of-access"));
        assertThat(r.getStatus()).as(ServiceHarness.contentOf(r)).isEqualTo(200);
        assertThat(Schemas.violations("explain.schema.json", ServiceHarness.text(r))).isEmpty();
        JsonNode value = json(r);
        JsonNode full = json(call("planner-unfood", get("/api/v1/plans/" + a.plan() + "/versions/1/explanation")));
        assertThat(value.get("whyUnmet").size()).isZero();
        assertThat(value.get("valueOfAccess")).isEqualTo(full.get("valueOfAccess"));
        assertThat(value.get("run").get("threads").asInt()).isEqualTo(1);
    }

    @Test
    default void aFrontierPointIsAdoptedAsTheNextVersionOnceEvenWhenRetried() {
        Analysed a = analysed();
        assertThat(a.frontierJob().get("status").asString()).as(a.frontierJob().toString()).isEqualTo("SUCCEEDED");
        MockHttpServletResponse r = call("planner-unfood", get("/api/v1/plans/" + a.plan() + "/versions/1/frontier"));
        assertThat(r.getStatus()).as(ServiceHarness.contentOf(r)).isEqualTo(200);
        assertThat(Schemas.violations("frontier.schema.json", ServiceHarness.text(r))).isEmpty();
        JsonNode frontier = json(r);
        assertThat(frontier.get("points").size()).isPositive();
        JsonNode point = frontier.get("points").get(0);

        String adoptions = "/api/v1/plans/" + a.plan() + "/versions/1/frontier/adoptions";
        String body = "{\"frontier\":\"" + a.frontierJob().get("id").asString() + "\",\"point\":0}";
        String key = "adopt-" + System.nanoTime();
        int before = json(call("planner-unfood", get("/api/v1/plans/" + a.plan()))).get("plan").get("latestVersion").asInt();
        MockHttpServletResponse first = postJson("planner-unfood", adoptions, body, key);
        assertThat(first.getStatus()).as(ServiceHarness.contentOf(first)).isEqualTo(201);
        int made = json(first).get("version").asInt();
        assertThat(made).isGreaterThan(before);
        assertThat(first.getHeader("Location")).isEqualTo("/api/v1/plans/" + a.plan() + "/versions/" + made);
        MockHttpServletResponse retry = postJson("planner-unfood", adoptions, body, key);
        assertThat(retry.getStatus()).isEqualTo(201);
        assertThat(json(retry).get("version").asInt()).isEqualTo(made);
        assertThat(postJson("planner-unfood", adoptions, "{\"frontier\":\"" + a.frontierJob().get("id").asString() + "\",\"point\":"
                + (frontier.get("points").size() - 1) + "}", key).getStatus()).as("the key reused for another point").isEqualTo(422);

        Plan adopted = Json.read(ServiceHarness.text(call("planner-unfood", get(first.getHeader("Location")))), Plan.class);
        assertThat(adopted.planId()).isEqualTo(a.plan());
        assertThat(adopted.version()).isEqualTo(made);
        assertThat(adopted.options().riskBudget()).isEqualTo(point.get("riskBudget").asDouble());
        assertThat(adopted.kpis().coverage()).isEqualTo(point.get("coverage").asDouble());
    }

    @Test
    default void badAnalysisRequestsAreLocatedByJsonPointerAndAdmitNothing() {
        String v1 = "/api/v1/plans/" + fixtures().foodPlan() + "/versions/1";
        assertThat(pointers(postJson("planner-unfood", v1 + "/frontier", "{}", null))).containsExactly("/budgets");
        assertThat(pointers(postJson("planner-unfood", v1 + "/frontier", "{\"budgets\":[0.1,2,\"x\"],\"threads\":-1}", null)))
                .containsExactly("/budgets/1", "/budgets/2", "/threads");
        assertThat(pointers(postJson("planner-unfood", v1 + "/frontier", "{\"budgets\":[" + "0.1,".repeat(12) + "0.1]}", null)))
                .containsExactly("/budgets");
        assertThat(pointers(postJson("planner-unfood", v1 + "/explanation", "{\"budgets\":[0.1],\"threads\":\"two\"}", null)))
                .containsExactly("/budgets", "/threads");
        assertThat(pointers(postJson("planner-unfood", v1 + "/value-of-access", "{\"threads\":100000}", null))).containsExactly("/threads");
        String adoptions = v1 + "/frontier/adoptions";
        assertThat(pointers(postJson("planner-unfood", adoptions, "{}", null))).containsExactly("/frontier", "/point");
        assertThat(pointers(postJson("planner-unfood", adoptions, "{\"frontier\":\"j-0000000000000000\",\"point\":0}", null)))
                .containsExactly("/frontier");
        String frontierJob = analysed().frontierJob().get("id").asString();
        assertThat(pointers(postJson("planner-unfood", adoptions, "{\"frontier\":\"" + frontierJob + "\",\"point\":99}", null)))
                .containsExactly("/point");
        // the explanation job's id is not a frontier
        assertThat(pointers(postJson("planner-unfood", adoptions, "{\"frontier\":\"" + analysed().explainJob().get("id").asString()
                + "\",\"point\":0}", null))).containsExactly("/frontier");
        MockHttpServletResponse none = call("planner-unfood", get("/api/v1/plans/" + fixtures().foodPlan() + "/versions/99/explanation"));
        assertThat(none.getStatus()).isEqualTo(404);
        assertThat(ServiceHarness.text(none)).doesNotContain("Exception");
    }

    private List<String> pointers(MockHttpServletResponse r) {
        assertThat(r.getStatus()).as(ServiceHarness.contentOf(r)).isEqualTo(422);
        assertThat(r.getContentType()).startsWith("application/problem+json");
        List<String> out = new ArrayList<>();
        for (JsonNode e : json(r).get("errors")) out.add(e.get("pointer").asString());
        return out;
    }

    @Test
    default void everyAnalysisEndpointAnswersEveryRoleAsTheAccessModelSays() {
        Analysed a = analysed();
        String v1 = "/api/v1/plans/" + a.plan() + "/versions/1";
        String cell = "/api/v1/plans/" + fixtures().cellPlan() + "/versions/1";
        Map<String, Function<String, MockHttpServletRequestBuilder>> requests = new LinkedHashMap<>();
        Map<String, int[]> expected = new LinkedHashMap<>();
        // the plan is UN_FOOD's; requests that would create work are sent invalid, so the table shows who gets past security
        //                                                                                        anon coord  own  other ownTeam otherTeam
        row(requests, expected, "GET explanation", p -> get(v1 + "/explanation"),                      401, 200, 200, 404, 403, 403);
        row(requests, expected, "GET value of access", p -> get(v1 + "/value-of-access"),             401, 200, 200, 404, 403, 403);
        row(requests, expected, "GET frontier", p -> get(v1 + "/frontier"),                            401, 200, 200, 404, 403, 403);
        row(requests, expected, "GET explanation of a missing version", p -> get(v1.replace("/1", "/77") + "/explanation"),
                                                                                                       401, 404, 404, 404, 403, 403);
        row(requests, expected, "GET cell plan's frontier (none computed)", p -> get(cell + "/frontier"), 401, 404, 404, 404, 403, 403);
        row(requests, expected, "POST explanation (bad threads)", p -> json(post(v1 + "/explanation"), "{\"threads\":-1}"),
                                                                                                       401, 403, 422, 404, 403, 403);
        row(requests, expected, "POST value of access (bad threads)", p -> json(post(v1 + "/value-of-access"), "{\"threads\":\"x\"}"),
                                                                                                       401, 403, 422, 404, 403, 403);
        row(requests, expected, "POST frontier (no budgets)", p -> json(post(v1 + "/frontier"), "{}"), 401, 403, 422, 404, 403, 403);
        row(requests, expected, "POST adoption (no point)", p -> json(post(v1 + "/frontier/adoptions"), "{\"frontier\":\"j-x\"}"),
                                                                                                       401, 403, 422, 404, 403, 403);
        row(requests, expected, "POST cell plan's explanation (bad threads)", p -> json(post(cell + "/explanation"), "{\"threads\":-1}"),
                                                                                                       401, 422, 404, 404, 403, 403);
        row(requests, expected, "DELETE explanation", p -> org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete(v1 + "/explanation"),
                                                                                                       401, 405, 405, 405, 403, 403);

        List<String> mismatches = new ArrayList<>();
        for (var e : requests.entrySet()) {
            int[] want = expected.get(e.getKey());
            for (int i = 0; i < RoleMatrixContract.CALLERS.size(); i++) {
                String caller = RoleMatrixContract.CALLERS.get(i);
                MockHttpServletResponse r = call(caller.equals("anonymous") ? null : caller, e.getValue().apply(caller));
                if (r.getStatus() != want[i]) mismatches.add(e.getKey() + " as " + caller + ": " + ServiceHarness.contentOf(r) + " (expected " + want[i] + ")");
                if (r.getStatus() >= 400) assertThat(r.getContentType()).as(e.getKey() + " as " + caller).startsWith("application/problem+json");
            }
        }
        assertThat(mismatches).isEmpty();
    }

    private static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder r, String body) {
        return r.contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private static void row(Map<String, Function<String, MockHttpServletRequestBuilder>> requests, Map<String, int[]> expected,
                            String name, Function<String, MockHttpServletRequestBuilder> request, int... statuses) {
        requests.put(name, request);
        expected.put(name, statuses);
    }

    @Test
    default void whoRequestedAndWhoReadEachAnalysisIsInTheAuditTrail() {
        Analysed a = analysed();
        call("coordinator", get("/api/v1/plans/" + a.plan() + "/versions/1/frontier"));
        List<String> seen = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        // the whole trail, page by page (other contracts add many reads)
        for (String page = "/api/v1/audit?limit=1000"; page != null; ) {
            JsonNode events = json(call("coordinator", get(page)));
            for (JsonNode e : events) {
                // the free-text fields only: an event's time ("17:55:34.537Z") may well contain "34.5"
                all.append(e.get("objectId").asString()).append(' ').append(e.get("detail").asString()).append('\n');
                if (e.get("objectId").asString().startsWith(a.plan() + "/1/") || e.get("detail").asString().startsWith("plan=" + a.plan() + "/1 "))
                    seen.add(e.get("username").asString() + " " + e.get("action").asString() + " " + e.get("detail").asString().split(" ")[0]);
            }
            page = events.size() < 1000 ? null : "/api/v1/audit?limit=1000&before=" + events.get(events.size() - 1).get("id").asLong();
        }
        assertThat(seen).contains("planner-unfood analysis.submit plan=" + a.plan() + "/1",
                "planner-unfood analysis.create job=" + a.explainJob().get("id").asString(),
                "planner-unfood analysis.create job=" + a.frontierJob().get("id").asString(),
                "coordinator analysis.read job=" + a.frontierJob().get("id").asString());
        assertThat(all.toString()).doesNotContain("34.5", "69.2");
    }

    @Test
    default void anAnalysisWaitsInTheBoundedQueueIsRefusedWith503WhenFullAndIsCancelledWhileQueued() {
        String scenario = fixtures().tinyScenario();
        String v1 = "/api/v1/plans/" + fixtures().foodPlan() + "/versions/1";
        solver().close();
        List<String> admitted = new ArrayList<>();
        try {
            // the test service has 1 worker and a queue of 2: a held solve, then two analyses queued behind it
            MockHttpServletResponse solve = postJson("planner-unfood", "/api/v1/solves",
                    "{\"scenario\":\"" + scenario + "\",\"options\":{\"timeLimitSeconds\":20,\"seed\":31}}", null);
            assertThat(solve.getStatus()).as(ServiceHarness.contentOf(solve)).isEqualTo(202);
            admitted.add(solve.getHeader("Location"));
            for (String kind : List.of("/explanation", "/value-of-access")) {
                MockHttpServletResponse r = postJson("planner-unfood", v1 + kind, "{}", null);
                assertThat(r.getStatus()).as(ServiceHarness.contentOf(r)).isEqualTo(202);
                assertThat(json(r).get("status").asString()).isEqualTo("QUEUED");
                admitted.add(r.getHeader("Location"));
            }
            MockHttpServletResponse full = postJson("planner-unfood", v1 + "/frontier", "{\"budgets\":[0.1]}", "full-" + System.nanoTime());
            assertThat(full.getStatus()).isEqualTo(503);
            assertThat(full.getHeader("Retry-After")).isEqualTo("7");
            assertThat(full.getContentType()).startsWith("application/problem+json");
            for (int i = admitted.size() - 1; i >= 0; i--) call("planner-unfood", post(admitted.get(i) + "/cancel"));
            for (int i = 1; i < admitted.size(); i++) {
                JsonNode job = awaitFinished("planner-unfood", admitted.get(i));
                assertThat(job.get("status").asString()).isEqualTo("CANCELLED");
                assertThat(job.hasNonNull("planVersion")).isFalse();
            }
            assertThat(awaitFinished("planner-unfood", admitted.get(0)).get("status").asString()).isEqualTo("CANCELLED");
        } finally {
            solver().open();
        }
    }
}
