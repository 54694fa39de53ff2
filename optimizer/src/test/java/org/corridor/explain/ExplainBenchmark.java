package org.corridor.explain;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioLoader;
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;

/**
 * Benchmark harness (not a test), run by bench/explain.sh: value of access of one scenario with 1
 * and 2 worker threads in one long-lived JVM, as the service runs it.
 *
 * <p>Warm-up: the JIT compiler runs on a thread of its own, which has the second core to itself
 * while a 1-thread run works but takes it from a 2-thread run. On this code it stays busy for about
 * 25 s of explanations (a JFR recording of the Afghanistan run: the C2 thread at ~100 % of a core
 * for the first 20 s), so a fixed two warm-up rounds measured the compiler, not the explanation.
 * Warm-up rounds therefore repeat, at least {@code MIN_WARMUP} and at most {@code MAX_WARMUP}, until
 * {@link #SETTLED_ROUNDS} in a row each spend under {@link #SETTLED} of their wall time compiling: the
 * steady state of a service that has been explaining plans for a while. One such round had ended the
 * warm-up, and the compiler is bursty: on 2026-11-29 (Afghanistan) the 16th round compiled for 19 ms
 * after rounds of 160-590 ms, and the measured 2-thread runs then compiled for a median 10-12 ms each
 * (1.60x); after 50 warm-up rounds, 3-4 ms (the speed-up still moves from JVM to JVM: bench/explain.sh runs several). Measured rounds alternate the order of the two thread
 * counts (1 then 2, then 2 then 1) so that whatever drift remains hits both alike, and each measured
 * run follows an unmeasured run with the same thread count: after a switch the first run paid
 * 0.15-0.3 s more on Afghanistan (both ways, 2-thread runs had a median 180 ms of JIT compiling
 * against 16 ms: code compiled for one path is recompiled for the other), a transient a service that
 * keeps its thread count does not see, and which is 1 % of a 10x run but a third of an Afghanistan one.
 *
 * <p>Prints one tab-separated line per measured run: instance, threads, round, rules valued,
 * re-solves, the valueOfAccess stage's wall, estimate and re-solve milliseconds, and the JIT's
 * compile milliseconds during the run, then the whole run's wall milliseconds (base solve included)
 * and, over the same span, the process's CPU milliseconds (every thread: workers,
 * JIT, GC), the GC's collection milliseconds, and the milliseconds the hypervisor ran something else
 * on this VM's CPUs (steal, from /proc/stat; -1 where there is none), and the re-solves' CPU time of their
 * threads summed over rules: what the wall time alone cannot tell apart; then one line "warmup" NAME ROUNDS.
 *
 * <p>usage: ExplainBenchmark SCENARIO_DIR NAME MIN_WARMUP ROUNDS [MAX_WARMUP (default 20)]
 */
public final class ExplainBenchmark {
    /** A warm-up round that compiles for less than this share of its wall time is settled. */
    static final double SETTLED = 0.05;
    /** This many settled warm-up rounds in a row end the warm-up. */
    static final int SETTLED_ROUNDS = 3;

    private ExplainBenchmark() {}

    public static void main(String[] args) {
        Scenario scenario = ScenarioLoader.load(Path.of(args[0]));
        String name = args[1];
        int minWarmup = Integer.parseInt(args[2]), rounds = Integer.parseInt(args[3]);
        int maxWarmup = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();

        int warmup = 0, settled = 0;
        while (warmup < maxWarmup) {
            long wall0 = System.nanoTime(), jit0 = jit.getTotalCompilationTime();
            for (int threads = 1; threads <= 2; threads++) run(scenario, threads);
            warmup++;
            double wallMs = (System.nanoTime() - wall0) / 1e6, jitMs = jit.getTotalCompilationTime() - jit0;
            System.err.printf("warm-up %d %s: %.0f ms, %.0f ms compiling%n", warmup, name, wallMs, jitMs);
            settled = jitMs < SETTLED * wallMs ? settled + 1 : 0;
            if (warmup >= minWarmup && settled >= SETTLED_ROUNDS) break;
        }
        for (int round = 1; round <= rounds; round++) {
            int[] order = round % 2 == 1 ? new int[] {1, 2} : new int[] {2, 1};
            for (int threads : order) {
                run(scenario, threads); // settles the switch of thread count, not reported
                long wall0 = System.nanoTime(), jit0 = jit.getTotalCompilationTime(), cpu0 = processCpuMillis(), gc0 = gcMillis(), steal0 = stealMillis();
                Explanation e = run(scenario, threads);
                long wallMs = (System.nanoTime() - wall0) / 1_000_000, jitMs = jit.getTotalCompilationTime() - jit0, cpuMs = processCpuMillis() - cpu0, gcMs = gcMillis() - gc0;
                long stealMs = steal0 < 0 ? -1 : stealMillis() - steal0;
                Map<String, Long> m = e.run().stageMillis();
                System.out.println(String.join("\t", name, String.valueOf(threads), String.valueOf(round), String.valueOf(e.valueOfAccess().size()),
                        String.valueOf(e.run().resolves()), String.valueOf(m.get("valueOfAccess")), String.valueOf(m.get("valueOfAccess.estimates")),
                        String.valueOf(m.get("valueOfAccess.resolves")), String.valueOf(jitMs), String.valueOf(wallMs), String.valueOf(cpuMs), String.valueOf(gcMs),
                        String.valueOf(stealMs), String.valueOf(m.get("valueOfAccess.resolvesCpu"))));
                System.err.println("round " + round + " " + name + " threads=" + threads + ": " + m.get("valueOfAccess") + " ms");
            }
        }
        System.out.println(String.join("\t", "warmup", name, String.valueOf(warmup)));
    }

    private static long processCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
    }

    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) sum += Math.max(0, gc.getCollectionTime());
        return sum;
    }

    /** Steal time of all CPUs so far (the 8th field of /proc/stat's "cpu" line, in 1/100 s), or -1 off Linux. */
    static long stealMillis() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            return f.length > 8 ? Long.parseLong(f[8]) * 10 : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Explanation run(Scenario scenario, int threads) {
        SolveOptions o = SolveOptions.DEFAULTS;
        SolveOptions options = new SolveOptions(o.horizonDays(), o.riskBudget(), o.riskWeight(), o.routeRiskCap(),
                o.equityFloor(), o.timeLimitSeconds(), threads, o.seed());
        return Explainer.valueOfAccess(scenario, options, SolveControl.NONE);
    }
}
