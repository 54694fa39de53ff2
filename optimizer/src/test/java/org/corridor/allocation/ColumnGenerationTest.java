package org.corridor.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.corridor.network.CompiledNetwork;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioBuilder;
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;
import org.corridor.solve.WorkerPool;
import org.junit.jupiter.api.Test;

/**
 * Differential test of column generation: starting from 2 columns per need and pricing the rest in
 * must reach the same optimal values as the LP holding the whole candidate pool from the start
 * (coverage objective, then expected diversion), on seeded random multi-agency instances.
 */
class ColumnGenerationTest {

    @Test
    void pricedInColumnsReachTheSameOptimaAsTheWholePool() {
        for (long seed : new long[] {7, 11, 19}) {
            Scenario s = ScenarioBuilder.randomGrid(seed);
            SolveOptions o = new SolveOptions(30, null, 0.01, 0.25, 0.1, 60, 1, seed);
            CompiledNetwork net = CompiledNetwork.compile(s, o.horizonDays());
            try (WorkerPool pool = new WorkerPool(1)) {
                AllocationResult whole = Allocator.allocate(net, o, pool, SolveControl.NONE, Integer.MAX_VALUE);
                AllocationResult priced = Allocator.allocate(net, o, pool, SolveControl.NONE, 0);
                assertThat(priced.status()).isEqualTo("OPTIMAL");
                assertThat(priced.objective()).as("seed %d", seed).isCloseTo(whole.objective(), within(1e-5 * Math.max(1, whole.objective())));
                assertThat(priced.kpis().coverage()).isCloseTo(whole.kpis().coverage(), within(1e-6));
                assertThat(priced.kpis().expectedDiversionTonnes()).isCloseTo(whole.kpis().expectedDiversionTonnes(), within(1e-4));
            }
        }
    }

    @Test
    void withABudgetPricingAccountsForTheBudgetRow() {
        Scenario s = ScenarioBuilder.randomGrid(23);
        SolveOptions o = new SolveOptions(30, 0.02, 0.01, 0.25, 0, 60, 1, 23);
        CompiledNetwork net = CompiledNetwork.compile(s, o.horizonDays());
        try (WorkerPool pool = new WorkerPool(1)) {
            AllocationResult whole = Allocator.allocate(net, o, pool, SolveControl.NONE, Integer.MAX_VALUE);
            AllocationResult priced = Allocator.allocate(net, o, pool, SolveControl.NONE, 0);
            assertThat(priced.objective()).isCloseTo(whole.objective(), within(1e-5 * Math.max(1, whole.objective())));
            assertThat(priced.kpis().expectedDiversionShare()).isLessThanOrEqualTo(0.02 + 1e-6);
        }
    }
}
