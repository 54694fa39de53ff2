package org.corridor.explain;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioLoader;
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;

/**
 * Experiment harness (not a test), run by bench/explain-contention.sh: why does a value-of-access re-solve
 * cost 8-16 % more when two run at once? One 1-thread explanation after another ("steady") while other
 * work on the second core comes and goes in phases ("pulse"); the steady runs that fall inside "on"
 * phases are compared with those inside "off" phases. What the other work is tells the causes apart:
 * an ALU loop on registers (spin: the clock, the hypervisor), a 64 MB array summed over and over
 * (stream: memory bandwidth), 1-thread explanations in another JVM (explain: all that the two cores
 * share in hardware), or in this JVM (inproc: that plus what the process shares: locks, allocation,
 * GC, JIT). The thread's CPU time is the measure: unlike wall time it does not grow when other
 * processes take turns on the core (the machine is shared), only when the core itself runs slower.
 *
 * <p>Prints per steady run: "steady", start and end epoch ms, valueOfAccess ms, re-solves summed ms,
 * the thread's CPU ms (the whole explanation, base solve included: with 1 thread all of it runs on the
 * calling thread), MB it allocated, the process's CPU ms (every thread), the JIT's compile ms, threads
 * started, and CPU ms of the Finalizer and Reference Handler threads (the OR-Tools proxies are
 * finalizable); per pulse phase: "on" or "off", start and end epoch ms.
 *
 * <p>usage: ContentionProbe SCENARIO_DIR WARMUP_SECONDS steady SECONDS
 * | pulse explain|spin|stream SECONDS PHASE_SECONDS | inproc SECONDS PHASE_SECONDS
 */
public final class ContentionProbe {
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static final java.lang.management.CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    private ContentionProbe() {}

    public static void main(String[] args) throws Exception {
        Scenario scenario = ScenarioLoader.load(Path.of(args[0]));
        int warmup = Integer.parseInt(args[1]);
        String role = args[2];
        long end = System.currentTimeMillis() + warmup * 1000L;
        while (System.currentTimeMillis() < end) explain(scenario);
        switch (role) {
            case "steady":
                steady(scenario, "steady", Integer.parseInt(args[3]));
                break;
            case "pulse":
                pulse(scenario, args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]));
                break;
            case "inproc": {
                int seconds = Integer.parseInt(args[3]), phase = Integer.parseInt(args[4]);
                Thread p = new Thread(() -> pulse(scenario, "explain", seconds, phase), "pulse");
                p.start();
                steady(scenario, "steady", seconds);
                p.join();
                break;
            }
            default:
                throw new IllegalArgumentException("role: steady, pulse or inproc");
        }
    }

    private static void steady(Scenario scenario, String name, int seconds) {
        long end = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < end) {
            long a = System.currentTimeMillis(), cpu0 = THREADS.getCurrentThreadCpuTime(), alloc0 = THREADS.getCurrentThreadAllocatedBytes(), proc0 = processCpuNanos(), jit0 = JIT.getTotalCompilationTime(), threads0 = THREADS.getTotalStartedThreadCount(), fin0 = namedCpuNanos();
            Explanation e = explain(scenario);
            long b = System.currentTimeMillis(), cpu = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1_000_000;
            long allocMb = (THREADS.getCurrentThreadAllocatedBytes() - alloc0) >> 20, procCpu = (processCpuNanos() - proc0) / 1_000_000,
                    jit = JIT.getTotalCompilationTime() - jit0, started = THREADS.getTotalStartedThreadCount() - threads0, fin = (namedCpuNanos() - fin0) / 1_000_000;
            synchronized (System.out) {
                System.out.println(name + "\t" + a + "\t" + b + "\t" + e.run().stageMillis().get("valueOfAccess") + "\t"
                        + e.run().stageMillis().get("valueOfAccess.resolves") + "\t" + cpu + "\t" + allocMb + "\t" + procCpu + "\t" + jit + "\t" + started + "\t" + fin);
                System.out.flush();
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU of the JVM's "Finalizer" and "Reference Handler" threads: the finalizable OR-Tools proxies' cost off the worker. */
    private static long namedCpuNanos() {
        long sum = 0;
        for (java.lang.management.ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds()))
            if (t != null && (t.getThreadName().equals("Finalizer") || t.getThreadName().equals("Reference Handler")))
                sum += Math.max(0, THREADS.getThreadCpuTime(t.getThreadId()));
        return sum;
    }

    static volatile long sink;

    private static void pulse(Scenario scenario, String kind, int seconds, int phase) {
        long end = System.currentTimeMillis() + seconds * 1000L;
        long[] big = kind.equals("stream") ? new long[8 << 20] : null;
        for (int i = 0; big != null && i < big.length; i++) big[i] = i;
        while (System.currentTimeMillis() < end) {
            long a = System.currentTimeMillis(), stop = a + phase * 1000L;
            while (System.currentTimeMillis() < stop) {
                if (kind.equals("explain")) explain(scenario);
                else if (kind.equals("spin")) sink += spin(20_000_000);
                else sink += stream(big);
            }
            long b = System.currentTimeMillis();
            synchronized (System.out) {
                System.out.println("on\t" + a + "\t" + b);
                System.out.flush();
            }
            try { Thread.sleep(phase * 1000L); } catch (InterruptedException e) { return; }
            synchronized (System.out) {
                System.out.println("off\t" + b + "\t" + System.currentTimeMillis());
                System.out.flush();
            }
        }
    }

    private static long spin(int n) {
        long x = 1, y = 7;
        for (int i = 0; i < n; i++) { x = x * 6364136223846793005L + y; y ^= x >>> 13; }
        return x + y;
    }

    private static long stream(long[] a) {
        long s = 0;
        for (long v : a) s += v;
        return s;
    }

    private static Explanation explain(Scenario scenario) {
        SolveOptions o = SolveOptions.DEFAULTS;
        SolveOptions options = new SolveOptions(o.horizonDays(), o.riskBudget(), o.riskWeight(), o.routeRiskCap(),
                o.equityFloor(), o.timeLimitSeconds(), 1, o.seed());
        return Explainer.valueOfAccess(scenario, options, SolveControl.NONE);
    }
}
