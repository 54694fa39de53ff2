package org.corridor.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.corridor.network.CompiledNetwork;
import org.corridor.plan.Plan;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioBuilder;
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;
import org.corridor.solve.WorkerPool;
import org.corridor.verify.PlanVerifier;
import org.junit.jupiter.api.Test;

/**
 * When the time limit ends column generation early, the allocation still returns a plan with an
 * honest status: FEASIBLE with the last restricted-LP optimum that overloads no road and a proven
 * lower bound (the Lagrangian bound of {@link AllocationLp}), or NOT_SOLVED with the empty plan when
 * not even the first LP finished. Either way the verifier accepts the plan.
 */
class TimeLimitTest {

    @Test
    void aSolveCutShortByTheTimeLimitReturnsAVerifiedPlanWithAnHonestStatusAndBound() {
        for (long seed : new long[] {7, 11}) {
            Scenario s = ScenarioBuilder.randomGrid(seed);
            SolveOptions full = new SolveOptions(30, null, 0.01, 0.25, 0, 60, 1, seed);
            // 1 microsecond: route generation alone outlasts it, so the first LP runs under GLOP's
            // 1 ms floor and pricing (from 2 columns per need: fullPool 0) never gets a second round.
            SolveOptions cut = new SolveOptions(30, null, 0.01, 0.25, 0, 1e-6, 1, seed);
            CompiledNetwork net = CompiledNetwork.compile(s, 30);
            try (WorkerPool pool = new WorkerPool(1)) {
                AllocationResult optimum = Allocator.allocate(net, full, pool, SolveControl.NONE, 0);
                AllocationResult r = Allocator.allocate(net, cut, pool, SolveControl.NONE, 0);
                assertThat(optimum.status()).isEqualTo("OPTIMAL");
                assertThat(r.status()).as("seed %d", seed).isIn("FEASIBLE", "NOT_SOLVED");
                double tol = 1e-6 * Math.max(1, optimum.objective());
                // bound <= optimum <= objective of the returned plan
                assertThat(r.bound()).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(optimum.objective() + tol);
                assertThat(r.objective()).isGreaterThanOrEqualTo(optimum.objective() - tol);
                if (r.status().equals("NOT_SOLVED")) {
                    // the empty plan: nothing dispatched, every need unmet, objective sum_n w_n need_n
                    assertThat(r.routes()).isEmpty();
                    double all = s.needs().stream().mapToDouble(n -> n.severityWeight() * n.tonnes()).sum();
                    assertThat(r.objective()).isCloseTo(all, within(1e-6 * all));
                } else {
                    assertThat(r.routes()).isNotEmpty();
                    assertThat(r.pricingRounds()).isZero();
                }
                Plan plan = new Plan("cut", 1, s.name(), cut, r.kpis(), r.routes(), r.unmet(),
                        new Plan.SolverRecord(r.status(), r.objective(), r.bound(),
                                Math.abs(r.objective() - r.bound()) / Math.max(1, Math.abs(r.objective())), r.stageMillis(),
                                "test", seed, 1, "test", cut.timeLimitSeconds()));
                assertThat(PlanVerifier.verify(s, plan)).as("verifier findings").isEmpty();
            }
        }
    }
}
