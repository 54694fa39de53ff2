package org.corridor.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.corridor.TestData;
import org.corridor.plan.Plan;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioLoader;
import org.corridor.solve.Planner;
import org.corridor.solve.SolveOptions;
import org.junit.jupiter.api.Test;

/** The solver's plans pass the independent verifier: the two readings of the rules agree. */
class SolvedPlansVerifyTest {

    @Test
    void afghanistanPlanIsOptimalAndVerified() {
        Scenario s = ScenarioLoader.load(TestData.afghanistan());
        Plan p = Planner.solve(s, new SolveOptions(30, null, 0.01, 0.25, 0.0, 30, 1, 4711));
        assertThat(p.solver().status()).isEqualTo("OPTIMAL");
        assertThat(p.routes()).isNotEmpty();
        assertThat(PlanVerifier.verify(s, p)).isEmpty();
    }
}
