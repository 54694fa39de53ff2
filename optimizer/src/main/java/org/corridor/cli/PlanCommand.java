package org.corridor.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.corridor.scenario.Location;
import org.corridor.scenario.Need;
import org.corridor.scenario.Scenario;
import org.corridor.solve.Planner;
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code plan}: solve a scenario, write the plan JSON, print a short summary. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Solve a scenario and write the plan as JSON (data/schemas/plan.schema.json).")
final class PlanCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin Inputs.ScenarioInput scenario;


    @Option(names = "--options", paramLabel = "FILE",
            description = "solve options JSON, e.g. {\"threads\": 2, \"seed\": 7}; missing fields keep their defaults")
    Path options;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "where to write the plan JSON")
    Path out;

    @Option(names = "--supervised", description = "for a supervising process (the service's solve processes): print each stage "
            + "as a line 'progress STAGE FRACTION' on standard output, and stop when the parent process ends")
    boolean supervised;

    @Override public Integer call() {
        long t0 = System.nanoTime();
        Scenario s = scenario.load();
        SolveOptions o = Inputs.options(options, scenario.dir);
        long t1 = System.nanoTime();
        Plan plan = Planner.solve(s, o, supervised ? new Supervised(spec.commandLine().getOut()) : SolveControl.NONE);
        long t2 = System.nanoTime();
        Json.write(plan, out);
        summarise(s, plan, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, spec.commandLine().getOut());
        String status = plan.solver().status();
        if ("OPTIMAL".equals(status) || "FEASIBLE".equals(status)) return CorridorCli.OK;
        spec.commandLine().getErr().println("no usable plan: the solver ended with status " + status
                + " (the plan file records it); check the options, e.g. a tighter riskBudget or a longer timeLimitSeconds");
        return CorridorCli.FAILED;
    }

    /**
     * Progress as lines a supervisor parses (stage names have no spaces; the fraction uses a dot), and
     * cancellation once the process that started this one has ended, so an orphan never solves on.
     */
    private static final class Supervised implements SolveControl {
        private final PrintWriter out;
        private final ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        private volatile long nextCheck = System.nanoTime();
        private volatile boolean orphaned;

        Supervised(PrintWriter out) { this.out = out; }

        /** Stages may poll often; the parent is looked up in /proc at most every 200 ms. */
        @Override public boolean cancelled() {
            long now = System.nanoTime();
            if (!orphaned && now - nextCheck >= 0) {
                orphaned = parent == null || !parent.isAlive();
                nextCheck = now + 200_000_000L;
            }
            return orphaned;
        }

        @Override public synchronized void progress(String stage, double fraction) {
            out.printf(Locale.ROOT, "progress %s %.4f%n", stage, fraction);
            out.flush();
        }
    }

    private void summarise(Scenario s, Plan plan, long loadMillis, long solveMillis, PrintWriter w) {
        Plan.Kpis k = plan.kpis();
        w.printf(Locale.ROOT, "%s: %d days, status %s%n", s.name(), plan.options().horizonDays(), plan.solver().status());
        w.printf(Locale.ROOT, "  coverage            %.1f %% (severity-weighted); %,.0f t delivered of %,.0f t needed%n",
                100 * k.coverage(), k.deliveredTonnes(), k.needTonnes());
        w.printf(Locale.ROOT, "  expected diversion  %,.0f t (%.2f %% of %,.0f t dispatched)%n",
                k.expectedDiversionTonnes(), 100 * k.expectedDiversionShare(), k.dispatchedTonnes());
        w.printf(Locale.ROOT, "  routes              %d; unmet need in %d (location, commodity) pairs%n", plan.routes().size(), plan.unmet().size());
        w.println("  worst served        " + worstProvinces(s, plan, 5));
        List<String> stages = new ArrayList<>();
        stages.add("load " + loadMillis + " ms");
        for (Map.Entry<String, Long> e : plan.solver().stageMillis().entrySet()) stages.add(e.getKey() + " " + e.getValue() + " ms");
        stages.add("solve total " + solveMillis + " ms");
        w.println("  time per stage      " + String.join(", ", stages));
        w.println("  plan written to     " + out);
    }

    /**
     * The provinces with the lowest severity-weighted coverage, 1 - sum(w x unmet) / sum(w x need)
     * over the needs at their locations, worst first (ties by P-code).
     */
    static String worstProvinces(Scenario s, Plan plan, int count) {
        Map<String, Location> locations = s.locationsById();
        List<Map.Entry<String, Double>> rows = provinceCoverage(s, plan.unmet());
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Double> e : rows.subList(0, Math.min(count, rows.size()))) {
            Location centre = locations.get(e.getKey());
            String name = centre == null ? "" : " " + centre.name();
            out.add(String.format(Locale.ROOT, "%s%s %.1f %%", e.getKey(), name, 100 * e.getValue()));
        }
        return out.isEmpty() ? "(no needs)" : String.join(", ", out);
    }

    /** Severity-weighted coverage by province P-code, worst first (ties by P-code); provinces without need are absent. */
    static List<Map.Entry<String, Double>> provinceCoverage(Scenario s, List<Plan.Unmet> unmet) {
        Map<String, Location> locations = s.locationsById();
        Map<String, double[]> byProvince = new LinkedHashMap<>(); // {weighted need, weighted unmet}
        for (Need n : s.needs())
            byProvince.computeIfAbsent(locations.get(n.location()).province(), p -> new double[2])[0] += n.severityWeight() * n.tonnes();
        for (Plan.Unmet u : unmet) {
            Location l = locations.get(u.location());
            if (l != null && byProvince.containsKey(l.province())) byProvince.get(l.province())[1] += u.severityWeight() * u.tonnes();
        }
        Map<String, Double> coverage = new LinkedHashMap<>();
        byProvince.forEach((p, t) -> {
            // rounded so that round-off does not order provinces that are equally served
            if (t[0] > 0) coverage.put(p, Math.max(0, Math.round((1 - t[1] / t[0]) * 1e6) / 1e6));
        });
        List<Map.Entry<String, Double>> rows = new ArrayList<>(coverage.entrySet());
        rows.sort(Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
        return rows;
    }
}
