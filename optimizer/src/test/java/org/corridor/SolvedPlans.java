package org.corridor;

import org.corridor.plan.Plan;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioLoader;
import org.corridor.solve.Planner;
import org.corridor.solve.SolveOptions;

/**
 * The Afghanistan scenario and its default plan, solved once per test JVM and shared by the test
 * classes that only read them (schema, verifier), so the suite pays for one solve, not one per class.
 */
public final class SolvedPlans {
    private SolvedPlans() {}

    /** Default options with one thread and a 30-day horizon (the scenario's declared default). */
    public static final SolveOptions OPTIONS = new SolveOptions(30, null, 0.01, 0.25, 0.0, 60, 1, 4711);

    private static final class Holder {
        static final Scenario SCENARIO = ScenarioLoader.load(TestData.afghanistan());
        static final Plan PLAN = Planner.solve(SCENARIO, OPTIONS);
    }

    public static Scenario afghanistan() { return Holder.SCENARIO; }

    public static Plan afghanistanPlan() { return Holder.PLAN; }
}
