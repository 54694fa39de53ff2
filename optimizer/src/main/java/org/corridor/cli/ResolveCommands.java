package org.corridor.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.corridor.convoy.ConvoyScheduler;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.corridor.resolve.Event;
import org.corridor.resolve.EventsJson;
import org.corridor.resolve.PlanDiff;
import org.corridor.resolve.ResolveOptions;
import org.corridor.resolve.Resolver;
import org.corridor.scenario.Scenario;
import org.corridor.solve.SolveControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code resolve} and {@code diff}: a new plan version after change events, and what changed for each field team. */
final class ResolveCommands {
    private ResolveCommands() {}

    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = "Re-solve a plan after change events: departed convoys kept, as few other changes as the events allow.")
    static final class Resolve implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Mixin Inputs.ScenarioInput scenario;


        @Option(names = "--plan", required = true, paramLabel = "FILE", description = "the previous plan JSON")
        Path plan;

        @Option(names = "--events", required = true, paramLabel = "FILE", description = "change events JSON (applied in order)")
        Path events;

        @Option(names = "--as-of-day", defaultValue = "0", paramLabel = "D", description = "convoys departing before day D have left and are kept (default ${DEFAULT-VALUE})")
        int asOfDay;

        @Option(names = "--stability", defaultValue = "1.0", paramLabel = "W", description = "weight of one tonne of change to a previous route (default ${DEFAULT-VALUE})")
        double stability;

        @Option(names = "--coverage-tolerance", defaultValue = "0.005", paramLabel = "T",
                description = "share of the optimal coverage the re-solve may give up to keep previous routes, 0..0.01; never below the previous plan's coverage where the new version allows it (default ${DEFAULT-VALUE})")
        double coverageTolerance;

        @Option(names = "--convoys", defaultValue = "REPAIR", paramLabel = "HOW",
                description = "how convoys not kept are scheduled: REPAIR (previous convoys placed again where they still fit, the rest greedily; fast) or OPTIMISE (CP-SAT per agency; slower, more tonnes) (default ${DEFAULT-VALUE})")
        ConvoyScheduler.Remainder convoys;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "where to write the new plan JSON")
        Path out;

        @Option(names = "--diff", paramLabel = "FILE", description = "also write the per-team diff JSON here")
        Path diff;

        @Override public Integer call() {
            Scenario before = scenario.load();
            Plan previous = Inputs.plan(plan);
            List<Event> evs = EventsJson.read(events);
            ResolveOptions options;
            try {
                options = new ResolveOptions(asOfDay, stability, coverageTolerance, convoys);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("bad option: " + e.getMessage());
                return CorridorCli.BAD_INPUT;
            }
            long t0 = System.nanoTime();
            Plan next = Resolver.resolve(before, evs, previous, options, SolveControl.NONE);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            Json.write(next, out);
            PlanDiff d = PlanDiff.between(before, previous, next, evs);
            if (diff != null) Json.write(d, diff);
            var w = spec.commandLine().getOut();
            w.printf(Locale.ROOT, "version %d -> %d after %d event(s), status %s, %d ms%n", previous.version(), next.version(), evs.size(),
                    next.solver().status(), millis);
            w.printf(Locale.ROOT, "  coverage  %.1f %% -> %.1f %%%n", 100 * previous.kpis().coverage(), 100 * next.kpis().coverage());
            w.printf(Locale.ROOT, "  convoys   %d -> %d, %d changed%n", previous.convoys().size(), next.convoys().size(), d.changedConvoys());
            java.util.Set<String> unaffected = PlanDiff.unaffectedConvoys(before, evs, previous);
            w.printf(Locale.ROOT, "  unaffected convoys unchanged: %d of %d%n", PlanDiff.unchangedAmong(unaffected, previous, next), unaffected.size());
            w.println("  plan written to " + out + (diff == null ? "" : ", diff to " + diff));
            String status = next.solver().status();
            return "OPTIMAL".equals(status) || "FEASIBLE".equals(status) ? CorridorCli.OK : CorridorCli.FAILED;
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "What changed for each field team between two plan versions (JSON on standard output).")
    static final class Diff implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--a", required = true, paramLabel = "FILE", description = "the older plan JSON")
        Path a;

        @Option(names = "--b", required = true, paramLabel = "FILE", description = "the newer plan JSON")
        Path b;

        @Option(names = "--scenario", paramLabel = "DIR", description = "scenario folder of the older plan (needed with --events)")
        Path scenario;

        @Option(names = "--events", paramLabel = "FILE", description = "the events between the versions, to name the cause of each change")
        Path events;

        @Override public Integer call() {
            if (events != null && scenario == null) {
                spec.commandLine().getErr().println("--events needs --scenario (the events are read against the older version)");
                return CorridorCli.BAD_INPUT;
            }
            Scenario before = scenario == null ? null : Inputs.scenario(scenario, null);
            List<Event> evs = events == null ? List.of() : EventsJson.read(events);
            spec.commandLine().getOut().print(Json.write(PlanDiff.between(before, Inputs.plan(a), Inputs.plan(b), evs)));
            return CorridorCli.OK;
        }
    }
}
