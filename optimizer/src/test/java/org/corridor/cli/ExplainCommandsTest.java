package org.corridor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.corridor.TestData;
import org.corridor.access.AccessRule;
import org.corridor.access.RulesJson;
import org.corridor.plan.Json;
import org.corridor.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The explain and frontier commands on the Afghanistan scenario, kept quick: explain runs with two
 * of its rules and only the value of access (three solves), frontier with two budgets.
 */
class ExplainCommandsTest {
    @TempDir Path dir;

    private String[] run(int expectedCode, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = CorridorCli.run(new PrintWriter(out), new PrintWriter(err), args);
        assertThat(code).as(err.toString()).isEqualTo(expectedCode);
        return new String[] {out.toString(), err.toString()};
    }

    @Test
    void explainWritesTheRankedConcessions() throws Exception {
        List<AccessRule> two = new ArrayList<>();
        for (AccessRule r : ScenarioLoader.load(TestData.afghanistan()).rules())
            if (r.id().equals("WSB-AF30") || r.id().equals("EPC-DAND-E-PATAN")) two.add(r);
        Path rules = dir.resolve("rules.json");
        Files.writeString(rules, RulesJson.write(two));
        Path out = dir.resolve("explain.json");
        String[] o = run(CorridorCli.OK, "explain", "--scenario", TestData.afghanistan().toString(), "--rules", rules.toString(),
                "--value-only", "--out", out.toString());
        assertThat(o[0]).contains("most valuable concessions").contains(" 1. WSB-AF30").contains(" 2. EPC-DAND-E-PATAN");
        var doc = Json.mapper().readTree(Files.readString(out));
        assertThat(doc.get("valueOfAccess")).hasSize(2);
        assertThat(org.corridor.explain.ExplainSchemasTest.schema("explain.schema.json").validate(doc)).isEmpty();
    }

    @Test
    void frontierWritesOnePlanPerNonDominatedBudget() throws Exception {
        // 0.5 % equals the risk of some roads exactly: rounding noise in the budget row once made
        // GLOP end UNBOUNDED/ABNORMAL at these two budgets; both must now solve
        Path out = dir.resolve("frontier.json");
        String[] o = run(CorridorCli.OK, "frontier", "--scenario", TestData.afghanistan().toString(), "--budgets", "0.005,0.05", "--out", out.toString());
        assertThat(o[0]).contains("budget").contains("coverage");
        var doc = Json.mapper().readTree(Files.readString(out));
        assertThat(doc.get("failed")).isEmpty();
        assertThat(doc.get("points").size() + doc.get("dominated").size()).isEqualTo(2);
        assertThat(doc.get("points").get(0).get("coverage").asDouble()).isGreaterThan(0.5);
        assertThat(org.corridor.explain.ExplainSchemasTest.schema("frontier.schema.json").validate(doc)).isEmpty();
    }

    @Test
    void aBudgetOutsideZeroToOneIsBadInput() {
        String[] o = run(CorridorCli.BAD_INPUT, "frontier", "--scenario", TestData.afghanistan().toString(), "--budgets", "0.05,1.5",
                "--out", dir.resolve("f.json").toString());
        assertThat(o[1]).contains("--budgets").contains("[0, 1]");
    }
}
