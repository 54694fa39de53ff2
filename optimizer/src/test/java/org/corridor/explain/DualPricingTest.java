package org.corridor.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.corridor.allocation.Allocator;
import org.corridor.allocation.Allocator.RouteColumn;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioBuilder;
import org.corridor.solve.Planner;
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;
import org.corridor.solve.WorkerPool;
import org.junit.jupiter.api.Test;

/**
 * The pricing formula against GLOP itself: priced with the LP's own duals, every column of the LP
 * must get the reduced cost GLOP reports for it. If a sign, a coefficient or a row were missing
 * from {@link DualPricing#reducedCost}, some column would disagree.
 */
class DualPricingTest {

    /**
     * Two agencies, two hubs, three needs; a narrow road (capacity binds), a short lot (stock
     * binds), a one-truck agency (fleet binds) and risky roads (risk weight or budget binds).
     */
    static Scenario busy() {
        return ScenarioBuilder.create().location("A").location("B").location("C").location("D").location("E")
                .road("AC", "A", "C", 100, 2, 4, 0.02).road("BC", "B", "C", 120, 3, 1000, 0.06)
                .road("BD", "B", "D", 400, 12, 1000, 0.01).road("AD", "A", "D", 90, 2, 1000, 0.12)
                .road("CE", "C", "E", 60, 1, 1000, 0.03)
                .agency("UN1", 100, 10).agency("UN2", 1, 8).commodity("FOOD")
                .stock("UN1", "A", "FOOD", 60).stock("UN2", "B", "FOOD", 500)
                .need("C", "FOOD", 100, 5, 365).need("D", "FOOD", 80, 4, 365).need("E", "FOOD", 70).build();
    }

    private static void pricesLikeGlop(Scenario s, SolveOptions o) {
        Planner.Outcome base = Planner.solveInDetail(s, o, SolveControl.NONE);
        List<RouteColumn> columns;
        try (WorkerPool pool = new WorkerPool(1)) {
            columns = Allocator.routeColumns(base.network(), o, pool, SolveControl.NONE);
        }
        DualPricing pricing = new DualPricing(base.network(), base.allocation(), columns);
        Map<String, Double> glop = base.allocation().duals().routeReducedCost();
        assertThat(columns).hasSize(glop.size());
        for (RouteColumn c : columns)
            assertThat(pricing.reducedCost(c)).as(c.key()).isCloseTo(glop.get(c.key()), within(1e-7));
        // the instance is meant to bind several row families at once
        assertThat(base.allocation().duals().roadCapacity().values()).anyMatch(y -> y < -1e-9);
        assertThat(base.allocation().duals().fleet().values()).anyMatch(y -> y < -1e-9);
    }

    @Test
    void columnsPricedWithTheDualsGetGlopsReducedCostsUnderARiskWeight() {
        pricesLikeGlop(busy(), new SolveOptions(10, null, 0.5, 1.0, 0.0, 30, 1, 4711));
    }

    @Test
    void columnsPricedWithTheDualsGetGlopsReducedCostsUnderARiskBudget() {
        pricesLikeGlop(busy(), new SolveOptions(10, 0.04, 0.01, 1.0, 0.0, 30, 1, 4711));
    }

    @Test
    void routeColumnsCarryTheLossArithmetic() {
        // A - B - C with 10 % then 20 %: keep 0.72, entering (1, 0.9); 3 h in all = 1 travel day,
        // round trip 2 days over a 10 t payload = 0.2 truck-days per tonne.
        Scenario s = ScenarioBuilder.create().location("A").location("B").location("C")
                .road("AB", "A", "B", 100, 2, 1000, 0.10).road("BC", "B", "C", 50, 1, 1000, 0.20)
                .agency("UN1", 100, 10).commodity("FOOD").stock("UN1", "A", "FOOD", 100).need("C", "FOOD", 1000).build();
        SolveOptions o = new SolveOptions(10, null, 0.5, 1.0, 0.0, 30, 1, 4711);
        List<RouteColumn> columns;
        try (WorkerPool pool = new WorkerPool(1)) {
            columns = Allocator.routeColumns(org.corridor.network.CompiledNetwork.compile(s, 10), o, pool, SolveControl.NONE);
        }
        assertThat(columns).singleElement().satisfies(c -> {
            assertThat(c.roads()).containsExactly("AB", "BC");
            assertThat(c.keep()).isCloseTo(0.72, within(1e-12));
            assertThat(c.entering()).containsExactly(1.0, 0.9);
            assertThat(c.truckDaysPerTonne()).isCloseTo(0.2, within(1e-12));
            assertThat(c.coverageCost()).isCloseTo(0.5 * 0.28, within(1e-12));
            assertThat(c.stockLot()).isEqualTo("UN1|A|FOOD|0");
            assertThat(c.need()).isEqualTo("C|FOOD");
        });
    }
}
