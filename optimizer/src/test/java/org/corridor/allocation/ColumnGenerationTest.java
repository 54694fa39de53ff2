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
            List<Allocator.RouteColumn> columns = Allocator.routeColumns(net, o, pool, SolveControl.NONE);
            Allocator.RelaxationBase fromPool = new Allocator.RelaxationBase(columns), fromPlan = fromPool.startingFrom(base.routes());
            assertThat(s.rules()).hasSize(8);
            for (AccessRule lifted : s.rules()) {
                List<AccessRule> rest = new ArrayList<>(s.rules());
                rest.remove(lifted);
                CompiledNetwork relaxed = CompiledNetwork.compile(s.withRules(rest), o.horizonDays());
                AllocationResult whole = Allocator.allocate(relaxed, o, pool, SolveControl.NONE, fromPool, Allocator.RouteFilter.ALL);
                AllocationResult started = Allocator.allocate(relaxed, o, pool, SolveControl.NONE, fromPlan, Allocator.RouteFilter.ALL);
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

    @Test
    void aPricingRoundAddsTheMostNegativeColumnsOfEachNeedLowestIndexOnTies() {
        // columns 0..5: need 0 has 0, 1, 2, 3 (reduced costs -1, -3, -2, -3); need 1 has 4, 5 (-0.5, -4).
        double[] d = {-1, -3, -2, -3, -0.5, -4};
        int[] needOf = {0, 0, 0, 0, 1, 1};
        List<Integer> entering = List.of(0, 1, 2, 3, 4, 5);
        // one per need (a cold solve): need 0's most negative are 1 and 3 at -3, the lower index wins; need 1's is 5
        assertThat(AllocationLp.mostNegativePerNeed(entering, d, needOf, 1, 0)).containsExactly(1, 5);
        // three per need (a re-solve): need 0's best three are 1, 3 (-3) and 2 (-2); need 1 has only two
        assertThat(AllocationLp.mostNegativePerNeed(entering, d, needOf, 3, 0)).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void aPricingRoundAddsAtMostFiveThousandColumnsOrHalfTheLpTheMostNegativeFirst() {
        // 6,000 needs with one entering column each, reduced cost -(i + 1): the 5,000 most negative are 1,000..5,999;
        // with 12,000 columns in the LP, half of it (6,000) is the cap and every column enters
        int n = 6_000;
        double[] d = new double[n];
        int[] needOf = new int[n];
        List<Integer> entering = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) { d[i] = -(i + 1); needOf[i] = i; entering.add(i); }
        List<Integer> capped = AllocationLp.mostNegativePerNeed(entering, d, needOf, 3, 0);
        assertThat(capped).hasSize(5_000);
        assertThat(capped.get(0)).isEqualTo(1_000);
        assertThat(capped.get(4_999)).isEqualTo(5_999);
        assertThat(AllocationLp.mostNegativePerNeed(entering, d, needOf, 3, 12_000)).hasSize(n);
    }

    @Test
    void aReSolvePricingThreeColumnsPerNeedReachesTheSameOptimaAsTheWholePool() {
        // a re-solve adds RESOLVE_COLUMNS_PER_NEED columns per need and round: starting from 2 per need it must still
        // reach the optima of the LP that holds the whole pool from the start, stability stage included (no coverage
        // tolerance, so coverage is the coverage stage's optimum and the stages' values are unique)
        for (long seed : new long[] {7, 11}) {
            Scenario s = ScenarioBuilder.randomGrid(seed);
            SolveOptions o = new SolveOptions(30, null, 0.01, 0.25, 0.1, 60, 1, seed);
            CompiledNetwork net = CompiledNetwork.compile(s, o.horizonDays());
            try (WorkerPool pool = new WorkerPool(1)) {
                AllocationResult cold = Allocator.allocate(net, o, pool, SolveControl.NONE);
                org.corridor.plan.Plan previous = new org.corridor.plan.Plan("p", 1, s.name(), o, cold.kpis(), cold.routes(),
                        cold.unmet(), new org.corridor.plan.Plan.SolverRecord("OPTIMAL", 0, 0, 0, java.util.Map.of(), "h", seed, 1, "9.15", 60));
                // the previous plan's tonnes halved: the stability stage has real changes to weigh
                previous = new org.corridor.plan.Plan("p", 1, s.name(), o, cold.kpis(), previous.routes().stream().map(r -> new org.corridor.plan.Plan.Route(
                        r.id(), r.agency(), r.commodity(), r.origin(), r.destination(), r.legs(), r.tonnesDispatched() / 2, r.tonnesDelivered() / 2,
                        r.expectedDiversionTonnes() / 2, r.departureDay(), r.arrivalDay())).toList(), cold.unmet(), previous.solver());
                Stability stability = Stability.of(previous, 1.0);
                AllocationResult whole = Allocator.allocate(net, o, pool, SolveControl.NONE, Integer.MAX_VALUE, stability);
                AllocationResult priced = Allocator.allocate(net, o, pool, SolveControl.NONE, 0, stability);
                assertThat(priced.status()).isEqualTo("OPTIMAL");
                assertThat(priced.objective()).as("seed %d", seed).isCloseTo(whole.objective(), within(1e-5 * Math.max(1, whole.objective())));
                assertThat(priced.kpis().coverage()).isCloseTo(whole.kpis().coverage(), within(1e-6));
            }
        }
    }
}
