package org.corridor.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.corridor.api.CorridorProperties;
import org.corridor.api.H2ServiceTest;
import org.corridor.api.audit.AuditLog;
import org.corridor.api.plan.PlanStore;
import org.corridor.api.scenario.ScenarioCatalog;
import org.corridor.api.security.AccessPolicy;
import org.corridor.api.security.Caller;
import org.corridor.api.security.Role;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContextManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Solve threads at a lower OS priority: the /proc parsing on hand-made lines everywhere; the
 * lowering itself, its inheritance by the threads a solve starts, and its wiring into the job
 * workers on Linux with renice only (skipped elsewhere, where the feature is documented as a no-op).
 */
class SolveThreadPriorityTest {

    @Test
    void theThreadIdIsTheLastPartOfTheThreadSelfLink() {
        assertThat(SolveThreadPriority.threadId("4242/task/4250")).isEqualTo(OptionalInt.of(4250));
        assertThat(SolveThreadPriority.threadId("4242")).isEmpty();
        assertThat(SolveThreadPriority.threadId("4242/fd/4250")).isEmpty();
        assertThat(SolveThreadPriority.threadId("4242/task/x1")).isEmpty();
    }

    @Test
    void theNiceValueIsField19CountedAfterTheThreadNameEvenWhenTheNameHoldsParentheses() {
        // fields 3..19 after the name: state, ppid, pgrp, session, tty, tpgid, flags, minflt, cminflt,
        // majflt, cmajflt, utime, stime, cutime, cstime, priority (20 + nice), nice
        String stat = "4250 (solve) (1) x) S 1 4242 4242 0 -1 4194624 10 0 0 0 5 1 0 0 30 10 40 0 123";
        assertThat(SolveThreadPriority.niceOf(stat)).isEqualTo(OptionalInt.of(10));
        assertThat(SolveThreadPriority.niceOf("4250 (solve) S 1 4242")).isEmpty();
        assertThat(SolveThreadPriority.niceOf("no name here")).isEmpty();
    }

    @Test
    void zeroLeavesTheThreadAtItsPriority() throws Exception {
        assumeTrue(linux());
        SolveThreadPriority off = new SolveThreadPriority(0);
        assertThat(off.active()).isFalse();
        assertThat(niceChangeOf(off)).isZero();
    }

    @Test
    void withoutReniceOnThePathItDoesNothing() throws Exception {
        SolveThreadPriority noRenice = new SolveThreadPriority(5, "/nonexistent-folder");
        assertThat(noRenice.active()).isFalse();
        if (linux()) assertThat(niceChangeOf(noRenice)).isZero();
    }

    @Test
    void aLoweredThreadRunsNLevelsLowerAndTheThreadsItStartsInheritThat() throws Exception {
        SolveThreadPriority three = new SolveThreadPriority(3);
        assumeTrue(three.active(), "Linux with renice only");
        int[] nice = onFreshThread(() -> {
            int before = SolveThreadPriority.currentNice();
            three.lowerCurrentThread();
            int after = SolveThreadPriority.currentNice();
            // what the optimizer's worker pool and OR-Tools' native threads rely on
            int child = onFreshThread(SolveThreadPriority::currentNice);
            return new int[] {before, after, child};
        });
        assertThat(nice[1]).isEqualTo(Math.min(SolveThreadPriority.MAX_NICE, nice[0] + 3));
        assertThat(nice[2]).isEqualTo(nice[1]);
    }

    @Test
    void aJobRunsOnAWorkerLoweredByTheConfiguredNiceAndTheThreadsItStartsToo() throws Exception {
        assumeTrue(new SolveThreadPriority(4).active(), "Linux with renice only");
        ApplicationContext ctx = new TestContextManager(H2ServiceTest.class).getTestContext().getApplicationContext();
        CorridorProperties base = ctx.getBean(CorridorProperties.class);
        CorridorProperties lowered = new CorridorProperties(base.dataDir(), base.scenarioDir(), base.coordinationCell(),
                new CorridorProperties.Jobs(1, 0, 60, 7, 4, CorridorProperties.Isolation.THREAD, "1g"), base.security());
        JobService jobs = new JobService(ctx.getBean(JobRepository.class), ctx.getBean(ScenarioCatalog.class), ctx.getBean(PlanStore.class),
                ctx.getBean(Solver.class), ctx.getBean(Idempotency.class), ctx.getBean(AuditLog.class), ctx.getBean(AccessPolicy.class),
                ctx.getBean(TransactionTemplate.class), lowered);
        Caller coordinator = new Caller("coordinator", Role.COORDINATOR, "COORDINATION", null);
        AtomicReference<int[]> seen = new AtomicReference<>();
        // the worker thread is started by this (request-like) thread, so it begins at this thread's nice
        int requestNice = SolveThreadPriority.currentNice();
        try {
            JobService.Spec spec = new JobService.Spec("SOLVE", "afghanistan", null, "{}", "priority-probe", "solve.submit",
                    "scenario=afghanistan", () -> {});
            Job job = jobs.submit(coordinator, null, spec, control -> {
                try {
                    seen.set(new int[] {SolveThreadPriority.currentNice(), onFreshThread(SolveThreadPriority::currentNice)});
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                throw new IllegalStateException("priority probe done");
            }).job();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!jobs.get(coordinator, job.id()).status().finished() && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(jobs.get(coordinator, job.id()).error()).isEqualTo("solve failed: priority probe done");
        } finally {
            jobs.stop();
        }
        int expected = Math.min(SolveThreadPriority.MAX_NICE, requestNice + 4);
        assertThat(seen.get()).containsExactly(expected, expected);
    }

    private static boolean linux() {
        return Files.isDirectory(Path.of("/proc/thread-self"));
    }

    /** How many nice levels {@code p} lowers a fresh thread by. */
    private static int niceChangeOf(SolveThreadPriority p) throws Exception {
        return onFreshThread(() -> {
            int before = SolveThreadPriority.currentNice();
            p.lowerCurrentThread();
            return SolveThreadPriority.currentNice() - before;
        });
    }

    /** Runs {@code task} on a new thread, so lowering it never touches the test runner's threads. */
    private static <T> T onFreshThread(Callable<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "priority-test");
        t.start();
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception) throw (Exception) e.getCause();
            throw e;
        }
    }
}
