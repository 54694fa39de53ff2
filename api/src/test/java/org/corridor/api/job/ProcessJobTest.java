package org.corridor.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.corridor.api.H2ServiceTest;
import org.corridor.api.ServiceHarness;
import org.corridor.api.audit.AuditLog;
import org.corridor.api.plan.PlanStore;
import org.corridor.api.scenario.ScenarioCatalog;
import org.corridor.api.security.AccessPolicy;
import org.corridor.api.security.Caller;
import org.corridor.api.security.Role;
import org.corridor.api.CorridorProperties;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.corridor.solve.Planner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContextManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

/**
 * The production solver bean ({@code corridor.jobs.isolation=process}, the default, so a
 * {@link ProcessSolver}) behind the job machinery: a submitted solve of the tiny scenario ends
 * SUCCEEDED with the plan the in-process planner makes, and cancelling a running solve ends it
 * CANCELLED with no child JVM left. Runs a second job service on the H2 test service's beans (whose
 * own job service has the gated test solver in front), so no new Spring context is started.
 */
class ProcessJobTest {
    private static final Caller PLANNER = new Caller("planner-unfood", Role.PLANNER, "UN_FOOD", null);
    private static ApplicationContext ctx;
    private static JobService jobs;
    private static String tiny;

    @BeforeAll
    static void jobServiceWithTheProductionSolver() {
        ctx = new TestContextManager(H2ServiceTest.class).getTestContext().getApplicationContext();
        Solver production = ctx.getBean("solver", Solver.class);
        assertThat(production).isInstanceOf(ProcessSolver.class);
        jobs = new JobService(ctx.getBean(JobRepository.class), ctx.getBean(ScenarioCatalog.class), ctx.getBean(PlanStore.class),
                production, ctx.getBean(Idempotency.class), ctx.getBean(AuditLog.class), ctx.getBean(AccessPolicy.class),
                ctx.getBean(TransactionTemplate.class), ctx.getBean(CorridorProperties.class));
        tiny = ctx.getBean(ScenarioCatalog.class).upload(PLANNER, ServiceHarness.tinyZip(s -> s, ""), null).scenario().id();
    }

    @AfterAll
    static void stop() {
        if (jobs != null) jobs.stop();
    }

    @Test
    void aSolveJobInAChildJvmSucceedsWithThePlanTheInProcessPlannerMakes() {
        Job job = jobs.submit(PLANNER, request(), null).job();
        Job done = awaitFinished(job.id());
        assertThat(done.status()).as(done.error()).isEqualTo(Job.Status.SUCCEEDED);
        Plan stored = Json.read(ctx.getBean(PlanStore.class).body(done.planId(), done.planVersion()).orElseThrow(), Plan.class);
        Plan inProcess = Planner.solve(ctx.getBean(ScenarioCatalog.class).scenario(tiny), stored.options());

        assertThat(stored.solver().status()).isEqualTo("OPTIMAL");
        assertThat(stored.routes()).isNotEmpty();
        // the whole plan, but for what storing adds (its id and version) and the stages' wall times
        assertThat(comparable(stored)).isEqualTo(comparable(inProcess));
        assertThat(childJvm()).isEmpty();
    }

    @Test
    void cancellingARunningSolveJobEndsItCancelledAndKillsItsChildJvm() {
        Job job = jobs.submit(PLANNER, request(), null).job();
        ProcessHandle child = await(ProcessJobTest::childJvm, "the solve's child JVM to start");
        Job asked = jobs.cancel(PLANNER, job.id());
        assertThat(asked.cancelRequested() || asked.status() == Job.Status.CANCELLED).isTrue();

        Job done = awaitFinished(job.id());
        assertThat(done.status()).isEqualTo(Job.Status.CANCELLED);
        assertThat(done.error()).isEqualTo("cancelled by planner-unfood");
        assertThat(child.isAlive()).isFalse();
        assertThat(childJvm()).isEmpty();
        // the worker releases its admission permit just after recording the job's end
        await(() -> Optional.of(jobs.capacity()).filter(c -> c.admitted() == 0), "the worker to be free again");
    }

    private static SolveRequest request() {
        return new SolveRequest(tiny, null, Json.mapper().readTree("{\"seed\": 5, \"threads\": 1, \"timeLimitSeconds\": 20}"));
    }

    private static Job awaitFinished(String id) {
        return await(() -> Optional.of(jobs.get(PLANNER, id)).filter(j -> j.status().finished()), "job " + id + " to finish");
    }

    private static <T> T await(java.util.function.Supplier<Optional<T>> probe, String what) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (Optional<T> seen = probe.get(); ; seen = probe.get()) {
            if (seen.isPresent()) return seen.get();
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            ServiceHarness.sleep(5);
        }
    }

    /** A JVM this JVM started (the embedded PostgreSQL of other tests is no JVM): a solve's child. */
    private static Optional<ProcessHandle> childJvm() {
        String java = ProcessHandle.current().info().command().orElseThrow();
        try (Stream<ProcessHandle> all = ProcessHandle.current().descendants()) {
            return all.filter(p -> p.info().command().map(java::equals).orElse(false)).findFirst();
        }
    }

    private static ObjectNode comparable(Plan plan) {
        ObjectNode tree = Json.mapper().valueToTree(plan);
        tree.remove("planId");
        tree.remove("version");
        ((ObjectNode) tree.get("solver")).remove("stageMillis");
        return tree;
    }
}
