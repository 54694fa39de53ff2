package org.corridor.api;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.corridor.api.job.Solver;
import org.corridor.plan.Plan;
import org.corridor.scenario.Scenario;
import org.corridor.solve.Planner;
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The real planner behind a gate the tests can close: while closed, solves wait (polling
 * {@link SolveControl#cancelled()} as the planner's stages do), so queue bounds, cancellation and
 * time limits can be observed deterministically. Open, it is exactly {@link Planner#solve}.
 */
public final class GatedSolver implements Solver {
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final AtomicInteger waiting = new AtomicInteger();

    @Override
    public Plan solve(Scenario scenario, SolveOptions options, SolveControl control) {
        CountDownLatch g = gate;
        waiting.incrementAndGet();
        try {
            while (!g.await(5, TimeUnit.MILLISECONDS)) {
                if (control.cancelled()) throw new SolveControl.SolveCancelledException("test gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SolveControl.SolveCancelledException("test gate");
        } finally {
            waiting.decrementAndGet();
        }
        return Planner.solve(scenario, options, control);
    }

    /** Solves started from now on wait until {@link #open()}. */
    public void close() { gate = new CountDownLatch(1); }

    public void open() { gate.countDown(); }

    /** Solves currently held at the gate. */
    public int waiting() { return waiting.get(); }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        @Primary
        GatedSolver gatedSolver() { return new GatedSolver(); }
    }
}
