package org.corridor.api.job;

import org.corridor.allocation.RoutePool;
import org.corridor.plan.Plan;
import org.corridor.scenario.Scenario;
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;

/**
 * The optimizer's entry point as the job runner calls it (the production bean is the optimizer's
 * planner; see {@link JobService}). Must honour {@link SolveControl#cancelled()}.
 */
@FunctionalInterface
public interface Solver {
    Plan solve(Scenario scenario, SolveOptions options, SolveControl control);

    /**
     * {@link #solve}, with the route pool a re-solve of the plan may take over when the solve ran in this JVM (a solver
     * that runs it elsewhere gives none).
     */
    default Solved solveInDetail(Scenario scenario, SolveOptions options, SolveControl control) {
        return new Solved(solve(scenario, options, control), null);
    }

    /** A plan and its solve's {@link RoutePool}, or null. */
    record Solved(Plan plan, RoutePool routePool) {}
}
