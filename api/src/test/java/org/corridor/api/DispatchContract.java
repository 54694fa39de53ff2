package org.corridor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.corridor.api.dispatch.DispatchController;
import org.corridor.api.dispatch.DispatchService;
import org.corridor.api.plan.PlanStore;
import org.corridor.api.resolve.EventStore;
import org.corridor.api.resolve.PlanHistory;
import org.corridor.api.scenario.ScenarioCatalog;
import org.corridor.api.security.AccessPolicy;
import org.corridor.api.security.Caller;
import org.corridor.api.security.Role;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.corridor.resolve.PlanDiff;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/** A field team's current dispatch: only its own convoys, ETag and 304, gzip, every read audited. */
public interface DispatchContract extends ServiceHarness {

    int port();

    @Test
    default void aTeamGetsExactlyItsOwnConvoysFromTheNewestPlanOfItsAgencyOrTheCell() {
        Fixtures f = fixtures();
        MockHttpServletResponse before = call("team-unfood-kabul", get("/api/v1/teams/UN_FOOD/AF01/dispatch"));
        // a new plan of the coordination cell becomes the team's current plan
        JsonNode job = solveAndWait("coordinator", f.tinyScenario(), null);
        MockHttpServletResponse after = call("team-unfood-kabul", get("/api/v1/teams/UN_FOOD/AF01/dispatch"));
        String text = ServiceHarness.text(after);
        assertThat(Schemas.violations("dispatch.schema.json", text)).isEmpty();
        JsonNode d = json(after);
        assertThat(d.get("planId").asString()).isEqualTo(job.get("planId").asString());
        assertThat(after.getHeader("ETag")).isNotEqualTo(before.getHeader("ETag"));
        Plan plan = Json.read(ServiceHarness.text(call("coordinator", get("/api/v1/plans/" + job.get("planId").asString() + "/versions/1"))), Plan.class);
        List<String> own = plan.convoys().stream().filter(c -> c.team().equals("UN_FOOD@AF01")).map(Plan.Convoy::id).toList();
        assertThat(own).isNotEmpty();
        assertThat(plan.convoys().size()).isGreaterThan(own.size()); // UN_CHILD's convoys exist and are left out
        assertThat(d.get("team").asString()).isEqualTo("UN_FOOD@AF01");
        assertThat(d.get("sensitivity").asString()).isEqualTo("HIGH");
        assertThat(d.get("convoys").valueStream().map(c -> c.get("id").asString()).toList()).containsExactlyInAnyOrderElementsOf(own);
        assertThat(text).doesNotContain("UN_CHILD", "\"lat\"", "\"lon\"");
        assertThat(call("team-unfood-kabul", get("/api/v1/teams/UN_CHILD/AF01/dispatch")).getStatus()).isEqualTo(403);
    }

    /**
     * Only the teams of the current plan's scenario have a dispatch: a coordinator (who sees every agency) or a
     * planner naming an agency or hub the scenario does not have gets a 404, and nothing is built or cached for it.
     */
    @Test
    default void aTeamTheScenarioDoesNotHaveHasNoDispatchAndNothingIsBuiltForIt() {
        fixtures();
        DispatchService dispatches = mvc().getDispatcherServlet().getWebApplicationContext().getBean(DispatchService.class);
        long built = dispatches.builtOnRead();
        assertThat(call("coordinator", get("/api/v1/teams/NO_SUCH_AGENCY/AF01/dispatch")).getStatus()).isEqualTo(404);
        assertThat(call("coordinator", get("/api/v1/teams/UN_FOOD/NOWHERE/dispatch")).getStatus()).isEqualTo(404);
        assertThat(call("planner-unfood", get("/api/v1/teams/UN_FOOD/NOWHERE/dispatch")).getStatus()).isEqualTo(404);
        assertThat(dispatches.builtOnRead()).isEqualTo(built);
        assertThat(call("coordinator", get("/api/v1/teams/UN_FOOD/AF01/dispatch")).getStatus()).isEqualTo(200);
    }

    /**
     * A version's commit is visible (its job reads SUCCEEDED) before the synchronizations after the
     * commit run: a read in that gap must get the new version, not the cached dispatch of the old one.
     */
    @Test
    default void aReadBetweenAVersionsCommitAndTheStoresBookkeepingGetsThatVersion() {
        Fixtures f = fixtures();
        ApplicationContext context = mvc().getDispatcherServlet().getWebApplicationContext();
        DispatchService dispatches = context.getBean(DispatchService.class);
        PlanStore plans = context.getBean(PlanStore.class);
        String cached = dispatches.current("UN_FOOD", "AF01").orElseThrow().planId();
        assertThat(dispatches.current("UN_FOOD", "AF01").orElseThrow().planId()).isEqualTo(cached);
        Plan plan = latestVersionOf(plans, cached);
        List<String> readInTheGap = new java.util.ArrayList<>();
        PlanStore.Saved saved = new TransactionTemplate(context.getBean(PlatformTransactionManager.class)).execute(status -> {
            // registered before the store's own, so it runs first after the commit
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override public void afterCommit() { readInTheGap.add(dispatches.current("UN_FOOD", "AF01").orElseThrow().planId()); }
            });
            return plans.saveVersion(CELL_COORDINATOR, f.foodJob(), f.tinyScenario(), null, plan, 0);
        });
        assertThat(readInTheGap).containsExactly(saved.planId());
        assertThat(dispatches.current("UN_FOOD", "AF01").orElseThrow().planId()).isEqualTo(saved.planId());
    }

    /**
     * Readers keep their cache while a version's transaction is still being written (no other connection
     * sees it yet), go to the database from its commit until the store's bookkeeping after it, and then cache
     * against a new stamp; a rolled-back write leaves the stamp as it was.
     */
    @Test
    default void readersTrustTheirCacheUntilAVersionsCommitBegins() {
        Fixtures f = fixtures();
        ApplicationContext context = mvc().getDispatcherServlet().getWebApplicationContext();
        PlanStore plans = context.getBean(PlanStore.class);
        Plan plan = latestVersionOf(plans, f.cellPlan());
        TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        long before = plans.cacheStamp();
        assertThat(before).isNotNegative();
        List<Long> seen = new java.util.ArrayList<>();
        tx.executeWithoutResult(status -> {
            plans.saveVersion(CELL_COORDINATOR, f.foodJob(), f.tinyScenario(), f.cellPlan(), plan, 0);
            seen.add(plans.cacheStamp()); // written, not committing
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override public void afterCommit() { seen.add(plans.cacheStamp()); }
            });
        });
        assertThat(seen).containsExactly(before, -1L);
        long after = plans.cacheStamp();
        assertThat(after).isGreaterThan(before);

        tx.executeWithoutResult(status -> {
            plans.saveVersion(CELL_COORDINATOR, f.foodJob(), f.tinyScenario(), f.cellPlan(), plan, 0);
            status.setRollbackOnly();
        });
        assertThat(plans.cacheStamp()).isEqualTo(after);
    }

    /**
     * When a new version becomes the current plan every polling team misses the cache at once; the load
     * test measured each reader building the same dispatch (p99 up to 1.1 s). The first build is held
     * until every other reader is either building too (counted) or parked waiting for it, so the count
     * is exact: one build, and every reader gets its bytes.
     */
    @Test
    default void concurrentReadersOfANewVersionShareOneBuild() throws InterruptedException {
        Fixtures f = fixtures();
        ApplicationContext context = mvc().getDispatcherServlet().getWebApplicationContext();
        PlanStore plans = context.getBean(PlanStore.class);
        Plan plan = latestVersionOf(plans, f.cellPlan());
        PlanStore.Saved saved = new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
                .execute(status -> plans.saveVersion(CELL_COORDINATOR, f.foodJob(), f.tinyScenario(), f.cellPlan(), plan, 0));
        assertThat(saved.version()).isGreaterThan(1); // so the build diffs against the previous version

        Thread[] readers = new Thread[6];
        AtomicInteger builds = new AtomicInteger();
        PlanHistory counting = new PlanHistory(plans, context.getBean(ScenarioCatalog.class), context.getBean(EventStore.class)) {
            @Override public PlanDiff diff(PlanStore.PlanInfo info, int a, int b) {
                holdTheFirst(builds, readers);
                return super.diff(info, a, b);
            }
        };
        DispatchService.Cached[] got = readAtOnce(dispatchService(context, plans, counting), readers);

        assertThat(builds).hasValue(1);
        assertThat(got).allSatisfy(d -> {
            assertThat(d.planId()).isEqualTo(saved.planId());
            assertThat(d.version()).isEqualTo(saved.version());
            assertThat(d.etag()).isEqualTo(got[0].etag());
            assertThat(d.json()).isEqualTo(got[0].json());
        });
    }

    /**
     * A version's writer builds the dispatch of every team that has read one before the commit makes the
     * version current: the team's next read waits for no build and gets the bytes a reader would have built.
     */
    @Test
    default void aNewVersionsDispatchesAreReadyWhenItBecomesCurrent() {
        Fixtures f = fixtures();
        ApplicationContext context = mvc().getDispatcherServlet().getWebApplicationContext();
        DispatchService dispatches = context.getBean(DispatchService.class);
        PlanStore plans = context.getBean(PlanStore.class);
        dispatches.current("UN_FOOD", "AF01").orElseThrow(); // the team has read a dispatch
        Plan plan = latestVersionOf(plans, f.cellPlan());
        long builtBefore = dispatches.builtOnRead();
        PlanStore.Saved saved = new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
                .execute(status -> plans.saveVersion(CELL_COORDINATOR, f.foodJob(), f.tinyScenario(), f.cellPlan(), plan, 0));
        assertThat(saved.version()).isGreaterThan(1); // its dispatch carries the changes since the previous version

        DispatchService.Cached read = dispatches.current("UN_FOOD", "AF01").orElseThrow();
        assertThat(read.planId()).isEqualTo(saved.planId());
        assertThat(read.version()).isEqualTo(saved.version());
        assertThat(dispatches.builtOnRead()).isEqualTo(builtBefore);
        DispatchService builtByItsReader = dispatchService(context, plans, context.getBean(PlanHistory.class));
        DispatchService.Cached own = builtByItsReader.current("UN_FOOD", "AF01").orElseThrow();
        assertThat(builtByItsReader.builtOnRead()).isEqualTo(1);
        assertThat(own.json()).isEqualTo(read.json());
        assertThat(own.gzip()).isEqualTo(read.gzip());
        assertThat(own.etag()).isEqualTo(read.etag());
    }

    /**
     * A rolled-back version leaves no prepared dispatch behind: its version number is taken by the next
     * write, and a team must never get the rolled-back plan's bytes under it.
     */
    @Test
    default void aRolledBackVersionsPreparedDispatchesAreDropped() {
        Fixtures f = fixtures();
        ApplicationContext context = mvc().getDispatcherServlet().getWebApplicationContext();
        PlanStore plans = context.getBean(PlanStore.class);
        // its own instance, told of the rolled-back write only, so the committed one below is not prepared for it
        DispatchService dispatches = dispatchService(context, plans, context.getBean(PlanHistory.class));
        DispatchService.Cached before = dispatches.current("UN_FOOD", "AF01").orElseThrow();
        Plan plan = latestVersionOf(plans, f.cellPlan());
        TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        PlanStore.Saved rolledBack = tx.execute(status -> {
            PlanStore.Saved s = plans.saveVersion(CELL_COORDINATOR, f.foodJob(), f.tinyScenario(), f.cellPlan(), plan, 0);
            dispatches.prepare(new PlanStore.VersionWritten(s.planId(), s.version()));
            status.setRollbackOnly();
            return s;
        });
        assertThat(dispatches.current("UN_FOOD", "AF01").orElseThrow().etag()).isEqualTo(before.etag());

        PlanStore.Saved committed = tx.execute(status -> plans.saveVersion(CELL_COORDINATOR, f.foodJob(), f.tinyScenario(), f.cellPlan(), plan, 0));
        assertThat(committed).isEqualTo(rolledBack);
        DispatchService.Cached after = dispatches.current("UN_FOOD", "AF01").orElseThrow();
        assertThat(after.version()).isEqualTo(committed.version());
        assertThat(dispatches.builtOnRead()).isEqualTo(2); // the first read, and this one: nothing prepared was left to serve
    }

    /**
     * When a commit bumps the cache stamp every polling reader of a team misses at once; each asking the
     * database for the current plan took 10-80 ms per read under load. The first lookup is held until every
     * other reader is parked waiting for it (or looking up too: counted), so the count is exact.
     */
    @Test
    default void concurrentReadersOfOneStampShareOneLookupOfTheCurrentPlan() throws InterruptedException {
        fixtures();
        ApplicationContext context = mvc().getDispatcherServlet().getWebApplicationContext();
        Thread[] readers = new Thread[6];
        AtomicInteger lookups = new AtomicInteger();
        PlanStore counting = new PlanStore(context.getBean(org.springframework.jdbc.core.simple.JdbcClient.class), event -> {}) {
            @Override public java.util.Optional<Current> current(List<String> organisations) {
                holdTheFirst(lookups, readers);
                return super.current(organisations);
            }
        };
        DispatchService.Cached[] got = readAtOnce(dispatchService(context, counting, context.getBean(PlanHistory.class)), readers);

        assertThat(lookups).hasValue(1);
        assertThat(got).allSatisfy(d -> assertThat(d.etag()).isEqualTo(got[0].etag()));
    }

    /** The demo coordinator of the coordination cell, as the job service passes a caller to the plan store. */
    Caller CELL_COORDINATOR = new Caller("coordinator", Role.COORDINATOR, "COORDINATION", null);

    /** A dispatch service of its own over {@code plans} and {@code history}, with the context's scenarios and access policy. */
    private static DispatchService dispatchService(ApplicationContext context, PlanStore plans, PlanHistory history) {
        return new DispatchService(plans, history, context.getBean(ScenarioCatalog.class), context.getBean(AccessPolicy.class));
    }

    /** The plan of {@code planId}'s latest version, to store again as a further version. */
    private static Plan latestVersionOf(PlanStore plans, String planId) {
        return Json.read(plans.body(planId, plans.find(planId).orElseThrow().latestVersion()).orElseThrow(), Plan.class);
    }

    /**
     * Counts a call and holds the first one until every other reader is counted too or parked waiting for it
     * (5 s at most), so that a test of shared work sees every reader arrive while the first is still at it.
     */
    private static void holdTheFirst(AtomicInteger calls, Thread[] readers) {
        if (calls.incrementAndGet() != 1) return;
        long until = System.nanoTime() + 5_000_000_000L;
        while (calls.get() < readers.length && System.nanoTime() < until
                && !Arrays.stream(readers).allMatch(t -> t == Thread.currentThread() || t.getState() == Thread.State.WAITING))
            Thread.onSpinWait();
    }

    /** Fills {@code readers} with threads that each read UN_FOOD@AF01's dispatch at once; what each got. */
    private static DispatchService.Cached[] readAtOnce(DispatchService dispatches, Thread[] readers) throws InterruptedException {
        DispatchService.Cached[] got = new DispatchService.Cached[readers.length];
        for (int i = 0; i < readers.length; i++) {
            int reader = i;
            readers[i] = new Thread(() -> got[reader] = dispatches.current("UN_FOOD", "AF01").orElseThrow());
        }
        for (Thread t : readers) t.start();
        for (Thread t : readers) t.join();
        return got;
    }

    @Test
    default void anUnchangedDispatchIsA304ForItsETagAndEveryReadIsAudited() {
        fixtures();
        MockHttpServletResponse first = call("team-unchild-kabul", get("/api/v1/teams/UN_CHILD/AF01/dispatch"));
        String etag = first.getHeader("ETag");
        assertThat(etag).startsWith("W/\"");
        MockHttpServletResponse again = call("team-unchild-kabul", get("/api/v1/teams/UN_CHILD/AF01/dispatch").header("If-None-Match", etag));
        assertThat(again.getStatus()).isEqualTo(304);
        assertThat(again.getContentAsByteArray()).isEmpty();
        assertThat(again.getHeader("ETag")).isEqualTo(etag);
        assertThat(call("team-unchild-kabul", get("/api/v1/teams/UN_CHILD/AF01/dispatch").header("If-None-Match", "W/\"other\"")).getStatus()).isEqualTo(200);

        JsonNode audit = json(call("coordinator", get("/api/v1/audit?limit=20")));
        assertThat(audit.valueStream().filter(e -> e.get("action").asString().equals("dispatch.read")
                && e.get("username").asString().equals("team-unchild-kabul")
                && e.get("objectId").asString().equals("UN_CHILD/AF01")).mapToInt(e -> e.get("repeats").asInt()).sum()).isGreaterThanOrEqualTo(3);
        assertThat(audit.valueStream().anyMatch(e -> e.get("detail").asString().endsWith("not-modified"))).isTrue();
    }

    /** Over real HTTP: the dispatch travels gzip-compressed when the client accepts it. */
    @Test
    default void theDispatchIsGzippedOnTheWire() throws IOException, InterruptedException {
        fixtures();
        String basic = Base64.getEncoder().encodeToString("team-unfood-kabul:demo-team-unfood-kabul".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/api/v1/teams/UN_FOOD/AF01/dispatch"))
                .header("Authorization", "Basic " + basic).header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        byte[] plain = new GZIPInputStream(new java.io.ByteArrayInputStream(r.body())).readAllBytes();
        assertThat(plain.length).isGreaterThan(r.body().length);
        assertThat(JSON.readTree(plain).get("team").asString()).isEqualTo("UN_FOOD@AF01");
        assertThat(r.headers().allValues("Vary").toString()).contains("Accept-Encoding");

        // a client that refuses gzip gets the same representation uncompressed, under the same ETag
        HttpResponse<byte[]> identity = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/api/v1/teams/UN_FOOD/AF01/dispatch"))
                .header("Authorization", "Basic " + basic).header("Accept-Encoding", "gzip;q=0, identity").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(identity.statusCode()).isEqualTo(200);
        assertThat(identity.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(identity.body()).isEqualTo(plain);
        assertThat(identity.headers().firstValue("ETag")).isEqualTo(r.headers().firstValue("ETag"));
    }

    /**
     * Reads are group-committed to the audit trail: concurrent readers share a commit, yet every
     * answered read has its row by the time its response arrives.
     */
    @Test
    default void everyOneOfManyConcurrentReadsIsInTheAuditTrailWhenItIsAnswered() throws Exception {
        fixtures();
        long before = dispatchReadsBy("team-unfood-kabul");
        String basic = Base64.getEncoder().encodeToString("team-unfood-kabul:demo-team-unfood-kabul".getBytes(StandardCharsets.UTF_8));
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest read = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/api/v1/teams/UN_FOOD/AF01/dispatch"))
                .header("Authorization", "Basic " + basic).build();
        int readers = 40;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(readers);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < readers; i++) answers.add(pool.submit(() -> client.send(read, HttpResponse.BodyHandlers.discarding()).statusCode()));
            for (var answer : answers) assertThat(answer.get()).isEqualTo(200);
        } finally {
            pool.shutdown();
        }
        assertThat(dispatchReadsBy("team-unfood-kabul")).isEqualTo(before + readers);
    }

    /**
     * As field teams poll: one bearer token, many reads. A token the service has verified before still
     * reads only its own team's dispatch, every read is audited, and an altered token is refused.
     */
    @Test
    default void aTeamPollingWithOneBearerTokenIsAuditedOnEveryReadAndReadsOnlyItsOwnDispatch() {
        fixtures();
        String token = json(call("team-unfood-kabul", post("/api/v1/auth/token"))).get("token").asString();
        long before = dispatchReadsBy("team-unfood-kabul");
        for (int i = 0; i < 3; i++) {
            assertThat(call(null, get("/api/v1/teams/UN_FOOD/AF01/dispatch").header("Authorization", "Bearer " + token)).getStatus()).isEqualTo(200);
        }
        assertThat(call(null, get("/api/v1/teams/UN_CHILD/AF01/dispatch").header("Authorization", "Bearer " + token)).getStatus()).isEqualTo(403);
        assertThat(call(null, get("/api/v1/teams/UN_FOOD/AF01/dispatch").header("Authorization", "Bearer " + token + "A")).getStatus()).isEqualTo(401);
        assertThat(dispatchReadsBy("team-unfood-kabul")).isEqualTo(before + 3);
    }

    /**
     * A refused read is in the audit trail too, by the same path as a read: another team's dispatch (403) and a team
     * without a current plan (404), with the caller, the team asked for and the status, and no read counted.
     */
    @Test
    default void everyRefusedReadIsInTheAuditTrailWithItsStatus() {
        fixtures();
        long reads = dispatchReadsBy("team-unfood-kabul"); // other tests of the same service refuse reads too: counted as deltas
        long forbidden = refusals("team-unfood-kabul", "UN_CHILD/AF01", "status=403"), missing = refusals("planner-unfood", "UN_FOOD/NOWHERE", "status=404");
        assertThat(call("team-unfood-kabul", get("/api/v1/teams/UN_CHILD/AF01/dispatch")).getStatus()).isEqualTo(403);
        assertThat(call("team-unfood-kabul", get("/api/v1/teams/UN_CHILD/AF01/dispatch")).getStatus()).isEqualTo(403);
        assertThat(call("planner-unfood", get("/api/v1/teams/UN_FOOD/NOWHERE/dispatch")).getStatus()).isEqualTo(404);
        assertThat(refusals("team-unfood-kabul", "UN_CHILD/AF01", "status=403")).isEqualTo(forbidden + 2);
        assertThat(refusals("planner-unfood", "UN_FOOD/NOWHERE", "status=404")).isEqualTo(missing + 1);
        assertThat(dispatchReadsBy("team-unfood-kabul")).isEqualTo(reads);
    }

    /** The refused reads of {@code user} for {@code team} with {@code detail} in the audit trail, counting repeats. */
    private long refusals(String user, String team, String detail) {
        return json(call("coordinator", get("/api/v1/audit?limit=1000"))).valueStream()
                .filter(e -> e.get("action").asString().equals("dispatch.refused") && e.get("username").asString().equals(user)
                        && e.get("objectId").asString().equals(team) && e.get("detail").asString().equals(detail))
                .mapToLong(e -> e.get("repeats").asLong()).sum();
    }

    /** The reads of dispatches by {@code user} in the audit trail, counting each row's repeats. */
    private long dispatchReadsBy(String user) {
        return json(call("coordinator", get("/api/v1/audit?limit=1000"))).valueStream()
                .filter(e -> e.get("action").asString().equals("dispatch.read") && e.get("username").asString().equals(user))
                .mapToLong(e -> e.get("repeats").asLong()).sum();
    }

    /**
     * Argument names (the dispatch read's path variables and headers) are not handed to SpEL on every request
     * ({@link LiteralExpressions}); a value holding an expression still is.
     */
    @Test
    default void argumentNamesSkipTheExpressionResolverWhileExpressionsAreStillEvaluated() {
        var factory = (ConfigurableListableBeanFactory) mvc().getDispatcherServlet().getWebApplicationContext().getAutowireCapableBeanFactory();
        var resolver = factory.getBeanExpressionResolver();
        assertThat(resolver).isInstanceOf(LiteralExpressions.class);
        var context = new BeanExpressionContext(factory, null);
        assertThat(resolver.evaluate("If-None-Match", context)).isEqualTo("If-None-Match");
        assertThat(resolver.evaluate("#{2 * 3}", context)).isEqualTo(6);
    }

    /**
     * The dispatch read is found by its own mapping, consulted first (the main mapping tests a path with
     * variables against every endpoint), which holds that endpoint only; OpenAPI still lists it once.
     */
    @Test
    default void theDispatchReadIsFoundByAMappingOfItsOwnAheadOfEveryOtherEndpoint() throws Exception {
        List<HandlerMapping> mappings = mvc().getDispatcherServlet().getHandlerMappings();
        assertThat(mappings).isNotEmpty();
        RequestMappingHandlerMapping first = (RequestMappingHandlerMapping) mappings.get(0);
        assertThat(first.getHandlerMethods().values()).singleElement()
                .satisfies(h -> assertThat(h.getBeanType()).isEqualTo(DispatchController.class));
        HandlerExecutionChain found = first.getHandler(new MockHttpServletRequest("GET", "/api/v1/teams/UN_FOOD/AF01/dispatch"));
        assertThat(found).isNotNull();
        assertThat(((HandlerMethod) found.getHandler()).getMethod().getName()).isEqualTo("current");
        assertThat(first.getHandler(new MockHttpServletRequest("GET", "/api/v1/plans"))).isNull();
        // another method on the path: the 405 the main mapping gave too
        assertThatThrownBy(() -> first.getHandler(new MockHttpServletRequest("POST", "/api/v1/teams/UN_FOOD/AF01/dispatch")))
                .isInstanceOf(HttpRequestMethodNotSupportedException.class);

        JsonNode paths = json(call("coordinator", get("/v3/api-docs"))).get("paths");
        assertThat(paths.get("/api/v1/teams/{agency}/{hub}/dispatch").propertyNames()).containsExactly("get");
    }
}
