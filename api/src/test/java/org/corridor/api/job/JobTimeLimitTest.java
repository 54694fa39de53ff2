package org.corridor.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.corridor.api.CorridorProperties;
import org.corridor.api.GatedSolver;
import org.corridor.api.H2ServiceTest;
import org.corridor.api.audit.AuditLog;
import org.corridor.api.plan.PlanStore;
import org.corridor.api.scenario.ScenarioCatalog;
import org.corridor.api.security.AccessPolicy;
import org.corridor.api.security.Caller;
import org.corridor.api.security.Role;
import org.corridor.plan.Json;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContextManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A job that outlives the per-job wall-time limit is stopped through its SolveControl and reported
 * FAILED. Runs a second job service with a 1 s limit on the H2 test service's beans (no new context).
 */
class JobTimeLimitTest {

    @Test
    void aSolveThatOutlivesTheJobLimitIsStoppedAndFailed() {
        ApplicationContext ctx = new TestContextManager(H2ServiceTest.class).getTestContext().getApplicationContext();
        CorridorProperties base = ctx.getBean(CorridorProperties.class);
        CorridorProperties oneSecond = new CorridorProperties(base.dataDir(), base.scenarioDir(), base.coordinationCell(),
                new CorridorProperties.Jobs(1, 0, 1, 7, 0, CorridorProperties.Isolation.THREAD, "1g"), base.security());
        GatedSolver gate = new GatedSolver();
        gate.close();
        JobService jobs = new JobService(ctx.getBean(JobRepository.class), ctx.getBean(ScenarioCatalog.class), ctx.getBean(PlanStore.class),
                gate, ctx.getBean(Idempotency.class), ctx.getBean(AuditLog.class), ctx.getBean(AccessPolicy.class),
                ctx.getBean(TransactionTemplate.class), oneSecond);
        Caller coordinator = new Caller("coordinator", Role.COORDINATOR, "COORDINATION", null);
        try {
            Job job = jobs.submit(coordinator, new SolveRequest("afghanistan", null, Json.mapper().readTree("{\"timeLimitSeconds\": 1}")), null).job();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!jobs.get(coordinator, job.id()).status().finished() && System.nanoTime() < deadline) sleep();
            Job done = jobs.get(coordinator, job.id());
            assertThat(done.status()).isEqualTo(Job.Status.FAILED);
            assertThat(done.error()).isEqualTo("time limit of 1 s per job exceeded");
            assertThat(gate.waiting()).isZero();
            assertThat(jobs.capacity().admitted()).isZero();
        } finally {
            gate.open();
            jobs.stop();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
