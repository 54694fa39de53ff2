package org.corridor.solve;

import static org.assertj.core.api.Assertions.assertThat;

import org.corridor.plan.Plan;
import org.corridor.scenario.Scenario;
import org.corridor.verify.PlanVerifier;

/** {@link Planner} for tests: every plan a test makes is also checked by the independent verifier. */
public final class VerifiedPlanner {
    private VerifiedPlanner() {}

    public static Plan solve(Scenario s, SolveOptions o) { return solve(s, o, SolveControl.NONE); }

    public static Plan solve(Scenario s, SolveOptions o, SolveControl control) {
        Plan p = Planner.solve(s, o, control);
        assertThat(PlanVerifier.verify(s, p)).as("verifier findings").isEmpty();
        return p;
    }
}
