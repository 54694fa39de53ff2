package org.corridor.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.corridor.access.AccessRule;
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

    /**
     * A relaxation (one rule lifted) whose LP starts from the routes of the plan it relaxes, with the rest of its pool
     * priced in, reaches the optimum of the LP holding that whole pool, in every stage, for each rule of the instance;
     * and it does so with fewer LP columns (the start is taken, not the whole pool).
     */
    @Test
    void aRelaxationStartedFromThePlanItRelaxesReachesTheOptimumOfItsWholePool() {
        Scenario s = ScenarioBuilder.randomGrid(31);
        SolveOptions o = new SolveOptions(30, null, 0.01, 0.25, 0.1, 60, 1, 31);
        CompiledNetwork net = CompiledNetwork.compile(s, o.horizonDays());
        try (WorkerPool pool = new WorkerPool(1)) {
            AllocationResult base = Allocator.allocate(net, o, pool, SolveControl.NONE);
            List<Allocator.RouteColumn> kept = Allocator.routeColumns(net, o, pool, SolveControl.NONE);
            assertThat(s.rules()).hasSize(8);
            for (AccessRule lifted : s.rules()) {
                List<AccessRule> rest = new ArrayList<>(s.rules());
                rest.remove(lifted);
                CompiledNetwork relaxed = CompiledNetwork.compile(s.withRules(rest), o.horizonDays());
                AllocationResult whole = Allocator.allocate(relaxed, o, pool, SolveControl.NONE, kept, Allocator.RouteFilter.ALL, null);
                AllocationResult started = Allocator.allocate(relaxed, o, pool, SolveControl.NONE, kept, Allocator.RouteFilter.ALL, base.routes());
                assertThat(started.status()).as(lifted.id()).isEqualTo("OPTIMAL");
                assertThat(started.objective()).as(lifted.id()).isCloseTo(whole.objective(), within(1e-5 * Math.max(1, whole.objective())));
                assertThat(started.kpis().coverage()).as(lifted.id()).isCloseTo(whole.kpis().coverage(), within(1e-6));
                assertThat(started.kpis().expectedDiversionTonnes()).as(lifted.id()).isCloseTo(whole.kpis().expectedDiversionTonnes(), within(1e-4));
                assertThat(started.kpis().truckKm()).as(lifted.id()).isCloseTo(whole.kpis().truckKm(), within(1e-3 * Math.max(1, whole.kpis().truckKm())));
                assertThat(whole.lpColumns()).as(lifted.id()).isEqualTo(whole.candidates());
                assertThat(started.lpColumns()).as(lifted.id()).isLessThan(whole.lpColumns());
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
