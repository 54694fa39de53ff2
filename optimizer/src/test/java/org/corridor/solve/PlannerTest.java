package org.corridor.solve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.corridor.TestData;
import org.corridor.access.AccessRule;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.corridor.scenario.DayWindow;
import org.corridor.scenario.Location;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioBuilder;
import org.corridor.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/** The pipeline as a whole: determinism across thread counts, cancellation, the Afghanistan scenario. */
class PlannerTest {

    /**
     * A seeded random multi-agency instance (illustrative): an 8 x 8 grid of locations, one province
     * per row, roads between neighbours with random risk, hours and capacity; 4 agencies holding 3
     * commodities at the grid's west edge; needs at 20 random locations; one rule of several types.
     */
    static Scenario generated(long seed) {
        Random rnd = new Random(seed);
        ScenarioBuilder b = ScenarioBuilder.create();
        int n = 8;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                b.location("L" + i + "_" + j, "P" + i, "REG" + (i / 3), j == 0 ? Location.Kind.BORDER_CROSSING : Location.Kind.DISTRICT_CENTRE);
        int road = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                if (j + 1 < n) b.road("R" + road++, "L" + i + "_" + j, "L" + i + "_" + (j + 1), 50 + rnd.nextInt(150), 1 + rnd.nextInt(6), 50 + rnd.nextInt(400), rnd.nextInt(80) / 1000.0);
                if (i + 1 < n) b.road("R" + road++, "L" + i + "_" + j, "L" + (i + 1) + "_" + j, 50 + rnd.nextInt(150), 1 + rnd.nextInt(6), 50 + rnd.nextInt(400), rnd.nextInt(80) / 1000.0);
            }
        String[] agencies = {"UN1", "UN2", "NGO1", "RC1"};
        b.commodity("FOOD").commodity("WASH").commodity("NUT", true);
        for (int a = 0; a < agencies.length; a++) {
            b.agency(agencies[a], 5 + rnd.nextInt(20), 10 + rnd.nextInt(3) * 5, Set.of("P" + a, "P" + (a + 3)));
            for (String c : List.of("FOOD", "WASH", "NUT"))
                b.stock(agencies[a], "L" + rnd.nextInt(n) + "_0", c, 200 + rnd.nextInt(800), rnd.nextInt(3));
        }
        Set<String> needed = new java.util.TreeSet<>();
        while (needed.size() < 20) needed.add("L" + rnd.nextInt(n) + "_" + (1 + rnd.nextInt(n - 1)));
        for (String loc : needed)
            for (String c : List.of("FOOD", "WASH", "NUT"))
                if (rnd.nextInt(3) > 0) b.need(loc, c, 50 + rnd.nextInt(400), 3 + rnd.nextInt(3), 10 + rnd.nextInt(30));
        AccessRule.Provenance t = ScenarioBuilder.TEST;
        b.rule(new AccessRule.RoadClosed("RC", "R3", t, new DayWindow(0, 9)))
                .rule(new AccessRule.AreaDenied("AD", "P5", "UN2", t, DayWindow.ALWAYS))
                .rule(new AccessRule.PermitRequired("PR", "P2", null, 2, 0.02, t, DayWindow.ALWAYS))
                .rule(new AccessRule.WomenStaffBarred("WSB", "P3", Set.of("RC1"), t, DayWindow.ALWAYS))
                .rule(new AccessRule.ConvoySizeLimit("CSL", "P6", 3, t, DayWindow.ALWAYS))
                .rule(new AccessRule.CommodityRestricted("CR", "P7", "WASH", t, DayWindow.ALWAYS))
                .rule(new AccessRule.EscortImposed("EI", "R10", 0.03, 2, t, new DayWindow(5, 20)))
                .rule(new AccessRule.RiskOverride("RO", null, "P4", 0.06, t, DayWindow.ALWAYS));
        return b.build();
    }

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
        Scenario s = generated(7);
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
        Scenario s = generated(3);
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
        assertThatThrownBy(() -> VerifiedPlanner.solve(generated(1), SolveOptions.DEFAULTS, cancelAfterCompile))
                .isInstanceOf(SolveControl.SolveCancelledException.class).hasMessageContaining("allocate");
        assertThat(stages).startsWith("compile", "allocate");
    }

    @Test
    void progressReachesDoneOnAFinishedSolve() {
        List<String> stages = new ArrayList<>();
        Plan p = VerifiedPlanner.solve(generated(2), SolveOptions.DEFAULTS, new SolveControl() {
            public boolean cancelled() { return false; }
            public void progress(String stage, double fraction) { stages.add(stage); }
        });
        assertThat(stages).first().isEqualTo("compile");
        assertThat(stages).last().isEqualTo("done");
        assertThat(p.solver().stageMillis()).containsKeys("compile", "routes", "lp.build", "lp.coverage", "lp.diversion", "lp.cost");
    }
}
