package org.corridor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.corridor.TestData;
import org.corridor.plan.Json;
import org.corridor.solve.SolveOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The command line run in-process: exit codes, summaries, and bad input reported without stack traces. */
class CorridorCliTest {
    @TempDir static Path tmp;
    private static Run planned;
    private static final String AFGHANISTAN = TestData.afghanistan().toString();

    /** One command's exit code and what it printed. */
    record Run(int code, String out, String err) {
        Run noStackTrace() {
            assertThat(err).doesNotContain("\tat ", "Exception", "at org.");
            assertThat(out).doesNotContain("\tat ", "Exception");
            return this;
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = CorridorCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static Path write(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    @BeforeAll
    static void planAfghanistanOnce() throws IOException {
        Path options = write("one-thread.json", "{\"threads\": 1}");
        planned = run("plan", "--scenario", AFGHANISTAN, "--options", options.toString(), "--out", tmp.resolve("plan.json").toString(), "--supervised");
    }

    @Test
    void aSupervisedPlanPrintsEachStageAsAProgressLineBeforeTheSummary() {
        List<String> lines = planned.out().lines().toList();
        List<String> progress = lines.stream().filter(l -> l.startsWith("progress ")).toList();
        assertThat(progress).first().isEqualTo("progress compile 0.0000");
        assertThat(progress).last().isEqualTo("progress done 1.0000");
        assertThat(progress).allMatch(l -> l.matches("progress [A-Za-z]+ [01]\\.[0-9]{4}"));
        assertThat(lines.indexOf("progress done 1.0000")).isLessThan(lines.stream().filter(l -> l.contains("status OPTIMAL")).map(lines::indexOf).findFirst().orElseThrow());
    }

    @Test
    void planOnAfghanistanIsOptimalWrittenAndSummarised() {
        assertThat(planned.noStackTrace().code()).as(planned.err()).isEqualTo(CorridorCli.OK);
        assertThat(planned.out()).contains("status OPTIMAL", "coverage", "expected diversion", "worst served", "time per stage", "compile");
        assertThat(tmp.resolve("plan.json")).isRegularFile();
    }

    @Test
    void verifyAcceptsThePlanItWrote() {
        Run r = run("verify", "--scenario", AFGHANISTAN, "--plan", tmp.resolve("plan.json").toString()).noStackTrace();
        assertThat(r.code()).as(r.out()).isEqualTo(CorridorCli.OK);
        assertThat(r.out()).contains("no violations").doesNotContain("input hash differs");
    }

    @Test
    void verifyAgainstOtherRulesSaysSoAndChecksThem() throws IOException {
        Path noRules = write("no-rules.json", "[]");
        Run r = run("verify", "--scenario", AFGHANISTAN, "--rules", noRules.toString(), "--plan", tmp.resolve("plan.json").toString()).noStackTrace();
        assertThat(r.out()).contains("input hash differs");
    }

    @Test
    void dispatchWritesOneFilePerTeamAndNothingElse() throws IOException {
        Path folder = tmp.resolve("dispatches");
        Run r = run("dispatch", "--scenario", AFGHANISTAN, "--plan", tmp.resolve("plan.json").toString(), "--out", folder.toString()).noStackTrace();
        assertThat(r.code()).as(r.err()).isEqualTo(CorridorCli.OK);
        org.corridor.plan.Plan plan = Json.read(tmp.resolve("plan.json"), org.corridor.plan.Plan.class);
        List<String> expected = org.corridor.convoy.Dispatches.teams(plan).stream().map(t -> t.id() + ".json").toList();
        assertThat(expected).isNotEmpty();
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList()).isEqualTo(expected);
        }
        assertThat(r.out()).contains(expected.size() + " dispatches written", "HIGH");
    }

    @Test
    void verifyListsEveryViolationOfATamperedPlanAndExitsNonZero() throws IOException {
        ObjectNode plan = (ObjectNode) Json.mapper().readTree(Files.readString(tmp.resolve("plan.json")));
        ((ObjectNode) plan.get("kpis")).put("coverage", 0.99);
        ArrayNode routes = (ArrayNode) plan.get("routes");
        for (int i = 0; i < routes.size(); i++)
            if (!routes.get(i).get("legs").isEmpty()) {
                ((ObjectNode) routes.get(i).get("legs").get(0)).put("road", "NO_SUCH_ROAD");
                break;
            }
        Path tampered = write("tampered.json", plan.toString());
        Run r = run("verify", "--scenario", AFGHANISTAN, "--plan", tampered.toString()).noStackTrace();
        assertThat(r.code()).isEqualTo(CorridorCli.FAILED);
        assertThat(r.out()).contains("2 violations", "UNKNOWN_ROAD", "KPI_MISMATCH coverage");
    }

    @Test
    void missingScenarioFolderIsAClearProblem() {
        Run r = run("plan", "--scenario", tmp.resolve("nowhere").toString(), "--out", tmp.resolve("x.json").toString()).noStackTrace();
        assertThat(r.code()).isEqualTo(CorridorCli.BAD_INPUT);
        assertThat(r.err()).contains("scenario folder does not exist");
    }

    @Test
    void brokenCsvFilesAreReportedWithEveryProblemLocated() throws IOException {
        Path copy = Files.createDirectories(tmp.resolve("broken"));
        try (Stream<Path> files = Files.list(TestData.afghanistan())) {
            for (Path f : files.toList()) Files.copy(f, copy.resolve(f.getFileName()));
        }
        replaceOnLine(copy.resolve("roads.csv"), "R01,", ",35,", ",thirty-five,");
        replaceOnLine(copy.resolve("needs.csv"), "AF01,CEREALS,", ",3,", ",7,");
        Run r = run("plan", "--scenario", copy.toString(), "--out", tmp.resolve("x.json").toString()).noStackTrace();
        assertThat(r.code()).isEqualTo(CorridorCli.BAD_INPUT);
        assertThat(r.err()).containsPattern("roads\\.csv:\\d+ \\[km\\]").containsPattern("needs\\.csv:\\d+ \\[phase\\]");
        assertThat(tmp.resolve("x.json")).doesNotExist();
    }

    private static void replaceOnLine(Path file, String linePrefix, String from, String to) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++)
            if (lines.get(i).startsWith(linePrefix)) {
                assertThat(lines.get(i)).contains(from);
                lines.set(i, lines.get(i).replaceFirst(java.util.regex.Pattern.quote(from), to));
                Files.write(file, lines);
                return;
            }
        throw new AssertionError(file.getFileName() + " has no line starting " + linePrefix);
    }

    @Test
    void brokenOptionsJsonIsLocated() throws IOException {
        Path options = write("broken-options.json", "{\n  \"threads\": 2,\n}");
        Run r = run("plan", "--scenario", AFGHANISTAN, "--options", options.toString(), "--out", tmp.resolve("x.json").toString()).noStackTrace();
        assertThat(r.code()).isEqualTo(CorridorCli.BAD_INPUT);
        assertThat(r.err()).contains("broken-options.json:3");
    }

    @Test
    void everyBadOptionIsListedWithItsField() throws IOException {
        Path options = write("bad-options.json", "{\"thread\": 2, \"horizonDays\": 0, \"seed\": \"seven\"}");
        Run r = run("plan", "--scenario", AFGHANISTAN, "--options", options.toString(), "--out", tmp.resolve("x.json").toString()).noStackTrace();
        assertThat(r.code()).isEqualTo(CorridorCli.BAD_INPUT);
        assertThat(r.err()).contains("3 problems", "[thread]: unknown option", "[horizonDays]: horizonDays must be 1..365", "[seed]");
    }

    @Test
    void brokenPlanJsonIsABadInputNotACrash() throws IOException {
        Path plan = write("broken-plan.json", "{\"planId\": \"p\", \"routes\": [ {\"id\": }");
        Run r = run("verify", "--scenario", AFGHANISTAN, "--plan", plan.toString()).noStackTrace();
        assertThat(r.code()).isEqualTo(CorridorCli.BAD_INPUT);
        assertThat(r.err()).contains("broken-plan.json:1 [/routes/0]");
    }

    @Test
    void missingRequiredOptionAndUnknownCommandAreUsageErrors() {
        Run missing = run("plan", "--scenario", AFGHANISTAN).noStackTrace();
        assertThat(missing.code()).isEqualTo(CorridorCli.BAD_INPUT);
        assertThat(missing.err()).contains("Missing required option", "--out");
        Run unknown = run("replan").noStackTrace();
        assertThat(unknown.code()).isEqualTo(CorridorCli.BAD_INPUT);
        assertThat(unknown.err()).contains("replan");
    }

    @Test
    void optionsFileOverridesOnlyTheFieldsItNames() throws IOException {
        Path options = write("two-threads.json", "{\"threads\": 2, \"seed\": 7}");
        SolveOptions o = Inputs.options(options, TestData.afghanistan());
        SolveOptions d = SolveOptions.DEFAULTS;
        assertThat(o).isEqualTo(new SolveOptions(30, d.riskBudget(), d.riskWeight(), d.routeRiskCap(), d.equityFloor(), d.timeLimitSeconds(), 2, 7));
    }
}
