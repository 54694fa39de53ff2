package org.corridor.lastmile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.corridor.plan.Plan;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioLoader;
import org.corridor.scenario.SyntheticScenarios;
import org.corridor.solve.Planner;
import org.corridor.solve.SolveOptions;

/**
 * Times the last-mile stage (not a test) inside full solves of the Afghanistan scenario and its
 * synthetic 10x and 100x instances (SyntheticScenarios, seed 42), with 1 and 2 worker threads, and
 * writes the table between {@code <!-- bench:lastmile:start -->} and {@code <!-- bench:lastmile:end -->}
 * of the README. The time is the plan's own {@code stageMillis.lastMile}. Run with {@code bench/vrp.sh}.
 * Arguments: {@code runs=3 runs100=1 scales=1,10,100 readme=README.md} ({@code runs100}: runs of the
 * 100x instance, whose full solves are long).
 */
public final class LastMileBenchmark {
    public static void main(String[] args) throws Exception {
        int runs = 3, runs100 = 1;
        String scales = "1,10,100", readme = "README.md";
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "runs" -> runs = Integer.parseInt(kv[1]);
                case "runs100" -> runs100 = Integer.parseInt(kv[1]);
                case "scales" -> scales = kv[1];
                case "readme" -> readme = kv[1];
                default -> throw new IllegalArgumentException("unknown argument " + kv[0]);
            }
        }
        Scenario base = ScenarioLoader.load(Path.of("data/afghanistan"));
        StringBuilder table = new StringBuilder("| instance | threads | runs | hubs | stops routed | tours | dropped loads | deterministic | last-mile s (median) | whole solve s (median) |\n|---|---:|---:|---:|---:|---:|---:|---|---:|---:|\n");
        for (String sc : scales.split(",")) {
            int scale = Integer.parseInt(sc);
            Scenario s = scale == 1 ? base : SyntheticScenarios.generate(base, scale, 42);
            int n = scale >= 100 ? runs100 : runs;
            for (int threads : new int[] {1, 2}) {
                List<double[]> times = new ArrayList<>();
                Plan last = null;
                for (int r = 0; r < n; r++) {
                    long t0 = System.nanoTime();
                    last = Planner.solve(s, new SolveOptions(30, null, 0.01, 0.25, 0.0, 60, threads, 4711));
                    double total = (System.nanoTime() - t0) / 1e9;
                    times.add(new double[] {last.solver().stageMillis().get(LastMile.STAGE) / 1000.0, total});
                    System.err.printf(Locale.ROOT, "x%d threads %d run %d: last mile %.1f s, solve %.1f s%n", scale, threads, r, times.get(r)[0], total);
                }
                times.sort((a, b) -> Double.compare(a[0], b[0]));
                double[] med = times.get(times.size() / 2);
                double total = times.stream().mapToDouble(t -> t[1]).sorted().toArray()[times.size() / 2];
                int stops = last.lastMile().stream().mapToInt(t -> t.stops().size()).sum();
                table.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %s | %.1f | %.1f |%n", scale == 1 ? "Afghanistan" : scale + "x",
                        threads, n, last.lastMileSolver().hubs(), stops, last.lastMile().size(), last.lastMileDropped().size(),
                        last.lastMileSolver().deterministic() ? "yes" : "no", med[0], total));
            }
        }
        System.out.print(table);
        String header = String.format(Locale.ROOT, "Measured %s on %s (%d cores), %d runs each (%d for 100x), median; last mile = the plan's stageMillis.lastMile "
                        + "(%d portfolio members per hub, work limit %d steps, %.0f s cap per member).%n%n",
                java.time.LocalDate.now(java.time.ZoneOffset.UTC), VrpBenchmark.cpuModel(), Runtime.getRuntime().availableProcessors(), runs, runs100,
                LastMile.MEMBERS_PER_HUB, LastMile.WORK_LIMIT, LastMile.SECONDS_PER_MEMBER);
        Path file = Path.of(readme);
        if (java.nio.file.Files.exists(file)) VrpBenchmark.writeBetweenMarkers(file, "bench:lastmile", header + table);
    }
}
