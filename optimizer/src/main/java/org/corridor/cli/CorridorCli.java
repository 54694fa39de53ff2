package org.corridor.cli;

import java.io.PrintWriter;
import java.util.List;
import org.corridor.scenario.Problem;
import org.corridor.scenario.ScenarioException;
import org.corridor.solve.SolveControl;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code java -jar corridor.jar <command> ...}. Each command is its own class in
 * this package; a new command is added by writing its class and listing it in {@code subcommands}
 * below. Commands read their inputs through {@link Inputs}, so every command reports bad input the
 * same way: every located problem, no stack trace, exit code {@link #BAD_INPUT}.
 *
 * <p>Exit codes: {@link #OK}, {@link #FAILED} (the job ran and its answer is negative: violations
 * found, no optimal plan), {@link #BAD_INPUT} (unreadable or invalid input, unknown option),
 * {@link #INTERNAL} (a bug: reported in one line, without a stack trace).
 */
@Command(name = "corridor", mixinStandardHelpOptions = true, version = "Corridor 0.1.0",
        description = "Plans humanitarian aid routes around access constraints (see README.md).",
        subcommands = {PlanCommand.class, VerifyCommand.class, ResolveCommands.Resolve.class, ResolveCommands.Diff.class, ExplainCommand.class, FrontierCommand.class, DispatchCommand.class,
                CommandLine.HelpCommand.class})
public final class CorridorCli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int INTERNAL = 3;

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true), err = new PrintWriter(System.err, true);
        System.exit(run(out, err, args));
    }

    /**
     * Runs one command in-process (tests, embedding): output to {@code out}, problems to {@code err}.
     *
     * @return the exit code
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new CorridorCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true); // --convoys optimise
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, commandLine.getErr()));
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** One place that turns whatever a command threw into a message and an exit code. */
    private static int report(Exception e, PrintWriter err) {
        if (e instanceof Inputs.BadInput b) return problems(b.problems(), err);
        if (e instanceof ScenarioException s) return problems(s.problems(), err);
        if (e instanceof SolveControl.SolveCancelledException) {
            err.println("cancelled: " + e.getMessage());
            return FAILED;
        }
        err.println("internal error (" + e.getClass().getSimpleName() + "): " + firstLine(e.getMessage())
                + "; please report it with the command that caused it");
        return INTERNAL;
    }

    private static int problems(List<Problem> problems, PrintWriter err) {
        err.println(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in the input:");
        for (Problem p : problems) err.println("  " + p);
        return BAD_INPUT;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
