package org.corridor.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.corridor.convoy.Dispatch;
import org.corridor.convoy.Dispatches;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.corridor.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dispatch}: write every field team's dispatch of a plan into a folder, one file per team. */
@Command(name = "dispatch", mixinStandardHelpOptions = true,
        description = "Write each field team's dispatch (its own convoys only) as OUT/AGENCY@HUB.json; sensitivity HIGH.")
final class DispatchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin Inputs.ScenarioInput scenario;


    @Option(names = "--plan", required = true, paramLabel = "FILE", description = "plan JSON written by the plan command")
    Path plan;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder to write the dispatches into (created if missing)")
    Path out;

    @Override public Integer call() {
        Scenario s = scenario.load();
        Plan p = Inputs.plan(plan);
        List<Dispatches.Team> teams = Dispatches.teams(p);
        for (Dispatches.Team t : teams) {
            Dispatch d = Dispatches.forTeam(s, p, t.agency(), t.hub());
            Json.write(d, out.resolve(t.id() + ".json"));
        }
        PrintWriter w = spec.commandLine().getOut();
        w.println("plan " + p.planId() + ": " + teams.size() + (teams.size() == 1 ? " dispatch" : " dispatches") + " written (sensitivity "
                + Dispatch.SENSITIVITY + ": share each file with its team only)");
        return CorridorCli.OK;
    }
}
