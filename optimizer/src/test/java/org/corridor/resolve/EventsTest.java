package org.corridor.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.corridor.access.AccessRule;
import org.corridor.plan.Json;
import org.corridor.scenario.DayWindow;
import org.corridor.scenario.Problem;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioBuilder;
import org.corridor.scenario.ScenarioException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class EventsTest {
    static final Event.Provenance WHO = new Event.Provenance("planner.test", "illustrative field call", AccessRule.Reliability.B,
            Instant.parse("2026-11-28T06:00:00Z"));

    /** Illustrative: A - B - C on a line, and A - C directly. */
    static Scenario line() {
        return ScenarioBuilder.create().location("A").location("B").location("C")
                .road("AB", "A", "B", 100, 2, 1000, 0.01).road("BC", "B", "C", 100, 2, 1000, 0.01)
                .road("AC", "A", "C", 300, 6, 1000, 0.02)
                .agency("WFP", 10, 20).commodity("FOOD").stock("WFP", "A", "FOOD", 500).need("C", "FOOD", 300)
                .rule(new AccessRule.RiskOverride("R1", "AC", null, 0.03, ScenarioBuilder.TEST, DayWindow.ALWAYS)).build();
    }

    static List<Event> everyKind() {
        return List.of(
                new Event.RuleAdded("E1", WHO, new AccessRule.RoadClosed("R-AB", "AB", ScenarioBuilder.TEST, new DayWindow(3, 9))),
                new Event.RuleModified("E2", WHO, new AccessRule.RiskOverride("R1", "AC", null, 0.05, ScenarioBuilder.TEST, DayWindow.ALWAYS)),
                new Event.RoadChanged("E3", WHO, "BC", 0.1, null),
                new Event.RoadChanged("E4", WHO, "AC", null, 40.0),
                new Event.StockChanged("E5", WHO, "WFP", "A", "FOOD", 0, 250),
                new Event.NeedChanged("E6", WHO, "C", "FOOD", 120),
                new Event.RuleLifted("E7", WHO, "R-AB"));
    }

    @Test
    void everyEventKindSurvivesAJsonRoundTripByteForByte() {
        String text = EventsJson.write(everyKind());
        assertThat(EventsJson.read(text, "events.json")).isEqualTo(everyKind());
        assertThat(EventsJson.write(EventsJson.read(text, "events.json"))).isEqualTo(text);
    }

    @Test
    void applyingEventsChangesExactlyWhatTheyName() {
        Scenario s = ScenarioVersion.apply(line(), everyKind().subList(0, 6));
        assertThat(s.rules()).extracting(AccessRule::id).containsExactly("R1", "R-AB");
        assertThat(((AccessRule.RiskOverride) s.rules().get(0)).risk()).isEqualTo(0.05);
        assertThat(s.roadsById().get("BC").baseRisk()).isEqualTo(0.1);
        assertThat(s.roadsById().get("BC").capacityTpd()).isEqualTo(1000);
        assertThat(s.roadsById().get("AC").capacityTpd()).isEqualTo(40);
        assertThat(s.stocks().get(0).tonnes()).isEqualTo(250);
        assertThat(s.needs().get(0).tonnes()).isEqualTo(120);
        assertThat(ScenarioVersion.apply(line(), everyKind()).rules()).extracting(AccessRule::id).containsExactly("R1");
    }

    @Test
    void anyVersionIsRebuiltIdenticallyFromTheBaseAndItsEvents() {
        ScenarioVersion v = new ScenarioVersion(line(), List.of());
        for (Event e : everyKind()) v = v.append(e);
        assertThat(v.number()).isEqualTo(8);
        assertThat(Json.write(v.scenario())).isEqualTo(Json.write(ScenarioVersion.apply(line(), everyKind())));
        ScenarioVersion third = new ScenarioVersion(line(), everyKind().subList(0, 2));
        assertThat(third.scenario()).isEqualTo(ScenarioVersion.apply(ScenarioVersion.apply(line(), everyKind().subList(0, 1)), everyKind().subList(1, 2)));
    }

    @Test
    void eventsNamingWhatDoesNotExistAreReportedAtTheEvent() {
        List<Event> bad = List.of(new Event.NeedChanged("E1", WHO, "C", "FOOD", 1),
                new Event.RuleLifted("E2", WHO, "NO-SUCH-RULE"));
        List<Problem> p = catchThrowableOfType(ScenarioException.class, () -> ScenarioVersion.apply(line(), bad)).problems();
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("/1");
            assertThat(x.message()).contains("E2").contains("NO-SUCH-RULE");
        });
        Event closesUnknownRoad = new Event.RuleAdded("E9", WHO, new AccessRule.RoadClosed("R-X", "XX", ScenarioBuilder.TEST, DayWindow.ALWAYS));
        assertThat(catchThrowableOfType(ScenarioException.class, () -> ScenarioVersion.apply(line(), List.of(closesUnknownRoad))).problems())
                .singleElement().satisfies(x -> assertThat(x.message()).contains("E9").contains("unknown road XX"));
        assertThat(catchThrowableOfType(ScenarioException.class, () -> ScenarioVersion.apply(line(),
                List.of(new Event.RuleAdded("E1", WHO, new AccessRule.RoadClosed("R1", "AB", ScenarioBuilder.TEST, DayWindow.ALWAYS))))).problems())
                .singleElement().satisfies(x -> assertThat(x.message()).contains("already in force"));
    }

    @Test
    void badFieldsAreLocatedByLineAndPointerIncludingInsideTheRule() {
        String json = "[\n" + EventsJson.write(everyKind().subList(0, 1)).strip().replaceAll("^\\[|\\]$", "") + ",\n"
                + "{\"type\":\"RuleAdded\",\"id\":\"E2\",\"provenance\":{\"who\":\"x\",\"source\":\"y\",\"reliability\":\"Z\",\"asOf\":\"yesterday\"},"
                + "\"rule\":{\"type\":\"RoadClosed\",\"id\":\"R2\"}}\n]";
        List<Problem> p = catchThrowableOfType(ScenarioException.class, () -> EventsJson.read(json, "events.json")).problems();
        assertThat(p).extracting(Problem::field).containsExactlyInAnyOrder("/1/provenance/reliability", "/1/provenance/asOf", "/1/rule/road", "/1/rule/provenance");
        assertThat(p).allSatisfy(x -> {
            assertThat(x.file()).isEqualTo("events.json");
            assertThat(x.line()).isEqualTo(json.lines().toList().size() - 1);
        });
    }

    @Property(tries = 300)
    void randomTextGivesLocatedProblemsOnly(@ForAll String text) {
        try {
            EventsJson.read(text, "events.json");
        } catch (ScenarioException e) {
            assertThat(e.problems()).isNotEmpty().allSatisfy(x -> assertThat(x.file()).isEqualTo("events.json"));
        }
    }

    @Property(tries = 300)
    void aHostileValueInAnyFieldGivesAProblemNotACrash(@ForAll("hostile") JsonNode value, @ForAll("anyIndex") int pick, @ForAll("anyIndex") int field) {
        ArrayNode events = (ArrayNode) Json.mapper().readTree(EventsJson.write(everyKind()));
        ObjectNode target = (ObjectNode) events.get(pick % events.size());
        List<String> names = new java.util.ArrayList<>(target.propertyNames());
        names.add("provenance.who");
        names.add("extra");
        String name = names.get(field % names.size());
        if (name.equals("provenance.who")) ((ObjectNode) target.get("provenance")).set("who", value);
        else target.set(name, value);
        try {
            List<Event> read = EventsJson.read(Json.write(events), "events.json");
            assertThat(read).hasSize(everyKind().size());
        } catch (ScenarioException e) {
            assertThat(e.problems()).isNotEmpty().allSatisfy(x -> {
                assertThat(x.file()).isEqualTo("events.json");
                assertThat(x.field()).startsWith("/" + (pick % events.size()));
            });
        }
    }

    @Provide
    Arbitrary<Integer> anyIndex() { return Arbitraries.integers().between(0, 1000); }

    @Provide
    Arbitrary<JsonNode> hostile() {
        return Arbitraries.of("null", "-1", "1e309", "\"\"", "\"../../etc\"", "[]", "{}", "true", "0.5", "\"A\"", "99999999999999999999",
                "\"2026-13-45\"", "{\"type\":\"RoadClosed\"}", "\"" + "x".repeat(300) + "\"").map(s -> Json.mapper().readTree(s));
    }
}
