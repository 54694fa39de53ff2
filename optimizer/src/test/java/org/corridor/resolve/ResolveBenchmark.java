package org.corridor.resolve;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.corridor.allocation.RoutePool;
import org.corridor.convoy.ConvoyScheduler;
import org.corridor.lastmile.LastMile;
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
 * <p>Each re-solve runs three times: with the default options (convoys repaired), with reuse ({@code reuse}: the cold
 * solve of the base version hands its {@link RoutePool} to the re-solve, {@link Resolver#resolveInDetail}), and with
 * the convoys not kept scheduled by CP-SAT ({@code optimise}); the four kinds in a rotating order per round.
 * The pool's heap size is measured once (used heap after collections with and without it held).
 *
 * <p>Prints one tab-separated line per measured solve, in the columns bench/resolve.sh reads from its
 * command-line runs: instance, event, round, kind (cold, resolve, reuse or optimise), the plan's stage milliseconds
 * summed, coverage, unaffected convoys kept unchanged, unaffected convoys, convoys, tonnes on convoys, then the
 * allocation stage's milliseconds (compile, routes, LP, plan) and of those compile and routes; then "warmup" NAME
 * ROUNDS and "pool" NAME CANDIDATES MEGABYTES.
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
        Planner.Outcome cold1 = Planner.solveInDetail(base, options, SolveControl.NONE);
        Plan plan1 = cold1.plan();
        RoutePool pool1 = cold1.routePool();
        cold1 = null;
        long withPool = usedHeap();
        int candidates = pool1.candidates();
        pool1 = null;
        double poolMb = (withPool - usedHeap()) / 1e6;
        pool1 = Planner.allocate(base, options, SolveControl.NONE).routePool(); // the same pool again (deterministic)
        Map<String, List<Event>> events = new LinkedHashMap<>();
        for (int i = 6; i < args.length; i++) events.put(args[i], EventsJson.read(eventsDir.resolve(name + "-" + args[i] + ".events.json")));

        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        int warmup = 0;
        while (warmup < maxWarmup) {
            long wall0 = System.nanoTime(), jit0 = jit.getTotalCompilationTime();
            for (List<Event> evs : events.values()) {
                Planner.solve(ScenarioVersion.apply(base, evs), options);
                Resolver.resolve(base, evs, plan1, ResolveOptions.DEFAULTS, SolveControl.NONE);
                Resolver.resolveInDetail(base, evs, plan1, ResolveOptions.DEFAULTS, SolveControl.NONE, pool1);
                Resolver.resolve(base, evs, plan1, OPTIMISE, SolveControl.NONE);
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
                String[] kinds = {"cold", "resolve", "reuse", "optimise"};
                Map<String, Plan> resolved = new LinkedHashMap<>();
                for (int k = 0; k < kinds.length; k++) {
                    String kind = kinds[(k + round - 1) % kinds.length]; // rotating order, so that drift hits every kind alike
                    Plan p = kind.equals("cold") ? Planner.solve(ScenarioVersion.apply(base, evs), options)
                            : Resolver.resolveInDetail(base, evs, plan1, kind.equals("optimise") ? OPTIMISE : ResolveOptions.DEFAULTS,
                                    SolveControl.NONE, kind.equals("reuse") ? pool1 : null).plan();
                    if (!kind.equals("cold")) resolved.put(kind, p);
                    Map<String, Long> m = p.solver().stageMillis();
                    long ms = m.values().stream().mapToLong(Long::longValue).sum();
                    long allocation = ms - m.getOrDefault(ConvoyScheduler.STAGE, 0L) - m.getOrDefault(LastMile.STAGE, 0L);
                    long compileRoutes = m.getOrDefault("compile", 0L) + m.getOrDefault("routes", 0L);
                    boolean cold = kind.equals("cold");
                    System.out.println(String.join("\t", name, e.getKey(), String.valueOf(round), kind, String.valueOf(ms),
                            String.valueOf(p.kpis().coverage()), cold ? "" : String.valueOf(PlanDiff.unchangedAmong(unaffected, plan1, p)),
                            cold ? "" : String.valueOf(unaffected.size()), String.valueOf(p.convoys().size()), String.valueOf(convoyTonnes(p)),
                            String.valueOf(allocation),
                            String.valueOf(compileRoutes)));
                    System.err.println("round " + round + " " + name + " " + e.getKey() + " " + kind + ": " + ms + " ms (allocation " + allocation
                            + ", compile + routes " + compileRoutes + ")");
                }
                Plan a = resolved.get("resolve"), b = resolved.get("reuse");
                if (!(a.routes().equals(b.routes()) && a.unmet().equals(b.unmet()) && a.convoys().equals(b.convoys())
                        && a.routeSchedules().equals(b.routeSchedules()) && a.lastMile().equals(b.lastMile())))
                    throw new IllegalStateException("the re-solve reusing routes made another plan after " + e.getKey());
            }
        }
        System.out.println(String.join("\t", "warmup", name, String.valueOf(warmup)));
        System.out.println(String.join("\t", "pool", name, String.valueOf(candidates), String.format(java.util.Locale.ROOT, "%.1f", poolMb)));
    }

    /** The re-solve with the convoys not kept scheduled by CP-SAT. */
    private static final ResolveOptions OPTIMISE = ResolveOptions.DEFAULTS.withConvoyRemainder(ConvoyScheduler.Remainder.OPTIMISE);

    /** Tonnes the plan's convoys carry (their manifests summed). */
    static double convoyTonnes(Plan p) {
        return p.convoys().stream().flatMap(c -> c.manifest().values().stream()).mapToDouble(Double::doubleValue).sum();
    }

    /** Heap in use after full collections (several, as one may leave garbage that finalizers release). */
    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            try { Thread.sleep(100); } catch (InterruptedException ex) { Thread.currentThread().interrupt(); }
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
