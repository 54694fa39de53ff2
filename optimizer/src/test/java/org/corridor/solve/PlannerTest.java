package org.corridor.solve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.corridor.TestData;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioBuilder;
import org.corridor.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/** The pipeline as a whole: determinism across thread counts, cancellation, the Afghanistan scenario. */
class PlannerTest {

    static SolveOptions threads(SolveOptions o, int threads) {
        return new SolveOptions(o.horizonDays(), o.riskBudget(), o.riskWeight(), o.routeRiskCap(), o.equityFloor(), o.timeLimitSeconds(), threads, o.seed());
    }

    /** The plan's JSON with the fields allowed to differ between thread counts blanked out. */
    static String comparable(Plan p) {
        Plan.SolverRecord s = p.solver();
        Plan.SolverRecord blank = new Plan.SolverRecord(s.status(), s.objective(), s.bound(), s.gap(), Map.of(), s.inputHash(),
                s.seed(), 0, s.ortoolsVersion(), s.timeLimitSeconds());
        return Json.write(new Plan(p.planId(), p.version(), p.scenario(), threads(p.options(), 0), p.kpis(), p.routes(), p.unmet(), blank));
    }

    @Test
    void planIsByteIdenticalForOneAndSeveralThreadsOnAGeneratedInstance() {
        Scenario s = ScenarioBuilder.randomGrid(7);
        SolveOptions o = new SolveOptions(30, null, 0.01, 0.25, 0.1, 60, 1, 7);
        Plan one = VerifiedPlanner.solve(s, o);
        Plan four = VerifiedPlanner.solve(s, threads(o, 4));
        assertThat(one.routes()).hasSizeGreaterThan(10);
        assertThat(four.solver().threads()).isEqualTo(4);
        assertThat(comparable(four)).isEqualTo(comparable(one));
    }

    @Test
    void planIsByteIdenticalForOneAndTwoThreadsOnAfghanistan() {
        Scenario s = ScenarioLoader.load(TestData.afghanistan());
        Plan one = VerifiedPlanner.solve(s, threads(SolveOptions.DEFAULTS, 1));
        Plan two = VerifiedPlanner.solve(s, threads(SolveOptions.DEFAULTS, 2));
        assertThat(one.solver().status()).isEqualTo("OPTIMAL");
        assertThat(one.solver().gap()).isZero();
        assertThat(one.routes()).isNotEmpty();
        assertThat(comparable(two)).isEqualTo(comparable(one));
    }

    @Test
    void inputHashIgnoresTheThreadCountButNotTheOptions() {
        Scenario s = ScenarioBuilder.randomGrid(3);
        SolveOptions o = SolveOptions.DEFAULTS;
        assertThat(Planner.inputHash(s, threads(o, 1))).isEqualTo(Planner.inputHash(s, threads(o, 2))).hasSize(64);
        assertThat(Planner.inputHash(s, new SolveOptions(29, null, 0.01, 0.25, 0, 60, 1, 4711))).isNotEqualTo(Planner.inputHash(s, o));
        assertThat(Planner.inputHash(s.withRules(List.of()), o)).isNotEqualTo(Planner.inputHash(s, o));
    }

    @Test
    void cancelledSolveStopsWithAnExceptionAndReportsItsStages() {
        List<String> stages = new ArrayList<>();
        AtomicInteger polls = new AtomicInteger();
        SolveControl cancelAfterCompile = new SolveControl() {
            public boolean cancelled() { return stages.contains("allocate") && polls.incrementAndGet() > 0; }
            public void progress(String stage, double fraction) { stages.add(stage); }
        };
        assertThatThrownBy(() -> VerifiedPlanner.solve(ScenarioBuilder.randomGrid(1), SolveOptions.DEFAULTS, cancelAfterCompile))
                .isInstanceOf(SolveControl.SolveCancelledException.class).hasMessageContaining("allocate");
        assertThat(stages).startsWith("compile", "allocate");
    }

    @Test
    void progressReachesDoneOnAFinishedSolve() {
        List<String> stages = new ArrayList<>();
        Plan p = VerifiedPlanner.solve(ScenarioBuilder.randomGrid(2), SolveOptions.DEFAULTS, new SolveControl() {
            public boolean cancelled() { return false; }
            public void progress(String stage, double fraction) { stages.add(stage); }
        });
        assertThat(stages).first().isEqualTo("compile");
        assertThat(stages).last().isEqualTo("done");
        assertThat(p.solver().stageMillis()).containsKeys("compile", "routes", "lp.build", "lp.coverage", "lp.diversion", "lp.cost");
    }
}
