package org.corridor.explain;

import java.nio.file.Path;
import java.util.Map;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioLoader;
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;

/**
 * Benchmark harness (not a test), run by bench/explain.sh: value of access of one scenario with 1
 * and 2 worker threads, alternating, in one long-lived JVM, as the service runs it. A fresh JVM
 * spends its first seconds compiling hot code on background compiler threads, which take the second
 * core from a 2-thread run but not from a 1-thread one; the warm-up rounds here are not reported.
 * Prints one tab-separated line per measured run: instance, threads, round, rules valued, re-solves,
 * and the valueOfAccess stage's wall, estimate and re-solve milliseconds.
 *
 * <p>usage: ExplainBenchmark SCENARIO_DIR NAME WARMUP_ROUNDS ROUNDS
 */
public final class ExplainBenchmark {
    private ExplainBenchmark() {}

    public static void main(String[] args) {
        Scenario scenario = ScenarioLoader.load(Path.of(args[0]));
        String name = args[1];
        int warmup = Integer.parseInt(args[2]), rounds = Integer.parseInt(args[3]);
        for (int round = 1 - warmup; round <= rounds; round++) {
            for (int threads = 1; threads <= 2; threads++) {
                SolveOptions o = SolveOptions.DEFAULTS;
                SolveOptions options = new SolveOptions(o.horizonDays(), o.riskBudget(), o.riskWeight(), o.routeRiskCap(),
                        o.equityFloor(), o.timeLimitSeconds(), threads, o.seed());
                Explanation e = Explainer.valueOfAccess(scenario, options, SolveControl.NONE);
                Map<String, Long> m = e.run().stageMillis();
                if (round >= 1)
                    System.out.println(String.join("\t", name, String.valueOf(threads), String.valueOf(round), String.valueOf(e.valueOfAccess().size()),
                            String.valueOf(e.run().resolves()), String.valueOf(m.get("valueOfAccess")), String.valueOf(m.get("valueOfAccess.estimates")),
                            String.valueOf(m.get("valueOfAccess.resolves"))));
                System.err.println("round " + round + " " + name + " threads=" + threads + ": " + m.get("valueOfAccess") + " ms");
            }
        }
    }
}
