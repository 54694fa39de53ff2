package org.corridor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.corridor.TestData;
import org.corridor.access.RulesJson;
import org.corridor.cli.CorridorCliTest.Run;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.corridor.resolve.EventsJson;
import org.corridor.resolve.ScenarioVersion;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioBuilder;
import org.corridor.scenario.ScenarioLoader;
import org.corridor.scenario.ScenarioWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code resolve} and {@code diff} on files: exit codes, outputs that validate, bad events reported without stack traces. */
class ResolveCommandsTest {
    @TempDir static Path tmp;
    private static Path scenario, plan1, events;
    private static Run resolved;

    /**
     * Illustrative: a hub H feeding E over the direct road HE (2 h) or the detour H - F - E (3 h + 3 h),
     * and W over HW; one agency. Closing HE moves the convoys to E onto the detour and leaves those to W.
     */
    @BeforeAll
    static void planThenResolve() throws IOException {
        Scenario s = ScenarioBuilder.create().location("H").location("E").location("W").location("F")
                .road("HE", "H", "E", 100, 2, 1000, 0.01).road("HF", "H", "F", 150, 3, 1000, 0.01).road("FE", "F", "E", 150, 3, 1000, 0.01)
                .road("HW", "H", "W", 100, 2, 1000, 0.01).agency("WFP", 20, 10).commodity("FOOD")
                .stock("WFP", "H", "FOOD", 1000).need("E", "FOOD", 150).need("W", "FOOD", 150).build();
        scenario = tmp.resolve("fork");
        ScenarioWriter.write(s, scenario, "ILLUSTRATIVE: CLI test fixture");
        Path options = Files.writeString(tmp.resolve("options.json"), "{\"horizonDays\": 20, \"threads\": 1, \"equityFloor\": 0.0, \"timeLimitSeconds\": 20}");
        plan1 = tmp.resolve("plan1.json");
        Run planned = CorridorCliTest.run("plan", "--scenario", scenario.toString(), "--options", options.toString(), "--out", plan1.toString());
        assertThat(planned.code()).as(planned.err()).isEqualTo(CorridorCli.OK);
        events = Files.writeString(tmp.resolve("events.json"), """
                [ { "type": "RuleAdded", "id": "E-HE",
                    "provenance": { "who": "planner.test", "source": "illustrative field call", "reliability": "B", "asOf": "2026-11-28T06:00:00Z" },
                    "rule": { "type": "RoadClosed", "id": "R-HE", "road": "HE",
                              "provenance": { "source": "illustrative field call", "reliability": "B", "asOf": "2026-11-28" } } } ]
                """);
        resolved = CorridorCliTest.run("resolve", "--scenario", scenario.toString(), "--plan", plan1.toString(), "--events", events.toString(),
                "--out", tmp.resolve("plan2.json").toString(), "--diff", tmp.resolve("diff.json").toString());
    }

    @Test
    void resolveWritesTheNextVersionWhichValidatesAndPassesTheVerifier() throws IOException {
        assertThat(resolved.noStackTrace().code()).as(resolved.err()).isEqualTo(CorridorCli.OK);
        assertThat(resolved.out()).contains("version 1 -> 2 after 1 event(s)", "convoys", "changed");
        String text = Files.readString(tmp.resolve("plan2.json"));
        var schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(TestData.data().resolve("schemas/plan.schema.json")), InputFormat.JSON);
        assertThat(schema.validate(text, InputFormat.JSON)).isEmpty();
        Plan plan2 = Json.read(text, Plan.class);
        assertThat(plan2.version()).isEqualTo(2);
        assertThat(plan2.routes()).allSatisfy(r -> assertThat(r.legs()).noneMatch(l -> l.road().equals("HE")));
        // the verifier, given the rules of the new version, finds nothing
        Scenario next = ScenarioVersion.apply(ScenarioLoader.load(scenario), EventsJson.read(events));
        Path rules2 = Files.writeString(tmp.resolve("rules2.json"), RulesJson.write(next.rules()));
        Run verified = CorridorCliTest.run("verify", "--scenario", scenario.toString(), "--rules", rules2.toString(), "--plan", tmp.resolve("plan2.json").toString());
        assertThat(verified.noStackTrace().code()).as(verified.out()).isEqualTo(CorridorCli.OK);
    }

    @Test
    void diffNamesTheEventBehindEachChangeAndMatchesTheFileResolveWrote() throws IOException {
        assertThat(resolved.code()).isEqualTo(CorridorCli.OK);
        Run r = CorridorCliTest.run("diff", "--a", plan1.toString(), "--b", tmp.resolve("plan2.json").toString(),
                "--scenario", scenario.toString(), "--events", events.toString()).noStackTrace();
        assertThat(r.code()).as(r.err()).isEqualTo(CorridorCli.OK);
        JsonNode diff = Json.mapper().readTree(r.out());
        assertThat(diff).isEqualTo(Json.mapper().readTree(Files.readString(tmp.resolve("diff.json"))));
        assertThat(diff.get("fromVersion").asInt()).isEqualTo(1);
        assertThat(diff.get("toVersion").asInt()).isEqualTo(2);
        assertThat(diff.get("events").get(0).asString()).isEqualTo("E-HE");
        var changes = diff.get("teams").valueStream().flatMap(t -> t.get("changes").valueStream()).toList();
        // the convoy that drove HE is rerouted because of the event; the one fleet's other convoys are rescheduled around it
        assertThat(changes).anySatisfy(c -> {
            assertThat(c.get("kind").asString()).isEqualTo("REROUTED");
            assertThat(c.get("cause").asString()).isEqualTo("E-HE");
            assertThat(c.get("detail").asString()).contains("HE -> HF,FE");
        });
        assertThat(changes).allSatisfy(c -> assertThat(c.get("cause").asString()).isIn("E-HE", "re-optimisation"));
    }

    @Test
    void convoysAreRepairedByDefaultAndScheduledByCpSatWithConvoysOptimise() throws IOException {
        assertThat(resolved.code()).isEqualTo(CorridorCli.OK);
        Plan repaired = Json.read(Files.readString(tmp.resolve("plan2.json")), Plan.class);
        Path out = tmp.resolve("plan2-optimised.json");
        Run r = CorridorCliTest.run("resolve", "--scenario", scenario.toString(), "--plan", plan1.toString(), "--events", events.toString(),
                "--convoys", "optimise", "--out", out.toString()).noStackTrace();
        assertThat(r.code()).as(r.err()).isEqualTo(CorridorCli.OK);
        Plan optimised = Json.read(Files.readString(out), Plan.class);
        // the convoy over HE goes again, so WFP's convoys are scheduled anew: by repair, or by one CP-SAT model
        assertThat(repaired.convoySolver().models()).isEqualTo(1);
        assertThat(repaired.convoySolver().status()).isEqualTo("REPAIRED");
        assertThat(optimised.convoySolver().status()).isIn("OPTIMAL", "FEASIBLE");
        assertThat(optimised.convoySolver().workLimits()).containsOnlyKeys("WFP");
        assertThat(optimised.routes()).isEqualTo(repaired.routes());

        Run bad = CorridorCliTest.run("resolve", "--scenario", scenario.toString(), "--plan", plan1.toString(), "--events", events.toString(),
                "--convoys", "fastest", "--out", tmp.resolve("never3.json").toString()).noStackTrace();
        assertThat(bad.code()).isNotEqualTo(CorridorCli.OK);
        assertThat(bad.err()).contains("--convoys", "REPAIR", "OPTIMISE");
        assertThat(tmp.resolve("never3.json")).doesNotExist();
    }

    @Test
    void diffWithEventsButNoScenarioIsAUsageError() {
        Run r = CorridorCliTest.run("diff", "--a", plan1.toString(), "--b", plan1.toString(), "--events", events.toString()).noStackTrace();
        assertThat(r.code()).isEqualTo(CorridorCli.BAD_INPUT);
        assertThat(r.err()).contains("--events needs --scenario");
    }

    @Test
    void aBrokenEventsFileIsReportedLocatedAndNothingIsWritten() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad-events.json"), """
                [ { "type": "RuleAdded", "id": "E1",
                    "provenance": { "who": "planner.test", "source": "x", "reliability": "Z", "asOf": "yesterday" },
                    "rule": { "type": "RoadClosed", "id": "R1" } },
                  { "type": "RoadExploded", "id": "E2" } ]
                """);
        Path out = tmp.resolve("never.json");
        Run r = CorridorCliTest.run("resolve", "--scenario", scenario.toString(), "--plan", plan1.toString(), "--events", bad.toString(),
                "--out", out.toString()).noStackTrace();
        assertThat(r.code()).isEqualTo(CorridorCli.BAD_INPUT);
        assertThat(r.err()).contains("bad-events.json:1 [/0/provenance/reliability]", "bad-events.json:1 [/0/provenance/asOf]",
                "[/0/rule/road]", "bad-events.json:4 [/1/type]: unknown event type");
        assertThat(out).doesNotExist();
    }

    @Test
    void anEventNamingAnUnknownRoadIsABadInputNotACrash() throws IOException {
        Path unknown = Files.writeString(tmp.resolve("unknown-road.json"), """
                [ { "type": "RoadChanged", "id": "E9", "road": "NO-SUCH-ROAD", "baseRisk": 0.2,
                    "provenance": { "who": "planner.test", "source": "x", "reliability": "C", "asOf": "2026-11-28T06:00:00Z" } } ]
                """);
        Run r = CorridorCliTest.run("resolve", "--scenario", scenario.toString(), "--plan", plan1.toString(), "--events", unknown.toString(),
                "--out", tmp.resolve("never2.json").toString()).noStackTrace();
        assertThat(r.code()).isEqualTo(CorridorCli.BAD_INPUT);
        assertThat(r.err()).contains("[/0]", "event E9", "no road NO-SUCH-ROAD");
        assertThat(tmp.resolve("never2.json")).doesNotExist();
    }
}
