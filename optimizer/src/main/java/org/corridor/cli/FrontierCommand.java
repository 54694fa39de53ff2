package org.corridor.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.corridor.explain.Frontier;
import org.corridor.explain.FrontierReport;
import org.corridor.plan.Json;
import org.corridor.scenario.Scenario;
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code frontier}: plans at several risk budgets, the non-dominated ones kept (data/schemas/frontier.schema.json). */
@Command(name = "frontier", mixinStandardHelpOptions = true,
        description = "Solve at several risk budgets and write the non-dominated plans (coverage, expected diversion, cost).")
final class FrontierCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin Inputs.ScenarioInput scenario;


    @Option(names = "--options", paramLabel = "FILE", description = "solve options JSON; its riskBudget is replaced by each budget")
    Path options;

    @Option(names = "--budgets", required = true, split = ",", paramLabel = "B1,B2,...",
            description = "risk budgets as shares of dispatched tonnes, e.g. 0.02,0.05,0.1")
    List<Double> budgets;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "where to write the frontier JSON")
    Path out;

    @Override public Integer call() {
        Scenario s = scenario.load();
        SolveOptions o = Inputs.options(options, scenario.dir);
        for (Double b : budgets)
            if (!(b >= 0 && b <= 1)) throw new Inputs.BadInput("--budgets", "risk budgets must be shares in [0, 1] (got " + b + ")");
        FrontierReport r = Frontier.solve(s, o, budgets, SolveControl.NONE);
        Json.write(r, out);
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%s: %d budgets, %d non-dominated%n", s.name(), r.points().size() + r.dominated().size() + r.failed().size(), r.points().size());
        w.println("  budget  coverage  diversion t     cost (truck-days)  people reached");
        for (FrontierReport.Point p : r.points())
            w.printf(Locale.ROOT, "  %5.1f %%  %6.1f %%  %,11.0f  %,18.0f  %,14d%n", 100 * p.riskBudget(), 100 * p.coverage(),
                    p.expectedDiversionTonnes(), p.cost(), p.peopleReached());
        for (FrontierReport.Dominated d : r.dominated())
            w.printf(Locale.ROOT, "  %5.1f %%  dominated by the %.1f %% plan%n", 100 * d.riskBudget(), 100 * d.dominatedBy());
        for (FrontierReport.Failed f : r.failed())
            w.printf(Locale.ROOT, "  %5.1f %%  no plan: the LP ended %s%n", 100 * f.riskBudget(), f.status());
        w.printf(Locale.ROOT, "  %d threads, %s; frontier written to %s%n", r.run().threads(), r.run().stageMillis(), out);
        return r.failed().isEmpty() ? CorridorCli.OK : CorridorCli.FAILED;
    }
}
