package org.corridor.resolve;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.corridor.plan.Plan;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioLoader;
import org.corridor.solve.Planner;
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;

/**
 * Benchmark harness (not a test), run by bench/resolve.sh: re-solve after one event against a cold
 * solve of the same scenario version, both in one long-lived JVM, as the service runs re-solves (on
 * its worker threads, in its own JVM). The command line's runs start a fresh JVM each, so there every
 * stage also pays for loading and compiling its code, a fixed cost that weighs more in a re-solve of
 * one second than in a cold solve of seven.
 *
 * <p>Warm-up rounds (every event: cold, then re-solve) repeat, at least {@code MIN_WARMUP} and at most
 * {@code MAX_WARMUP}, until one spends under 5 % of its wall time in the JIT compiler. Measured rounds
 * alternate the order of cold and re-solve per round, so that drift hits both alike.
 *
 * <p>Prints one tab-separated line per measured solve, in the columns bench/resolve.sh reads from its
 * command-line runs: instance, event, round, kind (cold or resolve), the plan's stage milliseconds summed,
 * coverage, unaffected convoys kept unchanged, unaffected convoys, convoys; then "warmup" NAME ROUNDS.
 *
 * <p>usage: ResolveBenchmark SCENARIO_DIR NAME EVENTS_DIR MIN_WARMUP ROUNDS MAX_WARMUP EVENT... (events read
 * from EVENTS_DIR/NAME-EVENT.events.json, as bench/resolve.sh writes them)
 */
public final class ResolveBenchmark {
    private ResolveBenchmark() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        String name = args[1];
        Path eventsDir = Path.of(args[2]);
        int minWarmup = Integer.parseInt(args[3]), rounds = Integer.parseInt(args[4]), maxWarmup = Integer.parseInt(args[5]);
        Scenario base = ScenarioLoader.load(dir);
        SolveOptions d = SolveOptions.DEFAULTS;
        // as `plan --options {"threads": 2}`: the scenario's horizon, 2 threads
        SolveOptions options = new SolveOptions(ScenarioLoader.defaultHorizonDays(dir).orElse(d.horizonDays()), d.riskBudget(), d.riskWeight(),
                d.routeRiskCap(), d.equityFloor(), d.timeLimitSeconds(), 2, d.seed());
        Plan plan1 = Planner.solve(base, options);
        Map<String, List<Event>> events = new LinkedHashMap<>();
        for (int i = 6; i < args.length; i++) events.put(args[i], EventsJson.read(eventsDir.resolve(name + "-" + args[i] + ".events.json")));

        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        int warmup = 0;
        while (warmup < maxWarmup) {
            long wall0 = System.nanoTime(), jit0 = jit.getTotalCompilationTime();
            for (List<Event> evs : events.values()) {
                Planner.solve(ScenarioVersion.apply(base, evs), options);
                Resolver.resolve(base, evs, plan1, ResolveOptions.DEFAULTS, SolveControl.NONE);
            }
            warmup++;
            double wallMs = (System.nanoTime() - wall0) / 1e6, jitMs = jit.getTotalCompilationTime() - jit0;
            System.err.printf("warm-up %d %s: %.0f ms, %.0f ms compiling%n", warmup, name, wallMs, jitMs);
            if (warmup >= minWarmup && jitMs < 0.05 * wallMs) break;
        }
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, List<Event>> e : events.entrySet()) {
                List<Event> evs = e.getValue();
                Set<String> unaffected = PlanDiff.unaffectedConvoys(base, evs, plan1);
                boolean coldFirst = round % 2 == 1;
                for (int k = 0; k < 2; k++) {
                    boolean cold = (k == 0) == coldFirst;
                    Plan p = cold ? Planner.solve(ScenarioVersion.apply(base, evs), options)
                            : Resolver.resolve(base, evs, plan1, ResolveOptions.DEFAULTS, SolveControl.NONE);
                    long ms = p.solver().stageMillis().values().stream().mapToLong(Long::longValue).sum();
                    System.out.println(String.join("\t", name, e.getKey(), String.valueOf(round), cold ? "cold" : "resolve", String.valueOf(ms),
                            String.valueOf(p.kpis().coverage()), cold ? "" : String.valueOf(PlanDiff.unchangedAmong(unaffected, plan1, p)),
                            cold ? "" : String.valueOf(unaffected.size()), String.valueOf(p.convoys().size())));
                    System.err.println("round " + round + " " + name + " " + e.getKey() + " " + (cold ? "cold" : "resolve") + ": " + ms + " ms");
                }
            }
        }
        System.out.println(String.join("\t", "warmup", name, String.valueOf(warmup)));
    }
}
