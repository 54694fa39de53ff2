package org.corridor.api.job;

import org.corridor.solve.Planner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The production solver: the optimizer's planner, unchanged. */
@Configuration
class SolverConfig {
    @Bean
    Solver solver() {
        return Planner::solve;
    }
}
