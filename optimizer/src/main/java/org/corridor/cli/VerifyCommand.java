package org.corridor.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.corridor.plan.Plan;
import org.corridor.scenario.Scenario;
import org.corridor.solve.Planner;
import org.corridor.verify.PlanVerifier;
import org.corridor.verify.Violation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code verify}: check a plan against its scenario with the independent verifier; non-zero exit when anything is wrong. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check a plan against its scenario; lists every violation and exits 1 if there is any.")
final class VerifyCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin Inputs.ScenarioInput scenario;


    @Option(names = "--plan", required = true, paramLabel = "FILE", description = "plan JSON written by the plan command")
    Path plan;

    @Override public Integer call() {
        Scenario s = scenario.load();
        Plan p = Inputs.plan(plan);
        List<Violation> violations = PlanVerifier.verify(s, p);
        PrintWriter out = spec.commandLine().getOut();
        if (p.options() != null && p.solver() != null && !Planner.inputHash(s, p.options()).equals(p.solver().inputHash()))
            out.println("note: this scenario and rules are not the ones the plan was made from (input hash differs); checking against them anyway");
        if (violations.isEmpty()) {
            out.println("plan " + p.planId() + " verified: " + p.routes().size() + " routes, no violations");
            return CorridorCli.OK;
        }
        out.println("plan " + p.planId() + ": " + violations.size() + (violations.size() == 1 ? " violation" : " violations"));
        for (Violation v : violations) out.println("  " + v);
        return CorridorCli.FAILED;
    }
}
