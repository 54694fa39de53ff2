package org.corridor.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.corridor.SolvedPlans;
import org.corridor.access.AccessRule;
import org.corridor.plan.Plan;
import org.corridor.scenario.DayWindow;
import org.corridor.scenario.Scenario;
import org.corridor.solve.Planner;
import org.corridor.solve.SolveOptions;
import org.junit.jupiter.api.Test;

/**
 * The solver's plans pass the independent verifier, so the two readings of the rules agree: on the
 * Afghanistan scenario (which has rules of every type), and under a hard risk budget with extra
 * rules in force on part of the horizon.
 */
class SolvedPlansVerifyTest {

    @Test
    void afghanistanPlanIsOptimalAndVerified() {
        Plan p = SolvedPlans.afghanistanPlan();
        assertThat(p.solver().status()).isEqualTo("OPTIMAL");
        assertThat(p.routes()).isNotEmpty();
        assertThat(PlanVerifier.verify(SolvedPlans.afghanistan(), p)).isEmpty();
    }

    @Test
    void planUnderARiskBudgetAndPartTimeRulesIsVerified() {
        Scenario base = SolvedPlans.afghanistan();
        AccessRule.Provenance src = new AccessRule.Provenance("test", AccessRule.Reliability.E, java.time.LocalDate.of(2026, 12, 1));
        String busiest = busiestRoad(SolvedPlans.afghanistanPlan());
        List<AccessRule> rules = new java.util.ArrayList<>(base.rules());
        rules.add(new AccessRule.EscortImposed("T-ESCORT", busiest, 0.05, 3, src, new DayWindow(0, 14)));
        rules.add(new AccessRule.RoadClosed("T-CLOSED", busiest, src, new DayWindow(20, 29)));
        rules.add(new AccessRule.RiskOverride("T-RISK", null, "AF01", 0.02, src, new DayWindow(5, 9)));
        Scenario s = base.withRules(rules);
        SolveOptions o = new SolveOptions(30, 0.015, 0.01, 0.25, 0.0, 60, 1, 4711);
        Plan p = Planner.solve(s, o);
        assertThat(p.solver().status()).isEqualTo("OPTIMAL");
        assertThat(p.kpis().expectedDiversionShare()).isLessThanOrEqualTo(0.015 + 1e-6);
        assertThat(PlanVerifier.verify(s, p)).isEmpty();
    }

    /** The road carrying the most tonnes in the plan, so that the added rules bite. */
    private static String busiestRoad(Plan p) {
        java.util.Map<String, Double> load = new java.util.TreeMap<>();
        for (Plan.Route r : p.routes()) for (Plan.Leg l : r.legs()) load.merge(l.road(), l.tonnesIn(), Double::sum);
        return load.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
}
