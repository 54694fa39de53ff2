package org.corridor.api.job;

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
}
