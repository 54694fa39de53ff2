package org.corridor.api.job;

import org.corridor.api.CorridorProperties;
import org.corridor.plan.Plan;
import org.corridor.scenario.Scenario;
import org.corridor.solve.Planner;
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The production solver: the optimizer's planner, unchanged, run in a child JVM per solve
 * ({@code corridor.jobs.isolation=process}, {@link ProcessSolver}) or on the job's worker thread ({@code thread}).
 */
@Configuration
class SolverConfig {
    @Bean
    Solver solver(CorridorProperties properties) {
        CorridorProperties.Jobs jobs = properties.jobs();
        if (jobs.isolation() == CorridorProperties.Isolation.THREAD) {
            LoggerFactory.getLogger(SolverConfig.class).info("solves run on the job worker threads (corridor.jobs.isolation=thread)");
            return new Solver() {
                @Override public Plan solve(Scenario scenario, SolveOptions options, SolveControl control) {
                    return Planner.solve(scenario, options, control);
                }

                @Override public Solved solveInDetail(Scenario scenario, SolveOptions options, SolveControl control) {
                    Planner.Outcome o = Planner.solveInDetail(scenario, options, control);
                    return new Solved(o.plan(), o.routePool());
                }
            };
        }
        LoggerFactory.getLogger(SolverConfig.class).info("solves run in a child JVM each, -Xmx{} (corridor.jobs.isolation=process)", jobs.processMaxHeap());
        return new ProcessSolver(jobs.processMaxHeap());
    }
}
