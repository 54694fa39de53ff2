package org.corridor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

/**
 * Change events and re-solves through the API: recording events on a plan starts a RESOLVE job whose
 * result is the plan's next version; diffs per team; the event history; who may do what; bad events
 * located; idempotent retries; a queued re-solve cancelled; events and versions kept across a restart.
 * All on the tiny scenario (3 provinces, 2 agencies): R2 is the only road to AF03.
 */
public interface ResolveContract extends ServiceHarness {
    AtomicInteger EVENT_IDS = new AtomicInteger();

    /** A unique event id (histories refuse an id twice). */
    static String eventId(String prefix) { return prefix + "-" + EVENT_IDS.incrementAndGet() + "-" + System.nanoTime() % 100_000; }

    static String provenance(String who) {
        return "\"provenance\":{" + (who == null ? "" : "\"who\":\"" + who + "\",")
                + "\"source\":\"illustrative test call\",\"reliability\":\"B\",\"asOf\":\"2026-12-01T06:00:00Z\"}";
    }

    /** The road R2 (AF02 - AF03) closed for good. */
    static String closeR2(String id) {
        return "{\"type\":\"RuleAdded\",\"id\":\"" + id + "\"," + provenance(null) + ",\"rule\":{\"type\":\"RoadClosed\",\"id\":\"RC-" + id
                + "\",\"road\":\"R2\",\"provenance\":{\"source\":\"illustrative test call\",\"reliability\":\"B\",\"asOf\":\"2026-12-01\"}}}";
    }

    /** UN_FOOD's cereals at AF01 cut to {@code tonnes}. */
    static String foodStock(String id, double tonnes) {
        return "{\"type\":\"StockChanged\",\"id\":\"" + id + "\"," + provenance(null)
                + ",\"agency\":\"UN_FOOD\",\"location\":\"AF01\",\"commodity\":\"CEREALS\",\"availableFromDay\":0,\"tonnes\":" + tonnes + "}";
    }

    static String request(String... events) { return "{\"events\":[" + String.join(",", events) + "]}"; }

    default MockHttpServletResponse postEvents(String user, String plan, String body, String idempotencyKey) {
        MockHttpServletRequestBuilder r = post("/api/v1/plans/" + plan + "/events").contentType(MediaType.APPLICATION_JSON).content(body);
        if (idempotencyKey != null) r.header("Idempotency-Key", idempotencyKey);
        return call(user, r);
    }

    /** A UN_FOOD plan (version 1 solved cold) re-solved after closing R2 (version 2); made once per service. */
    record Resolved(String scenario, String plan, String event, JsonNode job) {}

    Map<Object, Resolved> RESOLVED = new ConcurrentHashMap<>();

    default Resolved resolved() {
        return RESOLVED.computeIfAbsent(mvc(), k -> {
            String scenario = fixtures().tinyScenario();
            String plan = solveAndWait("planner-unfood", scenario, null).get("planId").asString();
            String event = eventId("E-R2");
            MockHttpServletResponse r = postEvents("planner-unfood", plan, request(closeR2(event)), null);
            assertThat(r.getStatus()).as(ServiceHarness.contentOf(r)).isEqualTo(202);
            assertThat(r.getHeader("Location")).matches("/api/v1/jobs/j-[0-9a-f]{16}");
            return new Resolved(scenario, plan, event, awaitFinished("planner-unfood", r.getHeader("Location")));
        });
    }

    @Test
    default void aPlannerRecordsAChangeAndGetsTheNextVersionItsDiffAndTheEventHistory() {
        Resolved x = resolved();
        assertThat(x.job().get("status").asString()).as(x.job().toString()).isEqualTo("SUCCEEDED");
        assertThat(x.job().get("kind").asString()).isEqualTo("RESOLVE");
        assertThat(x.job().get("planId").asString()).isEqualTo(x.plan());
        assertThat(x.job().get("planVersion").asInt()).isEqualTo(2);

        JsonNode versions = json(call("planner-unfood", get("/api/v1/plans/" + x.plan() + "/versions")));
        assertThat(versions.get(0).get("scenarioEvents").asInt()).isZero();
        assertThat(versions.get(1).get("scenarioEvents").asInt()).isPositive();
        String body = ServiceHarness.text(call("planner-unfood", get("/api/v1/plans/" + x.plan() + "/versions/2")));
        assertThat(Schemas.violations("plan.schema.json", body)).isEmpty();
        Plan v2 = Json.read(body, Plan.class);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.routes()).allSatisfy(r -> assertThat(r.legs()).noneMatch(l -> l.road().equals("R2")));

        // version 1 sent cereals to AF03 over R2: those convoys change, because of the event
        JsonNode diff = json(call("planner-unfood", get("/api/v1/plans/" + x.plan() + "/versions/1/diff/2")));
        assertThat(diff.get("fromVersion").asInt()).isEqualTo(1);
        assertThat(diff.get("toVersion").asInt()).isEqualTo(2);
        assertThat(diff.get("events").valueStream().map(JsonNode::asString).toList()).containsExactly(x.event());
        List<JsonNode> changes = diff.get("teams").valueStream().flatMap(t -> t.get("changes").valueStream()).toList();
        assertThat(changes).anySatisfy(c -> assertThat(c.get("cause").asString()).isEqualTo(x.event()));

        JsonNode history = json(call("planner-unfood", get("/api/v1/scenarios/" + x.scenario() + "/events")));
        JsonNode recorded = history.valueStream().filter(e -> e.get("eventId").asString().equals(x.event())).findFirst().orElseThrow();
        assertThat(recorded.get("organisation").asString()).isEqualTo("UN_FOOD");
        assertThat(recorded.get("recordedBy").asString()).isEqualTo("planner-unfood");
        assertThat(recorded.get("event").get("provenance").get("who").asString()).isEqualTo("planner-unfood");
        assertThat(recorded.get("reliability").asString()).isEqualTo("B");
        assertThat(recorded.get("plan").asString()).isEqualTo(x.plan());
        assertThat(recorded.get("type").asString()).isEqualTo("RuleAdded");
        assertThat(history.valueStream().map(e -> e.get("seq").asInt()).toList()).isSorted().doesNotHaveDuplicates();
        // the coordination cell reads every organisation's history; every recorded event is audited
        assertThat(json(call("coordinator", get("/api/v1/scenarios/" + x.scenario() + "/events"))).valueStream()
                .anyMatch(e -> e.get("eventId").asString().equals(x.event()))).isTrue();
        JsonNode audit = json(call("coordinator", get("/api/v1/audit?limit=200")));
        assertThat(audit.valueStream().anyMatch(e -> e.get("action").asString().equals("event.record")
                && e.get("username").asString().equals("planner-unfood") && e.get("detail").asString().contains("id=" + x.event()))).isTrue();
        assertThat(audit.valueStream().anyMatch(e -> e.get("action").asString().equals("resolve.submit")
                && e.get("detail").asString().contains("plan=" + x.plan()))).isTrue();
    }

    /**
     * A plan of UN_CHILD's own upload (so its event history touches no other test's plans) re-solved as version 2
     * after AF03's CEREALS need is cut to 25 t; returns its id.
     */
    private String reSolvedWithANeedCut() {
        MockHttpServletResponse up = call("planner-unchild", post("/api/v1/scenarios").contentType("application/zip").content(ServiceHarness.tinyZip(s -> s, "")));
        assertThat(up.getStatus()).as(ServiceHarness.contentOf(up)).isEqualTo(201);
        String plan = solveAndWait("planner-unchild", json(up).get("id").asString(), null).get("planId").asString();
        MockHttpServletResponse r = postEvents("planner-unchild", plan, request("{\"type\":\"NeedChanged\",\"id\":\"" + eventId("E-NEED")
                + "\"," + provenance(null) + ",\"location\":\"AF03\",\"commodity\":\"CEREALS\",\"tonnes\":25}"), null);
        assertThat(r.getStatus()).as(ServiceHarness.contentOf(r)).isEqualTo(202);
        assertThat(awaitFinished("planner-unchild", r.getHeader("Location")).get("status").asString()).isEqualTo("SUCCEEDED");
        return plan;
    }

    /**
     * A re-solve leaves its route pool in memory for the re-solve of the version it stored; the cold solve here ran
     * through the test's gated solver, which keeps none (as a solve in a child JVM), so version 1 has none.
     */
    @Test
    default void aReSolveKeepsItsRoutesInMemoryForTheNextReSolveOfItsVersion() {
        String plan = reSolvedWithANeedCut();
        assertThat(jobs().routePool(plan, 2)).isNotNull();
        assertThat(jobs().routePool(plan, 2).candidates()).isPositive();
        assertThat(jobs().routePool(plan, 1)).isNull();
    }

    @Test
    default void aFieldTeamSeesOnlyItsOwnPartOfADiffAndItsDispatchSaysWhatChangedAndWhy() {
        Resolved x = resolved();
        // UN_FOOD's cereals at AF01 cut to half of what the newest version dispatches from there (other
        // tests may have added versions): its convoys from AF01 must shrink, because of this event
        JsonNode versions = json(call("planner-unfood", get("/api/v1/plans/" + x.plan() + "/versions")));
        int newest = versions.get(versions.size() - 1).get("version").asInt();
        Plan current = Json.read(ServiceHarness.text(call("planner-unfood", get("/api/v1/plans/" + x.plan() + "/versions/" + newest))), Plan.class);
        double dispatched = current.routes().stream().filter(rt -> rt.agency().equals("UN_FOOD") && rt.origin().equals("AF01")
                && rt.commodity().equals("CEREALS")).mapToDouble(Plan.Route::tonnesDispatched).sum();
        assertThat(dispatched).as("UN_FOOD dispatches cereals from AF01 in version " + newest).isGreaterThan(2);
        String cut = eventId("E-STOCK");
        MockHttpServletResponse r = postEvents("planner-unfood", x.plan(), request(foodStock(cut, Math.floor(dispatched / 2))), null);
        assertThat(r.getStatus()).as(ServiceHarness.contentOf(r)).isEqualTo(202);
        JsonNode job = awaitFinished("planner-unfood", r.getHeader("Location"));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        int v = job.get("planVersion").asInt();
        String path = "/api/v1/plans/" + x.plan() + "/versions/" + (v - 1) + "/diff/" + v;

        JsonNode all = json(call("planner-unfood", get(path)));
        JsonNode own = json(call("team-unfood-kabul", get(path)));
        assertThat(own.get("teams").valueStream().map(t -> t.get("team").asString()).toList()).containsExactly("UN_FOOD@AF01");
        JsonNode ownInAll = all.get("teams").valueStream().filter(t -> t.get("team").asString().equals("UN_FOOD@AF01")).findFirst().orElseThrow();
        assertThat(own.get("teams").get(0)).isEqualTo(ownInAll);
        assertThat(ownInAll.get("changes").valueStream().anyMatch(c -> c.get("cause").asString().equals(cut))).isTrue();
        assertThat(ServiceHarness.text(call("team-unfood-kabul", get(path)))).doesNotContain("UN_CHILD@");
        // another agency's team cannot see UN_FOOD's plan at all
        assertThat(call("team-unchild-kabul", get(path)).getStatus()).isEqualTo(404);
        // which team read which diff is in the audit trail
        assertThat(json(call("coordinator", get("/api/v1/audit?limit=50"))).valueStream().anyMatch(e -> e.get("action").asString().equals("diff.read")
                && e.get("username").asString().equals("team-unfood-kabul") && e.get("objectId").asString().equals(x.plan() + "/" + (v - 1) + "/" + v))).isTrue();

        // this version is the newest plan of UN_FOOD or the cell: the team's dispatch, with what changed and why
        MockHttpServletResponse d = call("team-unfood-kabul", get("/api/v1/teams/UN_FOOD/AF01/dispatch"));
        String text = ServiceHarness.text(d);
        assertThat(Schemas.violations("dispatch.schema.json", text)).isEmpty();
        JsonNode dispatch = json(d);
        assertThat(dispatch.get("planId").asString()).isEqualTo(x.plan());
        assertThat(dispatch.get("planVersion").asInt()).isEqualTo(v);
        List<String> told = dispatch.get("changesSincePrevious").valueStream()
                .map(c -> c.get("kind").asString() + " " + c.get("convoy").asString() + " " + c.get("cause").asString()).toList();
        List<String> diffed = ownInAll.get("changes").valueStream().map(c -> c.get("kind").asString() + " "
                + (c.get("after").isNull() ? c.get("before").asString() : c.get("after").asString()) + " " + c.get("cause").asString()).toList();
        assertThat(told).isNotEmpty().containsExactlyElementsOf(diffed);
    }

    /** The exports of a re-solved version read the scenario version it was made for, not the scenario as uploaded. */
    @Test
    default void theCoverageOfAReSolvedVersionIsAgainstTheNeedsOfItsScenarioVersion() {
        String plan = reSolvedWithANeedCut();
        assertThat(coverageNeed(plan, 1, "AF03")).isEqualTo("60.00");
        assertThat(coverageNeed(plan, 2, "AF03")).isEqualTo("25.00");
        assertThat(coverageNeed(plan, 2, "AF02")).isEqualTo("60.00");
    }

    private String coverageNeed(String plan, int version, String location) {
        String csv = ServiceHarness.text(call("planner-unchild", get("/api/v1/plans/" + plan + "/coverage.csv?version=" + version)));
        return csv.lines().map(l -> l.split(",")).filter(c -> c[1].equals(location) && c[3].equals("CEREALS")).findFirst().orElseThrow()[4];
    }

    @Test
    default void badEventsAre422WithAPointerForEachAndNothingIsRecorded() {
        Resolved x = resolved();
        int before = json(call("planner-unfood", get("/api/v1/scenarios/" + x.scenario() + "/events"))).size();
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("{\"events\":[{\"type\":\"RoadExploded\",\"id\":\"X1\"," + provenance(null) + "},"
                + "{\"type\":\"RoadChanged\",\"id\":\"X2\",\"road\":\"R1\",\"provenance\":{\"source\":\"s\",\"reliability\":\"Q\",\"asOf\":\"2026-12-01T06:00:00Z\"}}],"
                + "\"asOfDay\":-1,\"stabilityWeight\":-2,\"coverageTolerance\":0.05,\"convoys\":\"FASTEST\"}",
                List.of("/asOfDay", "/stabilityWeight", "/coverageTolerance", "/convoys", "/events/0/type", "/events/1/provenance/reliability"));
        expected.put(request("{\"type\":\"NeedChanged\",\"id\":\"X3\"," + provenance("someone-else")
                + ",\"location\":\"AF02\",\"commodity\":\"CEREALS\",\"tonnes\":10}"), List.of("/events/0/provenance/who"));
        expected.put(request("{\"type\":\"RoadChanged\",\"id\":\"X4\"," + provenance(null) + ",\"road\":\"NO-SUCH-ROAD\",\"baseRisk\":0.2}"),
                List.of("/events/0"));
        expected.put(request(closeR2(x.event())), List.of("/events/0/id"));
        expected.put("{\"events\":[]}", List.of("/events"));
        expected.put("{\"asOfDay\":3}", List.of("/events"));
        for (var e : expected.entrySet()) {
            MockHttpServletResponse r = postEvents("planner-unfood", x.plan(), e.getKey(), null);
            assertThat(r.getStatus()).as(e.getKey() + " -> " + ServiceHarness.contentOf(r)).isEqualTo(422);
            assertThat(r.getContentType()).startsWith("application/problem+json");
            List<String> pointers = json(r).get("errors").valueStream().map(p -> p.get("pointer").asString()).toList();
            assertThat(pointers).as(ServiceHarness.contentOf(r)).containsAll(e.getValue());
            // the tiny scenario's coordinates never appear in an error
            assertThat(ServiceHarness.text(r)).doesNotContain("34.5", "69.2", "Exception");
        }
        assertThat(ServiceHarness.text(postEvents("planner-unfood", x.plan(), request(closeR2(x.event())), null))).contains("already recorded");
        assertThat(postEvents("planner-unfood", x.plan(), "{\"events\":[],\"extra\":1}", null).getStatus()).isEqualTo(400);
        assertThat(json(call("planner-unfood", get("/api/v1/scenarios/" + x.scenario() + "/events"))).size()).isEqualTo(before);
    }

    @Test
    default void convoysNotKeptAreRepairedByDefaultOrScheduledByCpSatOnRequest() {
        // AF02's need and UN_FOOD's cereals at AF01 grow twice (beyond what other tests set them to in UN_FOOD's history),
        // so UN_FOOD sends more over R1 and new convoys are needed beside the kept ones: the first re-solve asks for
        // CP-SAT ("optimise", any case), the second takes the default (repair, no CP-SAT model)
        String scenario = fixtures().tinyScenario();
        String plan = solveAndWait("planner-unfood", scenario, null).get("planId").asString();
        for (String convoys : new String[] {",\"convoys\":\"optimise\"", ""}) {
            int tonnes = convoys.isEmpty() ? 500 : 300;
            String grow = "{\"type\":\"NeedChanged\",\"id\":\"" + eventId("E-AF02") + "\"," + provenance(null)
                    + ",\"location\":\"AF02\",\"commodity\":\"CEREALS\",\"tonnes\":" + tonnes + "}";
            String stock = foodStock(eventId("E-S"), 2 * tonnes);
            MockHttpServletResponse r = postEvents("planner-unfood", plan, "{\"events\":[" + grow + "," + stock + "]" + convoys + "}", null);
            assertThat(r.getStatus()).as(ServiceHarness.contentOf(r)).isEqualTo(202);
            JsonNode job = awaitFinished("planner-unfood", r.getHeader("Location"));
            assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
            Plan next = Json.read(ServiceHarness.text(call("planner-unfood", get("/api/v1/plans/" + plan + "/versions/" + job.get("planVersion").asInt()))), Plan.class);
            Plan.ConvoyRecord record = next.convoySolver();
            assertThat(record.models()).as(record.toString()).isPositive();
            if (convoys.isEmpty()) {
                assertThat(record.status()).isEqualTo("REPAIRED");
                assertThat(record.workLimits()).isEmpty();
            } else {
                assertThat(record.status()).isIn("OPTIMAL", "FEASIBLE");
                assertThat(record.workLimits()).hasSize(record.models());
            }
        }
    }

    @Test
    default void aRetriedPostWithTheSameIdempotencyKeyRecordsOnceAndReturnsTheSameJob() {
        Resolved x = resolved();
        String events = "/api/v1/scenarios/" + x.scenario() + "/events";
        int before = json(call("planner-unfood", get(events))).size();
        String key = "resolve-" + System.nanoTime();
        String body = request("{\"type\":\"RoadChanged\",\"id\":\"" + eventId("E-R1") + "\"," + provenance(null) + ",\"road\":\"R1\",\"baseRisk\":0.03}");
        MockHttpServletResponse first = postEvents("planner-unfood", x.plan(), body, key);
        MockHttpServletResponse again = postEvents("planner-unfood", x.plan(), body, key);
        assertThat(first.getStatus()).as(ServiceHarness.contentOf(first)).isEqualTo(202);
        assertThat(again.getStatus()).isEqualTo(202);
        assertThat(again.getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.getHeader("Location")).isEqualTo(first.getHeader("Location"));
        assertThat(json(call("planner-unfood", get(events))).size()).isEqualTo(before + 1);
        MockHttpServletResponse reused = postEvents("planner-unfood", x.plan(), request(foodStock(eventId("E-S"), 30)), key);
        assertThat(reused.getStatus()).isEqualTo(422);
        assertThat(awaitFinished("planner-unfood", first.getHeader("Location")).get("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    default void aQueuedResolveIsCancelledLikeASolveAndItsEventsStayRecordedForTheNext() {
        Resolved x = resolved();
        solver().close();
        try {
            // the test service has one worker: a held solve keeps the re-solve queued
            MockHttpServletResponse held = call("planner-unfood", post("/api/v1/solves").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"scenario\":\"" + x.scenario() + "\",\"options\":{\"timeLimitSeconds\":20}}"));
            assertThat(held.getStatus()).isEqualTo(202);
            String event = eventId("E-Q");
            MockHttpServletResponse queued = postEvents("planner-unfood", x.plan(),
                    request("{\"type\":\"RoadChanged\",\"id\":\"" + event + "\"," + provenance(null) + ",\"road\":\"R1\",\"capacityTpd\":400}"), null);
            assertThat(queued.getStatus()).as(ServiceHarness.contentOf(queued)).isEqualTo(202);
            JsonNode cancelled = json(call("planner-unfood", post(queued.getHeader("Location") + "/cancel")));
            assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
            assertThat(cancelled.get("kind").asString()).isEqualTo("RESOLVE");
            call("planner-unfood", post(held.getHeader("Location") + "/cancel"));
            awaitFinished("planner-unfood", held.getHeader("Location"));
            solver().open();
            // the change is still on record, and the next re-solve takes it in
            String next = eventId("E-N");
            MockHttpServletResponse r = postEvents("planner-unfood", x.plan(),
                    request("{\"type\":\"RoadChanged\",\"id\":\"" + next + "\"," + provenance(null) + ",\"road\":\"R3\",\"baseRisk\":0.001}"), null);
            JsonNode job = awaitFinished("planner-unfood", r.getHeader("Location"));
            assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
            int v = job.get("planVersion").asInt();
            JsonNode diff = json(call("planner-unfood", get("/api/v1/plans/" + x.plan() + "/versions/" + (v - 1) + "/diff/" + v)));
            assertThat(diff.get("events").valueStream().map(JsonNode::asString).toList()).containsSubsequence(event, next);
        } finally {
            solver().open();
        }
    }

    @Test
    default void everyReSolveEndpointAnswersEveryRoleAsTheAccessModelSays() {
        Resolved x = resolved();
        String cellPlan = fixtures().cellPlan();
        Map<String, Function<Resolved, MockHttpServletRequestBuilder>> requests = new LinkedHashMap<>();
        Map<String, int[]> expected = new LinkedHashMap<>();
        String empty = "{\"events\":[]}";
        //                                                                                  anon coord  own  other ownTeam otherTeam
        row(requests, expected, "POST events (empty) to UN_FOOD plan", p -> post("/api/v1/plans/" + p.plan() + "/events")
                .contentType(MediaType.APPLICATION_JSON).content(empty),                                  401, 403, 422, 404, 403, 403);
        row(requests, expected, "POST events (empty) to cell plan", p -> post("/api/v1/plans/" + cellPlan + "/events")
                .contentType(MediaType.APPLICATION_JSON).content(empty),                                  401, 422, 404, 404, 403, 403);
        row(requests, expected, "POST events to unknown plan", p -> post("/api/v1/plans/p-none/events")
                .contentType(MediaType.APPLICATION_JSON).content(empty),                                  401, 404, 404, 404, 403, 403);
        row(requests, expected, "GET diff of UN_FOOD plan", p -> get("/api/v1/plans/" + p.plan() + "/versions/1/diff/2"),
                                                                                                           401, 200, 200, 404, 200, 404);
        row(requests, expected, "GET diff of cell plan", p -> get("/api/v1/plans/" + cellPlan + "/versions/1/diff/1"),
                                                                                                           401, 200, 404, 404, 200, 200);
        row(requests, expected, "GET diff of a missing version", p -> get("/api/v1/plans/" + p.plan() + "/versions/1/diff/999"),
                                                                                                           401, 404, 404, 404, 404, 404);
        row(requests, expected, "GET events of UN_FOOD's scenario", p -> get("/api/v1/scenarios/" + p.scenario() + "/events"),
                                                                                                           401, 200, 200, 404, 403, 403);
        row(requests, expected, "GET events of the bundled scenario", p -> get("/api/v1/scenarios/afghanistan/events"),
                                                                                                           401, 200, 200, 200, 403, 403);
        List<String> mismatches = new ArrayList<>();
        for (var e : requests.entrySet()) {
            int[] want = expected.get(e.getKey());
            for (int i = 0; i < RoleMatrixContract.CALLERS.size(); i++) {
                String caller = RoleMatrixContract.CALLERS.get(i);
                MockHttpServletResponse r = call(caller.equals("anonymous") ? null : caller, e.getValue().apply(x));
                if (r.getStatus() != want[i]) mismatches.add(e.getKey() + " as " + caller + ": " + ServiceHarness.contentOf(r) + " (expected " + want[i] + ")");
                if (r.getStatus() >= 400) assertThat(r.getContentType()).as(e.getKey() + " as " + caller).startsWith("application/problem+json");
            }
        }
        assertThat(mismatches).isEmpty();
    }

    private static void row(Map<String, Function<Resolved, MockHttpServletRequestBuilder>> requests, Map<String, int[]> expected,
                            String name, Function<Resolved, MockHttpServletRequestBuilder> request, int... statuses) {
        requests.put(name, request);
        expected.put(name, statuses);
    }

    @Test
    default void aRestartedServiceFindsTheEventsAndBothVersions() {
        Map<String, Object> database = freshDatabase();
        Map<String, String> before = new LinkedHashMap<>();
        String plan;
        try (ConfigurableApplicationContext first = RestartContract.start(database)) {
            ServiceHarness s = RestartContract.harness(first);
            String scenario = s.json(s.call("planner-unfood", post("/api/v1/scenarios").contentType("application/zip")
                    .content(ServiceHarness.tinyZip(t -> t, "")))).get("id").asString();
            plan = s.solveAndWait("planner-unfood", scenario, null).get("planId").asString();
            MockHttpServletResponse r = s.call("planner-unfood", post("/api/v1/plans/" + plan + "/events").contentType(MediaType.APPLICATION_JSON)
                    .content(request(closeR2("E-RESTART"))));
            assertThat(r.getStatus()).as(ServiceHarness.contentOf(r)).isEqualTo(202);
            assertThat(s.awaitFinished("planner-unfood", r.getHeader("Location")).get("status").asString()).isEqualTo("SUCCEEDED");
            for (String path : List.of("/api/v1/scenarios/" + scenario + "/events", "/api/v1/plans/" + plan + "/versions",
                    "/api/v1/plans/" + plan + "/versions/1", "/api/v1/plans/" + plan + "/versions/2", "/api/v1/plans/" + plan + "/versions/1/diff/2"))
                before.put(path, ServiceHarness.text(s.call("planner-unfood", get(path))));
        }
        assertThat(before.get("/api/v1/plans/" + plan + "/versions/1/diff/2")).contains("E-RESTART");
        try (ConfigurableApplicationContext second = RestartContract.start(database)) {
            ServiceHarness s = RestartContract.harness(second);
            for (var e : before.entrySet()) assertThat(ServiceHarness.text(s.call("planner-unfood", get(e.getKey())))).as(e.getKey()).isEqualTo(e.getValue());
        }
    }
}
