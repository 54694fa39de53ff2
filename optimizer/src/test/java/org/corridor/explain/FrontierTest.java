package org.corridor.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.corridor.plan.Json;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioBuilder;
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;
import org.corridor.verify.PlanVerifier;
import org.junit.jupiter.api.Test;

/** The risk frontier on hub-and-spoke networks whose spokes differ only in risk. */
class FrontierTest {

    /**
     * Hub A with stock 1000 t; spokes to B, C, D, E with 0 %, 4 %, 10 % and 20 % risk; each needs
     * 100 t (phase 3). A budget B admits a mix whose average loss share is at most B.
     */
    static Scenario spokes() {
        return ScenarioBuilder.create().location("A").location("B").location("C").location("D").location("E")
                .road("AB", "A", "B", 100, 2, 1000, 0.0).road("AC", "A", "C", 100, 2, 1000, 0.04)
                .road("AD", "A", "D", 100, 2, 1000, 0.10).road("AE", "A", "E", 100, 2, 1000, 0.20)
                .agency("UN1", 100, 10).commodity("FOOD").stock("UN1", "A", "FOOD", 1000)
                .need("B", "FOOD", 100).need("C", "FOOD", 100).need("D", "FOOD", 100).need("E", "FOOD", 100).build();
    }

    static SolveOptions options(int threads) { return new SolveOptions(10, null, 0.01, 1.0, 0.0, 30, threads, 4711); }

    @Test
    void zeroBudgetServesOnlyTheRiskFreeSpokeAndTheFullBudgetServesAll() {
        // Budget 0: only AB (0 %) is admissible: 100 t of 400 (coverage 0.25). Budget 1: every spoke,
        // 1000 t of stock is ample: coverage 1 with expected diversion 100 x (0.04/0.96 + 0.1/0.9 + 0.2/0.8).
        FrontierReport r = Frontier.solve(spokes(), options(1), List.of(0.0, 1.0), SolveControl.NONE);
        assertThat(r.points()).hasSize(2);
        assertThat(r.points().get(0).coverage()).isCloseTo(0.25, within(1e-6));
        assertThat(r.points().get(1).coverage()).isCloseTo(1.0, within(1e-6));
        assertThat(r.points().get(1).expectedDiversionTonnes())
                .isCloseTo(100 * (0.04 / 0.96 + 0.10 / 0.90 + 0.20 / 0.80), within(1e-4));
        for (FrontierReport.Point p : r.points()) assertThat(PlanVerifier.verify(spokes(), p.plan())).isEmpty();
    }

    @Test
    void coverageNeverFallsAsTheBudgetGrowsAndDominatedPointsAreBeaten() {
        List<Double> budgets = List.of(0.0, 0.01, 0.02, 0.05, 0.08, 0.1, 0.2, 0.5);
        FrontierReport r = Frontier.solve(spokes(), options(2), budgets, SolveControl.NONE);
        List<double[]> all = new ArrayList<>(); // budget, coverage
        for (FrontierReport.Point p : r.points()) all.add(new double[] {p.riskBudget(), p.coverage()});
        for (FrontierReport.Dominated d : r.dominated()) all.add(new double[] {d.riskBudget(), d.coverage()});
        all.sort((a, b) -> Double.compare(a[0], b[0]));
        assertThat(r.failed()).isEmpty();
        assertThat(all).hasSize(budgets.size());
        for (int i = 1; i < all.size(); i++) assertThat(all.get(i)[1]).isGreaterThanOrEqualTo(all.get(i - 1)[1] - 1e-9);
        for (FrontierReport.Dominated d : r.dominated()) {
            FrontierReport.Point by = r.points().stream().filter(p -> p.riskBudget() == d.dominatedBy()).findFirst().orElseThrow();
            assertThat(by.coverage()).isGreaterThanOrEqualTo(d.coverage());
            assertThat(by.expectedDiversionTonnes()).isLessThanOrEqualTo(d.expectedDiversionTonnes());
            assertThat(by.cost()).isLessThanOrEqualTo(d.cost());
        }
        for (int i = 0; i < r.points().size(); i++)
            for (int j = 0; j < r.points().size(); j++)
                if (i != j) assertThat(Frontier.dominates(r.points().get(i).plan().kpis(), r.points().get(j).plan().kpis())).isFalse();
    }

    @Test
    void theFrontierDoesNotDependOnTheThreadCount() {
        List<Double> budgets = List.of(0.0, 0.05, 0.1);
        FrontierReport one = Frontier.solve(spokes(), options(1), budgets, SolveControl.NONE);
        FrontierReport two = Frontier.solve(spokes(), options(2), budgets, SolveControl.NONE);
        assertThat(one.points()).hasSameSizeAs(two.points());
        for (int i = 0; i < one.points().size(); i++)
            assertThat(Json.write(two.points().get(i).plan().routes())).isEqualTo(Json.write(one.points().get(i).plan().routes()));
    }

    @Test
    void budgetsMustBeShares() {
        assertThatThrownBy(() -> Frontier.solve(spokes(), options(1), List.of(), SolveControl.NONE)).hasMessageContaining("at least one");
        assertThatThrownBy(() -> Frontier.solve(spokes(), options(1), List.of(1.5), SolveControl.NONE)).hasMessageContaining("[0, 1]");
    }

    /** On random spoke risks and budgets, a larger budget never covers less (the LP's feasible set only grows). */
    @Property(tries = 15)
    void coverageIsMonotoneInTheBudget(@ForAll @DoubleRange(min = 0, max = 0.3) double r1, @ForAll @DoubleRange(min = 0, max = 0.3) double r2,
                                       @ForAll @IntRange(min = 10, max = 300) int stock,
                                       @ForAll @DoubleRange(min = 0, max = 0.3) double b1, @ForAll @DoubleRange(min = 0, max = 0.3) double b2) {
        Scenario s = ScenarioBuilder.create().location("A").location("B").location("C")
                .road("AB", "A", "B", 100, 2, 1000, r1).road("AC", "A", "C", 100, 2, 1000, r2)
                .agency("UN1", 100, 10).commodity("FOOD").stock("UN1", "A", "FOOD", stock)
                .need("B", "FOOD", 100, 4, 365).need("C", "FOOD", 100).build();
        FrontierReport r = Frontier.solve(s, options(1), List.of(Math.min(b1, b2), Math.max(b1, b2)), SolveControl.NONE);
        double low = coverageAt(r, Math.min(b1, b2)), high = coverageAt(r, Math.max(b1, b2));
        assertThat(high).isGreaterThanOrEqualTo(low - 1e-6);
    }

    private static double coverageAt(FrontierReport r, double budget) {
        for (FrontierReport.Point p : r.points()) if (p.riskBudget() == budget) return p.coverage();
        for (FrontierReport.Dominated d : r.dominated()) if (d.riskBudget() == budget) return d.coverage();
        throw new AssertionError("budget " + budget + " missing");
    }
}
