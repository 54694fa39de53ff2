package org.corridor.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.corridor.explain.Explainer;
import org.corridor.explain.Explanation;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.corridor.scenario.Location;
import org.corridor.scenario.Scenario;
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code explain}: solve a scenario, then explain the plan (data/schemas/explain.schema.json): the
 * value of every access rule in force, and why each unmet need is unmet. Prints the top concessions
 * and the causes behind the worst-served province.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explain a plan: the value of each access rule and why needs go unmet, each confirmed by a re-solve.")
final class ExplainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin Inputs.ScenarioInput scenario;


    @Option(names = "--options", paramLabel = "FILE", description = "solve options JSON; missing fields keep their defaults")
    Path options;

    @Option(names = "--value-only", description = "only the value of access (skips the why-unmet re-solves)")
    boolean valueOnly;

    @Option(names = "--top", defaultValue = "5", paramLabel = "N", description = "concessions to print (default ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "where to write the explanation JSON")
    Path out;

    @Override public Integer call() {
        Scenario s = scenario.load();
        SolveOptions o = Inputs.options(options, scenario.dir);
        Explanation e = valueOnly ? Explainer.valueOfAccess(s, o, SolveControl.NONE) : Explainer.explain(s, o, SolveControl.NONE);
        Json.write(e, out);
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%s: plan %s, coverage %.1f %%, %d access rules in force%n", s.name(), e.planId(), 100 * e.coverage(), e.valueOfAccess().size());
        concessions(e, w);
        if (!valueOnly) worstProvince(s, e, w);
        w.printf(Locale.ROOT, "  %d re-solves on %d threads; time per stage %s%n", e.run().resolves(), e.run().threads(), e.run().stageMillis());
        w.println("  explanation written to " + out);
        return CorridorCli.OK;
    }

    private void concessions(Explanation e, PrintWriter w) {
        w.println("  most valuable concessions (severity-weighted tonnes of unmet need saved: dual estimate / confirmed by re-solve):");
        for (Explanation.AccessValue v : e.valueOfAccess().subList(0, Math.min(top, e.valueOfAccess().size())))
            w.printf(Locale.ROOT, "  %2d. %-26s %-44s est %9.1f  confirmed %9.1f  (%,.1f t, %+,d people)%n", v.rank(), v.ruleId(),
                    v.description(), v.estimatedWeightedTonnes(), v.confirmedWeightedTonnes(), v.confirmedTonnes(), v.peopleReachedGain());
    }

    /** The province with the lowest severity-weighted coverage, and the confirmed causes of each of its unmet needs. */
    private static void worstProvince(Scenario s, Explanation e, PrintWriter w) {
        List<Plan.Unmet> unmet = new ArrayList<>();
        for (Explanation.WhyUnmet u : e.whyUnmet()) unmet.add(new Plan.Unmet(u.location(), u.commodity(), u.unmetTonnes(), u.severityWeight()));
        List<Map.Entry<String, Double>> coverage = PlanCommand.provinceCoverage(s, unmet);
        if (coverage.isEmpty() || coverage.get(0).getValue() >= 1) {
            w.println("  every need is met");
            return;
        }
        String province = coverage.get(0).getKey();
        Location centre = s.locationsById().get(province);
        w.printf(Locale.ROOT, "  worst-served province: %s%s, %.1f %% covered; why:%n", province, centre == null ? "" : " " + centre.name(),
                100 * coverage.get(0).getValue());
        for (Explanation.WhyUnmet u : e.whyUnmet()) {
            if (!u.province().equals(province)) continue;
            w.printf(Locale.ROOT, "    %s %s: %,.1f t unmet, %,.1f t routed but not trucked (weight %.0f)%n", u.location(), u.commodity(),
                    u.unmetTonnes(), u.untruckedTonnes(), u.severityWeight());
            for (Explanation.Cause c : u.causes())
                if (c.confirmed()) w.printf(Locale.ROOT, "      - %s [%s; -%,.1f t]%n", c.text(), c.relaxation(), c.unmetReductionTonnes());
                else w.printf(Locale.ROOT, "      - %s [as the convoy stage reports it; no relaxation to confirm it]%n", c.text());
            if (!u.note().isEmpty()) w.println("      - " + u.note());
        }
    }
}
